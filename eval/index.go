package eval

import (
	"sync"
	"sync/atomic"
)

// Service prefixes are interned to small integers so that a policy can
// index its statements by the service of their actions, and a request can
// find its candidate statements with one small map lookup per policy. The
// table belongs to a Compiler (or to one Prepare without one), and grows
// only when statements are compiled; a request's service is looked up
// once per evaluation, without a lock.
type serviceTable struct {
	mu  sync.Mutex // serializes writers
	ids atomic.Pointer[map[string]uint32]
}

func newServiceTable() *serviceTable {
	t := &serviceTable{}
	t.ids.Store(&map[string]uint32{})
	return t
}

// lookup returns the id of a lower-cased service prefix, 0 when no
// compiled statement names it.
func (t *serviceTable) lookup(s string) uint32 { return (*t.ids.Load())[s] }

// intern returns the id of a lower-cased service prefix, adding it (the
// map is copied on write, so that readers never wait).
func (t *serviceTable) intern(s string) uint32 {
	if id := t.lookup(s); id != 0 {
		return id
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	old := *t.ids.Load()
	if id, ok := old[s]; ok {
		return id
	}
	m := make(map[string]uint32, len(old)+1)
	for k, v := range old {
		m[k] = v
	}
	id := uint32(len(old) + 1)
	m[s] = id
	t.ids.Store(&m)
	return id
}

// statementIndex lists, for each service, the statements that can match an
// action of that service, in source order: the statements naming the
// service, merged with those whose actions have a wildcard service or that
// use NotAction ("wild"). Services no statement names get the wild list.
//
// A document naming few services (most: a case file's inline policies
// name one to three) keeps its lists in a slice searched in order, made
// with one allocation; one naming more than smallIndexMax keeps them in a
// map, for AWS managed policies naming hundreds.
//
// A list of at most unindexedMax statements is not indexed at all: every
// statement is a candidate (wild holds them all, small and byService are
// nil), and one whose Action element names other services fails its
// first check (statement.matchAction) about as soon as an index would have
// passed it over, while building the index was a list per service: half
// of compiling one of a case file's documents, most of which are decided
// once.
type statementIndex struct {
	small     []serviceList
	byService map[uint32][]*statement // when len(small) would exceed smallIndexMax; small is then nil
	wild      []*statement
}

type serviceList struct {
	id   uint32
	list []*statement
}

// smallIndexMax is the most services an index keeps in its slice.
const smallIndexMax = 8

// unindexedMax is the most statements of one effect a document keeps
// unindexed.
const unindexedMax = 4

func newStatementIndex(stmts []*statement) statementIndex {
	if len(stmts) <= unindexedMax {
		return statementIndex{wild: stmts}
	}
	var idx statementIndex
	for _, s := range stmts {
		if s.isWild() {
			idx.wild = append(idx.wild, s)
			for i := range idx.small {
				idx.small[i].list = append(idx.small[i].list, s)
			}
			for id := range idx.byService {
				idx.byService[id] = append(idx.byService[id], s)
			}
			continue
		}
		for _, id := range s.serviceIDs {
			idx.add(id, s, stmts)
		}
	}
	return idx
}

// add appends s to the list of service id, starting it from the wild
// statements seen so far.
func (idx *statementIndex) add(id uint32, s *statement, stmts []*statement) {
	if idx.byService != nil {
		list, ok := idx.byService[id]
		if !ok {
			list = append([]*statement(nil), idx.wild...)
		}
		idx.byService[id] = append(list, s)
		return
	}
	for i := range idx.small {
		if idx.small[i].id == id {
			idx.small[i].list = append(idx.small[i].list, s)
			return
		}
	}
	if len(idx.small) == smallIndexMax {
		idx.byService = make(map[uint32][]*statement, 2*smallIndexMax)
		for _, e := range idx.small {
			idx.byService[e.id] = e.list
		}
		idx.small = nil
		idx.add(id, s, stmts)
		return
	}
	if idx.small == nil {
		// Room for every service of the document's statements, up to
		// the bound: the slice is not grown.
		n := 0
		for _, t := range stmts {
			n += len(t.serviceIDs)
		}
		idx.small = make([]serviceList, 0, min(n, smallIndexMax))
	}
	idx.small = append(idx.small, serviceList{id: id, list: append(append([]*statement(nil), idx.wild...), s)})
}

func (s *statement) isWild() bool { return s.notAction || s.services == nil }

// candidates returns the statements that may match a request for service id.
func (idx *statementIndex) candidates(id uint32) []*statement {
	for i := range idx.small {
		if idx.small[i].id == id {
			return idx.small[i].list
		}
	}
	if list, ok := idx.byService[id]; ok {
		return list
	}
	return idx.wild
}
