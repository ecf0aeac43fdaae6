package eval

import "sync"

// Service prefixes are interned to small integers so that a policy can
// index its statements by the service of their actions, and a request can
// find its candidate statements with one map lookup per policy.
var serviceIDs = struct {
	sync.Mutex
	m map[string]uint32
}{m: map[string]uint32{}}

// internService returns the id of a lower-cased service prefix, adding it.
func internService(s string) uint32 {
	serviceIDs.Lock()
	defer serviceIDs.Unlock()
	id, ok := serviceIDs.m[s]
	if !ok {
		id = uint32(len(serviceIDs.m) + 1)
		serviceIDs.m[s] = id
	}
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

func newStatementIndex(stmts []*statement) statementIndex {
	idx := statementIndex{byService: map[uint32][]*statement{}}
	for _, s := range stmts {
		if s.isWild() {
			idx.wild = append(idx.wild, s)
			for id := range idx.byService {
				idx.byService[id] = append(idx.byService[id], s)
			}
			continue
		}
		for _, svc := range s.services {
			id := internService(svc)
			list, ok := idx.byService[id]
			if !ok {
				list = append([]*statement(nil), idx.wild...)
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
