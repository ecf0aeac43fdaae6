package diff

import (
	"fmt"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// Policies builds the question for two versions of one policy of the
// given kind: the policy is placed at its gate, every other gate as
// little in the way as the kind allows. An identity policy is the
// principal's only one; a boundary, session policy, SCP or RCP limits a
// principal whose identity policies are taken to allow everything; a
// resource or trust policy is asked about every principal it names; an
// endpoint policy sits between a principal that may do everything and
// the resources. A nil policy stands for none (a policy added or deleted).
func Policies(kind policy.Kind, old, new *policy.Policy, principal string) (Input, error) {
	in := Input{Principal: principal}
	place := func(p *policy.Policy) (eval.PolicySet, error) {
		var s eval.PolicySet
		switch kind {
		case policy.Identity:
			s.Identity = list(p)
		case policy.Boundary:
			s.Boundary = []*policy.Policy{orDenyAll(p)}
		case policy.Session:
			s.Session = []*policy.Policy{orDenyAll(p)}
		case policy.SCP:
			s.SCP = [][]*policy.Policy{withFullAccess(p)}
		case policy.RCP:
			s.RCP = [][]*policy.Policy{withFullAccess(p)}
		case policy.Resource, policy.Trust:
			s.Resource = p
		case policy.Endpoint:
			s.Endpoint = p
		default:
			return s, fmt.Errorf("a policy of kind %q cannot be compared: expected identity, boundary, session, scp, rcp, resource, trust or endpoint", kind)
		}
		return s, nil
	}
	var err error
	if in.Old, err = place(old); err != nil {
		return in, err
	}
	if in.New, err = place(new); err != nil {
		return in, err
	}
	switch kind {
	case policy.Boundary, policy.Session, policy.SCP, policy.RCP, policy.Endpoint:
		in.AssumeIdentityAllows = true
	}
	if kind == policy.SCP || kind == policy.RCP {
		in.Note = "the " + kind.String() + " is attached beside FullAWSAccess, as AWS Organizations attaches it by default"
	}
	return in, nil
}

// fullAccess is FullAWSAccess (and RCPFullAWSAccess, the same document):
// AWS Organizations attaches it to every root, OU and account, and the
// RCP one cannot be detached (AWS Organizations User Guide, "Service
// control policies" and "Resource control policies"). An SCP or RCP is
// compared as attached beside it.
var fullAccess = mustParse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, "FullAWSAccess")

func withFullAccess(p *policy.Policy) []*policy.Policy {
	if p == nil {
		return []*policy.Policy{fullAccess}
	}
	return []*policy.Policy{fullAccess, p}
}

func list(p *policy.Policy) []*policy.Policy {
	if p == nil {
		return nil
	}
	return []*policy.Policy{p}
}

// denyAll stands for a limiting policy that is absent on one side: a
// gate with no Allow, which is what attaching nothing means for a
// boundary or an SCP level (IAM User Guide, "Policy evaluation logic").
var denyAll = mustParse(`{"Version":"2012-10-17","Statement":[]}`, "(no policy)")

func orDenyAll(p *policy.Policy) *policy.Policy {
	if p == nil {
		return denyAll
	}
	return p
}
