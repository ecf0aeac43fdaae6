package analysis

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/model"
)

// AuditFinding is one attack request that the guardrails in place allow.
type AuditFinding struct {
	Check     string   `json:"check"`
	Severity  string   `json:"severity"` // error: an attack succeeds; warning: a weakness without a witness of harm
	Account   string   `json:"account"`
	Subject   string   `json:"subject"` // instance, principal or VPC
	Message   string   `json:"message"`
	Guardrail string   `json:"guardrail"` // the missing or broken guardrail, as `sekisho guardrail` names it
	Witness   *Witness `json:"witness,omitempty"`
	File      string   `json:"file,omitempty"` // where the model defines the subject
	Line      int      `json:"line,omitempty"`
}

// AuditOptions shape an audit.
type AuditOptions struct {
	// Regions are the regions EC2 may be used in; empty means the regions
	// the model's VPCs, instances and buckets are in.
	Regions []string
}

// AuditResult lists the findings of an audit.
type AuditResult struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string         `json:"schemaVersion"`
	Assumptions   []string       `json:"assumptions,omitempty"`
	Regions       []string       `json:"regions"`
	Checked       map[string]int `json:"checked"` // subjects examined per check
	Findings      []AuditFinding `json:"findings"`
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// The audit checks: each evaluates the attack requests of a seed scenario.
const (
	CheckPinned   = guardrail.InstancePin           // seed 000: stolen instance credentials used from outside
	CheckIMDSv2   = guardrail.RequireIMDSv2         // seed 000's caveat: credentials fetched through IMDSv1
	CheckRegion   = guardrail.RegionLock            // seed 001: EC2 launched in a disallowed region
	CheckEndpoint = guardrail.EndpointOwnPrincipals // seeds 002/004: foreign principals or resources through the VPC
)

// Audit checks that each recommended guardrail is effective, not just
// present: for every instance, principal and VPC of the model it evaluates
// the attack requests and reports each one that would be allowed, with its
// witness and the guardrail that is missing or broken.
func (a *Analyzer) Audit(opt AuditOptions) (*AuditResult, error) {
	out := &AuditResult{SchemaVersion: SchemaVersion, Assumptions: a.Assumptions(), Regions: opt.Regions, Checked: map[string]int{}, Findings: []AuditFinding{}}
	if len(out.Regions) == 0 {
		out.Regions = slices.Clone(a.modelRegions())
	}
	tick := a.progress("instances audited", len(a.Model.Instances))
	ids := slices.Sorted(maps.Keys(a.Model.Instances))
	var mine []string // the instances of this shard
	for _, id := range ids {
		if a.Shard.Has(id) {
			mine = append(mine, id)
		} else {
			tick()
		}
	}
	leaks := a.instanceLeaks(mine, tick)
	for i, id := range mine {
		if err := a.auditInstance(out, a.Model.Instances[id], leaks[i]); err != nil {
			return nil, err
		}
	}
	if err := a.auditRegions(out); err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(a.Model.VPCs)) {
		if !a.Shard.Has(id) {
			continue
		}
		if err := a.auditVPC(out, a.Model.VPCs[id]); err != nil {
			return nil, err
		}
	}
	ws := make([]*Witness, len(out.Findings))
	for i := range out.Findings {
		ws[i] = out.Findings[i].Witness
	}
	out.Completeness = a.fromWitnesses(a.shardMissing(), ws)
	return out, nil
}

// modelRegions lists the Regions of the model's VPCs and instances,
// sorted. It is computed once per Analyzer (every decision asks it for the
// default Region); callers must not modify the slice.
func (a *Analyzer) modelRegions() []string {
	a.regionsOnce.Do(func() { a.regions = a.listRegions() })
	return a.regions
}

func (a *Analyzer) listRegions() []string {
	set := map[string]bool{}
	for _, v := range a.Model.VPCs {
		set[v.Region] = true
	}
	for _, in := range a.Model.Instances {
		set[in.Region] = true
	}
	delete(set, "")
	return slices.Sorted(maps.Keys(set))
}

// auditInstance: the instance's credentials must not work from the
// internet or a foreign VPC (seed 000), and must not be obtainable with
// IMDSv1, which needs no session token and so is open to SSRF (EC2 User
// Guide, "Use IMDSv2"; seed 000's caveat).
func (a *Analyzer) auditInstance(out *AuditResult, in *model.Instance, counted leakOrError) error {
	if in.InstanceProfile == "" {
		return nil
	}
	out.Checked[CheckPinned]++
	out.Checked[CheckIMDSv2]++
	leak, err := counted.leak, counted.err
	if err != nil {
		return err
	}
	for _, p := range leak.elsewhere { // the internet, a foreign VPC
		if p.allowed == 0 {
			continue
		}
		w, err := a.leakWitness(in, p.first, p.place)
		if err != nil {
			return err
		}
		out.Findings = append(out.Findings, AuditFinding{Check: CheckPinned, Severity: "error", Account: in.Account, Subject: in.ID,
			Message:   fmt.Sprintf("stolen credentials of %s still work from %s: %d of %d actions allowed (e.g. %s on %s)", in.ID, p.place.Name, p.allowed, leak.legit, p.first.Action, p.first.Resource),
			Guardrail: guardrail.InstancePin + " (SCP: deny when aws:ec2InstanceSourceVpc differs from ${aws:SourceVpc})", Witness: w,
			File: in.Where.File, Line: in.Where.Pos.Line})
	}
	if !leak.imdsv1.error {
		msg := fmt.Sprintf("%s accepts IMDSv1: its credentials can be fetched without a session token", in.ID)
		if n := leak.imdsv1.allowed; n > 0 {
			msg += fmt.Sprintf(", and IMDSv1 credentials are allowed %d actions", n)
		}
		out.Findings = append(out.Findings, AuditFinding{Check: CheckIMDSv2, Severity: "error", Account: in.Account, Subject: in.ID,
			Message: msg, Guardrail: guardrail.RequireIMDSv2 + " (HttpTokens required; SCP denying ec2:RoleDelivery below 2.0)",
			File: in.Where.File, Line: in.Where.Pos.Line})
	}
	return nil
}

// leakOrError is an instance's instanceLeak.
type leakOrError struct {
	leak *leakCount
	err  error
}

// instanceLeaks is instanceLeak of each of ids (in order) with an instance
// profile, computed on every CPU: an instance's leak depends on the model
// and the instance only (the Analyzer's caches are safe for concurrent
// use, and give the same answers in any order), so audit's findings,
// built from them in order afterwards, are those of one instance after the
// other; the first error in order is still the one reported. Twins
// (twinKey) are counted one after the other by one worker, each group with
// its own twinSet, so that a twin still takes its first's count, and the
// group's counted leak is dropped after its last twin as before. tick is
// called once per instance.
func (a *Analyzer) instanceLeaks(ids []string, tick func()) []leakOrError {
	out := make([]leakOrError, len(ids))
	var groups [][]int // indices in ids, each group in order, by first member
	byKey := map[string]int{}
	for i, id := range ids {
		in := a.Model.Instances[id]
		if in.InstanceProfile == "" {
			tick()
			continue
		}
		k := a.twinKey(in)
		if g, ok := byKey[k]; ok && k != "" {
			groups[g] = append(groups[g], i)
			continue
		}
		byKey[k] = len(groups)
		groups = append(groups, []int{i})
	}
	_ = parallel(len(groups), func(g int) error {
		members := make([]string, len(groups[g]))
		for j, i := range groups[g] {
			members[j] = ids[i]
		}
		twins := a.newTwinSet(members)
		sc := auditScratches.Get().(*auditScratch) // the group's counted leaks (auditScratch)
		defer auditScratches.Put(sc)
		for _, i := range groups[g] {
			out[i].leak, out[i].err = a.instanceLeak(a.Model.Instances[ids[i]], twins, sc)
			// No later question of the audit asks from the instance itself
			// (witnesses are from the internet and a foreign VPC), and the
			// routes kept from it, one per service, are most of what an
			// audit keeps as it goes.
			a.gatherer.ForgetRoutes(model.Vantage{Kind: model.FromInstance, ID: ids[i]})
			tick()
		}
		return nil
	})
	return out
}

// instanceLeak is what auditInstance reads of the instance's leak:
// counted (auditLeak), or read from leak itself when it cannot be.
func (a *Analyzer) instanceLeak(in *model.Instance, twins *twinSet, sc *auditScratch) (*leakCount, error) {
	if c, ok := a.twinLeakOf(in, twins, sc); ok {
		return c, nil
	}
	leak, err := a.leak(in.ID, WhatCanOptions{noCompleteness: true}, false) // audit reports its findings' completeness
	if err != nil {
		return nil, err
	}
	out := &leakCount{legit: len(leak.Legitimate.Allowed)}
	for _, p := range leak.Elsewhere[:2] {
		pc := placeCount{place: p, allowed: len(p.Allowed), error: p.Error != ""}
		if len(p.Allowed) > 0 {
			pc.first = p.Allowed[0]
		}
		out.elsewhere = append(out.elsewhere, pc)
	}
	if leak.IMDSv1 == nil {
		out.imdsv1.error = true // no IMDSv1 finding
	} else {
		out.imdsv1 = placeCount{place: *leak.IMDSv1, allowed: len(leak.IMDSv1.Allowed), error: leak.IMDSv1.Error != ""}
	}
	return out, nil
}

// leakWitness re-decides one capability from a place, for its witness.
func (a *Analyzer) leakWitness(in *model.Instance, c Capability, p Place) (*Witness, error) {
	q := model.Query{Credentials: model.Credentials{Type: model.InstanceCredentials, Instance: in.ID}, Action: c.Action, Resource: c.Resource}
	if strings.HasPrefix(p.From, "internet") {
		q.From = model.Vantage{Kind: model.FromInternet, IP: attackerIP}
	} else {
		q.Context = map[string][]string{"aws:SourceVpc": {attackerVPC}, "aws:SourceVpce": {attackerVPCE}, "aws:VpcSourceIp": {"10.99.0.5"}}
	}
	d, err := a.decide(q)
	if err != nil {
		return nil, err
	}
	w := d.witness()
	return &w, nil
}

// auditRegions: no principal may launch EC2 instances outside the allowed
// regions (seed 001).
func (a *Analyzer) auditRegions(out *AuditResult) error {
	allowed := map[string]bool{}
	for _, r := range out.Regions {
		allowed[r] = true
	}
	var outside string
	for _, r := range otherRegions {
		if !allowed[r] {
			outside = r
			break
		}
	}
	if outside == "" {
		return nil
	}
	for _, s := range a.subjects() {
		resource := "arn:aws:ec2:" + outside + ":" + s.account.ID + ":instance/*"
		if !a.Shard.Has(s.arn) || s.role != nil && s.role.ServiceLinked || !s.mayAllow(a.filter("ec2:RunInstances")) {
			continue
		}
		out.Checked[CheckRegion]++
		d, err := a.decide(model.Query{Credentials: byPrincipal(s.arn), Action: "ec2:RunInstances", Resource: resource})
		if err != nil {
			return err
		}
		if d.Result.Decision != eval.Allow {
			continue
		}
		w := d.witness()
		out.Findings = append(out.Findings, AuditFinding{Check: CheckRegion, Severity: "error", Account: s.account.ID, Subject: s.arn,
			Message:   fmt.Sprintf("%s can launch EC2 instances in %s, outside the allowed regions %s", s.arn, outside, strings.Join(out.Regions, ", ")),
			Guardrail: guardrail.RegionLock + " (deny EC2 mutating actions when aws:RequestedRegion is not allowed)", Witness: &w})
	}
	return nil
}

// auditVPC: principals of foreign accounts must not reach AWS through the
// VPC, and the VPC's principals must not write to foreign buckets (seeds
// 002 and 004).
func (a *Analyzer) auditVPC(out *AuditResult, vpc *model.VPC) error {
	out.Checked[CheckEndpoint]++
	ex, err := a.exfil(vpc.ID, false) // the paths; auditInstance has asked what each instance can do
	if err != nil {
		return err
	}
	for _, p := range ex.Paths {
		if !p.Open {
			continue
		}
		w := p.Witness
		out.Findings = append(out.Findings, AuditFinding{Check: CheckEndpoint, Severity: "error", Account: vpc.Account, Subject: vpc.ID,
			Message: fmt.Sprintf("from %s, %s (%s)", vpc.ID, p.Name, ex.Route), Guardrail: strings.TrimPrefix(p.Guardrail, "to close: "), Witness: &w,
			File: vpc.Where.File, Line: vpc.Where.Pos.Line})
	}
	return nil
}
