package eval_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
)

// TestLayeredRequest: a request whose keys are given in layers
// (policy.Request.Layers) is the request of the one map of its keys
// (Flat): the same values, lists and derived keys, the time taken from
// a layer's aws:EpochTime, a layer's key replaced by a later layer's and
// by Context's.
func TestLayeredRequest(t *testing.T) {
	t.Parallel()
	in := eval.RequestInput{
		Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
		Layers: []map[string][]string{
			{"aws:PrincipalTag/team": {"red"}, "aws:EpochTime": {"1700000000"}, "aws:TagKeys": {"a"}},
			{"aws:PrincipalTag/team": {"blue"}, "aws:SourceIp": {"10.0.0.1"}},
		},
		Context: map[string][]string{"aws:SourceIp": {"10.0.0.2"}, "aws:RequestedRegion": {}},
		Lists:   map[string]bool{"aws:TagKeys": true},
	}
	flat := in
	flat.Context, flat.Layers = in.Flat(), nil
	if err := eval.CheckInput(in); err != nil {
		t.Fatal(err)
	}
	got, err := eval.NewRequest(in, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := eval.NewRequest(flat, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	keys := got.Context.Keys()
	slices.Sort(keys)
	wantKeys := want.Context.Keys()
	slices.Sort(wantKeys)
	if !slices.Equal(keys, wantKeys) {
		t.Fatalf("keys %v, want %v", keys, wantKeys)
	}
	for _, k := range keys {
		if g, w := got.Context.Lookup(k), want.Context.Lookup(k); !slices.Equal(g, w) || got.Context.IsList(k) != want.Context.IsList(k) {
			t.Errorf("%s = %v (list %t), want %v (list %t)", k, g, got.Context.IsList(k), w, want.Context.IsList(k))
		}
	}
	for k, v := range map[string]string{"aws:principaltag/team": "blue", "aws:sourceip": "10.0.0.2", "aws:currenttime": "2023-11-14T22:13:20Z"} {
		if g := got.Context.Lookup(k); !slices.Equal(g, []string{v}) {
			t.Errorf("%s = %v, want %s", k, g, v)
		}
	}
	if !maps.Equal(derived(got), derived(want)) {
		t.Errorf("derived %v, want %v", derived(got), derived(want))
	}
	// A malformed time in a layer is an error, as in Context.
	bad := in
	bad.Layers = []map[string][]string{{"aws:EpochTime": {"soon"}}}
	if err := eval.CheckInput(bad); err == nil {
		t.Error("a malformed aws:EpochTime in a layer is accepted")
	}
}

func derived(r *eval.Request) map[string]string {
	out := map[string]string{}
	for i, k := range r.Derived {
		out[k] = r.DerivedFrom[i]
	}
	return out
}
