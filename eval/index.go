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
type statementIndex struct {
	byService map[uint32][]*statement
	wild      []*statement
}

func newStatementIndex(stmts []*statement, services *serviceTable) statementIndex {
	// The map is made for the first statement of a service: a document
	// without Deny statements (most) has an empty deny index, made for
	// each document of a case file.
	var idx statementIndex
	for _, s := range stmts {
		if s.isWild() {
			idx.wild = append(idx.wild, s)
			for id := range idx.byService {
				idx.byService[id] = append(idx.byService[id], s)
			}
			continue
		}
		for _, svc := range s.services {
			id := services.intern(svc)
			list, ok := idx.byService[id]
			if !ok {
				list = append([]*statement(nil), idx.wild...)
			}
			if idx.byService == nil {
				idx.byService = map[uint32][]*statement{}
			}
			idx.byService[id] = append(list, s)
		}
	}
	return idx
}

func (s *statement) isWild() bool { return s.notAction || s.services == nil }

// candidates returns the statements that may match a request for service id.
func (idx *statementIndex) candidates(id uint32) []*statement {
	if list, ok := idx.byService[id]; ok {
		return list
	}
	return idx.wild
}
