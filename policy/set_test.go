package policy

import (
	"maps"
	"slices"
	"testing"
)

// TestRequestLayers: a layered request holds what one map holds that
// takes the layers in order, then Context (All, Value, Flat), and
// SameContext compares those maps, whether layers are shared or not.
func TestRequestLayers(t *testing.T) {
	t.Parallel()
	caller := map[string][]string{"aws:PrincipalTag/team": {"red"}, "aws:userid": {"AID"}}
	region := map[string][]string{"aws:RequestedRegion": {"us-east-1"}}
	r := Request{
		Layers:  []map[string][]string{caller, {"aws:PrincipalTag/team": {"blue"}}, region},
		Context: map[string][]string{"aws:RequestedRegion": {}, "aws:SourceIp": {"10.0.0.1"}},
	}
	want := map[string][]string{"aws:PrincipalTag/team": {"blue"}, "aws:userid": {"AID"},
		"aws:RequestedRegion": {}, "aws:SourceIp": {"10.0.0.1"}}
	if got := r.Flat(); !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Flat = %v, want %v", got, want)
	}
	for k, v := range want {
		if got, ok := r.Value(k); !ok || !slices.Equal(got, v) {
			t.Errorf("Value(%s) = %v %t, want %v", k, got, ok, v)
		}
	}
	if v, ok := r.Value("aws:username"); ok || v != nil {
		t.Errorf("Value of an absent key = %v %t", v, ok)
	}
	flat := Request{Context: want}
	for _, c := range []struct {
		name string
		x, y Request
		same bool
	}{
		{"layered and flat", r, flat, true},
		{"flat and layered", flat, r, true},
		{"shared layers", r, Request{Layers: r.Layers, Context: maps.Clone(r.Context)}, true},
		{"a value differs", r, Request{Layers: r.Layers, Context: map[string][]string{"aws:RequestedRegion": {}, "aws:SourceIp": {"10.0.0.2"}}}, false},
		{"a key more", r, Request{Context: mapWith(want, "aws:SourceVpc", "vpc-1")}, false},
		{"a key less", Request{Context: mapWith(want, "aws:SourceVpc", "vpc-1")}, r, false},
		{"a layer's key replaced", r, Request{Layers: []map[string][]string{caller, region}, Context: r.Context}, false},
		{"empty", Request{}, Request{Layers: []map[string][]string{{}}}, true},
	} {
		if got := SameContext(&c.x, &c.y); got != c.same {
			t.Errorf("%s: SameContext = %t, want %t", c.name, got, c.same)
		}
	}
}

func mapWith(m map[string][]string, k, v string) map[string][]string {
	out := maps.Clone(m)
	out[k] = []string{v}
	return out
}
