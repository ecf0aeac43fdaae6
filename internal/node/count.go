package node

import (
	"bytes"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/readfile"
)

// CheckJSONValues refuses, with SE1003 at the first value past the bound,
// JSON text holding more values than its kind l allows: one value, or
// several one after another (JSON lines), counted together. It is for
// files that another decoder reads (encoding/json), which bounds neither
// the values nor the memory they take: it counts without building
// anything, a scan of the bytes. The count is exact for valid JSON (a
// member name is not a value, as for the JSON reader); what is not JSON
// the decoder after it refuses.
func CheckJSONValues(src []byte, l readfile.Limit) error {
	l = valueLimit(l)
	if n, off := jsonValues(src, l.Values); n > l.Values {
		return tooManyValues(posAt(src, off), l)
	}
	return nil
}

// jsonValues counts the values of src, stopping at the one past max, and
// returns the count and the offset of the last value counted.
func jsonValues(src []byte, max int) (values, off int) {
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case ' ', '\t', '\r', '\n', ']', '}', ',', ':':
			continue
		case '"':
			start := i
			i = stringEnd(src, i)
			if nameOfMember(src, i+1) {
				continue
			}
			if values, off = values+1, start; values > max {
				return values, off
			}
		default:
			if values, off = values+1, i; values > max {
				return values, off
			}
			if c == '[' || c == '{' {
				continue
			}
			for i+1 < len(src) && !endsBareValue(src[i+1]) {
				i++
			}
		}
	}
	return values, off
}

// stringEnd returns the offset of the quote that closes the string whose
// opening quote is at i (len(src)-1 when it is not closed).
func stringEnd(src []byte, i int) int {
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(src) - 1
}

// nameOfMember reports whether a colon follows white space from i: the
// string before i is a member name.
func nameOfMember(src []byte, i int) bool {
	for ; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\r', '\n':
		case ':':
			return true
		default:
			return false
		}
	}
	return false
}

func endsBareValue(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '[', ']', '{', '}', ',', ':', '"':
		return true
	}
	return false
}

// posAt is the line and column (in characters) of the byte at off.
func posAt(src []byte, off int) Pos {
	before := src[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return Pos{Line: line, Col: utf8.RuneCount(before[lineStart:]) + 1}
}
