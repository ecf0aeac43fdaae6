package model

import (
	"fmt"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
)

// AssumeInput is an sts:AssumeRole call.
type AssumeInput struct {
	Caller      Credentials
	Role        string // role ARN
	From        Vantage
	SessionName string // default "sekisho"
	Duration    int    // requested DurationSeconds; 0 means the default, 3600
	Context     map[string][]string
	Now         time.Time // the request time; zero: the clock
}

// Assumed is the outcome of an AssumeRole call.
type Assumed struct {
	Gathered    *Gathered
	Result      eval.Result
	Explanation *eval.Explanation
	Caller      string // the caller's principal
	Session     string // the session principal ARN, usable as a principal in later queries
	Chained     bool   // the caller is a role session: role chaining limits the session to 1 hour
	MaxDuration int    // the longest session this call may ask for, in seconds
	Duration    int    // the duration asked for
	// DurationError is set when the requested duration is outside the
	// limits: AWS refuses the call whatever the policies say.
	DurationError string
}

// Succeeds reports whether AWS would issue the credentials.
func (a *Assumed) Succeeds() bool {
	return a.Result.Decision == eval.Allow && a.DurationError == ""
}

// AssumeRole decides an sts:AssumeRole call: the role's trust policy, the
// caller's identity policies (needed cross-account, or when the trust
// policy names only the account), the caller's SCPs and the role account's
// RCPs, the endpoint policy of the path; then the duration limits: the
// role's maximum session duration, and one hour for role chaining (IAM
// User Guide, "Methods to assume a role"; AWS STS API Reference, AssumeRole).
func (m *Model) AssumeRole(in AssumeInput) (*Assumed, error) {
	p, err := arn.ParsePrincipal(in.Role)
	if err != nil || p.Kind != arn.Role {
		return nil, fmt.Errorf("role %q: expected a role ARN, arn:aws:iam::ACCOUNT:role/NAME", in.Role)
	}
	role, err := m.role(p.Account, p.Name)
	if err != nil {
		return nil, err
	}
	cl, err := m.resolveCaller(in.Caller)
	if err != nil {
		return nil, err
	}
	g, err := m.gatherFor(cl, Query{Action: "sts:AssumeRole", Resource: role.ARN, From: in.From, Context: in.Context})
	if err != nil {
		return nil, err
	}
	d, err := eval.Decide(g.Set, g.Request, in.Now)
	if err != nil {
		return nil, err
	}
	res, exp := d.Result, d.Explain()
	name := in.SessionName
	if name == "" {
		name = "sekisho"
	}
	out := &Assumed{Gathered: g, Result: res, Explanation: exp, Caller: cl.principal, Session: sessionARN(role, name),
		Chained: cl.kind == arn.AssumedRole || cl.kind == arn.Role, MaxDuration: role.MaxSessionDuration, Duration: in.Duration}
	if out.Chained {
		out.MaxDuration = 3600
	}
	if out.Duration == 0 {
		out.Duration = 3600
	}
	switch {
	case out.Duration < 900:
		out.DurationError = fmt.Sprintf("DurationSeconds %d is below the minimum of 900", out.Duration)
	case out.Duration > out.MaxDuration && out.Chained:
		out.DurationError = fmt.Sprintf("DurationSeconds %d exceeds the 1 hour limit of role chaining (the caller is a role session)", out.Duration)
	case out.Duration > out.MaxDuration:
		out.DurationError = fmt.Sprintf("DurationSeconds %d exceeds the role's MaxSessionDuration of %d", out.Duration, out.MaxDuration)
	}
	return out, nil
}
