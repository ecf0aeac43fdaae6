package node

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"testing"
	"unicode/utf8"
)

// TestWordRuns: the eight-byte run agrees with the byte-by-byte test
// for every byte value at every place of a word.
func TestWordRuns(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		for at := 0; at < 16; at++ {
			b := []byte("abcdefghijklmnopqrstuvwx")
			b[at] = byte(c)
			wantASCII := 0
			for wantASCII < len(b) && b[wantASCII] < utf8.RuneSelf {
				wantASCII++
			}
			wantASCII -= wantASCII % 8
			if got := asciiRun(b); got != wantASCII {
				t.Errorf("asciiRun with %#x at %d: %d, want %d", c, at, got, wantASCII)
			}
		}
	}
}

// TestNotPlain: the string reader's eight-byte test finds the first byte
// that is not plainASCII, as the byte-by-byte test does, for every byte
// value at every place of a word of each plain filler (the neighbours of
// '"' and '\\' among them), and for every pair of byte values at three
// pairs of places (a borrow from one byte must not hide or fake an
// earlier one).
func TestNotPlain(t *testing.T) {
	t.Parallel()
	want := func(b []byte) int {
		for i, c := range b {
			if !plainASCII[c] {
				return i
			}
		}
		return 8
	}
	check := func(b []byte) {
		m := notPlain(binary.LittleEndian.Uint64(b))
		if got := bits.TrailingZeros64(m) / 8; got != want(b) {
			t.Fatalf("notPlain(%q): first at %d, want %d", b, got, want(b))
		}
	}
	for _, fill := range []byte{'a', ' ', '!', '#', '[', ']', '~', 0x7f} {
		for c := 0; c < 256; c++ {
			for at := 0; at < 8; at++ {
				b := bytes.Repeat([]byte{fill}, 8)
				b[at] = byte(c)
				check(b)
			}
		}
	}
	for _, at := range [][2]int{{0, 1}, {3, 4}, {0, 7}} {
		for c := 0; c < 256; c++ {
			for d := 0; d < 256; d++ {
				b := []byte("abcdefgh")
				b[at[0]], b[at[1]] = byte(c), byte(d)
				check(b)
			}
		}
	}
}
