package eval

import (
	"strings"

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
	var cur strings.Builder
	gap := func() {
		if cur.Len() > 0 {
			f.chunks = append(f.chunks, cur.String())
			cur.Reset()
		}
	}
	parts := t.Parts
	if t.IsLiteral() {
		parts = []policy.Part{{Kind: policy.Text, Text: t.Raw}}
	}
	for _, p := range parts {
		switch p.Kind {
		case policy.Escape:
			cur.WriteString(p.Text)
		case policy.Variable:
			gap()
		case policy.Text:
			for _, r := range p.Text {
				if r == '*' || r == '?' {
					gap()
					continue
				}
				cur.WriteRune(r)
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
