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
	// GateNoPermission: the action needs no permission (sts:GetCallerIdentity).
	GateNoPermission
	// GateReserved: the resource is reserved to AWS, which refuses the change.
	GateReserved
	gateCount
)

var gateNames = [gateCount]string{"scp", "rcp", "vpcEndpoint", "boundary", "session", "identity", "resource",
	"noPermissionRequired", "reservedResource"}

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
	case GateNoPermission:
		return "action that needs no permission"
	case GateReserved:
		return "resource reserved to AWS"
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
	ReasonNoPermissionRequired                 // the action needs no permission: no policy can deny it
	ReasonAWSManagedPolicy                     // a change to an AWS managed policy
	ReasonAWSAlias                             // a change to a KMS alias under alias/aws/
	ReasonReservedRole                         // a change to an IAM Identity Center reserved role
	ReasonServiceLinkedRole                    // a change to a service-linked role
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
	"sts:GetCallerIdentity needs no permission: no policy can deny it (AWS STS API Reference, GetCallerIdentity)",
	"AWS managed policies (arn:aws:iam::aws:policy/...) can be changed only by AWS, whatever the policies allow",
	"the alias/aws/ prefix is reserved for AWS managed keys: AWS refuses to create, update or delete such an alias, whatever the policies allow",
	"roles under /aws-reserved/ are managed by IAM Identity Center: AWS refuses changes made through IAM, whatever the policies allow",
	"service-linked roles (/aws-service-role/) can be changed only by their service: AWS refuses the change, whatever the policies allow",
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
