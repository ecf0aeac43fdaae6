package awsref

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"
)

func rawArtifact(t testing.TB) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(artifact))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestDecodeCorrupt checks that a damaged artifact is an error, never a
// panic or a partial table.
func TestDecodeCorrupt(t *testing.T) {
	t.Parallel()
	raw := rawArtifact(t)
	if _, err := decode(raw); err != nil {
		t.Fatalf("decode(artifact): %v", err)
	}
	for _, n := range []int{0, 4, len(magic), len(magic) + 1, 1000, len(raw) / 2, len(raw) - 1} {
		if _, err := decode(raw[:n]); err == nil {
			t.Errorf("decode(first %d bytes) succeeded", n)
		}
	}
	if _, err := decode(append(bytes.Clone(raw), 0)); err == nil {
		t.Error("decode(artifact + trailing byte) succeeded")
	}
	if _, err := load([]byte("not gzip")); err == nil {
		t.Error("load(not gzip) succeeded")
	}
}

func FuzzDecode(f *testing.F) {
	raw := rawArtifact(f)
	f.Add(raw[:200])
	f.Add([]byte(magic + "\x01\x01a\x01\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		decode(b) // must not panic
	})
}
