package awsref

import (
	"encoding/binary"
	"testing"
)

// TestDecodeCorrupt checks that a damaged artifact is an error, never a
// panic or a partial table.
func TestDecodeCorrupt(t *testing.T) {
	t.Parallel()
	raw := artifact
	if _, err := decode(raw); err != nil {
		t.Fatalf("decode(artifact): %v", err)
	}
	for _, n := range []int{0, 4, len(magic), len(magic) + 1, 1000, len(raw) / 2, len(raw) - 1} {
		if _, err := decode(raw[:n]); err == nil {
			t.Errorf("decode(first %d bytes) succeeded", n)
		}
	}
	if _, err := decode(raw + "\x00"); err == nil {
		t.Error("decode(artifact + trailing byte) succeeded")
	}
	if _, err := load("not an artifact"); err == nil {
		t.Error("load(not an artifact) succeeded")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(artifact[:200]))
	f.Add([]byte(magic + "\x01\x01a\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		decode(string(b)) // must not panic
	})
}

// TestNumAsUvarint: the reader's varints over the embedded string are
// encoding/binary's, overflow and truncation included.
func TestNumAsUvarint(t *testing.T) {
	t.Parallel()
	cases := [][]byte{{0}, {1}, {0x7f}, {0x80}, {0x80, 0x01}, {0xff, 0xff, 0x03},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},
		{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}}
	for _, v := range []uint64{0, 1, 127, 128, 300, 1 << 32, 1<<64 - 1} {
		cases = append(cases, binary.AppendUvarint(nil, v))
	}
	for _, b := range cases {
		for _, in := range [][]byte{b, b[:len(b)-1], append(b, 0x05)} {
			want, n := binary.Uvarint(in)
			r := &reader{b: string(in)}
			got := r.num()
			if ok := n > 0; ok != (r.err == nil) || ok && (got != want || r.off != n) {
				t.Errorf("num(% x) = %d at %d, err %v; Uvarint: %d, %d", in, got, r.off, r.err, want, n)
			}
		}
	}
}
