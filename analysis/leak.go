package analysis

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
)

// Stopped is a capability of the legitimate place that a guardrail stops
// elsewhere, with what stops it.
type Stopped struct {
	Capability
	Decision string     `json:"decision"`
	Gate     string     `json:"gate"`
	Reason   string     `json:"reason"`
	By       *Statement `json:"by,omitempty"`
}

// Place is what the credentials can do from one place.
type Place struct {
	Name    string       `json:"name"`
	From    string       `json:"from,omitempty"`
	Context []string     `json:"context,omitempty"` // keys set to stand for the place
	Allowed []Capability `json:"allowed"`           // still allowed here
	Stopped []Stopped    `json:"stopped,omitempty"` // allowed at the legitimate place, denied here
	Error   string       `json:"error,omitempty"`   // the credentials cannot be used here at all
	// Region marks the legitimate place asking for another Region: not a
	// place the credentials were carried to, so not counted as reach
	// beyond it (audit's region check covers a missing region lock).
	Region bool `json:"region,omitempty"`
	// ViaAssumeRole is what the credentials reach from here through the
	// AssumeRole chains found at the legitimate place.
	ViaAssumeRole []Chained `json:"viaAssumeRole,omitempty"`
}

// Chained is what one AssumeRole chain yields at a place: every hop is
// asked again from there; a denied hop stops the chain.
type Chained struct {
	Chain     []string     `json:"chain"`
	Allowed   []Capability `json:"allowed"`
	Stopped   []Stopped    `json:"stopped,omitempty"`
	StoppedAt *Stopped     `json:"stoppedAt,omitempty"` // the sts:AssumeRole hop that is denied here
}

// LeakResult is the blast radius of stolen credentials.
type LeakResult struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string   `json:"schemaVersion"`
	Target        string   `json:"target"`
	Credentials   string   `json:"credentials"`
	Principal     string   `json:"principal"`
	Assumptions   []string `json:"assumptions,omitempty"`
	Legitimate    Place    `json:"legitimate"`
	Elsewhere     []Place  `json:"elsewhere"`
	// IMDSv1 is what credentials fetched with IMDSv1 can do from the
	// legitimate place, for an instance (nil for other targets).
	IMDSv1 *Place `json:"imdsv1,omitempty"`
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// Places where stolen credentials are tried, beside the legitimate one.
const (
	attackerIP   = "198.51.100.77" // a documentation address (RFC 5737)
	attackerVPC  = "vpc-0attacker0000000"
	attackerVPCE = "vpce-0attacker000000"
)

var otherRegions = []string{"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1", "sa-east-1"}

// Leak reports what credentials allow at their legitimate place (an
// instance's own VPC, or anywhere for other credentials), then from the
// internet, from a VPC of a foreign account, and in other regions: what
// stays allowed, and which guardrail stops the rest. For an instance, the
// credentials are the instance profile's fetched through IMDSv2; what
// IMDSv1 would yield is reported apart.
func (a *Analyzer) Leak(target string, opt WhatCanOptions) (*LeakResult, error) {
	return a.leak(target, opt, true)
}

// leak is Leak; without regions, the other Regions are not tried (audit
// checks the region lock on its own).
func (a *Analyzer) leak(target string, opt WhatCanOptions, regions bool) (*LeakResult, error) {
	creds, legit, err := a.leakTarget(target)
	if err != nil {
		return nil, err
	}
	if opt.From.Kind != model.Nowhere {
		legit = opt.From
	}
	// Each chain's capabilities are listed at the legitimate place, then
	// asked again at every place but the other Regions (tryFromWithChains):
	// the bound counts them at each.
	places := 1
	for _, pl := range a.leakPlaces(legit) {
		if !pl.region {
			places++
		}
	}
	if creds.Type == model.InstanceCredentials {
		places++ // IMDSv1
	}
	base, err := a.WhatCan(creds, WhatCanOptions{From: legit, Service: opt.Service, FollowAssume: opt.FollowAssume, Depth: opt.Depth,
		MaxCapabilities: opt.MaxCapabilities, chainPlaces: places, noCompleteness: opt.noCompleteness})
	if err != nil {
		return nil, err
	}
	out := &LeakResult{SchemaVersion: SchemaVersion, Target: target, Credentials: creds.String(), Principal: base.Principal, Assumptions: a.Assumptions(),
		Legitimate: Place{Name: "legitimate place", From: legit.String(), Allowed: flatten(base.Groups)}}
	for _, r := range base.ViaAssumeRole {
		out.Legitimate.ViaAssumeRole = append(out.Legitimate.ViaAssumeRole, Chained{Chain: r.Chain, Allowed: flatten(r.Groups)})
	}
	for _, pl := range a.leakPlaces(legit) {
		if pl.region && !regions {
			continue
		}
		place, err := a.tryFromWithChains(creds, out.Legitimate, pl)
		if err != nil {
			return nil, err
		}
		out.Elsewhere = append(out.Elsewhere, place)
	}
	if creds.Type == model.InstanceCredentials {
		v1 := creds
		v1.IMDSv1 = true
		place, err := a.tryFromWithChains(v1, out.Legitimate, leakPlace{name: "IMDSv1 credentials at the legitimate place", from: legit})
		if err != nil {
			return nil, err
		}
		out.IMDSv1 = &place
	}
	out.Completeness = base.Completeness
	return out, nil
}

// leakTarget reads an instance id or a principal (or credentials).
func (a *Analyzer) leakTarget(target string) (model.Credentials, model.Vantage, error) {
	if strings.HasPrefix(target, "i-") {
		if a.Model.Instances[target] == nil {
			return model.Credentials{}, model.Vantage{}, model.NotInModel("instance %s is not in the model", target)
		}
		return model.Credentials{Type: model.InstanceCredentials, Instance: target}, model.Vantage{Kind: model.FromInstance, ID: target}, nil
	}
	creds, err := model.ParseCredentials(target)
	if err != nil {
		return creds, model.Vantage{}, err
	}
	if creds.Type == model.InstanceCredentials {
		return creds, model.Vantage{Kind: model.FromInstance, ID: creds.Instance}, nil
	}
	return creds, model.Vantage{}, nil
}

// leakPlace is a place to try stolen credentials from.
type leakPlace struct {
	name    string
	from    model.Vantage
	context map[string][]string
	region  bool // re-targets only region-free ("*") capabilities
}

func (a *Analyzer) leakPlaces(legit model.Vantage) []leakPlace {
	places := []leakPlace{
		{name: "the internet", from: model.Vantage{Kind: model.FromInternet, IP: attackerIP}},
		{name: "a VPC of a foreign account", context: map[string][]string{
			"aws:SourceVpc": {attackerVPC}, "aws:SourceVpce": {attackerVPCE}, "aws:VpcSourceIp": {"10.99.0.5"}}},
	}
	for _, r := range otherRegions {
		places = append(places, leakPlace{name: "region " + r, from: legit, region: true,
			context: map[string][]string{"aws:RequestedRegion": {r}}})
	}
	return places
}

// tryFrom re-evaluates the legitimate capabilities from another place.
func (a *Analyzer) tryFrom(creds model.Credentials, caps []Capability, pl leakPlace) (Place, error) {
	place := Place{Name: pl.name, From: pl.from.String(), Context: contextList(pl.context), Region: pl.region, Allowed: []Capability{}}
	results := a.tryEach(creds, caps, pl)
	for i, c := range caps {
		r := results[i]
		switch {
		case r.skip:
			continue
		case r.err != nil:
			return place, r.err
		case r.unusable != nil:
			place.Error = r.unusable.Error() // e.g. IMDSv1 on an instance that requires IMDSv2
			return place, nil
		case r.res.Decision == eval.Allow:
			place.Allowed = append(place.Allowed, c)
			continue
		}
		place.Stopped = append(place.Stopped, Stopped{Capability: c, Decision: r.res.Decision.String(),
			Gate: r.res.Gate.String(), Reason: r.res.Reason.String(), By: statementOf(r.res.Statement)})
	}
	return place, nil
}

// tried is one capability decided from a place.
type tried struct {
	skip     bool // not asked here (a resource's ARN fixes its Region)
	res      eval.Result
	err      error // the question fails
	unusable error // the credentials cannot be used from here
}

// tryEach decides each capability from a place. The policies that apply
// depend on the service and the resource, not the action (except for sts,
// see needsOwnGather): they are gathered once per pair and the request
// re-targeted, as whatcan does; the pairs are independent, and decided on
// every CPU. tryFrom reads the results in order, so the answer is the one
// a decision after the other gives.
func (a *Analyzer) tryEach(creds model.Credentials, caps []Capability, pl leakPlace) []tried {
	out := make([]tried, len(caps))
	groups := map[string][]int{}
	var keys []string
	for i, c := range caps {
		if pl.region && c.Resource != "*" {
			out[i].skip = true
			continue
		}
		svc, _, _ := strings.Cut(strings.ToLower(c.Action), ":")
		key := svc + " " + c.Resource
		if svc == "sts" {
			key = fmt.Sprintf("%s #%d", key, i) // gathered for each action
		}
		if groups[key] == nil {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], i)
	}
	// Resources of other accounts the caller cannot tell apart, asked for
	// the same actions, are decided once (share.go).
	units := make([]shareUnit, len(keys))
	account, err := a.callerAccount(creds)
	for k, key := range keys {
		c := caps[groups[key][0]]
		svc, _, _ := strings.Cut(strings.ToLower(c.Action), ":")
		if err != nil || svc == "sts" || c.Resource == "*" {
			continue // an error is met by each group, as it is met
		}
		var names strings.Builder
		for _, i := range groups[key] {
			names.WriteString(caps[i].Action + ",")
		}
		units[k] = shareUnit{svc: svc, res: c.Resource, extra: names.String(), probe: c.Action}
	}
	rep := a.partition(model.Query{Credentials: creds, From: pl.from, Context: pl.context}, account, units)
	star := &starDecisions{}
	decideGroup := func(k int) {
		s := star
		if strings.HasPrefix(keys[k], "sts ") {
			s = nil
		}
		a.decideCaps(creds, pl, caps, groups[keys[k]], out, s)
	}
	var reps, rest []int
	for k := range keys {
		if rep[k] == k {
			reps = append(reps, k)
		}
	}
	_ = parallel(len(reps), func(j int) error { decideGroup(reps[j]); return nil })
	for k, key := range keys {
		r := rep[k]
		if r == k {
			continue
		}
		from := groups[keys[r]]
		if !allDecided(out, from) {
			rest = append(rest, k) // decided on its own, to fail as it fails
			continue
		}
		for j, i := range groups[key] {
			t := out[from[j]]
			t.res.Statement = a.sharedRef(t.res.Statement, units[k].svc, units[k].res)
			out[i] = t
		}
	}
	_ = parallel(len(rest), func(j int) error { decideGroup(rest[j]); return nil })
	return out
}

// decideCaps decides the capabilities caps[i] for i in group (one service
// and resource) from a place, in order: the first gathered, the others
// re-targeted. The first error stops the group. star keeps the place's
// decisions on "*" (nil for sts, whose trust depends on the action).
func (a *Analyzer) decideCaps(creds model.Credentials, pl leakPlace, caps []Capability, group []int, out []tried, star *starDecisions) {
	a.decideNamed(creds, pl, caps, group, out, star, nil)
}

// decideNamed is decideCaps with the group's actions in order, and their
// actionsHash, when the caller keeps them (nil: listed here).
func (a *Analyzer) decideNamed(creds model.Credentials, pl leakPlace, caps []Capability, group []int, out []tried, star *starDecisions, named *actionList) {
	if a.acrossApplies(star, caps[group[0]].Resource) {
		a.decideAcross(creds, pl, caps, group, out, star, named)
		return
	}
	var d *decision
	var classes *actionResults
	for j, i := range group {
		c := caps[i]
		if d == nil {
			var err error
			if d, err = a.decideStar(model.Query{Credentials: creds, Action: c.Action, Resource: c.Resource, From: pl.from, Context: pl.context}, star); err != nil {
				out[i].unusable = err
				return // the capabilities after it are not reached
			}
			out[i].res = d.Result
			continue
		}
		switch {
		case classes != nil:
		case named != nil:
			classes = a.actionResultsBy(d, named.names, func(p *eval.Prepared, names []string) []int32 { return a.hashedClassesOf(p, names, named.hash) })
		default:
			names := make([]string, len(group))
			for j, i := range group {
				names[j] = caps[i].Action
			}
			classes = a.actionResults(d, names)
		}
		res, err := classes.result(j, c.Action)
		if err != nil {
			out[i].err = err
			return
		}
		out[i].res = res
	}
}

// allDecided reports whether every capability of a group was decided
// without an error.
func allDecided(out []tried, group []int) bool {
	for _, i := range group {
		if out[i].err != nil || out[i].unusable != nil {
			return false
		}
	}
	return true
}

// callerAccount is the account of the principal behind credentials.
func (a *Analyzer) callerAccount(creds model.Credentials) (string, error) {
	g, err := a.Model.GatherAll(model.Query{Credentials: creds, Action: "sts:GetCallerIdentity"})
	if err != nil {
		return "", err
	}
	return g.Request.Principal.Account, nil
}

func flatten(groups []AccessGroup) []Capability {
	out := []Capability{}
	for _, g := range groups {
		out = append(out, g.Capabilities...)
	}
	return out
}

func contextList(ctx map[string][]string) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(ctx)) {
		out = append(out, k+"="+strings.Join(ctx[k], ","))
	}
	return out
}

// ReachableElsewhere counts what the credentials still allow away from
// their legitimate place: from the internet or a foreign VPC, and with
// IMDSv1 credentials (which an SSRF can fetch). Other Regions asked from
// the legitimate place are not counted.
func (r *LeakResult) ReachableElsewhere() int {
	n := 0
	for _, p := range r.Elsewhere {
		if !p.Region {
			n += p.reach()
		}
	}
	if r.IMDSv1 != nil {
		n += r.IMDSv1.reach()
	}
	return n
}

// reach counts what is still allowed at a place, through chains too.
func (p *Place) reach() int {
	n := len(p.Allowed)
	for _, c := range p.ViaAssumeRole {
		n += len(c.Allowed)
	}
	return n
}

// tryFromWithChains re-evaluates the legitimate capabilities, and each
// AssumeRole chain hop by hop, from another place. Stolen credentials
// that may still call sts:AssumeRole yield the role's session, whose
// credentials are not instance credentials: a guardrail on
// aws:ec2InstanceSourceVpc does not follow them.
func (a *Analyzer) tryFromWithChains(creds model.Credentials, legit Place, pl leakPlace) (Place, error) {
	place, err := a.tryFrom(creds, legit.Allowed, pl)
	if err != nil || place.Error != "" || pl.region {
		return place, err // chains hop through role ARNs, which fix no Region
	}
	for _, c := range legit.ViaAssumeRole {
		ch, err := a.tryChain(creds, c, pl)
		if err != nil {
			return place, err
		}
		place.ViaAssumeRole = append(place.ViaAssumeRole, ch)
	}
	return place, nil
}

func (a *Analyzer) tryChain(creds model.Credentials, c Chained, pl leakPlace) (Chained, error) {
	out := Chained{Chain: c.Chain, Allowed: []Capability{}}
	caller := creds
	for _, role := range c.Chain[1:] {
		hop, err := a.tryFrom(caller, []Capability{{Action: "sts:AssumeRole", Resource: role}}, pl)
		if err != nil {
			return out, err
		}
		if hop.Error != "" {
			out.StoppedAt = &Stopped{Capability: Capability{Action: "sts:AssumeRole", Resource: role}, Reason: hop.Error}
			return out, nil
		}
		if len(hop.Stopped) > 0 {
			out.StoppedAt = &hop.Stopped[0]
			return out, nil
		}
		caller = model.Credentials{Type: model.RoleSession, Principal: role}
	}
	got, err := a.tryFrom(caller, c.Allowed, pl)
	if err != nil {
		return out, err
	}
	out.Allowed, out.Stopped = got.Allowed, got.Stopped
	return out, nil // got.Allowed is never nil
}
