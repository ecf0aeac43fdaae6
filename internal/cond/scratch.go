package cond

import (
	"sync"

	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// Scratch holds buffers reused across evaluations so that resolving policy
// variables allocates nothing. A Scratch is used by one goroutine at a time.
type Scratch struct {
	buf  []byte
	toks []wildcard.Token
}

var scratchPool = sync.Pool{New: func() any {
	return &Scratch{buf: make([]byte, 0, 256), toks: make([]wildcard.Token, 0, 256)}
}}

// GetScratch takes a Scratch from a pool; PutScratch returns it.
func GetScratch() *Scratch  { return scratchPool.Get().(*Scratch) }
func PutScratch(s *Scratch) { scratchPool.Put(s) }

// ResolveString substitutes the variables of t. ok is false when a variable
// has no value and no default: then the template has no value at all.
// The returned string aliases the scratch buffer until the next call.
func (s *Scratch) ResolveString(t *policy.Template, ctx Context) (string, bool) {
	if t.IsLiteral() {
		return t.Raw, true
	}
	s.buf = s.buf[:0]
	for i := range t.Parts {
		p := &t.Parts[i]
		switch p.Kind {
		case policy.Text, policy.Escape:
			s.buf = append(s.buf, p.Text...)
		case policy.Variable:
			v, ok := ctx.Resolve(p.Key)
			if !ok {
				if !p.HasDefault {
					return "", false
				}
				v = p.Default
			}
			s.buf = append(s.buf, v...)
		}
	}
	return unsafeString(s.buf), true
}

// ResolveTokens substitutes the variables of t into wildcard tokens: '*'
// and '?' in the policy text are wildcards; in variable values and ${*},
// ${?}, ${$} they are literal characters.
func (s *Scratch) ResolveTokens(t *policy.Template, ctx Context) ([]wildcard.Token, bool) {
	s.toks = s.toks[:0]
	for i := range t.Parts {
		p := &t.Parts[i]
		switch p.Kind {
		case policy.Text:
			for _, r := range p.Text {
				switch r {
				case '*':
					s.toks = append(s.toks, wildcard.Star)
				case '?':
					s.toks = append(s.toks, wildcard.Any)
				default:
					s.toks = append(s.toks, wildcard.Literal(r))
				}
			}
		case policy.Escape:
			s.toks = append(s.toks, wildcard.Literal(rune(p.Text[0])))
		case policy.Variable:
			v, ok := ctx.Resolve(p.Key)
			if !ok {
				if !p.HasDefault {
					return nil, false
				}
				v = p.Default
			}
			for _, r := range v {
				s.toks = append(s.toks, wildcard.Literal(r))
			}
		}
	}
	return s.toks, true
}
