package diff

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/wildcard"
)

// scoped reports whether the question is limited to some resources.
func (q *question) scoped() bool { return len(q.in.Scope.Within) > 0 }

// inScope reports whether an action is compared: not skipped, and, for a
// question within some resources, one of the action's ARN formats (or,
// for an action the reference does not know, its prefix) is of their
// service; a format of another service matches none of them.
func (q *question) inScope(action string, skip []wildcard.Pattern, services map[string]bool) bool {
	for i := range skip {
		if skip[i].Match(action) {
			return false
		}
	}
	if !q.scoped() || services == nil {
		return true
	}
	if _, ok := awsref.LookupAction(action); !ok {
		prefix, _, _ := strings.Cut(strings.ToLower(action), ":")
		return services[prefix]
	}
	for _, f := range formats(action) {
		if services[arnService(f)] {
			return true
		}
	}
	return false
}

// scopeServices are the services of the Within ARN patterns ("*" when one
// leaves its service open).
func (q *question) scopeServices() map[string]bool {
	out := map[string]bool{}
	for _, w := range q.in.Scope.Within {
		out[arnService(w)] = true
	}
	if out["*"] || out[""] {
		return nil // every service: no filter
	}
	return out
}

// arnService is the service part of an ARN or ARN format, lower case.
func arnService(s string) string {
	parts := strings.SplitN(s, ":", 4)
	if len(parts) < 3 {
		return ""
	}
	svc := strings.ToLower(parts[2])
	if strings.ContainsAny(svc, "*?$") {
		return "*"
	}
	return svc
}

// scopeGlobs are the Within and Outside patterns as globs, in that order,
// and how many of each. For an action with ARN formats, a pattern of a
// service none of them has is left out: no witness resource can match it.
func (q *question) scopeGlobs(fs []string) (gs []glob, within, outside int) {
	var services map[string]bool
	if len(fs) > 0 {
		services = map[string]bool{}
		for _, f := range fs {
			services[arnService(f)] = true
		}
	}
	keep := func(p string) bool {
		s := arnService(p)
		return services == nil || services["*"] || s == "*" || services[s]
	}
	for _, w := range q.in.Scope.Within {
		if keep(w) {
			gs = append(gs, resourceGlob(w))
		}
	}
	within = len(gs)
	for _, o := range q.in.Scope.Outside {
		if keep(o) {
			gs = append(gs, resourceGlob(o))
		}
	}
	return gs, within, len(gs) - within
}

// inScopeRegion reports whether a region's resources are in scope: within
// one Within pattern (when the question has any) and none of Outside;
// from is the index of the first scope glob.
func (q *question) inScopeRegion(r region, from, within, outside int) bool {
	if q.scoped() && !anyInRegion(r, from, from+within) {
		return false
	}
	return !anyInRegion(r, from+within, from+within+outside)
}

// fixedKey reports whether the caller determines the key.
func (q *question) fixedKey(lowerKey string) bool {
	return q.in.Scope.Fixed != nil && q.in.Scope.Fixed(lowerKey)
}

// withFixed is ctx with one side's fixed keys added.
func withFixed(ctx, fixed map[string][]string) map[string][]string {
	if len(fixed) == 0 {
		return ctx
	}
	out := make(map[string][]string, len(ctx)+len(fixed))
	for k, v := range fixed {
		out[k] = v
	}
	for k, v := range ctx {
		out[k] = v
	}
	return out
}

// freeKeys leaves out the keys the caller determines.
func (q *question) freeKeys(keys []*keyConds) []*keyConds {
	if q.in.Scope.Fixed == nil {
		return keys
	}
	out := keys[:0:0]
	for _, k := range keys {
		if !q.fixedKey(strings.ToLower(k.key)) {
			out = append(out, k)
		}
	}
	return out
}

// requests are the request of each side: the witness, with each side's
// fixed keys.
func (q *question) requests(in eval.RequestInput) (oldReq, newReq *eval.Request, ok bool) {
	s := q.in.Scope
	if len(s.FixedOld) == 0 && len(s.FixedNew) == 0 {
		r, err := eval.NewRequest(in, q.in.Now)
		return r, r, err == nil
	}
	side := func(fixed map[string][]string) (*eval.Request, bool) {
		r := in
		r.Context = withFixed(in.Context, fixed)
		r.Lists = lists(r.Context)
		req, err := eval.NewRequest(r, q.in.Now)
		return req, err == nil
	}
	oldReq, ok1 := side(s.FixedOld)
	newReq, ok2 := side(s.FixedNew)
	return oldReq, newReq, ok1 && ok2
}

// outsideAny reports whether the resource matches an Outside pattern.
func (q *question) outsideAny(resource string) bool {
	for _, o := range q.in.Scope.Outside {
		if globMatch(resourceGlob(o), resource) {
			return true
		}
	}
	return false
}

// globMatch runs the glob over s.
func globMatch(g glob, s string) bool {
	st := g.start()
	for _, r := range s {
		if st = g.step(st, r); st.empty() {
			return false
		}
	}
	return g.accepts(st)
}
