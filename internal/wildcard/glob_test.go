package wildcard_test

import (
	"strings"
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

// literalGlob is the glob of s's bytes taken literally.
func literalGlob(s string) []wildcard.GlobToken {
	out := make([]wildcard.GlobToken, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = wildcard.GlobToken{Set: wildcard.Byte(s[i])}
	}
	return out
}

func TestMatchGlob(t *testing.T) {
	t.Parallel()
	tests := []struct {
		glob, s string
		want    bool
	}{
		{"abc", "abc", true}, {"abc", "abd", false}, {"abc", "ab", false}, {"a*", "a", true}, {"a*", "abc", true},
		{"*c", "abc", true}, {"*c", "abd", false}, {"a?c", "abc", true}, {"a?c", "ac", false}, {"key/#", "key/12", true},
		{"key/#", "key/", false}, {"key/#", "key/1x", false}, {"", "", true}, {"", "a", false}, {"*", "", true},
		{"*a*b*", "xxaxxbxx", true}, {"*a*b*", "xxbxxaxx", false},
		{"arn:*:iam::#:role/*", "arn:aws:iam::111111111111:role/a/b", true},
		{"arn:*:iam::#:role/*", "arn:aws:iam::11111111111x:role/a", false},
	}
	for _, tc := range tests {
		if got := wildcard.MatchGlob(glob(tc.glob), tc.s); got != tc.want {
			t.Errorf("MatchGlob(%q, %q) = %v, want %v", tc.glob, tc.s, got, tc.want)
		}
		agreesWithIntersects(t, tc.glob, tc.s)
	}
	long := strings.Repeat("?", 70) + "*"
	agreesWithIntersects(t, long, strings.Repeat("x", 80)) // past the stack buffer
	agreesWithIntersects(t, long, strings.Repeat("x", 69))
}

// FuzzMatchGlob holds MatchGlob to Intersects with the literal glob.
func FuzzMatchGlob(f *testing.F) {
	f.Add("a*b?#", "axxbc12")
	f.Add("*:*", "arn:aws")
	f.Fuzz(agreesWithIntersects)
}

func agreesWithIntersects(t *testing.T, g, s string) {
	if got, want := wildcard.MatchGlob(glob(g), s), wildcard.Intersects(glob(g), literalGlob(s)); got != want {
		t.Fatalf("MatchGlob(%q, %q) = %v, Intersects with the literal glob says %v", g, s, got, want)
	}
}

// intersectsByRecursion is the search Intersects made before it kept its
// visited pairs in a bitset on the stack: the reference it is held to.
func intersectsByRecursion(a, b []wildcard.GlobToken) bool {
	w := len(b) + 1
	seen := make([]bool, (len(a)+1)*w)
	step := func(ts []wildcard.GlobToken, i int) int {
		if ts[i].Repeat {
			return i
		}
		return i + 1
	}
	var visit func(i, j int) bool
	visit = func(i, j int) bool {
		if seen[i*w+j] {
			return false
		}
		seen[i*w+j] = true
		if i == len(a) && j == len(b) {
			return true
		}
		if i < len(a) && a[i].Repeat && visit(i+1, j) {
			return true
		}
		if j < len(b) && b[j].Repeat && visit(i, j+1) {
			return true
		}
		if i == len(a) || j == len(b) || !a[i].Set.Meets(b[j].Set) {
			return false
		}
		ni, nj := step(a, i), step(b, j)
		return (ni != i || nj != j) && visit(ni, nj)
	}
	return visit(0, 0)
}

// FuzzIntersects holds Intersects to the recursive search.
func FuzzIntersects(f *testing.F) {
	f.Add("a*b?#", "*b*")
	f.Add("arn:*:iam::#:role/*", "arn:aws:iam::1*:role/x")
	f.Add(strings.Repeat("?*", 40), strings.Repeat("a", 90)) // past the stack buffers
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 200 || len(b) > 200 {
			return
		}
		if got, want := wildcard.Intersects(glob(a), glob(b)), intersectsByRecursion(glob(a), glob(b)); got != want {
			t.Fatalf("Intersects(%q, %q) = %v, the recursive search %v", a, b, got, want)
		}
	})
}
