package analysis

import (
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestSetKey: two sets share a prepared set only when made of the same
// slices and documents; a set that differs in any gate, or in a slice's
// length, has a key of its own.
func TestSetKey(t *testing.T) {
	t.Parallel()
	p := func() *policy.Policy { return &policy.Policy{} }
	ids, scp, rcp := []*policy.Policy{p(), p()}, [][]*policy.Policy{{p()}, {p()}}, [][]*policy.Policy{{p()}}
	base := policy.Set{Identity: ids, SCP: scp, RCP: rcp, Resource: p()}
	same := base
	if keyOf(base) != keyOf(same) {
		t.Fatal("the same slices have two keys")
	}
	copied := base
	copied.Identity = append([]*policy.Policy(nil), ids...)
	for name, s := range map[string]policy.Set{
		"identity copied":  copied,
		"identity shorter": {Identity: ids[:1], SCP: scp, RCP: rcp, Resource: base.Resource},
		"scp shorter":      {Identity: ids, SCP: scp[:1], RCP: rcp, Resource: base.Resource},
		"no rcp":           {Identity: ids, SCP: scp, Resource: base.Resource},
		"other resource":   {Identity: ids, SCP: scp, RCP: rcp, Resource: p()},
		"no resource":      {Identity: ids, SCP: scp, RCP: rcp},
		"endpoint":         {Identity: ids, SCP: scp, RCP: rcp, Resource: base.Resource, Endpoint: p()},
		"boundary":         {Identity: ids, SCP: scp, RCP: rcp, Resource: base.Resource, Boundary: ids[1:]},
		"session":          {Identity: ids, SCP: scp, RCP: rcp, Resource: base.Resource, Session: ids[1:]},
	} {
		if keyOf(s) == keyOf(base) {
			t.Errorf("%s: the same key as the base set", name)
		}
	}
}
