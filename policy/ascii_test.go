package policy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWordChecks: charCount, which counts ASCII eight bytes at a time,
// agrees with utf8.RuneCountInString for every byte value at every place
// of a word and on multi-byte characters (and RejectedRune with its
// byte-by-byte reading).
func TestWordChecks(t *testing.T) {
	t.Parallel()
	rejected := func(s string) (rune, bool) { // RejectedRune as it was
		for i := 0; i < len(s); {
			if c := s[i]; c < utf8.RuneSelf {
				if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
					return rune(c), true
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r > 0xFF {
				return r, true
			}
			i += size
		}
		return 0, false
	}
	var inputs []string
	for c := 0; c < 256; c++ {
		for at := 0; at < 20; at++ {
			b := []byte("abcdefghijklmnopqrstuvwxyz")
			b[at] = byte(c)
			inputs = append(inputs, string(b))
		}
	}
	inputs = append(inputs, "", "abcdefgh", "abcdefghé", "日本語のテキストです", "abcdefgh\u200bijklmnop", "abcdefgh\xffijklmnop", "ab\tcdefghijk\nlmnopq\rr\x00", "éééééééééé\x01")
	for _, s := range inputs {
		gr, gok := RejectedRune(s)
		wr, wok := rejected(s)
		if gr != wr || gok != wok {
			t.Errorf("RejectedRune(%q) = %q, %v; byte by byte %q, %v", s, gr, gok, wr, wok)
		}
		if got, want := charCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("charCount(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestHasSpace: hasSpace tells what strings.ContainsAny(s, " \t\n") does.
func TestHasSpace(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "s3:GetObject", "s3:Get Object", "s3:Get\tObject", "s3:Get\nObject", "\n", " ", "\t",
		"s3:Get\rObject", "s3:Get\u00a0Object", "s3:Get\xffObject", "日本 語"} {
		if got, want := hasSpace(s), strings.ContainsAny(s, " \t\n"); got != want {
			t.Errorf("hasSpace(%q) = %v, want %v", s, got, want)
		}
	}
}
