package diff

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// principalKeys are set from the principal (eval derives them); the
// principal candidates enumerate them, not the context.
var principalKeys = map[string]bool{
	"aws:principalarn": true, "aws:principalaccount": true, "aws:principaltype": true,
	"aws:username": true, "aws:userid": true, "aws:principalisawsservice": true,
	"aws:principalservicename": true,
}

// alwaysSet are keys every request carries (IAM User Guide, "AWS global
// condition context keys": availability "this key is always included"),
// so their absence is not a class of real requests.
var alwaysSet = map[string]bool{
	"aws:resourceaccount": true, "aws:currenttime": true, "aws:epochtime": true,
	"aws:requestedregion": true, "aws:securetransport": true, "aws:viaawsservice": true,
}

// compareAction compares every request for one action.
func (q *question) compareAction(action string, rep *Report) {
	rep.Actions++
	rel := q.relevant(action)
	if len(rel) == 0 && !q.scoped() {
		// No statement of either side applies to the action, so its
		// resource and context cannot matter: one request per principal
		// decides (the gates may still differ, e.g. a boundary added).
		for _, c := range q.principals {
			q.check(c, action, "*", nil, rep)
		}
		return
	}
	for _, c := range q.principals {
		lookup := c.lookup
		resources, why := q.resources(action, rel, lookup)
		if why != "" {
			rep.undecided(action, why, rel)
			continue
		}
		ctxs, why := q.contexts(rel, lookup, q.budget.Requests/max(1, len(resources)))
		if why != "" {
			rep.undecided(action, why, rel)
			continue
		}
		q.firstWitness(c, action, resources, ctxs, rep)
	}
}

// firstWitness checks the requests until one differs: one witness per
// principal and action.
func (q *question) firstWitness(c candidate, action string, resources []string, ctxs []map[string][]string, rep *Report) {
	for _, r := range resources {
		for _, ctx := range ctxs {
			if q.check(c, action, r, ctx, rep) {
				return
			}
		}
	}
}

// check decides one request on both sides and records a difference.
func (q *question) check(c candidate, action, resource string, ctx map[string][]string, rep *Report) bool {
	if key := impossible(c.p.Kind, ctx); key != "" {
		rep.skipImpossible(c, key)
		return false
	}
	in := eval.RequestInput{Principal: c.p, Action: action, Resource: resource, Context: ctx, Lists: lists(ctx)}
	if acct := ctx["aws:ResourceAccount"]; len(acct) == 1 {
		in.ResourceAccount = acct[0]
	} else if a := accountOf(resource); a != "" {
		in.ResourceAccount = a
	} else {
		in.ResourceAccount = q.owner() // the owner of resources without an account in their ARN
	}
	oldReq, newReq, ok := q.requests(in)
	if !ok {
		return false // no real request looks like this witness
	}
	rep.Requests++
	oldRes, newRes := q.old[c.mode].Evaluate(oldReq), q.new[c.mode].Evaluate(newReq)
	oldAllow, newAllow := oldRes.Decision == eval.Allow, newRes.Decision == eval.Allow
	if oldAllow == newAllow || (!newAllow && !q.in.Both) {
		return false
	}
	ch := Change{Added: newAllow, Principal: c.arn, Action: action, Access: accessOf(action),
		Resource: resource, Context: ctx, Old: oldRes, New: newRes, Note: c.note}
	ch.Changed, ch.ChangedAt = q.changed(action, newAllow)
	if newAllow {
		rep.Added = append(rep.Added, ch)
	} else {
		rep.Removed = append(rep.Removed, ch)
	}
	return true
}

// changed lists the statements only one side has that apply to the
// action: the new side's for added access, the old side's for removed.
func (q *question) changed(action string, added bool) ([]string, []Place) {
	want := onlyOld
	if added {
		want = onlyNew
	}
	labels, places := []string{}, []Place{}
	for _, s := range q.relevant(action) {
		if s.side == want {
			labels = append(labels, s.label)
			places = append(places, Place{File: s.pol.File, Line: s.st.Pos.Line, Column: s.st.Pos.Col})
		}
	}
	return labels, places
}

func accessOf(action string) string {
	if a, ok := awsref.LookupAction(action); ok {
		return string(a.Access)
	}
	return "unknown"
}

// skipImpossible records, once per principal and key, that requests
// carrying the key were not compared for the principal: none is real.
func (rep *Report) skipImpossible(c candidate, key string) {
	line := "requests of " + c.arn + " that carry " + key + " are not compared: no such request is real (AWS sends the key for no principal of that kind)"
	if !slices.Contains(rep.Assumptions, line) {
		rep.Assumptions = append(rep.Assumptions, line)
	}
}

func (rep *Report) undecided(action, why string, rel []*stmt) {
	u := Undecided{Action: action, Why: why}
	for _, s := range rel {
		u.Where = append(u.Where, s.label)
	}
	rep.Undecided = append(rep.Undecided, u)
}

// lists marks the multivalued witnesses as lists (policy.Request.Lists).
func lists(ctx map[string][]string) map[string]bool {
	var out map[string]bool
	for k, v := range ctx {
		if len(v) != 1 || multiValued(k) {
			if out == nil {
				out = map[string]bool{}
			}
			out[k] = true
		}
	}
	return out
}

// principalLookup resolves policy variables from what the principal
// determines (aws:username, aws:PrincipalAccount, ...).
func principalLookup(principal arn.Principal) func(string) (string, bool) {
	req, err := eval.NewRequest(eval.RequestInput{Principal: principal, Action: "sts:GetCallerIdentity", Resource: "*"}, time.Time{})
	return func(lowerKey string) (string, bool) {
		if err != nil || !principalKeys[lowerKey] {
			return "", false
		}
		return req.Context.Resolve(lowerKey)
	}
}

// instance writes an ARN of the format: the partition aws, the account
// the principal's, the Region us-east-1, every other placeholder "x".
func (q *question) instance(f string) string {
	acct := q.owner()
	var b strings.Builder
	for f != "" {
		i := strings.Index(f, "${")
		j := strings.IndexByte(f[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(f)
			break
		}
		b.WriteString(f[:i])
		switch f[i+2 : i+j] {
		case "Partition":
			b.WriteString("aws")
		case "Account":
			b.WriteString(acct)
		case "Region":
			b.WriteString("us-east-1")
		default:
			b.WriteString("x")
		}
		f = f[i+j+1:]
	}
	return b.String()
}

// onlyStar reports whether every relevant statement applies to every
// resource: then any one resource of each type stands for all.
func onlyStar(rel []*stmt) bool {
	for _, s := range rel {
		if s.st.NotResource {
			return false
		}
		for _, t := range s.st.Resources {
			if t.Raw != "*" {
				return false
			}
		}
	}
	return true
}

// formats lists the ARN formats of the action's resource types.
func formats(action string) []string {
	a, ok := awsref.LookupAction(action)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range a.Resources {
		if t, ok := awsref.LookupResourceType(a.Service, r.Type); ok {
			out = append(out, t.ARNFormats...)
		}
	}
	return out
}

// formatGlob turns an ARN format of the reference into a glob: the
// partition is aws, the account the principal's, a path or object name one
// or more of any character, every other placeholder one or more
// characters other than ':' and '/' (the classes awsref gives them).
func (q *question) formatGlob(f string) glob {
	acct := q.owner()
	g := glob{}
	for f != "" {
		i := strings.Index(f, "${")
		if i < 0 {
			g.toks = append(g.toks, literalGlob(f, false).toks...)
			break
		}
		g.toks = append(g.toks, literalGlob(f[:i], false).toks...)
		j := strings.IndexByte(f[i:], '}')
		if j < 0 {
			g.toks = append(g.toks, literalGlob(f[i:], false).toks...)
			break
		}
		switch name := f[i+2 : i+j]; {
		case name == "Partition":
			g.toks = append(g.toks, literalGlob("aws", false).toks...)
		case name == "Account" && acct != "":
			g.toks = append(g.toks, literalGlob(acct, false).toks...)
		case name == "Region":
			g.toks = append(g.toks, gtok{kind: gStarSeg})
		case strings.HasSuffix(name, "Path") || name == "ObjectName":
			g.toks = append(g.toks, gtok{kind: gAny}, gtok{kind: gStar})
		case i+j+1 == len(f) && name != "BucketName":
			// as awsref reads formats: a name that ends the ARN may hold
			// '/' (not ':'); bucket names never do
			g.toks = append(g.toks, gtok{kind: gAnyNC}, gtok{kind: gStarNC})
		default:
			g.toks = append(g.toks, gtok{kind: gAnySeg}, gtok{kind: gStarSeg})
		}
		f = f[i+j+1:]
	}
	return g
}

// resources are one witness per region that the relevant statements'
// Resource and NotResource patterns cut the action's resources into.
func (q *question) resources(action string, rel []*stmt, lookup func(string) (string, bool)) ([]string, string) {
	fs := formats(action)
	if _, known := awsref.LookupAction(action); known && len(fs) == 0 {
		if q.scoped() {
			return nil, "" // the action takes only Resource "*", which no resource of the scope is
		}
		return []string{"*"}, "" // the action takes only Resource "*"
	}
	if onlyStar(rel) && !q.scoped() {
		if len(fs) == 0 {
			return []string{"*"}, ""
		}
		// any resource of the action's types stands for all, but one the
		// Outside patterns hold (its own policies are compared apart)
		if w := q.instance(fs[0]); !q.outsideAny(w) {
			return []string{w}, ""
		}
	}
	var gs []glob
	for _, s := range rel {
		for _, t := range s.st.Resources {
			g, ok := templateGlob(t, lookup)
			if !ok {
				return nil, "the Resource " + quote(t.Raw) + " has a policy variable only a request supplies"
			}
			gs = append(gs, g)
		}
	}
	first := len(gs)
	for _, f := range fs {
		gs = append(gs, q.formatGlob(f))
	}
	scopeAt := len(gs)
	sg, within, outside := q.scopeGlobs(fs)
	gs = append(gs, sg...)
	ws, complete := q.witnesses(gs)
	if !complete {
		return nil, "the resources are cut into more regions than the search budget allows"
	}
	var out []string
	for r, w := range ws {
		if (len(fs) == 0 || anyInRegion(r, first, scopeAt)) && q.inScopeRegion(r, scopeAt, within, outside) {
			out = append(out, w)
		}
	}
	if len(fs) == 0 && !q.scoped() {
		out = append(out, "*")
	}
	sort.Strings(out)
	return dedupe(out), ""
}

// contexts are every combination of the classes of the keys the relevant
// statements' conditions test, each key also absent (unless every
// request carries it); at most limit of them.
func (q *question) contexts(rel []*stmt, lookup func(string) (string, bool), limit int) ([]map[string][]string, string) {
	keys := q.freeKeys(conditionKeys(rel))
	resolve := func(t policy.Template) (string, bool) { return resolveTemplate(t, lookup) }
	var choices [][][]string // per key: the value lists to try (nil = absent)
	total := 1
	for _, k := range keys {
		vals, why := k.values(resolve, q.witnesses)
		if why != "" {
			return nil, why
		}
		opts := valueOptions(k, vals)
		if opts == nil {
			return nil, "the multivalued key " + k.key + " has too many value classes to try every set of them"
		}
		choices = append(choices, opts)
		total *= len(opts)
		if total > limit {
			return nil, "the condition keys " + keyNames(keys) + " combine into more requests than the budget allows"
		}
	}
	out := []map[string][]string{{}}
	for i, k := range keys {
		var next []map[string][]string
		for _, ctx := range out {
			for _, v := range choices[i] {
				c := make(map[string][]string, len(ctx)+1)
				for kk, vv := range ctx {
					c[kk] = vv
				}
				if v != nil {
					c[k.key] = v
				}
				next = append(next, c)
			}
		}
		out = next
	}
	return out, ""
}

// maxSetClasses bounds the classes of a multivalued key: every subset of
// them is tried (a set operator's outcome depends only on which classes
// the request's values fall in, not how many values each holds).
const maxSetClasses = 8

func valueOptions(k *keyConds, vals []string) [][]string {
	var opts [][]string
	if !alwaysSet[strings.ToLower(k.key)] {
		opts = append(opts, nil) // absent
	}
	if !k.multi {
		for _, v := range vals {
			opts = append(opts, []string{v})
		}
		return opts
	}
	if len(vals) > maxSetClasses {
		return nil
	}
	for mask := 1; mask < 1<<len(vals); mask++ {
		var set []string
		for i, v := range vals {
			if mask&(1<<i) != 0 {
				set = append(set, v)
			}
		}
		opts = append(opts, set)
	}
	return opts
}

// conditionKeys gathers the conditions of the statements by key, leaving
// out the keys the principal determines.
func conditionKeys(rel []*stmt) []*keyConds {
	by := map[string]*keyConds{}
	var order []string
	for _, s := range rel {
		for _, c := range s.st.Conditions {
			low := strings.ToLower(c.Key)
			if principalKeys[low] {
				continue
			}
			k := by[low]
			if k == nil {
				k = &keyConds{key: c.Key, multi: multiValued(c.Key)}
				by[low] = k
				order = append(order, low)
			}
			k.conds = append(k.conds, c)
			if c.Operator.Qualifier != policy.Single {
				k.multi = true
			}
		}
	}
	sort.Strings(order)
	out := make([]*keyConds, len(order))
	for i, low := range order {
		out[i] = by[low]
	}
	return out
}

func multiValued(key string) bool {
	k, ok := awsref.LookupConditionKey(key)
	return ok && k.MultiValued()
}

func keyNames(ks []*keyConds) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.key
	}
	return strings.Join(names, ", ")
}

// resolveTemplate substitutes the principal's variables into t.
func resolveTemplate(t policy.Template, lookup func(string) (string, bool)) (string, bool) {
	if t.IsLiteral() {
		return t.Raw, true
	}
	rs, _, ok := templateRunes(t, lookup)
	return string(rs), ok
}

// templateGlob builds the glob of a Resource template: its text parts
// keep their wildcards, variables and escapes stand for themselves.
func templateGlob(t policy.Template, lookup func(string) (string, bool)) (glob, bool) {
	if t.IsLiteral() {
		return resourceGlob(t.Raw), true
	}
	rs, wild, ok := templateRunes(t, lookup)
	return resourceGlobOf(rs, wild), ok
}

// templateRunes is t with the principal's variables substituted, and for
// each rune whether it is a wildcard ('*' or '?' of the text parts).
func templateRunes(t policy.Template, lookup func(string) (string, bool)) (rs []rune, wild []bool, ok bool) {
	for _, p := range t.Parts {
		s := p.Text
		if p.Kind == policy.Variable {
			v, found := lookup(p.Key)
			if !found && !p.HasDefault {
				return nil, nil, false
			}
			if !found {
				v = p.Default
			}
			s = v
		}
		for _, r := range s {
			rs = append(rs, r)
			wild = append(wild, p.Kind == policy.Text && (r == '*' || r == '?'))
		}
	}
	return rs, wild, true
}
