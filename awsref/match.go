package awsref

import (
	"strings"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// actionPattern is an IAM action pattern prepared for matching against the
// lower-case action names, with the same matcher the evaluator uses for a
// policy's Action element.
type actionPattern struct {
	// service is set when the part before the colon has no wildcard: only
	// that service's actions can match.
	service string
	pattern wildcard.Pattern
}

func compileAction(pattern string) actionPattern {
	l := lowerASCII(pattern)
	p := actionPattern{pattern: wildcard.Compile(l, wildcard.Fold)}
	if svc, _, ok := strings.Cut(l, ":"); ok && !wildcard.HasWildcard(svc) {
		p.service = svc
	}
	return p
}

// match tests the action at index i of the tables, whose service has
// been indexed (tables.lowered).
func (p actionPattern) match(t *tables, i int) bool {
	return p.pattern.Match(t.actionLower[i])
}

// candidates returns the index range of the actions the pattern can match:
// one service's block when the service is literal, else all actions.
func (p actionPattern) candidates(t *tables) (lo, hi int) {
	if p.service == "" {
		return 0, len(t.actions)
	}
	si, ok := t.serviceIndex[p.service]
	if !ok {
		return 0, 0
	}
	lo = t.serviceStart[si]
	return lo, lo + len(t.services[si].Actions)
}

// Expand returns the actions an IAM action pattern matches, sorted like
// Actions. As in a policy's Action element, case is ignored, "*" matches
// any run of characters (also across the colon) and "?" one character:
// "*", "s3:*", "ec2:Run*", "s3:*Object*", "*:Get*".
func Expand(pattern string) []Action {
	return ExpandAny([]string{pattern})
}

// ExpandAny returns the actions that at least one of the patterns matches,
// each once, sorted like Actions.
func ExpandAny(patterns []string) []Action { return ref().expandAny(patterns) }

func (t *tables) expandAny(patterns []string) []Action {
	t.lowered()
	ps := compileActions(patterns)
	// Each pattern tries only its candidates (one service's block when its
	// service is literal): a policy listing a thousand patterns, such as
	// ReadOnlyAccess, costs the sum of their services' sizes, not a
	// thousand times every action.
	hit := make([]bool, len(t.actions))
	n := 0
	for _, p := range ps {
		lo, hi := p.candidates(t)
		for i := lo; i < hi; i++ {
			if !hit[i] && p.match(t, i) {
				hit[i] = true
				n++
			}
		}
	}
	hits := make([]int32, 0, n)
	for i, h := range hit {
		if h {
			hits = append(hits, int32(i))
		}
	}
	return t.collect(hits)
}

// ExpandNot returns the actions that none of the patterns matches: what a
// statement's NotAction element covers.
func ExpandNot(patterns []string) []Action { return ref().expandNot(patterns) }

func (t *tables) expandNot(patterns []string) []Action {
	t.lowered()
	ps := compileActions(patterns)
	var hits []int32
	for i := range t.actions {
		if !anyMatch(ps, t, i) {
			hits = append(hits, int32(i))
		}
	}
	return t.collect(hits)
}

// collect copies the actions at the given indexes into a new slice. The
// matcher gathers indexes first so that "*" allocates 22,000 Actions once
// rather than growing a slice of them.
func (t *tables) collect(hits []int32) []Action {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Action, len(hits))
	for i, h := range hits {
		out[i] = t.actions[h]
	}
	return out
}

func compileActions(patterns []string) []actionPattern {
	ps := make([]actionPattern, len(patterns))
	for i, p := range patterns {
		ps[i] = compileAction(p)
	}
	return ps
}

func anyMatch(ps []actionPattern, t *tables, i int) bool {
	for _, p := range ps {
		if p.match(t, i) {
			return true
		}
	}
	return false
}
