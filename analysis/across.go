package analysis

import (
	"slices"
	"sync"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
)

// Results across services. whatcan and leak ask, from one place, each
// service's actions on "*"; decideStar decides the services whose
// requests gather alike but for the action by re-targeting one decision,
// the base. Each service still cost decisions of its own, one per class
// of its actions (eval.Prepared.ActionClasses numbers them per service):
// about 700 at each place an audit counts an instance's leak at, where
// ReadOnlyAccess allows the actions of 300 services with one statement.
// When only the Result is read (no gaps, no statements' keys), a base's
// Results are kept by class across services
// (eval.Prepared.ActionClassesAcross): an action takes the Result of any
// action of its class decided before through the same base, from any
// service's job. A re-targeted request's Result depends on the base and
// the action only (Decided.ResultFor), so it is the one the service's own
// re-targeted decision would give.

// acrossTable numbers the actions of the lists asked under one
// eval.Prepared.PolicyKey by class across services, in one numbering.
type acrossTable struct {
	mu    sync.Mutex
	ids   map[string]int32
	lists map[acrossList]*classEntry
}

// acrossList names a list of actions: a kept list (candidateNamesOf) by
// its first element, never modified; any other by its actionsHash, whose
// entry is compared with the list.
type acrossList struct {
	first *string
	hash  uint64
	n     int
}

// acrossClassesOf numbers names (kept: a list of candidateNamesOf; else
// hash is its actionsHash) by class across services for p's documents.
func (a *Analyzer) acrossClassesOf(p *eval.Prepared, names []string, kept bool, hash uint64) []int32 {
	t := a.acrossTables.Get(p.PolicyKey(), func() *acrossTable {
		return &acrossTable{ids: map[string]int32{}, lists: map[acrossList]*classEntry{}}
	})
	k := acrossList{hash: hash, n: len(names)}
	if kept && len(names) > 0 {
		k = acrossList{first: &names[0], n: len(names)}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.lists[k]; ok && (kept || slices.Equal(e.actions, names)) {
		return e.classes
	}
	e := &classEntry{classes: p.ActionClassesAcross(names, t.ids)}
	if !kept {
		e.actions = slices.Clone(names)
	}
	t.lists[k] = e // another list of the same hash is numbered again
	return e.classes
}

// baseResults are the Results of one base decision's re-targeted
// requests, by class across services.
type baseResults struct {
	mu  sync.Mutex
	got map[int32]eval.Result
}

// resultsOf is the kept Results of base, a decision of s.
func (s *starDecisions) resultsOf(base *decision) *baseResults {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.results == nil {
		s.results = map[*decision]*baseResults{}
	}
	r := s.results[base]
	if r == nil {
		r = &baseResults{got: map[int32]eval.Result{}}
		s.results[base] = r
	}
	return r
}

// acrossJob reads the Results of one job's actions (one service, on "*")
// through its base.
type acrossJob struct {
	base    *decision
	classes []int32 // of the job's actions, in its order
	kept    *baseResults
	// last is the class read before and its Result: a service's actions
	// come in runs of one class, read without the lock.
	last    int32
	lastRes eval.Result
}

// acrossJobOf finds the base of q (on "*", its context with the assumed
// keys) through s, for a job whose actions are names.
// A value, not a pointer: an audit finds one for every service of every
// instance at each place.
func (a *Analyzer) acrossJobOf(q model.Query, s *starDecisions, names []string, kept bool, hash uint64) (acrossJob, error) {
	base, _, err := a.starBase(q, s)
	if err != nil {
		return acrossJob{}, err
	}
	return acrossJob{base: base, classes: a.acrossClassesOf(base.Prepared, names, kept, hash), kept: s.resultsOf(base), last: -1}, nil
}

// result is the Result of the job's action i.
func (j *acrossJob) result(i int, action string) (eval.Result, error) {
	k := j.classes[i]
	if k < 0 {
		return j.base.ResultFor(action) // its error
	}
	if k == j.last {
		return j.lastRes, nil
	}
	j.kept.mu.Lock()
	res, ok := j.kept.got[k]
	j.kept.mu.Unlock()
	if !ok {
		var err error
		if res, err = j.base.ResultFor(action); err != nil {
			return res, err
		}
		j.kept.mu.Lock()
		j.kept.got[k] = res
		j.kept.mu.Unlock()
	}
	j.last, j.lastRes = k, res
	return res, nil
}

// acrossApplies: the Results of a job on resource res can be read
// across services (star kept, sharing on, a request on "*"; callers ask
// sts, whose trust actions gather each on their own, without star).
func (a *Analyzer) acrossApplies(star *starDecisions, res string) bool {
	return star != nil && !a.noShare && res == "*"
}

// decideAcross is decideNamed for a group on "*" read across services.
func (a *Analyzer) decideAcross(creds model.Credentials, pl leakPlace, caps []Capability, group []int, out []tried, star *starDecisions, named *actionList) {
	var names []string
	var hash uint64
	if named != nil {
		names, hash = named.names, named.hash
	} else {
		names = make([]string, len(group))
		for j, i := range group {
			names[j] = caps[i].Action
		}
		hash = actionsHash(names)
	}
	first := caps[group[0]]
	q := model.Query{Credentials: creds, Action: first.Action, Resource: first.Resource, From: pl.from, Context: a.withAssumed(pl.context)}
	job, err := a.acrossJobOf(q, star, names, false, hash)
	if err != nil {
		out[group[0]].unusable = err
		return
	}
	for j, i := range group {
		res, err := job.result(j, caps[i].Action)
		switch {
		case err != nil && j == 0:
			out[i].unusable = err // as decideStar's re-targeting fails
			return
		case err != nil:
			out[i].err = err
			return
		}
		out[i].res = res
	}
}
