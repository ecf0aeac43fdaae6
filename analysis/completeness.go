package analysis

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/model"
)

// SchemaVersion is the version of the JSON answers' schemas
// (docs/schema/*.schema.json): it changes when a field is renamed, removed
// or changes meaning, not when one is added.
const SchemaVersion = "1"

// Completeness is the part of every organization-wide answer that says
// what it could not decide: an answer that silently leaves things out
// reads as "safe". It lists the resources policies name that the model
// does not declare (evaluated when their owner is known), the condition
// keys the decisions assumed absent, the managed policies the model lacks,
// and the principals that could not be evaluated, with why.
type Completeness struct {
	Undeclared     []UndeclaredResource `json:"undeclaredResources"`
	AbsentKeys     []AbsentKey          `json:"absentKeys"`
	MissingManaged []MissingPolicy      `json:"missingManagedPolicies"`
	Skipped        []Skipped            `json:"skipped"`
}

// UndeclaredResource is a resource a policy names by ARN that the model
// does not declare. It is still evaluated (without a resource policy, which
// the model does not have) when its owner is known: from its ARN, or the
// model's only account (Owner says which); otherwise it is not evaluated.
type UndeclaredResource struct {
	ARN       string `json:"arn"`
	Owner     string `json:"owner,omitempty"`
	OwnerFrom string `json:"ownerFrom"` // "arn", "the model's only account", "unknown"
	Evaluated bool   `json:"evaluated"`
	Reason    string `json:"reason,omitempty"` // why it was not evaluated
}

// AbsentKey is a condition key that decisions depended on while the
// request did not carry it: the answers hold only while it is absent.
type AbsentKey struct {
	Key     string `json:"key"`
	Allowed int    `json:"allowed"` // Allow decisions that depended on its absence
	Denied  int    `json:"denied"`  // deny decisions that did
}

// MissingPolicy is a managed policy a principal attaches that the model
// does not hold; its principals were skipped or evaluated without it.
type MissingPolicy struct {
	ARN        string `json:"arn"`
	Principals int    `json:"principals"`
}

// Skipped is a principal (or credentials) the answer could not evaluate.
type Skipped struct {
	Principal string `json:"principal"`
	Reason    string `json:"reason"`
}

// Empty reports whether the answer decided everything it was asked.
func (c *Completeness) Empty() bool {
	return len(c.Undeclared) == 0 && len(c.AbsentKeys) == 0 && len(c.MissingManaged) == 0 && len(c.Skipped) == 0
}

// gaps collects what one answer could not decide, from parallel workers.
type gaps struct {
	mu         sync.Mutex
	undeclared map[string]UndeclaredResource
	absent     map[string]*AbsentKey
	skipped    map[string]string
	missing    map[string]int
}

func newGaps() *gaps {
	return &gaps{undeclared: map[string]UndeclaredResource{}, absent: map[string]*AbsentKey{}, skipped: map[string]string{}, missing: map[string]int{}}
}

// decided records the keys a decision assumed absent.
func (g *gaps) decided(d *eval.Decided) {
	if g == nil {
		return
	}
	g.keys(d.Result.Decision == eval.Allow, d.AbsentKeys())
}

// keys records the keys an allowed or denied decision assumed absent.
func (g *gaps) keys(allowed bool, keys []string) { g.keysN(allowed, keys, 1) }

// keysN is keys for n decisions alike.
func (g *gaps) keysN(allowed bool, keys []string, n int) {
	if g == nil || len(keys) == 0 || n == 0 {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range keys {
		ak := g.absent[k]
		if ak == nil {
			ak = &AbsentKey{Key: k}
			g.absent[k] = ak
		}
		if allowed {
			ak.Allowed += n
		} else {
			ak.Denied += n
		}
	}
}

// add adds what another collection recorded (the absent keys of a
// representative's decisions, for a resource that shares them).
func (g *gaps) add(o *gaps) {
	if g == nil || o == nil {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	for k, ak := range o.absent {
		mine := g.absent[k]
		if mine == nil {
			mine = &AbsentKey{Key: k}
			g.absent[k] = mine
		}
		mine.Allowed += ak.Allowed
		mine.Denied += ak.Denied
	}
	for k, u := range o.undeclared {
		if prev, ok := g.undeclared[k]; !ok || !prev.Evaluated && u.Evaluated {
			g.undeclared[k] = u
		}
	}
}

func (g *gaps) skip(principal string, err error) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.skipped[principal]; !ok {
		g.skipped[principal] = err.Error()
	}
}

func (g *gaps) resource(u UndeclaredResource) {
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if prev, ok := g.undeclared[u.ARN]; !ok || !prev.Evaluated && u.Evaluated {
		g.undeclared[u.ARN] = u
	}
}

// missingManaged records, for each given principal, the managed policies
// it attaches (directly or through its groups) that the model lacks.
func (g *gaps) missingManaged(m *model.Model, subjects []*subject) {
	for _, s := range subjects {
		for _, p := range s.managedARNs() {
			if _, err := m.ManagedDocument(p); err != nil {
				g.missing[p]++
			}
		}
	}
}

// addMissing adds counts of missing managed policies (allMissing).
func (g *gaps) addMissing(counts map[string]int) {
	for p, n := range counts {
		g.missing[p] += n
	}
}

// allMissing counts, once per Analyzer, the managed policies that the
// model's users and roles attach (directly or through groups) and the
// model lacks: whocan, audit and graph report them for every principal.
// Read only.
func (a *Analyzer) allMissing() map[string]int {
	a.missingOnce.Do(func() {
		g := newGaps()
		g.missingManaged(a.Model, a.subjects())
		a.missing = g.missing
	})
	return a.missing
}

// shardMissing counts the missing managed policies of the subjects of the
// Analyzer's shard: allMissing without a shard.
func (a *Analyzer) shardMissing() map[string]int {
	if a.Shard.Count <= 1 {
		return a.allMissing()
	}
	g := newGaps()
	g.missingManaged(a.Model, a.shardSubjects())
	return g.missing
}

// report sorts what was collected.
func (g *gaps) report() Completeness {
	c := Completeness{Undeclared: []UndeclaredResource{}, AbsentKeys: []AbsentKey{}, MissingManaged: []MissingPolicy{}, Skipped: []Skipped{}}
	for _, k := range slices.Sorted(maps.Keys(g.undeclared)) {
		c.Undeclared = append(c.Undeclared, g.undeclared[k])
	}
	for _, k := range slices.Sorted(maps.Keys(g.absent)) {
		c.AbsentKeys = append(c.AbsentKeys, *g.absent[k])
	}
	for _, k := range slices.Sorted(maps.Keys(g.missing)) {
		c.MissingManaged = append(c.MissingManaged, MissingPolicy{ARN: k, Principals: g.missing[k]})
	}
	for _, k := range slices.Sorted(maps.Keys(g.skipped)) {
		c.Skipped = append(c.Skipped, Skipped{Principal: k, Reason: g.skipped[k]})
	}
	return c
}

// managedARNs lists the managed policies a subject attaches, with its groups'.
func (s *subject) managedARNs() []string {
	if s.role != nil {
		return s.role.Managed
	}
	if s.user == nil {
		return nil
	}
	out := append([]string(nil), s.user.Managed...)
	for _, g := range s.user.Groups {
		if grp := s.account.Groups[g]; grp != nil {
			out = append(out, grp.Managed...)
		}
	}
	return out
}

// owner infers the account that owns a resource the model does not
// declare: the account in its ARN, or, for an ARN without one (an S3
// bucket), the model's only account. "" when it cannot be known.
func (a *Analyzer) owner(res string) (account, from string) {
	parts, ok := arn.Split(res)
	if !ok {
		return "", "unknown"
	}
	if arn.IsAccountID(parts[4]) {
		return parts[4], "arn"
	}
	if ids := a.Model.AccountIDs(); len(ids) == 1 {
		return ids[0], "the model's only account"
	}
	return "", "unknown"
}

// declared reports whether the model holds a resource (or, for an S3
// object, its bucket; for IAM, the user or role; for EC2, the instance).
// A question's pattern (arn:aws:ec2:R:A:instance/*) names no one resource.
func (a *Analyzer) declared(res string) bool {
	if res == "*" || a.Model.Resources[res] != nil || a.Model.Resources[bucketOf(res)] != nil {
		return true
	}
	if parts, ok := arn.Split(res); ok && parts[2] != "s3" && wildcard.HasWildcard(parts[5]) {
		return true
	}
	if parts, ok := arn.Split(res); ok && parts[2] == "ec2" && strings.HasPrefix(parts[5], "instance/") {
		return a.Model.Instances[strings.TrimPrefix(parts[5], "instance/")] != nil
	}
	p, err := arn.ParsePrincipal(res)
	if err != nil {
		return false
	}
	acct := a.Model.Accounts[p.Account]
	if acct == nil {
		return false
	}
	switch p.Kind {
	case arn.Role:
		return acct.Roles[p.Name] != nil
	case arn.User:
		return acct.Users[p.Name] != nil
	}
	return false
}

// DefaultRegion is the Region a question's requests are assumed to go to
// when neither the resource's ARN, the vantage point nor --context gives
// one: the first of the model's Regions (those of its VPCs and instances).
// Without it aws:RequestedRegion is absent, and a region-lock guardrail
// (Deny when aws:RequestedRegion is not an allowed Region) denies every
// request, hiding what the principal can really do. "" when the model
// has no Region.
func (a *Analyzer) DefaultRegion() string {
	if rs := a.modelRegions(); len(rs) > 0 {
		return rs[0]
	}
	return ""
}

// requestedRegion is the Region assumed for a request to service that
// carries none. IAM has a single endpoint, in US East (N. Virginia), so
// IAM calls are always made to us-east-1 (IAM User Guide, "AWS global
// condition context keys", aws:RequestedRegion).
func (a *Analyzer) requestedRegion(service string) string {
	if service == "iam" {
		return "us-east-1"
	}
	return a.DefaultRegion()
}

// withDefaultRegion sets aws:RequestedRegion on a gathered request that
// has none and is not given one by --context.
func (a *Analyzer) withDefaultRegion(g *model.Gathered) {
	if _, given := a.Assume["aws:RequestedRegion"]; given {
		return
	}
	if vs, _ := g.Request.Value("aws:RequestedRegion"); len(vs) > 0 {
		return
	}
	svc, _, _ := strings.Cut(strings.ToLower(g.Request.Action), ":")
	r := a.requestedRegion(svc)
	if r == "" {
		return
	}
	// The gathered request's maps are shared (the query's Context, the
	// model's layers): the Region is a layer of its own over them, or,
	// when Context gives the key without a value, a copy of Context.
	if _, given := g.Request.Context["aws:RequestedRegion"]; given {
		ctx := maps.Clone(g.Request.Context)
		ctx["aws:RequestedRegion"] = []string{r}
		g.Request.Context = ctx
		return
	}
	g.Request.Layers = append(slices.Clip(g.Request.Layers), a.regionLayer(r))
}

// regionLayer is a context layer of aws:RequestedRegion alone, kept per
// Region (read only).
func (a *Analyzer) regionLayer(r string) map[string][]string {
	return a.regionLayers.Get(r, func() map[string][]string { return map[string][]string{"aws:RequestedRegion": {r}} })
}

// defaultAssumptions are stated at the top of every answer, after the
// --context ones: the Region and the time.
func (a *Analyzer) defaultAssumptions() []string {
	var out []string
	if _, given := a.Assume["aws:RequestedRegion"]; !given {
		if rs := a.modelRegions(); len(rs) > 0 {
			note := "the model's Region"
			if len(rs) > 1 {
				note = fmt.Sprintf("the first of the model's Regions %s; give --context aws:RequestedRegion=R for another", strings.Join(rs, ", "))
			}
			out = append(out, fmt.Sprintf("aws:RequestedRegion=%s when the request names no Region (%s; us-east-1 for IAM)", rs[0], note))
		} else {
			out = append(out, "aws:RequestedRegion absent when the request names no Region (the model has no VPC or instance to take a Region from)")
		}
	}
	if a.Now.IsZero() {
		out = append(out, "aws:CurrentTime=now (the clock)")
	} else {
		out = append(out, "aws:CurrentTime="+a.Now.UTC().Format(time.RFC3339)+" (--now)")
	}
	return out
}

// undeclaredNamed lists the concrete resource ARNs of a service that the
// Allow statements of docs name and the model does not declare: they are
// candidates of whatcan and leak like declared ones (a user whose inline
// policy names a queue can send to it, whether or not the model lists it).
// ARNs with policy variables are left out (their value depends on the
// caller), as are whole-service wildcards.
func (a *Analyzer) undeclaredNamed(svc string, resources []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range resources {
		if seen[r] || strings.Contains(r, "${") || serviceOfARN(r) != svc || a.declared(r) {
			continue
		}
		parts, ok := arn.Split(r)
		if !ok || parts[5] == "*" || parts[5] == "" {
			continue
		}
		seen[r] = true
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// everyoneSkipped: when no candidate could be evaluated for the same
// reason, the question itself is at fault (an undeclared bucket whose
// owner is unknown): an error, not an answer of nobody.
func everyoneSkipped(g *gaps, candidates int) error {
	if candidates == 0 || len(g.skipped) < candidates {
		return nil
	}
	reasons := map[string]bool{}
	var one string
	for _, r := range g.skipped {
		reasons[r], one = true, r
	}
	if len(reasons) == 1 {
		return errors.New(one)
	}
	return nil
}

// fromWitnesses is the completeness of an answer made of witnesses (exfil,
// audit, graph): the keys its reported decisions assumed absent and the
// managed policies the model lacks (missing: counts by policy, of the
// answer's subjects). Those answers fail on a principal they cannot
// evaluate rather than skip it.
func (a *Analyzer) fromWitnesses(missing map[string]int, ws []*Witness) Completeness {
	g := newGaps()
	g.addMissing(missing)
	for _, w := range ws {
		if w == nil {
			continue
		}
		for _, k := range w.AssumedAbsent {
			ak := g.absent[k]
			if ak == nil {
				ak = &AbsentKey{Key: k}
				g.absent[k] = ak
			}
			if w.Decision == eval.Allow.String() {
				ak.Allowed++
			} else {
				ak.Denied++
			}
		}
	}
	return g.report()
}

// merge adds what another answer (a role reached through a chain) could
// not decide.
func (g *gaps) merge(c Completeness) {
	for _, u := range c.Undeclared {
		g.resource(u)
	}
	for _, s := range c.Skipped {
		g.skip(s.Principal, errors.New(s.Reason))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, k := range c.AbsentKeys {
		ak := g.absent[k.Key]
		if ak == nil {
			ak = &AbsentKey{Key: k.Key}
			g.absent[k.Key] = ak
		}
		ak.Allowed += k.Allowed
		ak.Denied += k.Denied
	}
	for _, m := range c.MissingManaged {
		g.missing[m.ARN] += m.Principals
	}
}
