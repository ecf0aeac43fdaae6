package analysis

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The attacker's side of an exfiltration path, which the model does not
// hold: an account, a principal in it with every permission, and a bucket
// whose policy lets anyone write (the attacker controls it).
const (
	foreignAccount = "999999999999"
	foreignUser    = "arn:aws:iam::999999999999:user/insider"
	foreignBucket  = "arn:aws:s3:::exfil-destination-999999999999"
	foreignObject  = foreignBucket + "/loot"
)

var (
	foreignAdmin = mustPolicy(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		"the insider's own account grants its user everything (assumed)", policy.Identity)
	foreignBucketPolicy = mustPolicy(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":["s3:PutObject","s3:GetObject"],"Resource":"`+foreignBucket+`/*"}}`,
		"the attacker's bucket policy lets anyone write (assumed)", policy.Resource)
)

func mustPolicy(src, name string, k policy.Kind) *policy.Policy {
	p, err := policy.Parse([]byte(src), policy.Source{File: "sekisho:" + name, Kind: k, Name: name})
	if err != nil {
		panic(err)
	}
	return p
}

// Path is one way data can leave: who writes, where, through which route,
// the witness request, and the guardrail that would close it.
type Path struct {
	Name      string  `json:"name"`
	Open      bool    `json:"open"`
	Witness   Witness `json:"witness"`
	Guardrail string  `json:"guardrail"`
}

// ExfilResult lists the exfiltration paths from a VPC.
type ExfilResult struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string   `json:"schemaVersion"`
	Target        string   `json:"target"`
	VPC           string   `json:"vpc"`
	Account       string   `json:"account"`
	Route         string   `json:"route"`
	Assumptions   []string `json:"assumptions,omitempty"`
	// Readable is what the principals inside can read (s3:GetObject on the
	// model's buckets): the data that could leave.
	Readable []Capability `json:"readable"`
	Paths    []Path       `json:"paths"`
	// Caveats are side effects of the guardrails in place, such as an
	// endpoint policy that also blocks anonymous reads of public buckets.
	Caveats []string `json:"caveats,omitempty"`
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// Exfil finds the paths by which data readable inside a VPC (or from an
// instance) can be written to a bucket outside the account and the
// organization: with the instances' own roles, with foreign credentials an
// insider brings, and anonymously, through the VPC's endpoint for S3 or
// its internet gateway.
func (a *Analyzer) Exfil(target string) (*ExfilResult, error) {
	return a.exfil(target, true)
}

// exfil is Exfil; without readable, what the instances' roles can read is
// not listed. Audit reports the paths only, and asks leak for each
// instance, the same whatcan with every service (in the shard holding the
// instance, when sharded), so leaving it out cannot hide an error.
func (a *Analyzer) exfil(target string, readable bool) (*ExfilResult, error) {
	vpc, instances, err := a.exfilScope(target)
	if err != nil {
		return nil, err
	}
	from := model.Vantage{Kind: model.FromVPC, ID: vpc.ID}
	if strings.HasPrefix(target, "i-") {
		from = model.Vantage{Kind: model.FromInstance, ID: target}
	}
	out := &ExfilResult{SchemaVersion: SchemaVersion, Target: target, VPC: vpc.ID, Account: vpc.Account, Assumptions: a.Assumptions()}
	for _, in := range instances {
		if err := a.exfilInstance(out, in, readable); err != nil {
			return nil, err
		}
	}
	for _, p := range []struct {
		name   string
		caller string
	}{
		{"an insider's own foreign-account credentials write to the attacker's bucket", foreignUser},
		{"an anonymous request writes to a public bucket", "anonymous"},
	} {
		path, route, err := a.exfilPath(from, p.name, p.caller, nil)
		if err != nil {
			return nil, err
		}
		out.Route = route
		out.Paths = append(out.Paths, path)
	}
	a.publicBucketCaveat(out, from)
	ws := make([]*Witness, len(out.Paths))
	for i := range out.Paths {
		ws[i] = &out.Paths[i].Witness
	}
	inside := newGaps()
	inside.missingManaged(a.Model, a.idx().byAccount[vpc.Account])
	out.Completeness = a.fromWitnesses(inside.missing, ws)
	return out, nil
}

// exfilScope finds the VPC and the instances inside it.
func (a *Analyzer) exfilScope(target string) (*model.VPC, []*model.Instance, error) {
	if in := a.Model.Instances[target]; in != nil {
		vpc := a.Model.VPCs[in.VPC]
		if vpc == nil {
			return nil, nil, model.NotInModel("instance %s: its VPC %s is not in the model", target, in.VPC)
		}
		return vpc, []*model.Instance{in}, nil
	}
	vpc := a.Model.VPCs[target]
	if vpc == nil {
		return nil, nil, fmt.Errorf("%s is neither a VPC nor an instance of the model", target)
	}
	var ins []*model.Instance
	for _, in := range a.Model.Instances {
		if in.VPC == vpc.ID {
			ins = append(ins, in)
		}
	}
	sort.Slice(ins, func(i, j int) bool { return ins[i].ID < ins[j].ID })
	return vpc, ins, nil
}

// exfilInstance adds what an instance's role can read (with readable),
// and the path where the role itself writes to the attacker's bucket.
func (a *Analyzer) exfilInstance(out *ExfilResult, in *model.Instance, readable bool) error {
	if in.InstanceProfile == "" {
		return nil
	}
	creds := model.Credentials{Type: model.InstanceCredentials, Instance: in.ID}
	from := model.Vantage{Kind: model.FromInstance, ID: in.ID}
	if readable {
		caps, err := a.WhatCan(creds, WhatCanOptions{From: from, Service: "s3"})
		if err != nil {
			return err
		}
		for _, c := range flatten(caps.Groups) {
			if c.Action == "s3:GetObject" {
				out.Readable = append(out.Readable, c)
			}
		}
	}
	path, _, err := a.exfilPath(from, "instance "+in.ID+"'s own role writes to the attacker's bucket", "", &creds)
	if err != nil {
		return err
	}
	out.Paths = append(out.Paths, path)
	return nil
}

// exfilPath decides s3:PutObject to the attacker's bucket from a place, as
// the caller (a principal outside the model, "anonymous", or creds).
func (a *Analyzer) exfilPath(from model.Vantage, name, caller string, creds *model.Credentials) (Path, string, error) {
	d, err := a.outsideRequest(from, caller, creds)
	if err != nil {
		return Path{}, "", err
	}
	w := d.witness()
	route := ""
	if d.gathered.Route != nil {
		route = d.gathered.Route.Summary
	}
	p := Path{Name: name, Open: d.Result.Decision == eval.Allow, Witness: w, Guardrail: "to close: " + guardrailFor(d, caller)}
	if !p.Open {
		p.Guardrail = "closed by " + closedBy(w)
	}
	return p, route, nil
}

// outsideRequest builds s3:PutObject to the attacker's bucket: the model
// gathers the route (and the caller's policies, for model credentials);
// the attacker's side is added.
func (a *Analyzer) outsideRequest(from model.Vantage, caller string, creds *model.Credentials) (*decision, error) {
	c := model.Credentials{Type: model.ByPrincipal, Principal: "anonymous"}
	if creds != nil {
		c = *creds
	}
	g, err := a.Model.GatherAll(model.Query{Credentials: c, Action: "s3:PutObject", Resource: "*", From: from, Context: a.Assume})
	if err != nil {
		return nil, err
	}
	g.Set.Resource, g.Set.RCP = foreignBucketPolicy, nil
	in := g.Request
	in.Resource, in.ResourceAccount = foreignObject, foreignAccount
	in.Context = withoutKeys(in.Flat(), "aws:ResourceAccount", "aws:ResourceOrgID", "aws:ResourceOrgPaths")
	in.Layers = nil
	if caller == foreignUser {
		g.Set.Identity, g.Set.Boundary, g.Set.Session, g.Set.SCP = []*policy.Policy{foreignAdmin}, nil, nil, nil
		if in.Principal, err = arn.ParsePrincipal(foreignUser); err != nil {
			return nil, err
		}
		g.Principal = foreignUser
	}
	g.Request = in
	return a.decideGathered(model.Query{Credentials: c, From: from}, g)
}

func withoutKeys(ctx map[string][]string, keys ...string) map[string][]string {
	out := map[string][]string{}
	for k, v := range ctx {
		drop := false
		for _, d := range keys {
			drop = drop || strings.EqualFold(k, d)
		}
		if !drop {
			out[k] = v
		}
	}
	return out
}

// guardrailFor names the guardrail that would close an open path.
func guardrailFor(d *decision, caller string) string {
	viaEndpoint := d.gathered.Route != nil && d.gathered.Route.Endpoint != nil
	switch {
	case !viaEndpoint:
		return "route S3 through a VPC endpoint (and remove the internet path): over the internet gateway the account owner cannot restrict which account's credentials or buckets are used; then an endpoint policy limiting aws:PrincipalAccount and aws:ResourceAccount (sekisho guardrail " + guardrail.EndpointOwnPrincipals + " / " + guardrail.EndpointOwnResources + ")"
	case caller == foreignUser || caller == "anonymous":
		return "endpoint policy allowing only the organization's principals (aws:PrincipalAccount or aws:PrincipalOrgID; sekisho guardrail " + guardrail.EndpointOwnPrincipals + ")"
	}
	return "endpoint policy allowing only the organization's resources (aws:ResourceAccount or aws:ResourceOrgID; sekisho guardrail " + guardrail.EndpointOwnResources + "), or an SCP denying s3:PutObject outside the organization's resources"
}

func closedBy(w Witness) string {
	if w.Statement != nil {
		return w.Statement.String()
	}
	return w.Gate + " (" + w.Reason + ")"
}

// publicBucketCaveat: an S3 gateway endpoint also carries anonymous reads
// of public buckets (OS package repositories); an endpoint policy limited to
// the organization's principals blocks them unless it names those buckets.
func (a *Analyzer) publicBucketCaveat(out *ExfilResult, from model.Vantage) {
	all := a.everyoneReads()
	allUnits, accounts := a.everyoneReadsUnits()
	sc := caveatScratches.Get().(*caveatScratch)
	defer caveatScratches.Put(sc)
	buckets, units := sc.buckets[:0], sc.units[:0]
	for i, arnStr := range all {
		if accounts[i] != out.Account {
			buckets = append(buckets, arnStr)
			units = append(units, allUnits[i])
		}
	}
	sc.buckets, sc.units = buckets, units
	// The buckets an anonymous caller cannot tell apart are decided once
	// (share.go): an organization's buckets share a few policies.
	anonymous := byPrincipal("anonymous")
	q := model.Query{Credentials: anonymous, From: from}
	rep := a.partitionInto(sc.rep, q, units, a.shareClasses("", units))
	sc.rep = rep
	blocks := cleared(sc.blocks, len(buckets)) // pooled: nothing of an earlier VPC is read
	failed := cleared(sc.failed, len(buckets))
	sc.blocks, sc.failed = blocks, failed
	for i := range buckets {
		if r := rep[i]; r != i && !failed[r] {
			blocks[i] = blocks[r]
			continue
		}
		d, err := a.decide(model.Query{Credentials: anonymous, Action: "s3:GetObject", Resource: units[i].res, From: from})
		failed[i] = err != nil
		blocks[i] = err == nil && d.Result.Decision != eval.Allow && d.Result.Gate == eval.GateEndpoint
	}
	for i, b := range buckets {
		if blocks[i] {
			out.Caveats = append(out.Caveats, fmt.Sprintf("the endpoint policy also blocks anonymous reads of the public bucket %s (such as an OS package repository): allow it explicitly if instances need it", b))
		}
	}
}

// caveatScratch is publicBucketCaveat's memory, pooled: it is asked for
// every VPC, each time over every other account's public buckets, so at
// 1,000 accounts its per-call copies were a sixth of audit's allocation.
// Nothing in it outlives the call.
type caveatScratch struct {
	buckets        []string
	units          []shareUnit
	rep            []int
	blocks, failed []bool
}

var caveatScratches = sync.Pool{New: func() any { return new(caveatScratch) }}

// everyoneReads lists, sorted, the model's buckets whose policy grants
// s3:GetObject to everyone, once per Analyzer: audit asks exfil of every
// VPC, and the list does not depend on the VPC. Read only.
func (a *Analyzer) everyoneReads() []string {
	a.publicOnce.Do(func() {
		for _, arnStr := range slices.Sorted(maps.Keys(a.Model.Resources)) {
			r := a.Model.Resources[arnStr]
			if r.Type == model.Bucket && a.grantsOf(r.Policy, "s3:GetObject").everyone {
				a.public = append(a.public, arnStr)
			}
		}
	})
	return a.public
}

// everyoneReadsUnits are the share units of everyoneReads' objects (ARN
// "/*"), with their resource sides, and the buckets' accounts, once per
// Analyzer: exfil of every VPC asks them. Read only.
func (a *Analyzer) everyoneReadsUnits() ([]shareUnit, []string) {
	a.publicUnitsOnce.Do(func() {
		buckets := a.everyoneReads()
		sides := make([]resourceSideKey, len(buckets))
		a.publicUnits = make([]shareUnit, len(buckets))
		a.publicAccounts = make([]string, len(buckets))
		for i, b := range buckets {
			res := b + "/*"
			sides[i] = a.resourceSide("s3", res)
			a.publicUnits[i] = shareUnit{svc: "s3", res: res, probe: "s3:GetObject", side: &sides[i]}
			a.publicAccounts[i] = a.Model.Resources[b].Account
		}
	})
	return a.publicUnits, a.publicAccounts
}

// OpenPaths counts the paths that are open.
func (r *ExfilResult) OpenPaths() int {
	n := 0
	for _, p := range r.Paths {
		if p.Open {
			n++
		}
	}
	return n
}
