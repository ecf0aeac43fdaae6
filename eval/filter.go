package eval

import (
	"strings"
	"unicode/utf8"

	"github.com/sekisho/sekisho/policy"
)

// literalFilter is a cheap necessary condition for a Resource pattern: the
// literal runs of the pattern (text between wildcards and variables) must
// appear in the resource in order, the first at the start and the last at
// the end when the pattern is anchored there. Most non-matching patterns
// fail it without resolving variables or running the matcher.
type literalFilter struct {
	chunks        []string
	anchoredStart bool
	anchoredEnd   bool
}

func newLiteralFilter(t *policy.Template) literalFilter {
	var f literalFilter
	// A chunk is a substring of one part's text unless an escape joins it
	// to its neighbours: a policy is compiled per case of a case file, and
	// building each chunk rune by rune was a tenth of compiling it.
	cur := ""
	add := func(s string) {
		if cur == "" {
			cur = s
		} else {
			cur += s
		}
	}
	gap := func() {
		if cur != "" {
			f.chunks = append(f.chunks, cur)
			cur = ""
		}
	}
	parts := t.Parts
	if t.IsLiteral() {
		parts = []policy.Part{{Kind: policy.Text, Text: t.Raw}}
	}
	for _, p := range parts {
		switch p.Kind {
		case policy.Escape:
			add(p.Text)
		case policy.Variable:
			gap()
		case policy.Text:
			// Invalid UTF-8 (which the readers refuse) would be U+FFFD
			// when read rune by rune, as before.
			s := p.Text
			if !utf8.ValidString(s) {
				s = string([]rune(s)) // each bad byte a U+FFFD
			}
			for {
				i := strings.IndexAny(s, "*?")
				if i < 0 {
					add(s)
					break
				}
				add(s[:i])
				gap()
				s = s[i+1:]
			}
		}
	}
	f.anchoredStart = startsLiteral(parts)
	f.anchoredEnd = endsLiteral(parts)
	gap()
	return f
}

func startsLiteral(parts []policy.Part) bool {
	if len(parts) == 0 {
		return false
	}
	p := parts[0]
	return p.Kind == policy.Escape || p.Kind == policy.Text && p.Text != "" && p.Text[0] != '*' && p.Text[0] != '?'
}

func endsLiteral(parts []policy.Part) bool {
	if len(parts) == 0 {
		return false
	}
	p := parts[len(parts)-1]
	n := len(p.Text)
	return p.Kind == policy.Escape || p.Kind == policy.Text && n > 0 && p.Text[n-1] != '*' && p.Text[n-1] != '?'
}

// pass reports whether s may match; false means it certainly does not.
func (f *literalFilter) pass(s string) bool {
	if len(f.chunks) == 0 {
		return true
	}
	first, last := 0, len(f.chunks)
	if f.anchoredStart {
		if !strings.HasPrefix(s, f.chunks[0]) {
			return false
		}
		s = s[len(f.chunks[0]):]
		first = 1
	}
	if f.anchoredEnd && last > first {
		c := f.chunks[last-1]
		if !strings.HasSuffix(s, c) {
			return false
		}
		s = s[:len(s)-len(c)]
		last--
	}
	for _, c := range f.chunks[first:last] {
		i := strings.Index(s, c)
		if i < 0 {
			return false
		}
		s = s[i+len(c):]
	}
	return true
}
