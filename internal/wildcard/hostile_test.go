package wildcard_test

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// TestStarRuns: tens of thousands of '*' are one star: the pattern is
// compiled to one token and matches at once.
func TestStarRuns(t *testing.T) {
	t.Parallel()
	stars := strings.Repeat("*", 30_000)
	for _, tc := range []struct {
		pattern string
		mode    wildcard.Mode
		s       string
		want    bool
		tokens  int
	}{
		{stars, wildcard.Fold, "s3:GetObject", true, 1},
		{"s3:" + stars + "Get" + stars, wildcard.Fold, "s3:BatchGetObject", true, 8},
		{"arn:aws:s3:::" + stars + "/" + stars + "x", wildcard.ARN, "arn:aws:s3:::bucket/key/x", true, 17},
		{"arn:aws:s3:::" + stars + "/x", wildcard.ARN, "arn:aws:s3:::bucket/k:x", false, 16},
		{"a" + stars + stars + "b", wildcard.Plain, "a:::b", true, 3},
	} {
		p := wildcard.Compile(tc.pattern, tc.mode)
		if got := p.Match(tc.s); got != tc.want {
			t.Errorf("%.40q... on %q: %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
		if n, _ := wildcard.Shape(&p); n != tc.tokens {
			t.Errorf("%.40q...: %d tokens, want %d", tc.pattern, n, tc.tokens)
		}
		toks := wildcard.Prepare(tokens(tc.pattern), tc.mode)
		if got := wildcard.MatchTokens(toks, tc.s, tc.mode); got != tc.want {
			t.Errorf("MatchTokens %.40q... on %q: %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

// TestHostilePatternBounded: a pattern of 30,001 tokens that no run of
// stars shortens ("a*" 15,000 times, then "c") is matched by the many-word
// matcher, whose work per subject character is its word count: for a
// 20,000-byte subject, 20,000 x 469 word steps, never a backtracking
// search (which is exponential on this pattern).
func TestHostilePatternBounded(t *testing.T) {
	t.Parallel()
	pat := strings.Repeat("a*", 15_000) + "c"
	p := wildcard.Compile(pat, wildcard.Plain)
	n, words := wildcard.Shape(&p)
	if n != 30_001 || words != (30_001+64)/64 {
		t.Fatalf("%d tokens, %d words per character; want 30001 and %d", n, words, (30_001+64)/64)
	}
	a := strings.Repeat("a", 20_000)
	if !p.Match(a+"c") || p.Match(a) || p.Match(a[:14_999]+"c") || !p.Match(a[:15_000]+"c") {
		t.Error("wrong answer on long subjects")
	}
}

// TestLongPatternsAgree checks the many-word matcher (patterns of more than
// 63 tokens, non-ASCII literals frequent and rare) against the automaton
// matcher and the regular-expression reference.
func TestLongPatternsAgree(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(2))
	alphabet := []rune("ab:/*?é")
	for i := 0; i < 100; i++ {
		var pat []rune
		for len(pat) < 64+rng.Intn(200) {
			pat = append(pat, alphabet[rng.Intn(len(alphabet))])
		}
		if i%4 == 0 { // a character frequent enough for its own mask
			for j := 0; j < 70; j++ {
				pat = append(pat, 'ü')
			}
		}
		for _, mode := range []wildcard.Mode{wildcard.Plain, wildcard.Fold, wildcard.ARN} {
			p := wildcard.Compile(string(pat), mode)
			if _, words := wildcard.Shape(&p); words == 0 {
				continue // short after collapsing stars: TestMatchersAgree covers it
			}
			re := reference(string(pat), mode)
			toks := wildcard.Prepare(tokens(string(pat)), mode)
			for k := 0; k < 12; k++ {
				s := instance(rng, pat, k%3 == 0)
				got, nfa, want := p.Match(s), wildcard.MatchNFA(toks, s, mode), re.MatchString(s)
				if got != want || nfa != want {
					t.Fatalf("mode %d pattern %q subject %q: Match=%v NFA=%v reference=%v", mode, string(pat), s, got, nfa, want)
				}
				if dyn := wildcard.MatchTokens(toks, s, mode); dyn != want {
					t.Fatalf("MatchTokens mode %d pattern %q subject %q: %v, want %v", mode, string(pat), s, dyn, want)
				}
			}
		}
	}
}

// instance returns a subject made from the pattern (so that some match),
// changed at one place when mutate is set.
func instance(rng *rand.Rand, pat []rune, mutate bool) string {
	fill := []rune("ab:/é")
	var b []rune
	for _, r := range pat {
		switch r {
		case '*':
			for j := rng.Intn(3); j > 0; j-- {
				b = append(b, fill[rng.Intn(len(fill))])
			}
		case '?':
			b = append(b, fill[rng.Intn(len(fill))])
		default:
			b = append(b, r)
		}
	}
	if mutate && len(b) > 0 {
		b[rng.Intn(len(b))] = fill[rng.Intn(len(fill))]
	}
	return string(b)
}

// BenchmarkHostilePattern: the many-word matcher on a 30,001-token pattern
// and a 2,000-byte subject (a resource ARN cannot be longer).
func BenchmarkHostilePattern(b *testing.B) {
	p := wildcard.Compile(strings.Repeat("a*", 15_000)+"c", wildcard.Plain)
	s := strings.Repeat("a", 2_000) + "c"
	for b.Loop() {
		if p.Match(s) {
			b.Fatal("matched")
		}
	}
}

// TestMatchTokensStarRunsToShort: tokens past the one-word matcher's size
// only because of a run of stars are matched once the run is one star.
func TestMatchTokensStarRunsToShort(t *testing.T) {
	t.Parallel()
	pat := "ab" + strings.Repeat("*", 100) + "cd?"
	toks := wildcard.Prepare(tokens(pat), wildcard.Plain)
	for s, want := range map[string]bool{"abXcdY": true, "abcdY": true, "abcd": false, "bacdY": false} {
		if got := wildcard.MatchTokens(toks, s, wildcard.Plain); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
