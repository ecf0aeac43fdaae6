package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// placeholderCaller is the caller of a SimulateCustomPolicy call without
// CallerArn. IAM's simulator then has no principal; Sekisho's engine needs
// one, so the principal-derived keys (aws:PrincipalArn, aws:username, ...)
// take this user's values. docs/serve.md says so.
const placeholderCaller = "sekisho-simulated-caller"

// simResult is one simulated action on one resource.
type simResult struct {
	action, resource string
	decision         eval.Decision
	matched          []matchedStatement
	missing          []string // condition keys the decision assumed absent
	orgs             *bool    // allowed by the SCPs; nil when none apply
	boundary         *bool    // allowed by the permissions boundary; nil when none applies
	gates            []gateDecision
	resourceGiven    bool // the call named resources (ResourceSpecificResults)
}

// gateDecision is what one gate (all its organization levels together)
// said of the request.
type gateDecision struct {
	gate     string
	decision eval.Decision
}

// matchedStatement is a statement that decided, located in its document.
type matchedStatement struct {
	policyID   string
	policyType string // IAM's PolicySourceType, "" when IAM has none for it
	line, col  int
	gate       string
	index      int
}

// simulation is one page of results.
type simulation struct {
	results   []simResult
	truncated bool
	marker    string
}

// preparer returns the prepared policies and the request for one action
// on one resource.
type preparer func(action, resource string) (*eval.Prepared, eval.RequestInput, error)

func (s *Server) simulate(ctx context.Context, in *simulateInput) (*simulation, error) {
	st := s.state.Load()
	var prep preparer
	var types map[string]string
	var err error
	if in.op == simPrincipal {
		prep, types, err = s.principalPreparer(st, in)
	} else {
		prep, types, err = s.customPreparer(in)
	}
	if err != nil {
		return nil, err
	}
	total := len(in.actions) * len(in.resources)
	start, err := in.start(total)
	if err != nil {
		return nil, err
	}
	end := min(start+in.maxItems, total)
	out := &simulation{}
	for i := start; i < end; i++ {
		// The request's time limit, checked between simulations: a call
		// of many actions and resources stops when it runs out.
		if ctx.Err() != nil {
			return nil, errorf(KindTimeout, "the request ran past its time limit after %d of %d simulations", i-start, end-start)
		}
		action, resource := in.actions[i/len(in.resources)], in.resources[i%len(in.resources)]
		r, err := s.simulateOne(prep, types, action, resource)
		if err != nil {
			return nil, err
		}
		r.resourceGiven = in.resourcesGiven
		out.results = append(out.results, r)
	}
	if end < total {
		out.truncated, out.marker = true, in.markerFor(end)
	}
	return out, nil
}

func (s *Server) simulateOne(prep preparer, types map[string]string, action, resource string) (simResult, error) {
	prepared, ri, err := prep(action, resource)
	if err != nil {
		return simResult{}, err
	}
	req, err := eval.NewRequest(ri, s.now())
	if err != nil {
		return simResult{}, errorf(KindBadInput, "%v", err)
	}
	// An untraced evaluation gives the decision and every gate's outcome;
	// only the gates that decided are asked for their matching statements.
	var buf [16]eval.GateOutcome
	res, outs := prepared.Outcomes(req, buf[:0])
	s.metrics.decision[res.Decision].Add(1)
	r := resultOf(action, resource, res, outs)
	r.matched = matchedStatements(prepared, req, res, outs, types)
	r.missing = prepared.ExplainAbsentKeys(req)
	return r, nil
}

// resultOf reads IAM's per-gate fields from the gates' outcomes: one
// EvalDecisionDetails entry per gate (its levels together, the strictest
// outcome), AllowedByOrganizations when SCPs apply (every level must
// allow), AllowedByPermissionsBoundary when a boundary applies.
func resultOf(action, resource string, res eval.Result, outs []eval.GateOutcome) simResult {
	r := simResult{action: action, resource: resource, decision: res.Decision}
	scpAllowed, scpSeen := true, false
	for _, o := range outs {
		d := outcomeDecision(o.Outcome)
		if i := slices.IndexFunc(r.gates, func(g gateDecision) bool { return g.gate == o.Gate.String() }); i >= 0 {
			r.gates[i].decision = stricter(r.gates[i].decision, d)
		} else {
			r.gates = append(r.gates, gateDecision{gate: o.Gate.String(), decision: d})
		}
		switch o.Gate {
		case eval.GateSCP:
			scpSeen = true
			scpAllowed = scpAllowed && d == eval.Allow
		case eval.GateBoundary:
			b := d == eval.Allow
			r.boundary = &b
		}
	}
	if scpSeen {
		r.orgs = &scpAllowed
	}
	return r
}

// matchedStatements returns the statements that determine the decision
// (IAM API Reference, EvaluationResult.MatchedStatements), the deciding
// one first: for an explicit deny only the matching Deny statements, of
// every gate (IAM's simulator leaves SCPs out; Sekisho names the SCP, RCP
// or endpoint statement that denied, as docs/serve.md says); for an allow
// the matching Allow statements of the policies that grant
// (identity-based, session and resource-based, not the guardrails that
// only limit); none for an implicit deny, which no statement decides.
func matchedStatements(p *eval.Prepared, req *eval.Request, res eval.Result, outs []eval.GateOutcome, types map[string]string) []matchedStatement {
	var effect policy.Effect
	var want eval.Outcome
	switch res.Decision {
	case eval.ExplicitDeny:
		effect, want = policy.Deny, eval.OutcomeDeny
	case eval.Allow:
		effect, want = policy.Allow, eval.OutcomeAllow
	default:
		return nil
	}
	var out []matchedStatement
	var refs []*eval.StatementRef
	for _, o := range outs {
		if o.Outcome != want || effect == policy.Allow && !grants(o.Gate) {
			continue
		}
		refs = p.Matching(req, o.Gate, o.Level, effect, refs[:0])
		for _, ref := range refs {
			out = append(out, matchedOf(ref, types))
		}
	}
	return decidingFirst(out, res.Statement)
}

// grants reports whether a gate's Allow statements grant (rather than
// only limit).
func grants(g eval.Gate) bool {
	return g == eval.GateIdentity || g == eval.GateResource || g == eval.GateSession
}

func matchedOf(ref *eval.StatementRef, types map[string]string) matchedStatement {
	gate := ref.Gate.String()
	typ, ok := types[ref.Policy.Name]
	if !ok {
		typ = gateSourceType(gate)
	}
	st := ref.Statement
	return matchedStatement{policyID: ref.Policy.Name, policyType: typ, line: st.Pos.Line, col: st.Pos.Col,
		gate: gate, index: st.Index}
}

// decidingFirst moves the deciding statement to the front.
func decidingFirst(ms []matchedStatement, d *eval.StatementRef) []matchedStatement {
	if d == nil {
		return ms
	}
	for i, m := range ms {
		if m.policyID == d.Policy.Name && m.index == d.Statement.Index && m.gate == d.Gate.String() {
			copy(ms[1:i+1], ms[:i])
			ms[0] = m
			break
		}
	}
	return ms
}

// gateSourceType is IAM's PolicySourceType for a policy of a gate that no
// model principal names: "resource" for resource-based policies, "none"
// for the gates IAM's type has no value for (SCPs, RCPs, VPC endpoint
// policies, session policies).
func gateSourceType(gate string) string {
	switch gate {
	case "resource":
		return "resource"
	case "identity", "boundary":
		return ""
	}
	return "none"
}

func outcomeDecision(o eval.Outcome) eval.Decision {
	switch o {
	case eval.OutcomeDeny:
		return eval.ExplicitDeny
	case eval.OutcomeAllow:
		return eval.Allow
	}
	return eval.ImplicitDeny
}

// stricter of two decisions: explicit deny, then implicit deny, then allow.
func stricter(a, b eval.Decision) eval.Decision {
	rank := func(d eval.Decision) int {
		switch d {
		case eval.ExplicitDeny:
			return 2
		case eval.ImplicitDeny:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// customPreparer: the policies of a SimulateCustomPolicy call, parsed and
// compiled once per distinct set of documents (cached).
func (s *Server) customPreparer(in *simulateInput) (preparer, map[string]string, error) {
	if in.resourcePolicy != "" && !in.callerGiven {
		return nil, nil, errorf(KindBadInput, "CallerArn is required when ResourcePolicy is given, so that the policy's Principal element has a caller to match")
	}
	caller := in.caller
	if caller == "" {
		acct := in.resourceOwner
		if acct == "" {
			acct = "123456789012"
		}
		caller = "arn:aws:iam::" + acct + ":user/" + placeholderCaller
	}
	who, err := arn.ParsePrincipal(caller)
	if err != nil {
		return nil, nil, errorf(KindBadInput, "CallerArn: %v", err)
	}
	prepared, err := s.custom.get(in, func() (*eval.Prepared, error) {
		set, err := parseCustomSet(in)
		if err != nil {
			return nil, err
		}
		p, err := eval.Prepare(set)
		if err != nil {
			return nil, errorf(KindMalformedPolicy, "%v", err)
		}
		return p, nil
	})
	if err != nil {
		return nil, nil, err
	}
	prep := func(action, resource string) (*eval.Prepared, eval.RequestInput, error) {
		return prepared, eval.RequestInput{Principal: who, Action: action, Resource: resource,
			ResourceAccount: in.resourceOwner, Context: in.context, Lists: in.contextLists}, nil
	}
	return prep, nil, nil
}

// parseCustomSet reads every document of a call, each named by the
// parameter it came in (IAM's SourcePolicyId: PolicyInputList.1, ...).
func parseCustomSet(in *simulateInput) (eval.PolicySet, error) {
	var set eval.PolicySet
	var err error
	if set.Identity, err = parseDocs("PolicyInputList", in.policies, policy.Identity); err != nil {
		return set, err
	}
	if set.Boundary, err = parseDocs("PermissionsBoundaryPolicyInputList", in.boundaries, policy.Boundary); err != nil {
		return set, err
	}
	for i, level := range in.scpLevels {
		docs, err := parseDocs(fmt.Sprintf("OrderedOrganizationPolicyInputList.%d.ServiceControlPolicyInputList", i+1), level, policy.SCP)
		if err != nil {
			return set, err
		}
		set.SCP = append(set.SCP, docs)
	}
	if in.resourcePolicy != "" {
		if set.Resource, err = parseDoc("ResourcePolicy", in.resourcePolicy, policy.Resource); err != nil {
			return set, err
		}
	}
	return set, nil
}

func parseDocs(param string, docs []string, kind policy.Kind) ([]*policy.Policy, error) {
	var out []*policy.Policy
	for i, d := range docs {
		p, err := parseDoc(param+"."+strconv.Itoa(i+1), d, kind)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func parseDoc(name, doc string, kind policy.Kind) (*policy.Policy, error) {
	p, err := policy.Parse([]byte(doc), policy.Source{File: name, Kind: kind, Name: name})
	if err != nil {
		return nil, &Error{Kind: KindMalformedPolicy, Message: err.Error(), Err: err}
	}
	return p, nil
}

// principalPreparer: SimulatePrincipalPolicy gathers, for each action and
// resource, every policy of the model that applies to the principal named
// by PolicySourceArn (identity policies with its groups', boundary, SCPs
// of its account, the resource's policy and RCPs). Documents given in the
// call are added (PolicyInputList) or replace the model's
// (PermissionsBoundaryPolicyInputList, ResourcePolicy,
// OrderedOrganizationPolicyInputList).
func (s *Server) principalPreparer(st *state, in *simulateInput) (preparer, map[string]string, error) {
	src, err := arn.ParsePrincipal(in.policySource)
	if err != nil {
		return nil, nil, errorf(KindBadInput, "PolicySourceArn: %v", err)
	}
	types, err := principalTypes(st.model, src, in.policySource)
	if err != nil {
		return nil, nil, err
	}
	if in.callerGiven && in.caller != in.policySource {
		return nil, nil, errorf(KindBadInput, "CallerArn %s differs from PolicySourceArn %s: simulating one principal with another's policies is not supported", in.caller, in.policySource)
	}
	extra, err := parseCustomSet(in)
	if err != nil {
		return nil, nil, err
	}
	custom := len(in.policies)+len(in.boundaries)+len(in.scpLevels) > 0 || in.resourcePolicy != ""
	compiler := st.compiler
	if custom {
		// Documents of this call must not grow the model's compiler cache.
		compiler = nil
	}
	creds := model.Credentials{Type: model.ByPrincipal, Principal: in.policySource}
	prep := func(action, resource string) (*eval.Prepared, eval.RequestInput, error) {
		g, err := st.model.GatherAll(model.Query{Credentials: creds, Action: action, Resource: resource, Context: in.context, Lists: in.contextLists})
		if err != nil {
			return nil, eval.RequestInput{}, errorf(KindBadInput, "%v", err)
		}
		set := g.Set
		set.Identity = append(append([]*policy.Policy(nil), set.Identity...), extra.Identity...)
		if len(in.boundaries) > 0 {
			set.Boundary = extra.Boundary
		}
		if len(in.scpLevels) > 0 {
			set.SCP = extra.SCP
		}
		if extra.Resource != nil {
			set.Resource = extra.Resource
		}
		p, err := compiler.Prepare(set)
		if err != nil {
			return nil, eval.RequestInput{}, errorf(KindMalformedPolicy, "%v", err)
		}
		ri := g.Request
		if in.resourceOwner != "" {
			ri.ResourceAccount = in.resourceOwner
		}
		return p, ri, nil
	}
	return prep, types, nil
}

// principalTypes finds the principal in the model and names the
// PolicySourceType of each of its policies (IAM API Reference,
// Statement.SourcePolicyType: user, group, role, aws-managed,
// user-managed, resource, none).
func principalTypes(m *model.Model, p arn.Principal, raw string) (map[string]string, error) {
	acct := m.Accounts[p.Account]
	types := map[string]string{}
	addManaged := func(arns []string) {
		for _, a := range arns {
			if strings.HasPrefix(a, "arn:aws:iam::aws:") {
				types[a] = "aws-managed"
			} else {
				types[a] = "user-managed"
			}
			if mp := m.Managed[a]; mp != nil && mp.Document != nil {
				types[mp.Document.Name] = types[a]
			}
		}
	}
	addInline := func(docs []*policy.Policy, typ string) {
		for _, d := range docs {
			types[d.Name] = typ
		}
	}
	switch p.Kind {
	case arn.User:
		var u *model.User
		if acct != nil {
			u = acct.Users[p.Name]
		}
		if u == nil {
			return nil, errorf(KindNotFound, "the user with ARN %s cannot be found in the model", raw)
		}
		addInline(u.Inline, "user")
		addManaged(u.Managed)
		for _, gname := range u.Groups {
			if g := acct.Groups[gname]; g != nil {
				addInline(g.Inline, "group")
				addManaged(g.Managed)
			}
		}
		if u.Boundary != "" {
			addManaged([]string{u.Boundary})
		}
	case arn.Role:
		var r *model.Role
		if acct != nil {
			r = acct.Roles[p.Name]
		}
		if r == nil {
			return nil, errorf(KindNotFound, "the role with ARN %s cannot be found in the model", raw)
		}
		addInline(r.Inline, "role")
		addManaged(r.Managed)
		if r.Boundary != "" {
			addManaged([]string{r.Boundary})
		}
	default:
		return nil, errorf(KindBadInput, "PolicySourceArn %s: expected the ARN of an IAM user or role of the model (groups are not simulated)", raw)
	}
	return types, nil
}

// start is the index of the first result of this page, from Marker.
// A marker is the offset and a digest of the call's other parameters, so
// that a marker cannot be replayed against a different call.
func (in *simulateInput) start(total int) (int, error) {
	if in.marker == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(in.marker)
	off, digest, ok := strings.Cut(string(raw), ".")
	n, aerr := strconv.Atoi(off)
	if err != nil || !ok || aerr != nil || n < 1 || n >= total || digest != in.digest() {
		return 0, errorf(KindBadInput, "Marker %q is not a marker this call returned", in.marker)
	}
	return n, nil
}

func (in *simulateInput) markerFor(next int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(next) + "." + in.digest()))
}

func (in *simulateInput) digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%q|%q|%q|%q|%q|%q|%q|%q|%q|", in.op, in.policySource, in.policies, in.boundaries, in.scpLevels,
		in.actions, in.resources, in.resourcePolicy, in.resourceOwner, in.caller)
	for _, k := range in.contextOrder {
		fmt.Fprintf(h, "%q=%q,%v|", k, in.context[k], in.contextLists[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
