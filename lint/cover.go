package lint

import (
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// glob is a pattern of an Action or Resource value, split into tokens so
// that one pattern can be tested for containing another.
type glob []gtok

type gtok struct {
	kind  byte // 'l' literal, '*' star, '?' one character, 'v' policy variable
	lit   rune
	text  string // 'v': the variable as written, lower-case
	cross bool   // '*': may match ':' (always, except inside an ARN segment)
}

// parseGlob reads a value. In an ARN, a '*' crosses ':' only when it ends
// a segment (IAM User Guide, "Resource": wildcards in resource ARNs); fold
// lower-cases literals, for actions.
func parseGlob(s string, fold bool) glob {
	arn := strings.HasPrefix(s, "arn:")
	var g glob
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.HasPrefix(s[i:], "${") {
			if end := strings.IndexByte(s[i:], '}'); end > 0 {
				g = append(g, variableTok(s[i:i+end+1]))
				i += end
				continue
			}
		}
		switch c {
		case '*':
			g = append(g, gtok{kind: '*', cross: !arn || i == len(s)-1 || s[i+1] == ':'})
		case '?':
			g = append(g, gtok{kind: '?'})
		default:
			if fold && c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			g = append(g, gtok{kind: 'l', lit: rune(c)})
		}
	}
	return g
}

func variableTok(v string) gtok {
	switch inner := v[2 : len(v)-1]; inner {
	case "*", "?", "$":
		return gtok{kind: 'l', lit: rune(inner[0])}
	}
	return gtok{kind: 'v', text: strings.ToLower(v)}
}

func (g glob) wild() bool {
	for _, t := range g {
		if t.kind != 'l' {
			return true
		}
	}
	return false
}

// covers reports whether every string that p matches also matches g: a
// sufficient test (a variable of p is matched only by a '*' of g or by the
// same variable), computed over pairs of positions.
func (g glob) covers(p glob) bool {
	if !g.wild() && !p.wild() {
		return g.equal(p)
	}
	w := len(p) + 1
	memo := make([]int8, (len(g)+1)*w) // 0 unknown, 1 yes, 2 no
	var c func(i, j int) bool
	c = func(i, j int) bool {
		if m := memo[i*w+j]; m != 0 {
			return m == 1
		}
		ok := g.step(p, i, j, c)
		memo[i*w+j] = 2
		if ok {
			memo[i*w+j] = 1
		}
		return ok
	}
	return c(0, 0)
}

func (g glob) step(p glob, i, j int, c func(i, j int) bool) bool {
	if i == len(g) {
		return j == len(p)
	}
	t := g[i]
	if t.kind == '*' {
		return c(i+1, j) || j < len(p) && t.absorbs(p[j]) && c(i, j+1)
	}
	if j == len(p) {
		return false
	}
	switch q := p[j]; t.kind {
	case '?':
		return (q.kind == '?' || q.kind == 'l' && q.lit != ':') && c(i+1, j+1)
	case 'v':
		return q.kind == 'v' && q.text == t.text && c(i+1, j+1)
	default:
		return q.kind == 'l' && q.lit == t.lit && c(i+1, j+1)
	}
}

// absorbs reports whether star t can match whatever token q matches.
func (t gtok) absorbs(q gtok) bool {
	if t.cross {
		return true
	}
	switch q.kind {
	case 'l':
		return q.lit != ':'
	case '*':
		return !q.cross
	}
	return true
}

func (g glob) equal(p glob) bool {
	if len(g) != len(p) {
		return false
	}
	for i := range g {
		if g[i] != p[i] {
			return false
		}
	}
	return true
}

// actionsCovered reports whether statement b applies to every action a does.
func actionsCovered(b, a *stmtFacts) bool {
	switch {
	case b.all && !b.st.NotAction:
		return true
	case !b.st.NotAction:
		return !a.st.NotAction && eachCovered(globs(a.st.Actions, true), globs(b.st.Actions, true))
	case a.st.NotAction:
		// b leaves out less than a does.
		return eachCovered(globs(b.st.Actions, true), globs(a.st.Actions, true))
	}
	for _, e := range a.entries {
		if wildcard.HasWildcard(e.raw) || !b.covers(e.raw) {
			return false
		}
	}
	return true
}

// resourcesCovered reports whether b applies to every resource a does.
func resourcesCovered(b, a *policy.Statement) bool {
	switch {
	case b.AnyResource || !b.NotResource && hasStar(b.Resources):
		return true
	case a.AnyResource:
		return false
	case b.NotResource && a.NotResource:
		return eachCovered(resGlobs(b.Resources), resGlobs(a.Resources))
	case b.NotResource || a.NotResource:
		return false
	}
	return eachCovered(resGlobs(a.Resources), resGlobs(b.Resources))
}

// principalsCovered reports whether b names every principal a does.
func principalsCovered(b, a *policy.Statement) bool {
	switch {
	case b.Principal == nil && a.Principal == nil:
		return true
	case b.Principal == nil || a.Principal == nil || b.NotPrincipal || a.NotPrincipal:
		return false
	case b.Principal.Any:
		return true
	case a.Principal.Any:
		return false
	}
	bp, ap := b.Principal, a.Principal
	return subset(ap.AWS, bp.AWS) && subset(ap.Service, bp.Service) &&
		subset(ap.Federated, bp.Federated) && subset(ap.CanonicalUser, bp.CanonicalUser) &&
		subset(ap.UniqueIDs, bp.UniqueIDs)
}

// stmtCovers reports whether b, which has no condition, applies to every
// request a applies to.
func stmtCovers(b, a *stmtFacts) bool {
	return len(b.st.Conditions) == 0 && principalsCovered(b.st, a.st) &&
		actionsCovered(b, a) && resourcesCovered(b.st, a.st)
}

// eachCovered reports whether every glob of inner is covered by one of outer.
func eachCovered(inner, outer []glob) bool {
	for _, p := range inner {
		if !anyCovers(outer, p) {
			return false
		}
	}
	return true
}

func anyCovers(outer []glob, p glob) bool {
	for _, g := range outer {
		if g.covers(p) {
			return true
		}
	}
	return false
}

func globs(values []string, fold bool) []glob {
	out := make([]glob, len(values))
	for i, v := range values {
		out[i] = parseGlob(v, fold)
	}
	return out
}

func resGlobs(ts []policy.Template) []glob {
	out := make([]glob, len(ts))
	for i, t := range ts {
		out[i] = parseGlob(t.Raw, false)
	}
	return out
}

func hasStar(ts []policy.Template) bool {
	for _, t := range ts {
		if t.Raw == "*" {
			return true
		}
	}
	return false
}

func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || x == y
		}
		if !found {
			return false
		}
	}
	return true
}
