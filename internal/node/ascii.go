package node

import "encoding/binary"

// highs is the high bit of each byte of a word.
const highs = 0x8080808080808080

// asciiRun returns how many bytes from the start of b, in whole words of
// eight, are ASCII (one character each). The column of a position counts
// the characters since the last one, and a 10 MB case file is one line:
// counting them byte by byte was a twentieth of reading it.
func asciiRun(b []byte) int {
	n := 0
	for len(b)-n >= 8 && binary.LittleEndian.Uint64(b[n:])&highs == 0 {
		n += 8
	}
	return n
}
