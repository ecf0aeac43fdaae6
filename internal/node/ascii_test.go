package node

import (
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
