package analysis

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Reached is what a principal can do through an AssumeRole chain: the
// chain (the principal, then each role assumed), the statement that let
// the last hop assume its role, and what the role's session may do.
type Reached struct {
	Chain     []string      `json:"chain"`
	Role      string        `json:"role"`
	Statement *Statement    `json:"statement,omitempty"` // allowed the last sts:AssumeRole
	Groups    []AccessGroup `json:"groups"`
	Allowed   int           `json:"allowed"`
}

// defaultDepth is the longest chain followed when none is given, as whocan.
const defaultDepth = 3

// DefaultMaxCapabilities bounds the capabilities an answer lists through
// AssumeRole chains when no bound is given. A role that can assume every
// account's administrator role reaches thousands of roles of about 23,000
// capabilities each (sekisho synth, 30 accounts: 4.2 million, 135 s and
// 1.6 GB for leak's text, 18 GB for its JSON); two million is a few tens
// of seconds and about a gigabyte.
const DefaultMaxCapabilities = 2_000_000

// follow finds, breadth first, the roles the credentials can assume
// (sts:AssumeRole decided with every gate: trust, identity policies, SCPs,
// from the question's vantage point), then the roles those sessions can
// assume, up to depth hops, and what each role's session may do. Each role
// is reported once, with its shortest chain. AWS allows role chaining:
// a role session may call sts:AssumeRole like any principal (IAM User
// Guide, "Roles terms and concepts", role chaining).
//
// The capabilities are counted as each role is decided: past the bound
// (opt.MaxCapabilities, times the places the answer lists each chain at)
// the question is refused with a Bound error, never answered in part.
func (a *Analyzer) follow(creds model.Credentials, principal string, opt WhatCanOptions, gp *gaps) ([]Reached, error) {
	depth := opt.Depth
	if depth == 0 {
		depth = defaultDepth
	}
	b := chainBound{principal: principal, depth: depth, max: opt.MaxCapabilities, places: max(opt.chainPlaces, 1)}
	if b.max <= 0 {
		b.max = DefaultMaxCapabilities
	}
	type hop struct {
		creds model.Credentials
		chain []string
	}
	seen := map[string]bool{}
	if p, err := arn.ParsePrincipal(principal); err == nil && p.Kind == arn.AssumedRole {
		if s := a.subjectOf(p); s != nil {
			seen[s.arn] = true // its own role is not reached through a chain
		}
	}
	var out []Reached
	handled := 0 // roles decided or skipped, for the progress display
	frontier := []hop{{creds: creds, chain: []string{principal}}}
	for level := 0; level < depth && len(frontier) > 0; level++ {
		b.level = level + 1
		var next []hop
		for _, h := range frontier {
			targets, err := a.assumeTargets(h.creds, opt, gp)
			if err != nil {
				return nil, err
			}
			var fresh []Capability
			for _, t := range targets {
				if !seen[t.Resource] {
					seen[t.Resource] = true
					fresh = append(fresh, t)
				}
			}
			b.found += len(fresh)
			for _, t := range fresh {
				session := model.Credentials{Type: model.RoleSession, Principal: t.Resource}
				sub, err := a.WhatCan(session, WhatCanOptions{From: opt.From, Service: opt.Service})
				handled++
				if a.Progress != nil {
					// The total grows as each hop finds roles: it is the roles
					// found so far.
					a.Progress(followStage, handled, b.found)
				}
				if err != nil {
					gp.skip(t.Resource, err)
					continue
				}
				if err := b.add(sub.Allowed); err != nil {
					return nil, err
				}
				gp.merge(sub.Completeness)
				chain := append(append([]string{}, h.chain...), t.Resource)
				out = append(out, Reached{Chain: chain, Role: t.Resource, Statement: t.Statement, Groups: sub.Groups, Allowed: sub.Allowed})
				next = append(next, hop{creds: session, chain: chain})
			}
		}
		frontier = next
	}
	return out, nil
}

// followStage names follow's progress: one step per role reached.
const followStage = "roles reached through AssumeRole decided"

// chainBound counts the capabilities follow's roles yield.
type chainBound struct {
	principal      string
	depth, level   int // the longest chain followed; the hop being decided
	max, places    int
	found, decided int // roles found so far; roles decided
	counted        int // capabilities of the decided roles
}

// add counts one decided role's capabilities; past the bound it is the
// error that refuses the question, saying what was found and how to ask
// a smaller one.
func (b *chainBound) add(n int) error {
	b.decided++
	b.counted += n
	if b.counted*b.places <= b.max {
		return nil
	}
	// The roles found but not yet decided are estimated at the mean of
	// those decided; hops past this one are not explored.
	estimate := b.counted * b.found / b.decided
	listed, listedAll := "", ""
	if b.places > 1 {
		listed = fmt.Sprintf(", %d as the answer lists them at %d places", b.counted*b.places, b.places)
		listedAll = fmt.Sprintf(" (%d listed)", estimate*b.places)
	}
	return errcode.With(errcode.Bound, fmt.Errorf(
		"the AssumeRole chains of %s reach at least %d roles (at hop %d of --depth %d): the first %d decided yield %d capabilities%s, over the bound of %d (--max-capabilities); "+
			"the %d roles found would yield about %d%s: narrow the question with --service SERVICE, a shorter --depth or --follow-assume=false, or raise --max-capabilities",
		b.principal, b.found, b.level, b.depth, b.decided, b.counted, listed, b.max, b.found, estimate, listedAll))
}

// assumeTargets lists the model's roles the credentials may sts:AssumeRole.
func (a *Analyzer) assumeTargets(creds model.Credentials, opt WhatCanOptions, gp *gaps) ([]Capability, error) {
	base, err := a.decide(model.Query{Credentials: creds, Action: "sts:GetCallerIdentity", From: opt.From})
	if err != nil {
		return nil, err
	}
	act, ok := awsref.LookupAction("sts:AssumeRole")
	if !ok {
		return nil, nil
	}
	ids := base.gathered.Set.Identity
	allow := &allowIndex{pat: a.pat, ids: ids, byAction: map[string][]*policy.Statement{}}
	caps, _, err := a.capabilities(creds, opt, map[string][]candidate{"sts": allow.candidates([]awsref.Action{act})}, ids, base.Request.Principal, gp)
	if err != nil {
		return nil, err
	}
	var out []Capability
	for _, c := range caps {
		if strings.Contains(c.Resource, ":role/") && a.roleByARN(c.Resource) != nil {
			out = append(out, c)
		}
	}
	return out, nil
}
