package eval

import (
	"github.com/sekisho/sekisho/policy"
)

// Decision is the outcome of an evaluation.
type Decision uint8

// The decisions. IAM User Guide, "Policy evaluation logic": a request is
// implicitly denied unless allowed, and an explicit deny overrides any allow.
const (
	ImplicitDeny Decision = iota
	ExplicitDeny
	Allow
)

func (d Decision) String() string {
	switch d {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}

// ParseDecision parses a decision name exactly as String prints it.
func ParseDecision(s string) (Decision, bool) {
	for _, d := range []Decision{Allow, ImplicitDeny, ExplicitDeny} {
		if d.String() == s {
			return d, true
		}
	}
	return ImplicitDeny, false
}

// Gate is a kind of policy that a request must pass.
type Gate uint8

// The gates, in the order their explicit denies are reported.
const (
	GateSCP Gate = iota
	GateRCP
	GateEndpoint
	GateBoundary
	GateSession
	GateIdentity
	GateResource
	gateCount
)

var gateNames = [gateCount]string{"scp", "rcp", "vpcEndpoint", "boundary", "session", "identity", "resource"}

func (g Gate) String() string {
	if g < gateCount {
		return gateNames[g]
	}
	return "unknown"
}

// Title names the gate for people.
func (g Gate) Title() string {
	switch g {
	case GateSCP:
		return "service control policies"
	case GateRCP:
		return "resource control policies"
	case GateEndpoint:
		return "VPC endpoint policy"
	case GateBoundary:
		return "permissions boundary"
	case GateSession:
		return "session policies"
	case GateIdentity:
		return "identity-based policies"
	case GateResource:
		return "resource-based policy"
	}
	return "unknown"
}

// StatementRef names one statement of one policy.
type StatementRef struct {
	Gate      Gate
	Level     int // organization level for SCPs and RCPs, else 0
	Policy    *policy.Policy
	Statement *policy.Statement
}

// Reason says why a decision was reached, as a stable code.
type Reason uint8

// The reasons.
const (
	ReasonNoAllow                Reason = iota // no applicable policy allows
	ReasonExplicitDeny                         // a Deny statement matched
	ReasonLevelNoAllow                         // an SCP or RCP level allows nothing
	ReasonEndpointNoAllow                      // the VPC endpoint policy does not allow
	ReasonIdentityNoAllow                      // no identity-based policy allows
	ReasonBoundaryNoAllow                      // the permissions boundary does not allow
	ReasonSessionNoAllow                       // the session policies do not allow
	ReasonResourceNoAllow                      // the resource policy does not allow (cross-account, trust, key policy)
	ReasonResourceAllow                        // the resource-based policy allows
	ReasonIdentityAllow                        // identity policies (and boundary, session) allow
	ReasonRootUser                             // the account root user in its own account
	ReasonNoResourcePolicyNeeded               // unused: reserved
)

var reasonText = [...]string{
	"no policy allows the request",
	"an explicit Deny statement matches",
	"an organization level has no statement that allows the request",
	"the VPC endpoint policy does not allow the request",
	"no identity-based policy allows the request",
	"the permissions boundary does not allow the request",
	"the session policies do not allow the request",
	"the resource-based policy does not allow the request",
	"the resource-based policy allows the request",
	"an identity-based policy allows the request",
	"the account root user has full permissions in its own account",
	"",
}

func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return "unknown"
}

// Result is the decision and the one statement or gate that decided it.
// For ExplicitDeny, Statement is the denying statement; for Allow, the
// allowing one; for ImplicitDeny, Gate (and Level) name the gate that had
// no allow and Statement is nil.
type Result struct {
	Decision  Decision
	Reason    Reason
	Gate      Gate
	Level     int
	Statement *StatementRef
}
