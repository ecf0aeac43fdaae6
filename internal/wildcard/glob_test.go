package wildcard_test

import (
	"testing"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// glob reads a test glob: '*' any run, '?' any byte, '#' a run of digits,
// anything else itself.
func glob(s string) []wildcard.GlobToken {
	var digits wildcard.ByteSet
	for c := byte('0'); c <= '9'; c++ {
		digits = unionOf(digits, wildcard.Byte(c))
	}
	var out []wildcard.GlobToken
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			out = append(out, wildcard.GlobToken{Set: wildcard.AnyByte, Repeat: true})
		case '?':
			out = append(out, wildcard.GlobToken{Set: wildcard.AnyByte})
		case '#':
			out = append(out, wildcard.GlobToken{Set: digits}, wildcard.GlobToken{Set: digits, Repeat: true})
		default:
			out = append(out, wildcard.GlobToken{Set: wildcard.Byte(s[i])})
		}
	}
	return out
}

func unionOf(a, b wildcard.ByteSet) wildcard.ByteSet {
	for i := range a {
		a[i] |= b[i]
	}
	return a
}

func TestIntersects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"a*", "*c", true},
		{"a*b", "*c", false},
		{"a?c", "*b*", true},
		{"key/#", "key/*", true},
		{"key/#", "key/x*", false},
		{"", "*", true},
		{"", "?", false},
		{"*a*", "*b*", true},
	}
	for _, tc := range tests {
		if got := wildcard.Intersects(glob(tc.a), glob(tc.b)); got != tc.want {
			t.Errorf("Intersects(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := wildcard.Intersects(glob(tc.b), glob(tc.a)); got != tc.want {
			t.Errorf("Intersects(%q, %q) = %v, want %v (reversed)", tc.b, tc.a, got, tc.want)
		}
	}
	if !wildcard.AnyByte.Without('/').Meets(wildcard.Byte('a')) || wildcard.AnyByte.Without('/').Meets(wildcard.Byte('/')) {
		t.Errorf("ByteSet.Without / Meets")
	}
}
