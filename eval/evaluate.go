package eval

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
)

// env is what statement matching needs besides the statement: the
// request, scratch buffers, the tracer (nil when off), where each gate's
// outcome is recorded (nil when not asked), and whether a permissions
// boundary applies to the caller.
type env struct {
	r        *Request
	service  uint32 // the request's service in the Prepared's service table
	sc       *cond.Scratch
	tr       *tracer
	outcomes *[]GateOutcome
	bounded  bool
}

// gateOutcome is what one gate (or organization level) says of a request.
type gateOutcome struct {
	present bool
	deny    *StatementRef  // first matching Deny statement
	allow   *StatementRef  // first matching Allow statement
	pm      principalMatch // for the resource gate: the strongest principal match among allows
	allowBy *StatementRef  // the allow statement with that strongest match
}

// Evaluate decides the request. It allocates nothing.
func (p *Prepared) Evaluate(r *Request) Result {
	sc := cond.GetScratch()
	res := p.decide(r, sc, nil)
	cond.PutScratch(sc)
	return res
}

// evaluateGate runs one gate. Deny statements are all checked, since an
// explicit deny anywhere decides; Allow statements only until one matches
// (for the resource gate, until an exact principal match), unless tracing.
func evaluateGate(g Gate, level int, gp *gatePolicies, e *env) gateOutcome {
	tr := e.tr
	if tr != nil {
		tr.beginGate(g, level)
	}
	out := gateOutcome{present: gp.present}
	for _, cp := range gp.policies {
		if tr != nil {
			tr.policy(cp, e)
		}
		for _, s := range cp.deny.candidates(e.service) {
			if ok, _ := s.matches(e, nil); ok && out.deny == nil {
				out.deny = &s.ref
			}
		}
		if out.pm == pmExact && tr == nil {
			continue
		}
		for _, s := range cp.allow.candidates(e.service) {
			ok, pm := s.matches(e, nil)
			if !ok {
				continue
			}
			if out.allow == nil {
				out.allow = &s.ref
			}
			if pm > out.pm {
				out.pm, out.allowBy = pm, &s.ref
			}
			if out.pm == pmExact && tr == nil {
				break
			}
		}
	}
	if tr != nil {
		tr.endGate(out)
	}
	if e.outcomes != nil {
		*e.outcomes = append(*e.outcomes, GateOutcome{Gate: g, Level: level, Outcome: outcomeOf(out)})
	}
	return out
}

// decide decides the request: the service rules (servicerules.go) over
// the policies' decision. An action that needs no permission is not
// evaluated at all unless tracing, where the policies are still shown.
func (p *Prepared) decide(r *Request, sc *cond.Scratch, tr *tracer) Result {
	if r.rule == ruleNone {
		return p.decidePolicies(r, sc, tr, nil)
	}
	if r.rule == ruleNoPermission && tr == nil {
		return r.applyRule(Result{})
	}
	return r.applyRule(p.decidePolicies(r, sc, tr, nil))
}

// decidePolicies applies the decision order of the IAM User Guide, "Policy
// evaluation logic" ("Determining whether a request is allowed or denied
// within an account" and "Cross-account policy evaluation logic"). Each
// gate's outcome is appended to outcomes when it is not nil.
func (p *Prepared) decidePolicies(r *Request, sc *cond.Scratch, tr *tracer, outcomes *[]GateOutcome) Result {
	a := applicability(p, r)
	e := &env{r: r, service: p.services.lookup(r.service), sc: sc, tr: tr, outcomes: outcomes, bounded: a.boundary}
	var scpBuf, rcpBuf [8]gateOutcome
	var scp, rcp []gateOutcome
	var identity, boundary, session, resource, endpoint gateOutcome
	if a.scp {
		scp = evaluateLevels(scpBuf[:0], p.scp, e, GateSCP)
	}
	if a.rcp {
		rcp = evaluateLevels(rcpBuf[:0], p.rcp, e, GateRCP)
	}
	if a.endpoint {
		endpoint = evaluateGate(GateEndpoint, 0, &p.endpoint, e)
	}
	if a.boundary {
		boundary = evaluateGate(GateBoundary, 0, &p.boundary, e)
	}
	if a.session {
		session = evaluateGate(GateSession, 0, &p.session, e)
	}
	if a.identity {
		identity = evaluateGate(GateIdentity, 0, &p.identity, e)
	}
	if a.resource {
		resource = evaluateGate(GateResource, 0, &p.resource, e)
	}

	// 1. An explicit deny in any applicable policy.
	for _, o := range scp {
		if o.deny != nil {
			return denied(o.deny)
		}
	}
	for _, o := range rcp {
		if o.deny != nil {
			return denied(o.deny)
		}
	}
	for _, o := range []*gateOutcome{&endpoint, &boundary, &session, &identity, &resource} {
		if o.deny != nil {
			return denied(o.deny)
		}
	}
	// 2. Every RCP level, then every SCP level, must allow.
	if res, ok := levelsAllow(rcp, GateRCP); !ok {
		return res
	}
	if res, ok := levelsAllow(scp, GateSCP); !ok {
		return res
	}
	// 3. The VPC endpoint policy must allow ("Control access to VPC
	// endpoints using endpoint policies": the endpoint policy does not
	// grant, it limits; it applies to every caller, anonymous included).
	if a.endpoint && endpoint.allow == nil {
		return Result{Decision: ImplicitDeny, Reason: ReasonEndpointNoAllow, Gate: GateEndpoint}
	}
	return decidePrincipal(r, a, identity, boundary, session, resource)
}

func denied(ref *StatementRef) Result {
	return Result{Decision: ExplicitDeny, Reason: ReasonExplicitDeny, Gate: ref.Gate, Level: ref.Level, Statement: ref}
}

func levelsAllow(levels []gateOutcome, g Gate) (Result, bool) {
	for i, o := range levels {
		if o.allow == nil {
			return Result{Decision: ImplicitDeny, Reason: ReasonLevelNoAllow, Gate: g, Level: i}, false
		}
	}
	return Result{}, true
}

// evaluateLevels appends the outcome of each organization level to out.
func evaluateLevels(out []gateOutcome, levels []gatePolicies, e *env, g Gate) []gateOutcome {
	for i := range levels {
		out = append(out, evaluateGate(g, i, &levels[i], e))
	}
	return out
}

// decidePrincipal is the last part of the order: resource-based policy,
// identity-based policies, permissions boundary and session policies.
func decidePrincipal(r *Request, a gates, identity, boundary, session, resource gateOutcome) Result {
	switch r.Principal.Kind {
	case arn.Anonymous, arn.Service, arn.WebIdentity, arn.CloudFrontOAI:
		// Only a resource-based policy can grant to an anonymous caller, an
		// AWS service principal, a federated identity provider's user (a
		// role trust policy for sts:AssumeRoleWithWebIdentity/SAML) or a
		// CloudFront origin access identity, which has no IAM policies of
		// its own (CloudFront Developer Guide, "Restrict access to an Amazon
		// S3 origin": the bucket policy grants the identity).
		if resource.allow != nil {
			return Result{Decision: Allow, Reason: ReasonResourceAllow, Gate: GateResource, Statement: resource.allowBy}
		}
		return Result{Decision: ImplicitDeny, Reason: ReasonResourceNoAllow, Gate: GateResource}
	}
	limitsOK, limit := limitsAllow(a, boundary, session)
	identityRes := identityAllows(r, a, identity, limitsOK, limit)
	if !r.sameAccount() || requiresResourcePolicy(r) {
		// Cross-account: "both the identity-based policy and the
		// resource-based policy must allow". The same holds in any account
		// for role trust policies and KMS key policies, which must grant
		// ("How role trust works"; AWS KMS "Key policies").
		if resource.allow == nil {
			return Result{Decision: ImplicitDeny, Reason: ReasonResourceNoAllow, Gate: GateResource}
		}
		if r.sameAccount() {
			if res, ok := sameAccountResourceGrant(resource, limitsOK); ok {
				return res
			}
		}
		return identityRes
	}
	if res, ok := sameAccountResourceGrant(resource, limitsOK); ok {
		return res
	}
	return identityRes
}

// sameAccountResourceGrant: within an account, a resource-based policy that
// names the caller grants on its own. If it names the IAM user, the role
// session or the federated user itself, or everyone ("*"), neither the
// permissions boundary nor session policies limit it; if it names the role
// (for a role session), they do. Naming only the account delegates to the
// account's IAM policies and grants nothing by itself. IAM User Guide,
// "Policy evaluation logic" (resource-based policies), "Permissions
// boundaries for IAM entities", "Session policies", and "AWS JSON policy
// elements: Principal" ("Identity-based policy types, such as permissions
// boundaries or session policies, do not limit permissions granted using
// the aws:PrincipalArn condition key with a wildcard(*) in the Principal
// element, unless the identity-based policies contain an explicit deny").
func sameAccountResourceGrant(resource gateOutcome, limitsOK bool) (Result, bool) {
	allow := Result{Decision: Allow, Reason: ReasonResourceAllow, Gate: GateResource, Statement: resource.allowBy}
	switch resource.pm {
	case pmExact, pmWildcard:
		return allow, true
	case pmRole:
		if limitsOK {
			return allow, true
		}
	}
	return Result{}, false
}

// limitsAllow checks the permissions boundary and session policies, which
// only limit: each that applies must allow.
func limitsAllow(a gates, boundary, session gateOutcome) (bool, Result) {
	if a.boundary && boundary.allow == nil {
		return false, Result{Decision: ImplicitDeny, Reason: ReasonBoundaryNoAllow, Gate: GateBoundary}
	}
	if a.session && session.allow == nil {
		return false, Result{Decision: ImplicitDeny, Reason: ReasonSessionNoAllow, Gate: GateSession}
	}
	return true, Result{}
}

// identityAllows is the identity-side decision: an identity-based policy
// must allow (the root user needs none in its own account), within the
// boundary and session policies.
func identityAllows(r *Request, a gates, identity gateOutcome, limitsOK bool, limit Result) Result {
	if r.Principal.Kind == arn.Account {
		return Result{Decision: Allow, Reason: ReasonRootUser, Gate: GateIdentity}
	}
	if identity.allow == nil {
		return Result{Decision: ImplicitDeny, Reason: ReasonIdentityNoAllow, Gate: GateIdentity}
	}
	if !limitsOK {
		return limit
	}
	return Result{Decision: Allow, Reason: ReasonIdentityAllow, Gate: GateIdentity, Statement: identity.allow}
}

// requiresResourcePolicy reports whether the request is one whose resource
// policy must grant even within an account: the role trust policy for the
// sts:AssumeRole family and session tagging, and the key policy for
// requests on a KMS key ("AWS KMS key policies": "Every KMS key must have
// exactly one key policy ... no AWS principal has any permissions to a KMS
// key unless it is explicitly allowed by the key policy"). KMS actions on
// no key (kms:CreateKey, kms:ListKeys) need no key policy.
func requiresResourcePolicy(r *Request) bool {
	return trustActions[r.action] || r.service == "kms" && isKMSKey(r.Resource)
}

// trustActions are the actions the role trust policy must grant.
var trustActions = map[string]bool{"sts:assumerole": true, "sts:assumerolewithsaml": true, "sts:assumerolewithwebidentity": true,
	"sts:tagsession": true, "sts:setsourceidentity": true, "sts:setcontext": true}

// isKMSKey reports whether an ARN names a KMS key.
func isKMSKey(resource string) bool {
	a, ok := arn.Parsed(resource)
	return ok && a.Service == "kms" && strings.HasPrefix(a.Resource, "key/")
}

// gates says which gates apply to a request.
type gates struct {
	scp, rcp, endpoint, boundary, session, identity, resource bool
}

// applicability decides which policy types apply to this caller and action.
func applicability(p *Prepared, r *Request) gates {
	k := r.Principal.Kind
	iam := isIAM(k)
	session := k == arn.AssumedRole || k == arn.Role || k == arn.FederatedUser
	return gates{
		// SCPs limit IAM principals of member accounts, root included; they
		// do not apply to service principals or service-linked roles
		// (Organizations User Guide, "Service control policies").
		scp: iam && len(p.scp) > 0 && !isServiceLinkedRole(r.Principal),
		// RCPs limit access to resources of the services that support
		// them, whoever calls (Organizations User Guide, "Resource control
		// policies"); not for service-linked roles.
		rcp:      len(p.rcp) > 0 && rcpServices[r.service] && !isServiceLinkedRole(r.Principal),
		endpoint: p.endpoint.present,
		boundary: iam && k != arn.Account && p.boundary.present,
		// A federated user session from GetFederationToken has no
		// permissions unless session policies were passed (AWS STS API
		// Reference, GetFederationToken), so its session gate always applies.
		session:  session && p.session.present || k == arn.FederatedUser,
		identity: iam,
		resource: p.resource.present,
	}
}

// isIAM reports whether a caller of this kind is an IAM principal of an
// account, which identity-based policies, SCPs and boundaries can concern.
func isIAM(k arn.PrincipalKind) bool {
	switch k {
	case arn.Anonymous, arn.Service, arn.WebIdentity, arn.CloudFrontOAI:
		return false
	}
	return true
}

// rcpServices are the services RCPs apply to (Organizations User Guide,
// "Resource control policies (RCPs)", "List of AWS services that support RCPs").
var rcpServices = map[string]bool{
	"s3": true, "sts": true, "kms": true, "sqs": true, "secretsmanager": true,
	"cognito-identity": true, "logs": true, "dynamodb": true, "ecr": true, "aoss": true,
}

// isServiceLinkedRole: service-linked roles live under the path
// /aws-service-role/ (IAM User Guide, "Using service-linked roles").
func isServiceLinkedRole(p arn.Principal) bool {
	return p.Kind == arn.Role && strings.HasPrefix(p.Path, "/aws-service-role/")
}
