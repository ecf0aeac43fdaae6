// Package wildcard matches the glob patterns of IAM policies: '*' matches any
// run of characters and '?' exactly one, everything else itself.
//
// Patterns are compiled once into tokens; matching allocates nothing for
// patterns of up to 255 tokens. Three modes cover IAM's uses:
//   - Plain: case-sensitive (StringLike, Resource when not an ARN).
//   - Fold: ASCII case-insensitive (Action, NotAction).
//   - ARN: case-sensitive, and a wildcard does not cross a ':' unless the '*'
//     is the last character of its colon-separated segment. IAM User Guide,
//     "IAM JSON policy elements: Resource", section "Using wildcards in
//     resource ARNs": "If the * wildcard is the last character of a resource
//     ARN segment, it can expand to match beyond the colon boundaries."
package wildcard

import (
	"unicode/utf8"
)

// Mode selects how characters compare.
type Mode uint8

// The matching modes.
const (
	Plain Mode = iota
	Fold
	ARN
)

// Token is one element of a compiled pattern: a literal rune (>= 0), Star or Any.
type Token int32

// The wildcard tokens. StarFree is a '*' that may also match ':' in ARN mode.
const (
	Star     Token = -1
	Any      Token = -2
	StarFree Token = -3
)

// HasWildcard reports whether s holds '*' or '?', the characters a pattern
// does not match as themselves: strings.ContainsAny(s, "*?") byte by byte,
// without the set ContainsAny builds on each call (1 % of the instructions
// of sekisho test on the random cases, where every request's action and
// every statement's service are asked).
func HasWildcard(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '*' || c == '?' {
			return true
		}
	}
	return false
}

// Literal returns the token that matches r exactly, even if r is '*' or '?'.
func Literal(r rune) Token { return Token(r) }

type kind uint8

const (
	kindGeneral kind = iota
	kindExact        // no wildcard
	kindPrefix       // literal followed by one final '*'
	kindAll          // "*"
)

// Pattern is a compiled glob pattern.
type Pattern struct {
	Source string
	mode   Mode
	kind   kind
	lit    string // kindExact, kindPrefix: the literal (folded in Fold mode)
	tokens []Token
	sa     *shiftAnd // kindGeneral, when the pattern fits
	bn     *bitNFA   // kindGeneral, otherwise
}

// Compile compiles a pattern where every '*' and '?' is a wildcard.
func Compile(pattern string, mode Mode) Pattern {
	toks := make([]Token, 0, len(pattern))
	for _, r := range pattern {
		switch r {
		case '*':
			toks = append(toks, Star)
		case '?':
			toks = append(toks, Any)
		default:
			toks = append(toks, Literal(r))
		}
	}
	return CompileTokens(pattern, toks, mode)
}

// CompileTokens compiles an already tokenized pattern; source is kept for display.
func CompileTokens(source string, toks []Token, mode Mode) Pattern {
	toks = collapseStars(Prepare(toks, mode))
	p := Pattern{Source: source, mode: mode, tokens: toks}
	stars, others := 0, 0
	for _, t := range toks {
		switch t {
		case Star, StarFree:
			stars++
		case Any:
			others++
		}
	}
	last := len(toks) - 1
	switch {
	case stars == 0 && others == 0:
		p.kind, p.lit = kindExact, tokensString(toks)
	case len(toks) == 1 && stars == 1 && (mode != ARN || toks[0] == StarFree):
		p.kind = kindAll
	case stars == 1 && others == 0 && (toks[last] == StarFree || mode != ARN && toks[last] == Star):
		p.kind, p.lit = kindPrefix, tokensString(toks[:last])
	}
	if p.kind == kindGeneral {
		sa := &shiftAnd{}
		if buildShiftAnd(sa, toks, mode) {
			p.sa = sa
		} else {
			p.bn = newBitNFA(toks, mode)
		}
	}
	return p
}

// Prepare folds literals in Fold mode and, in ARN mode, marks each '*' that
// ends a colon-separated segment as StarFree. It works in place.
func Prepare(toks []Token, mode Mode) []Token {
	for i, t := range toks {
		switch {
		case mode == Fold && t >= 'A' && t <= 'Z':
			toks[i] = t + ('a' - 'A')
		case mode == ARN && t == Star && (i == len(toks)-1 || toks[i+1] == ':'):
			toks[i] = StarFree
		case mode != ARN && t == StarFree:
			toks[i] = Star
		}
	}
	return toks
}

func tokensString(toks []Token) string {
	b := make([]byte, 0, len(toks))
	for _, t := range toks {
		b = utf8.AppendRune(b, rune(t))
	}
	return string(b)
}

// Match reports whether s matches the pattern.
func (p *Pattern) Match(s string) bool {
	switch p.kind {
	case kindAll:
		return true
	case kindExact:
		if p.mode == Fold {
			return equalFoldASCII(p.lit, s)
		}
		return p.lit == s
	case kindPrefix:
		if len(s) < len(p.lit) {
			return false
		}
		if p.mode == Fold {
			return equalFoldASCII(p.lit, s[:len(p.lit)])
		}
		return p.lit == s[:len(p.lit)]
	}
	if p.sa != nil {
		return p.sa.match(s, p.mode)
	}
	return p.bn.match(s, p.mode)
}

// IsExact reports whether the pattern has no wildcard.
func (p *Pattern) IsExact() bool { return p.kind == kindExact }

// equalFoldASCII compares a folded literal with s, folding ASCII letters of s.
func equalFoldASCII(folded, s string) bool {
	if len(folded) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != folded[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// MatchTokens matches s against prepared tokens (see Prepare). Short ASCII
// patterns use the one-word bit-parallel matcher, others the many-word one.
// Both are linear in len(s) (times len(toks)/64) and never backtrack, so
// hostile patterns cannot make matching slow; runs of stars count as one.
func MatchTokens(toks []Token, s string, mode Mode) bool {
	var sa shiftAnd
	if buildShiftAnd(&sa, toks, mode) { // its closure handles runs of stars
		return sa.match(s, mode)
	}
	if hasAdjacentStars(toks) {
		toks = collapseStars(append(make([]Token, 0, len(toks)), toks...))
		if sa = (shiftAnd{}); buildShiftAnd(&sa, toks, mode) {
			return sa.match(s, mode)
		}
	}
	return newBitNFA(toks, mode).match(s, mode)
}

func matchNFA(toks []Token, s string, mode Mode) bool {
	n := len(toks) + 1
	var small [2][4]uint64
	var cur, next []uint64
	if n <= 256 {
		cur, next = small[0][:], small[1][:]
	} else {
		cur, next = make([]uint64, (n+63)/64), make([]uint64, (n+63)/64)
	}
	set(cur, 0)
	closeStars(cur, toks)
	for _, r := range s {
		if mode == Fold && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		clear(next)
		any := false
		for j, t := range toks {
			if !has(cur, j) {
				continue
			}
			switch {
			case t == StarFree, t == Star && (mode != ARN || r != ':'):
				set(next, j)
				any = true
			case t == Any && (mode != ARN || r != ':'), t == Token(r):
				set(next, j+1)
				any = true
			}
		}
		if !any {
			return false
		}
		closeStars(next, toks)
		cur, next = next, cur
	}
	return has(cur, len(toks))
}

// closeStars adds the positions reachable by letting stars match nothing.
func closeStars(bits []uint64, toks []Token) {
	for j, t := range toks {
		if (t == Star || t == StarFree) && has(bits, j) {
			set(bits, j+1)
		}
	}
}

func set(bits []uint64, i int)      { bits[i>>6] |= 1 << (uint(i) & 63) }
func has(bits []uint64, i int) bool { return bits[i>>6]&(1<<(uint(i)&63)) != 0 }
