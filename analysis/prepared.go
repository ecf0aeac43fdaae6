package analysis

import (
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// setKey names a gathered policy set by the slices and documents it is
// made of. A model.Gatherer hands out the same read-only slices for the
// same principal, account and resource, so the decisions of a question
// that differ only in their request (whatcan's and leak's resources
// without a policy of their own, one account's, one principal's) share one
// prepared set. The key holds the slices' first elements, so while it is
// kept no other slice can be allocated there; a set built afresh (exfil's)
// has a key of its own, never another set's.
type setKey struct {
	identity, boundary, session    **policy.Policy
	nIdentity, nBoundary, nSession int
	scp, rcp                       *[]*policy.Policy
	nSCP, nRCP                     int
	resource, endpoint             *policy.Policy
}

func first[T any](s []T) *T {
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

func keyOf(s policy.Set) setKey {
	return setKey{
		identity: first(s.Identity), boundary: first(s.Boundary), session: first(s.Session),
		nIdentity: len(s.Identity), nBoundary: len(s.Boundary), nSession: len(s.Session),
		scp: first(s.SCP), rcp: first(s.RCP), nSCP: len(s.SCP), nRCP: len(s.RCP),
		resource: s.Resource, endpoint: s.Endpoint,
	}
}

// prepare compiles a policy set through the Analyzer's Compiler, once per
// set (see setKey). A Prepared is read only, safe for concurrent use.
func (a *Analyzer) prepare(s policy.Set) (*eval.Prepared, error) {
	k := keyOf(s)
	if p, ok := a.prepared.Load(k); ok {
		return p, nil
	}
	p, err := a.compiler.Prepare(s)
	if err != nil {
		return nil, err
	}
	return a.prepared.Store(k, p), nil
}
