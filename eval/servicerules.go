package eval

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
)

// Service rules are what AWS decides whatever the policies say: an action
// that needs no permission, and changes to resources that AWS reserves for
// itself. Each is its own gate in the explanation. They are classified
// once, when the request is prepared, so Evaluate pays one comparison.

// serviceRule is the service rule that applies to a request, if any.
type serviceRule uint8

const (
	ruleNone serviceRule = iota
	// sts:GetCallerIdentity. AWS STS API Reference, GetCallerIdentity: "No
	// permissions are required to perform this operation. If an
	// administrator attaches a policy to your identity that explicitly
	// denies access to the sts:GetCallerIdentity action, you can still
	// perform this operation." Our reading: no policy of any type (SCP,
	// RCP, endpoint, boundary, session, identity) is consulted; it holds
	// for every signed caller (IAM users, roles and sessions, federated
	// users, the root user), not for anonymous ones, which STS does not
	// authenticate.
	ruleNoPermission
	ruleManagedPolicy     // a change to an AWS managed policy
	ruleAWSAlias          // a change to a KMS alias under alias/aws/
	ruleReservedRole      // a change to an IAM Identity Center role under /aws-reserved/
	ruleServiceLinkedRole // a change to a service-linked role under /aws-service-role/
)

// reservedKind is what kind of reserved AWS resource a request names.
type reservedKind uint8

const (
	notReserved reservedKind = iota
	reservedManagedPolicy
	reservedAlias
	reservedRole
	reservedServiceLinkedRole
)

// The changes AWS refuses on each kind of reserved resource. Our reading of
// "change": the actions of the service authorization reference whose
// access level is Write, Permissions management or Tagging and which act
// on the resource's type (IAM "policy", IAM "role", KMS "alias"), less the
// ones AWS documents as allowed on that kind of resource. Read, List and
// the actions that act on another resource (iam:AttachRolePolicy acts on
// the role, not on the managed policy it names) are not changes of it.
// TestReservedChangesFollowTheReference checks these lists against the
// reference.
var (
	// AWS managed policies (arn:aws:iam::aws:policy/...): IAM User Guide,
	// "Managed policies and inline policies" (AWS managed policies): "You
	// cannot change the permissions defined in AWS managed policies. AWS
	// occasionally updates the permissions defined in an AWS managed
	// policy"; AWS alone creates, versions, tags and deletes them. Every
	// Write, Permissions management and Tagging action on the policy type
	// is refused.
	managedPolicyChanges = actionSet(
		"iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion",
		"iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy")
	// KMS aliases under alias/aws/: AWS KMS Developer Guide, "Create
	// aliases": "The alias name for a customer managed key cannot begin
	// with alias/aws/. The alias/aws/ prefix is reserved for AWS managed
	// key", and "You cannot manage aliases for AWS managed keys": creating,
	// deleting and updating such an alias are refused.
	aliasChanges = actionSet("kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias")
	// Roles IAM Identity Center creates under /aws-reserved/sso.amazonaws.com/
	// (IAM Identity Center User Guide, "IAM roles created by IAM Identity
	// Center": "IAM Identity Center manages the role"; IAM refuses a change
	// with "Cannot perform the operation on the protected role ... this role
	// is only modifiable by AWS"). Every Write, Permissions management and
	// Tagging action on the role type is refused except iam:PassRole, which
	// uses the role and does not change it.
	reservedRoleChanges = actionSet(
		"iam:AttachRolePolicy", "iam:CreateRole", "iam:CreateServiceLinkedRole", "iam:DeleteRole",
		"iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DeleteServiceLinkedRole",
		"iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole",
		"iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription")
	// Service-linked roles under /aws-service-role/: IAM User Guide, "Using
	// service-linked roles": the service "defines the permissions of its
	// service-linked roles ... The defined permissions include the trust
	// policy and the permissions policy"; IAM API Reference,
	// UnmodifiableEntity: "service-linked roles are protected AWS
	// resources. Only the service that depends on the service-linked role
	// can modify or delete the role". Allowed, as documented: creating and
	// deleting it through iam:CreateServiceLinkedRole and
	// iam:DeleteServiceLinkedRole; editing its description ("Update a
	// service-linked role": "You can edit the description of any role",
	// iam:UpdateRoleDescription and iam:UpdateRole); tagging it (TagRole:
	// "The role can be a regular role or a service-linked role", and
	// UntagRole); and iam:PassRole, which uses the role.
	serviceLinkedRoleChanges = actionSet(
		"iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary",
		"iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary",
		"iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy")
)

func actionSet(actions ...string) map[string]bool {
	m := make(map[string]bool, len(actions))
	for _, a := range actions {
		m[strings.ToLower(a)] = true
	}
	return m
}

// classifyResource says which kind of reserved AWS resource an ARN names.
func classifyResource(resource string) reservedKind {
	a, ok := arn.Parsed(resource)
	if !ok {
		return notReserved
	}
	switch {
	case a.Service == "iam" && a.AccountID == "aws" && strings.HasPrefix(a.Resource, "policy/"):
		return reservedManagedPolicy
	case a.Service == "kms" && strings.HasPrefix(a.Resource, "alias/aws/"):
		return reservedAlias
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/aws-reserved/"):
		return reservedRole
	case a.Service == "iam" && strings.HasPrefix(a.Resource, "role/aws-service-role/"):
		return reservedServiceLinkedRole
	}
	return notReserved
}

// classifyRule decides which service rule applies to a request.
func (r *Request) classifyRule() serviceRule {
	if r.action == "sts:getcalleridentity" && isIAM(r.Principal.Kind) {
		return ruleNoPermission
	}
	if r.reserved == notReserved || r.byService() {
		return ruleNone
	}
	switch r.reserved {
	case reservedManagedPolicy:
		if managedPolicyChanges[r.action] {
			return ruleManagedPolicy
		}
	case reservedAlias:
		if aliasChanges[r.action] {
			return ruleAWSAlias
		}
	case reservedRole:
		if reservedRoleChanges[r.action] {
			return ruleReservedRole
		}
	case reservedServiceLinkedRole:
		if serviceLinkedRoleChanges[r.action] {
			return ruleServiceLinkedRole
		}
	}
	return ruleNone
}

// byService reports whether the caller is the AWS service that owns the
// reserved resource, acting for itself: its service principal, or its
// service-linked role (IAM Identity Center changes its reserved roles
// through its service-linked role, whose AWS managed policy
// AWSSSOServiceRolePolicy allows iam:PutRolePolicy and the like on
// arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*). A role is owned
// by the service named in its path (/aws-service-role/SERVICE/,
// /aws-reserved/SERVICE/); a KMS alias under alias/aws/ by any service,
// which creates it for its AWS managed key; an AWS managed policy by none
// acting in an account. A role session is one of a service-linked role
// when aws:PrincipalArn says so.
func (r *Request) byService() bool {
	owner, anyService := r.owner()
	p := r.Principal
	switch {
	case p.Kind == arn.Service:
		return anyService || owner != "" && strings.EqualFold(p.Name, owner)
	case owner == "":
		return false
	case isServiceLinkedRole(p):
		return linkedService(p.Path) == owner
	case p.Kind == arn.AssumedRole:
		for _, v := range r.Context.Get("aws:PrincipalArn") {
			if _, path, ok := strings.Cut(v, ":role"); ok && linkedService(path) == owner {
				return true
			}
		}
	}
	return false
}

// owner returns the service that owns the reserved resource, or anyService
// when any service may change it.
func (r *Request) owner() (service string, anyService bool) {
	switch r.reserved {
	case reservedAlias:
		return "", true
	case reservedRole, reservedServiceLinkedRole:
		a, ok := arn.Parsed(r.Resource)
		if !ok {
			return "", false
		}
		_, rest, _ := strings.Cut(a.Resource, "/aws-")
		_, rest, _ = strings.Cut(rest, "/")
		svc, _, _ := strings.Cut(rest, "/")
		return strings.ToLower(svc), false
	}
	return "", false
}

// linkedService returns the service of a service-linked role's path,
// "/aws-service-role/ecs.amazonaws.com/" → "ecs.amazonaws.com", or "".
func linkedService(path string) string {
	rest, ok := strings.CutPrefix(path, "/aws-service-role/")
	if !ok {
		return ""
	}
	svc, _, _ := strings.Cut(rest, "/")
	return strings.ToLower(svc)
}

// applyRule lets a service rule decide over the policies' decision. A
// change to a reserved resource is refused only when the policies would
// allow it: AWS authorizes the request first (a denied request fails with
// AccessDenied, and the explanation names what denied it), then the
// service refuses the change.
func (r *Request) applyRule(res Result) Result {
	switch r.rule {
	case ruleNoPermission:
		return Result{Decision: Allow, Reason: ReasonNoPermissionRequired, Gate: GateNoPermission}
	case ruleNone:
		return res
	}
	if res.Decision != Allow {
		return res
	}
	return Result{Decision: ImplicitDeny, Reason: r.rule.reason(), Gate: GateReserved}
}

func (s serviceRule) reason() Reason {
	switch s {
	case ruleManagedPolicy:
		return ReasonAWSManagedPolicy
	case ruleAWSAlias:
		return ReasonAWSAlias
	case ruleReservedRole:
		return ReasonReservedRole
	case ruleServiceLinkedRole:
		return ReasonServiceLinkedRole
	case ruleNoPermission:
		return ReasonNoPermissionRequired
	}
	return ReasonNoAllow
}
