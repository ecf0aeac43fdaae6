package model

import (
	"fmt"

	"github.com/sekisho/sekisho/arn"
)

// AssumeInput is an sts:AssumeRole call.
type AssumeInput struct {
	Caller      Credentials
	Role        string // role ARN
	From        Vantage
	SessionName string // default "sekisho"
	Duration    int    // requested DurationSeconds; 0 means the default, 3600
	Context     map[string][]string
}

// AssumeCall is an sts:AssumeRole call as the model sees it: the policies
// that decide it, and the limits STS puts on the session whatever the
// policies say. Deciding it is the engine's part (analysis.AssumeRole).
type AssumeCall struct {
	Gathered    *Gathered
	Caller      string // the caller's principal
	Session     string // the session principal ARN, usable as a principal in later queries
	Chained     bool   // the caller is a role session: role chaining limits the session to 1 hour
	MaxDuration int    // the longest session this call may ask for, in seconds
	Duration    int    // the duration asked for
	// DurationError is set when the requested duration is outside the
	// limits: AWS refuses the call whatever the policies say.
	DurationError string
}

// AssumeRole gathers an sts:AssumeRole call: the role's trust policy, the
// caller's identity policies (needed cross-account, or when the trust
// policy names only the account), the caller's SCPs and the role account's
// RCPs, the endpoint policy of the path; and the duration limits: the
// role's maximum session duration, and one hour for role chaining (IAM
// User Guide, "Methods to assume a role"; AWS STS API Reference, AssumeRole).
func (m *Model) AssumeRole(in AssumeInput) (*AssumeCall, error) {
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
	g, err := m.gatherFor(nil, cl, Query{Action: "sts:AssumeRole", Resource: role.ARN, From: in.From, Context: in.Context})
	if err != nil {
		return nil, err
	}
	name := in.SessionName
	if name == "" {
		name = "sekisho"
	}
	out := &AssumeCall{Gathered: g, Caller: cl.principal, Session: sessionARN(role, name),
		Chained: cl.kind == arn.AssumedRole || cl.kind == arn.Role, MaxDuration: role.MaxSessionDuration, Duration: in.Duration}
	if out.Chained {
		out.MaxDuration = 3600
	}
	if out.Duration == 0 {
		out.Duration = 3600
	}
	out.DurationError = durationError(out)
	return out, nil
}

// durationError: DurationSeconds is 900 at least, at most the role's
// MaxSessionDuration, and at most one hour for role chaining (AWS STS API
// Reference, AssumeRole).
func durationError(c *AssumeCall) string {
	switch {
	case c.Duration < 900:
		return fmt.Sprintf("DurationSeconds %d is below the minimum of 900", c.Duration)
	case c.Duration > c.MaxDuration && c.Chained:
		return fmt.Sprintf("DurationSeconds %d exceeds the 1 hour limit of role chaining (the caller is a role session)", c.Duration)
	case c.Duration > c.MaxDuration:
		return fmt.Sprintf("DurationSeconds %d exceeds the role's MaxSessionDuration of %d", c.Duration, c.MaxDuration)
	}
	return ""
}
