package eval

import (
	"sort"

	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/policy"
)

// Outcome is what one gate (or one organization level) said of a request.
type Outcome uint8

// The outcomes, as Explain names them in GateTrace.Outcome.
const (
	OutcomeNoAllow Outcome = iota // "no allow": no Allow statement matched, and no Deny
	OutcomeAllow                  // "allow": an Allow statement matched and no Deny did
	OutcomeDeny                   // "deny": a Deny statement matched
	OutcomeRefused                // "refused": the reserved-resource rule refused the change
)

// GateOutcome is one gate that applied to a request: which, at which
// organization level (SCPs and RCPs; else 0), and what it said.
type GateOutcome struct {
	Gate    Gate
	Level   int
	Outcome Outcome
}

// Outcomes decides the request without tracing, as Explain decides it,
// and appends to out the outcome of every gate that applied, in the order
// of Explain's Gates (SCP levels root first, RCP levels, VPC endpoint,
// boundary, session, identity, resource, then the service rule's gate
// when a rule decided). The policies of an action that needs no
// permission are still evaluated, as Explain does, so that each gate's
// outcome is known. It allocates nothing when out has room: a report that
// needs each gate's verdict (IAM's simulator fields) pays for the decision
// and not for a trace.
func (p *Prepared) Outcomes(r *Request, out []GateOutcome) (Result, []GateOutcome) {
	sc := cond.GetScratch()
	res := p.decidePolicies(r, sc, nil, &out)
	cond.PutScratch(sc)
	policies := res
	if r.rule != ruleNone {
		res = r.applyRule(policies)
	}
	switch res.Gate {
	case GateNoPermission:
		out = append(out, GateOutcome{Gate: GateNoPermission, Outcome: OutcomeAllow})
	case GateReserved:
		out = append(out, GateOutcome{Gate: GateReserved, Outcome: OutcomeRefused})
	}
	return res, out
}

// outcomeOf is a gate's outcome as the tracer's endGate names it.
func outcomeOf(o gateOutcome) Outcome {
	switch {
	case o.deny != nil:
		return OutcomeDeny
	case o.allow != nil:
		return OutcomeAllow
	}
	return OutcomeNoAllow
}

// Matching appends to out the statements of one gate (one level for SCPs
// and RCPs) with the given effect that match the request, in source
// order: the statements of that gate Explain marks Matched with that
// effect. A gate that does not apply to the request has none.
func (p *Prepared) Matching(r *Request, g Gate, level int, effect policy.Effect, out []*StatementRef) []*StatementRef {
	a := applicability(p, r)
	gp := p.gate(g, level, a)
	if gp == nil {
		return out
	}
	sc := cond.GetScratch()
	defer cond.PutScratch(sc)
	e := &env{r: r, service: p.services.lookup(r.service), sc: sc, bounded: a.boundary}
	for _, cp := range gp.policies {
		idx := &cp.allow
		if effect == policy.Deny {
			idx = &cp.deny
		}
		for _, s := range idx.candidates(e.service) {
			if ok, _ := s.matches(e, nil); ok {
				out = append(out, &s.ref)
			}
		}
	}
	return out
}

// gate returns the compiled policies of a gate that applies to the
// request (nil when it does not apply or has no such level).
func (p *Prepared) gate(g Gate, level int, a gates) *gatePolicies {
	pick := func(applies bool, gp *gatePolicies) *gatePolicies {
		if !applies {
			return nil
		}
		return gp
	}
	pickLevel := func(applies bool, levels []gatePolicies) *gatePolicies {
		if !applies || level < 0 || level >= len(levels) {
			return nil
		}
		return &levels[level]
	}
	switch g {
	case GateSCP:
		return pickLevel(a.scp, p.scp)
	case GateRCP:
		return pickLevel(a.rcp, p.rcp)
	case GateEndpoint:
		return pick(a.endpoint, &p.endpoint)
	case GateBoundary:
		return pick(a.boundary, &p.boundary)
	case GateSession:
		return pick(a.session, &p.session)
	case GateIdentity:
		return pick(a.identity, &p.identity)
	case GateResource:
		return pick(a.resource, &p.resource)
	}
	return nil
}

// ExplainAbsentKeys is exactly Explain's AbsentKeys, without tracing: the
// condition keys (and policy variables) the request does not carry of the
// statements that apply to its action, resource and principal, in the
// gates that apply to the request, sorted. (AbsentKeys looks at every
// gate, applicable or not, for analyses that must not miss a key.)
func (p *Prepared) ExplainAbsentKeys(r *Request) []string {
	a := applicability(p, r)
	sc := cond.GetScratch()
	defer cond.PutScratch(sc)
	t := &tracer{exp: &Explanation{}}
	e := &env{r: r, sc: sc, bounded: a.boundary}
	visit := func(gp *gatePolicies) {
		for _, cp := range gp.policies {
			for _, s := range cp.all {
				if s.matchAction(r) && s.matchResource(r, sc) && (s.principal == nil || s.matchPrincipal(r, e.bounded) != pmNone) {
					t.absent(s, r)
				}
			}
		}
	}
	// Explain's order of gates, so that of two spellings of one key the
	// same one is kept.
	p.eachApplying(a, visit)
	sort.Strings(t.exp.AbsentKeys)
	return t.exp.AbsentKeys
}

// eachApplying calls f for each gate (and level) that applies, in the
// order decidePolicies evaluates them.
func (p *Prepared) eachApplying(a gates, f func(*gatePolicies)) {
	if a.scp {
		for i := range p.scp {
			f(&p.scp[i])
		}
	}
	if a.rcp {
		for i := range p.rcp {
			f(&p.rcp[i])
		}
	}
	for _, g := range []struct {
		applies bool
		gp      *gatePolicies
	}{{a.endpoint, &p.endpoint}, {a.boundary, &p.boundary}, {a.session, &p.session}, {a.identity, &p.identity}, {a.resource, &p.resource}} {
		if g.applies {
			f(g.gp)
		}
	}
}
