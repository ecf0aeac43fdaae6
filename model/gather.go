package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// Query is a question to the model: can these credentials, from there,
// do this action to this resource?
type Query struct {
	Credentials Credentials
	Action      string
	Resource    string // ARN or "*"; "" means "*"
	From        Vantage
	Context     map[string][]string // extra keys; they replace derived ones
	Lists       map[string]bool     // keys of Context given as lists (policy.Request.Lists)
	// ResourceOwner is the account assumed to own a resource the model
	// does not declare and whose ARN names no account (an S3 bucket): the
	// analyses infer it (the model's only account) and say so. Empty: an
	// undeclared bucket is an error, its owner being unknown.
	ResourceOwner string
}

// Gathered is every policy that applies to a query, the request, and how
// they were found.
type Gathered struct {
	Set       policy.Set
	Request   policy.Request
	Principal string // the principal the request is made as
	Route     *Route
	Resource  *Resource // the model's resource, nil when the model has none
	// Assumed says what the answer assumed that the model does not state
	// (the owner of an undeclared bucket).
	Assumed []string
	// layerRoom backs Request.Layers (clipped: an append copies): one
	// allocation per gather instead of two, which an organization-wide
	// question makes for each of its 100,000 principals.
	layerRoom [maxLayers]map[string][]string
}

// Gather collects the policies that apply to a query and the request to
// evaluate against them.
func (m *Model) Gather(q Query) (policy.Set, policy.Request, error) {
	g, err := m.GatherAll(q)
	if err != nil {
		return policy.Set{}, policy.Request{}, err
	}
	return g.Set, g.Request, nil
}

// GatherAll is Gather with the route and the resolved principal.
func (m *Model) GatherAll(q Query) (*Gathered, error) {
	cl, err := m.resolveCaller(q.Credentials)
	if err != nil {
		return nil, err
	}
	return m.gatherFor(nil, cl, q)
}

// gatherFor gathers q for the caller, through g's kept parts when g is
// not nil.
func (m *Model) gatherFor(gk *Gatherer, cl *caller, q Query) (*Gathered, error) {
	service, _, ok := strings.Cut(q.Action, ":")
	if !ok || service == "" {
		return nil, fmt.Errorf("action %q: expected service:Action", q.Action)
	}
	service = strings.ToLower(service)
	if q.Resource == "" {
		q.Resource = "*"
	}
	action := awsref.LowerActionName(q.Action)
	res, err := gk.resourceInfo(m, q.Resource, action, cl, q.ResourceOwner)
	if err != nil {
		return nil, err
	}
	rt, err := gk.route(m, q.From, service, res.region)
	if err != nil {
		return nil, err
	}
	g := &Gathered{Principal: cl.principal, Route: rt, Resource: res.model}
	if res.assumed != "" {
		g.Assumed = append(g.Assumed, res.assumed)
	}
	if r := res.model; r != nil && len(r.Grants) > 0 {
		grantees := make([]string, 0, len(r.Grants))
		for _, gr := range r.Grants {
			grantees = append(grantees, gr.Grantee+" ("+strings.Join(gr.Operations, ", ")+")")
		}
		g.Assumed = append(g.Assumed, fmt.Sprintf("key %s has %d KMS grants, which this decision does not evaluate: %s",
			r.ARN, len(r.Grants), strings.Join(grantees, "; ")))
	}
	if err := gk.principalPolicies(m, cl, &g.Set); err != nil {
		return nil, err
	}
	g.Set.SCP = gk.orgLevels(m, cl.account, SCPType, !m.scpApplies(cl))
	g.Set.RCP = gk.orgLevels(m, res.account, RCPType, cl.role != nil && cl.role.ServiceLinked)
	g.Set.Resource = res.policy
	if rt.Endpoint != nil {
		g.Set.Endpoint = rt.Endpoint.Policy
	}
	layers, assumed := m.context(g.layerRoom[:0], gk, cl, res, rt, resourceKey{q.Resource, q.ResourceOwner, trustActions[action]})
	for k := range q.Context {
		if _, ok := assumed[k]; ok { // given: not assumed (assumed may be shared)
			assumed = maps.Clone(assumed)
			delete(assumed, k)
		}
	}
	who, err := cl.principalParsed()
	if err != nil {
		return nil, fmt.Errorf("principal: %w", err)
	}
	// The query's keys replace the derived ones: they are Context, over
	// the layers (policy.Request.All).
	g.Request = policy.Request{Principal: who, Action: q.Action, Resource: q.Resource,
		ResourceAccount: res.account, Context: q.Context, Layers: slices.Clip(layers), Lists: q.Lists, Assumed: assumed}
	return g, nil
}

// scpApplies: SCPs limit the IAM principals of member accounts other than
// the management account, except service-linked roles (Organizations User
// Guide, "Service control policies").
func (m *Model) scpApplies(cl *caller) bool {
	switch cl.kind {
	case arn.Anonymous, arn.Service, arn.WebIdentity, arn.CloudFrontOAI:
		return false
	}
	return cl.role == nil || !cl.role.ServiceLinked
}

// orgLevels returns the SCPs or RCPs of an account's chain, root first,
// or nil when none apply (no organization, an outside account, the
// management account, the type not enabled, or skip).
func (m *Model) orgLevels(account string, t OrgPolicyType, skip bool) [][]*policy.Policy {
	o := m.Org
	a := m.Accounts[account]
	if skip || o == nil || a == nil || a.Parent == "" || account == o.ManagementAccount {
		return nil
	}
	if t == SCPType && !o.SCPEnabled || t == RCPType && !o.RCPEnabled {
		return nil
	}
	var chain []*OrgNode
	for n := o.Nodes[a.Parent]; n != nil; n = n.Parent {
		chain = append(chain, n)
	}
	levels := make([][]*policy.Policy, 0, len(chain)+1)
	for i := len(chain) - 1; i >= 0; i-- {
		levels = append(levels, o.docs(pick(chain[i].SCPs, chain[i].RCPs, t)))
	}
	return append(levels, o.docs(pick(a.SCPs, a.RCPs, t)))
}

func pick(scps, rcps []string, t OrgPolicyType) []string {
	if t == RCPType {
		return rcps
	}
	return scps
}

func (o *Organization) docs(ids []string) []*policy.Policy {
	out := make([]*policy.Policy, 0, len(ids))
	for _, id := range ids {
		out = append(out, o.Policies[id].Document)
	}
	return out
}

// OrgPath is the value of aws:PrincipalOrgPaths / aws:ResourceOrgPaths
// for an account: o-ID/r-ID/ou-.../ down to the account's parent.
func (m *Model) OrgPath(account string) string {
	a := m.Accounts[account]
	if m.Org == nil || a == nil || a.Parent == "" {
		return ""
	}
	var parts []string
	for n := m.Org.Nodes[a.Parent]; n != nil; n = n.Parent {
		parts = append(parts, n.ID)
	}
	var b strings.Builder
	b.WriteString(m.Org.ID + "/")
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i] + "/")
	}
	return b.String()
}

// principalPolicies fills in identity policies and the boundary.
func (m *Model) principalPolicies(cl *caller, ps *policy.Set) error {
	return m.principalPoliciesIn(nil, cl, ps)
}

// principalPoliciesIn is principalPolicies with the identity policies in
// room when they fit (a Caller's, which keeps them), clipped: a reader
// that appends to a set's policies copies them, and leaves room as it is.
func (m *Model) principalPoliciesIn(room []*policy.Policy, cl *caller, ps *policy.Set) error {
	var pr *Principal
	switch {
	case cl.user != nil:
		pr = &cl.user.Principal
	case cl.role != nil:
		pr = &cl.role.Principal
	default:
		return nil
	}
	ids := append(room[:0], pr.Inline...)
	var err error
	if ids, err = m.appendManaged(ids, pr.Managed); err != nil {
		return err
	}
	if cl.user != nil {
		a := m.Accounts[cl.user.Account]
		for _, gname := range cl.user.Groups {
			g := a.Groups[gname]
			ids = append(ids, g.Inline...)
			if ids, err = m.appendManaged(ids, g.Managed); err != nil {
				return err
			}
		}
	}
	ps.Identity = slices.Clip(ids)
	if len(ids) == 0 {
		ps.Identity = nil // as append to nil leaves it
	}
	if pr.Boundary != "" {
		b, err := m.ManagedDocument(pr.Boundary)
		if err != nil {
			return err
		}
		ps.Boundary = []*policy.Policy{b}
	}
	return nil
}

func (m *Model) appendManaged(out []*policy.Policy, arns []string) ([]*policy.Policy, error) {
	for _, a := range arns {
		d, err := m.ManagedDocument(a)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// ManagedDocument returns a managed policy's document. The loader puts
// every managed policy a principal attaches in the model (AWS managed ones
// from the model files, --aws-managed-policies or the built-in set), so a
// query never reads a file.
func (m *Model) ManagedDocument(arnStr string) (*policy.Policy, error) {
	if mp := m.Managed[arnStr]; mp != nil && mp.Document != nil {
		return mp.Document, nil
	}
	return nil, NotInModel("managed policy %s is not in the model", arnStr)
}

// resourceFacts is what the model knows of a request's resource.
type resourceFacts struct {
	model   *Resource
	account string
	region  string
	ofModel bool // the region is the model's record of the resource, not its ARN's
	policy  *policy.Policy
	tags    map[string]string
	assumed string // how the owner was inferred, "" when the ARN or the model says it
}

// resourceInfo finds the resource's owner, region and policy. For the
// sts:AssumeRole family on a role, the policy is the role's trust policy.
func (m *Model) resourceInfo(resource, action string, cl *caller, owner string) (resourceFacts, error) {
	if resource == "*" {
		return resourceFacts{account: cl.account}, nil
	}
	a, err := arn.Parse(resource)
	if err != nil {
		return resourceFacts{}, fmt.Errorf("resource: %w", err)
	}
	f := resourceFacts{account: a.AccountID, region: a.Region}
	if trustActions[action] && a.Service == "iam" && strings.HasPrefix(a.Resource, "role/") {
		r, err := m.role(a.AccountID, a.Resource[strings.LastIndexByte(a.Resource, '/')+1:])
		if err != nil {
			return f, fmt.Errorf("resource: %w", err)
		}
		f.policy, f.tags = r.Trust, r.Tags
		return f, nil
	}
	res := m.ResourceOf(resource)
	if res == nil {
		if err := m.notCollected(a, a.AccountID, a.Region); err != nil {
			return f, err
		}
		return m.unknownResource(f, a, resource, owner)
	}
	if err := m.notCollected(a, res.Account, res.Region); err != nil {
		return f, err
	}
	f.model, f.account, f.policy, f.tags = res, res.Account, res.Policy, res.Tags
	if f.region == "" {
		f.region, f.ofModel = res.Region, true
	}
	return f, nil
}

// unknownResource: a resource the model does not hold has no resource
// policy, unless its owner or its policy cannot be known without it.
func (m *Model) unknownResource(f resourceFacts, a arn.ARN, resource, owner string) (resourceFacts, error) {
	switch {
	case a.Service == "s3" && a.AccountID == "" && owner != "":
		f.account = owner // stated or assumed by the caller, who reports it
		return f, nil
	case a.Service == "s3" && a.AccountID == "" && len(m.Accounts) == 1 && !wildcard.HasWildcard(a.Resource):
		// A model of one account (a GAAD file alone): the bucket is taken
		// as that account's, and the answer says so.
		f.account = m.AccountIDs()[0]
		f.assumed = fmt.Sprintf("bucket %s is not in the model: taken as owned by its only account, %s (state another owner with --resource-account)",
			strings.SplitN(a.Resource, "/", 2)[0], f.account)
		return f, nil
	case a.Service == "s3" && a.AccountID == "" && !wildcard.HasWildcard(a.Resource):
		if ids := m.AccountIDs(); len(ids) > 1 {
			return f, NotInModel("resource: bucket of %s is not in the model and its ARN names no account, so its owner account is unknown "+
				"(the model holds %d accounts): state it with --resource-account ACCOUNT-ID, or add the bucket to the model "+
				"(a collected s3api.list-buckets, or accounts[].buckets)", resource, len(ids))
		}
		return f, NotInModel("resource: bucket of %s is not in the model and its ARN names no account, so its owner account is unknown: "+
			"state it with --resource-account ACCOUNT-ID, or add the bucket to the model", resource)
	case a.Service == "kms" && strings.HasPrefix(a.Resource, "key/") && !wildcard.HasWildcard(a.Resource):
		return f, NotInModel("resource: KMS key %s is not in the model, and a key policy must grant access: declare it (accounts[].keys)", resource)
	}
	if f.account == "" || f.account == "aws" {
		f.account = ""
	}
	return f, nil
}

// trustActions are evaluated against the role's trust policy.
var trustActions = map[string]bool{
	"sts:assumerole": true, "sts:assumerolewithsaml": true, "sts:assumerolewithwebidentity": true,
	"sts:tagsession": true, "sts:setsourceidentity": true, "sts:setcontext": true,
}

// context derives the keys AWS sets from the principal, its credentials,
// the resource and the route, as layers of a request
// (policy.Request.Layers), and says which of them are assumptions
// (policy.Request.Assumed). Each layer is kept by gk, when not nil, for
// every request that shares it (read only): the caller's credentials,
// the route, what the principal's account gives (its organization), what
// the principal gives, what the resource gives, and the Region, a later
// layer's key replacing an earlier's as the one map built here per
// request did. The layers are appended to layers.
func (m *Model) context(layers []map[string][]string, gk *Gatherer, cl *caller, res resourceFacts, rt *Route, rk resourceKey) ([]map[string][]string, map[string]string) {
	add := func(l map[string][]string) {
		if len(l) > 0 {
			layers = append(layers, l)
		}
	}
	add(cl.ctx)
	add(rt.Context)
	add(gk.principalOrgLayer(m, cl))
	add(gk.callerLayer(m, cl))
	add(gk.resourceLayer(m, res, rk))
	// The Region a request is sent to is the resource's for most calls,
	// not all: ec2:CopySnapshot is sent to the destination Region.
	var assumed map[string]string
	region, from := res.region, regionFromARN
	if region == "" {
		region, from = rt.Region, regionFromRoute
	}
	if region != "" && !res.ofModel {
		assumed = gk.assumedRegion(from)
	}
	if region != "" {
		add(gk.regionLayer(region))
	}
	return layers, assumed
}

// maxLayers is how many layers context adds at most.
const maxLayers = 6

// Where aws:RequestedRegion is taken from when the model does not say.
const (
	regionFromARN   = "from the resource ARN's Region; a call sent to another Region has that one (ec2:CopySnapshot is sent to the destination Region)"
	regionFromRoute = "from the Region of the vantage point's network path"
)

// principalOrgKeys are the keys of the caller's account: its
// organization's id and path.
func (m *Model) principalOrgKeys(gk *Gatherer, cl *caller) map[string][]string {
	if m.Org == nil || cl.kind == arn.Service || cl.kind == arn.Anonymous {
		return nil
	}
	ctx := make(map[string][]string, 2)
	m.orgKeys(gk, ctx, cl.account, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	return ctx
}

// callerKeys are the keys of the caller's principal: its ids, its tags.
func (m *Model) callerKeys(gk *Gatherer, cl *caller) map[string][]string {
	return m.callerKeysIn(nil, gk, cl)
}

// callerKeysIn is callerKeys with its values in room when they fit (a
// Caller's, which keeps the map: its values are read only).
func (m *Model) callerKeysIn(room []string, gk *Gatherer, cl *caller) map[string][]string {
	pr := cl.identity()
	// Sized and given its values' room up front: an organization-wide
	// question builds this map for each of its 100,000 principals, and a
	// map grown key by key was a fifth of whocan's gathering allocation.
	n := 2 // an ARN, an id
	if pr != nil {
		n += len(pr.Tags)
	}
	ctx := make(map[string][]string, n)
	values := room[:0]
	if n > len(room) {
		values = make([]string, 0, n)
	}
	set := func(k, v string) {
		if v != "" {
			values = append(values, v)
			ctx[k] = values[len(values)-1 : len(values) : len(values)]
		}
	}
	switch {
	case cl.user != nil:
		set("aws:userid", pr.ID)
	case cl.role != nil:
		set("aws:PrincipalArn", pr.ARN)
		if pr.ID != "" && cl.session != "" {
			set("aws:userid", pr.ID+":"+cl.session)
		}
	}
	if pr != nil {
		for k, v := range pr.Tags {
			set("aws:PrincipalTag/"+k, v)
		}
	}
	return ctx
}

// resourceKeys are the keys of the resource: its organization and its tags.
func (m *Model) resourceKeys(gk *Gatherer, res resourceFacts) map[string][]string {
	ctx := map[string][]string{}
	if m.Org != nil {
		m.orgKeys(gk, ctx, res.account, "aws:ResourceOrgID", "aws:ResourceOrgPaths")
	}
	for k, v := range res.tags {
		if v != "" {
			ctx["aws:ResourceTag/"+k] = []string{v}
		}
	}
	return ctx
}

// orgKeys sets the organization keys of an account, whose values are
// shared by every request of a Gatherer (read only).
func (m *Model) orgKeys(gk *Gatherer, ctx map[string][]string, account, idKey, pathsKey string) {
	v := gk.orgValues(m, account)
	if v.path == "" {
		return
	}
	if v.id != nil {
		ctx[idKey] = v.id
	}
	ctx[pathsKey] = v.paths
}

// NotInModel is the error of a question or change that names what the
// model does not hold (errcode.NotInModel, SE3002).
func NotInModel(format string, args ...any) error {
	return errcode.With(errcode.NotInModel, fmt.Errorf(format, args...))
}
