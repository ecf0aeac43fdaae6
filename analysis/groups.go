package analysis

import (
	"sort"
	"sync"
)

// Access groups by number. countedJobs orders every capability of every
// instance's leak by its access group (Leak lists whatcan's capabilities
// by group, groupCapabilities): looked up by action name and compared as
// pairs of strings, that was a fifth of counting a leak. A candidate
// list's groups are numbered once per list instead, and a capability
// takes its candidate's number.

// groupTable numbers access groups from 1 for the Analyzer.
type groupTable struct {
	mu     sync.Mutex
	ids    map[[2]string]int32
	groups [][2]string // by number - 1
}

// groupID is the number of action's access group.
func (a *Analyzer) groupID(action string) int32 {
	g := a.accessGroup(action)
	t := &a.groupNumbers
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ids == nil {
		t.ids = map[[2]string]int32{}
	}
	id, ok := t.ids[g]
	if !ok {
		t.groups = append(t.groups, g)
		id = int32(len(t.groups))
		t.ids[g] = id
	}
	return id
}

// groupOf is the access group numbered id.
func (a *Analyzer) groupOf(id int32) [2]string {
	t := &a.groupNumbers
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.groups[id-1]
}

// candidateGroups is the group number of each candidate of a kept list
// (candidatesOf's, never modified: see candidateList), once per list.
func (a *Analyzer) candidateGroups(actions []candidate) []int32 {
	if len(actions) == 0 {
		return nil
	}
	return a.groupLists.Get(candidateList{&actions[0], len(actions)}, func() []int32 {
		out := make([]int32, len(actions))
		for i, c := range actions {
			out[i] = a.groupID(c.name)
		}
		return out
	})
}

// capGroups writes the group number of each of caps into gs: caps are
// what capabilitiesOn listed from actions, a subsequence of them in order
// (each with its candidate's name), so each takes its candidate's; one
// that is not found is looked up by its name.
func (a *Analyzer) capGroups(gs []int32, caps []Capability, actions []candidate) {
	cg := a.candidateGroups(actions)
	j := 0
	for t, c := range caps {
		for j < len(actions) && actions[j].name != c.Action {
			j++
		}
		if j == len(actions) {
			gs[t] = a.groupID(c.Action)
			continue
		}
		gs[t] = cg[j]
		j++
	}
}

// rankGroups numbers the groups of keys (given in order of first
// appearance) in the order groupCapabilities puts them: rank[id], in
// rank's memory when it is large enough.
func (a *Analyzer) rankGroups(rank []int, keys []int32) []int {
	top := int32(0)
	for _, k := range keys {
		top = max(top, k)
	}
	rank = cleared(rank, int(top)+1)
	sorted := make([]struct {
		id    int32
		group [2]string
	}, len(keys))
	for i, k := range keys {
		sorted[i].id, sorted[i].group = k, a.groupOf(k)
	}
	sort.SliceStable(sorted, func(i, j int) bool { return groupBefore(sorted[i].group, sorted[j].group) })
	for i, s := range sorted {
		rank[s.id] = i
	}
	return rank
}
