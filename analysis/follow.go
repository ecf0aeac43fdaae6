package analysis

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
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

// follow finds, breadth first, the roles the credentials can assume
// (sts:AssumeRole decided with every gate: trust, identity policies, SCPs,
// from the question's vantage point), then the roles those sessions can
// assume, up to depth hops, and what each role's session may do. Each role
// is reported once, with its shortest chain. AWS allows role chaining:
// a role session may call sts:AssumeRole like any principal (IAM User
// Guide, "Roles terms and concepts", role chaining).
func (a *Analyzer) follow(creds model.Credentials, principal string, opt WhatCanOptions, gp *gaps) ([]Reached, error) {
	depth := opt.Depth
	if depth == 0 {
		depth = defaultDepth
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
	frontier := []hop{{creds: creds, chain: []string{principal}}}
	for level := 0; level < depth && len(frontier) > 0; level++ {
		var next []hop
		for _, h := range frontier {
			targets, err := a.assumeTargets(h.creds, opt, gp)
			if err != nil {
				return nil, err
			}
			for _, t := range targets {
				if seen[t.Resource] {
					continue
				}
				seen[t.Resource] = true
				session := model.Credentials{Type: model.RoleSession, Principal: t.Resource}
				sub, err := a.WhatCan(session, WhatCanOptions{From: opt.From, Service: opt.Service})
				if err != nil {
					gp.skip(t.Resource, err)
					continue
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
