package cond

import (
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// matchDynamic matches a request value against a policy value holding
// variables. An unresolved variable (no value, no default) leaves the
// policy value without a value: it matches nothing.
func (c *Condition) matchDynamic(r string, v *value, ctx Context, sc *Scratch) bool {
	switch c.positive {
	case policy.StringLike:
		toks, ok := sc.ResolveTokens(v.tmpl, ctx)
		return ok && wildcard.MatchTokens(wildcard.Prepare(toks, wildcard.Plain), r, wildcard.Plain)
	case policy.ArnEquals, policy.ArnLike:
		toks, ok := sc.ResolveTokens(v.tmpl, ctx)
		return ok && matchARNTokens(toks, r)
	}
	s, ok := sc.ResolveString(v.tmpl, ctx)
	if !ok {
		return false
	}
	switch c.positive {
	case policy.StringEquals:
		return r == s
	case policy.StringEqualsIgnoreCase:
		return strings.EqualFold(r, s)
	}
	lit, err := compileValue(c.positive, &policy.Template{Raw: s})
	if err != nil {
		return false
	}
	return c.matchValue(r, &lit, ctx, sc)
}

// matchARNTokens matches component by component, splitting the pattern at
// its first five literal colons.
func matchARNTokens(toks []wildcard.Token, r string) bool {
	segs, ok := splitARN(r)
	if !ok {
		return false
	}
	start, seg := 0, 0
	for i, t := range toks {
		if seg < 5 && t == wildcard.Literal(':') {
			if !wildcard.MatchTokens(wildcard.Prepare(toks[start:i], wildcard.Plain), segs[seg], wildcard.Plain) {
				return false
			}
			seg++
			start = i + 1
		}
	}
	if seg != 5 {
		return false
	}
	return wildcard.MatchTokens(wildcard.Prepare(toks[start:], wildcard.Plain), segs[5], wildcard.Plain)
}
