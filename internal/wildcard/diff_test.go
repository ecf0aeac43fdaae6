package wildcard_test

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// TestMatchersAgree checks the bit-parallel matcher, the automaton matcher
// and a regular-expression translation of the documented semantics against
// each other on random patterns and subjects.
func TestMatchersAgree(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(1))
	alphabet := []byte("ab:/*?")
	subjects := []byte("ab:/Ax")
	for i := 0; i < 20000; i++ {
		pat := randomString(rng, alphabet, 8)
		s := randomString(rng, subjects, 10)
		for _, mode := range []wildcard.Mode{wildcard.Plain, wildcard.Fold, wildcard.ARN} {
			p := wildcard.Compile(pat, mode)
			got := p.Match(s)
			toks := wildcard.Prepare(tokens(pat), mode)
			nfa := wildcard.MatchNFA(toks, s, mode)
			want := reference(pat, mode).MatchString(s)
			if got != want || nfa != want {
				t.Fatalf("mode %d pattern %q subject %q: Match=%v NFA=%v reference=%v", mode, pat, s, got, nfa, want)
			}
		}
	}
}

func randomString(rng *rand.Rand, alphabet []byte, max int) string {
	n := rng.Intn(max + 1)
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.Intn(len(alphabet))]
	}
	return string(b)
}

func tokens(p string) []wildcard.Token {
	var out []wildcard.Token
	for _, r := range p {
		switch r {
		case '*':
			out = append(out, wildcard.Star)
		case '?':
			out = append(out, wildcard.Any)
		default:
			out = append(out, wildcard.Literal(r))
		}
	}
	return out
}

// reference translates a pattern to a regular expression following the
// documented rules (see the package comment).
func reference(p string, mode wildcard.Mode) *regexp.Regexp {
	var b strings.Builder
	if mode == wildcard.Fold {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	for i, r := range p {
		switch {
		case r == '*' && mode == wildcard.ARN && !(i == len(p)-1 || p[i+1] == ':'):
			b.WriteString("[^:]*")
		case r == '*':
			b.WriteString(".*")
		case r == '?' && mode == wildcard.ARN:
			b.WriteString("[^:]")
		case r == '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
