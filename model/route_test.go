package model_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/sekisho/sekisho/model"
)

// TestGathererRoutesAsBuilt: the routes a Gatherer keeps from a vantage,
// whose network keys it shares by endpoint, are those the model builds
// for each query alone, for every vantage of the model, every service its
// endpoints carry and some none carries, in every Region; asked one after
// the other through one Gatherer, so each service's route follows others
// that went through another endpoint or none.
func TestGathererRoutesAsBuilt(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	vantages := []model.Vantage{{}, {Kind: model.FromInternet}, {Kind: model.FromInternet, IP: "203.0.113.9"}}
	services := map[string]bool{"ec2": true, "iam": true, "s3": true, "sts": true, "kms": true}
	regions := map[string]bool{"": true, "us-east-1": true}
	for _, id := range slices.Sorted(maps.Keys(m.Instances)) {
		vantages = append(vantages, model.Vantage{Kind: model.FromInstance, ID: id})
	}
	for _, id := range slices.Sorted(maps.Keys(m.VPCs)) {
		vpc := m.VPCs[id]
		vantages = append(vantages, model.Vantage{Kind: model.FromVPC, ID: id}, model.Vantage{Kind: model.FromVPC, ID: id, IP: "10.0.0.5"})
		regions[vpc.Region] = true
		for _, e := range vpc.Endpoints {
			services[e.Service], regions[e.Region] = true, true
		}
	}
	endpoints := 0
	g := m.NewGatherer()
	for _, v := range vantages {
		for _, svc := range slices.Sorted(maps.Keys(services)) {
			for _, region := range slices.Sorted(maps.Keys(regions)) {
				got, err := g.Route(v, svc, region)
				if err != nil {
					t.Fatalf("%v %s %q: %v", v, svc, region, err)
				}
				want := builtRoute(t, m, v, svc, region)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%v %s %q: route\n%+v\nbuilt alone\n%+v", v, svc, region, got, want)
				}
				if got.Endpoint != nil {
					endpoints++
				}
			}
		}
	}
	if endpoints == 0 {
		t.Fatal("no route went through an endpoint: the test proves nothing")
	}
}

// builtRoute is the route the model builds for one query, without a
// Gatherer: the route of a gather of the service's action on a resource
// of the Region (region "": on "*", the vantage's own).
func builtRoute(t *testing.T, m *model.Model, v model.Vantage, svc, region string) *model.Route {
	t.Helper()
	q := query(t, "arn:aws:iam::111111111111:user/alice", "", svc+":Get", "*", nil)
	q.From = v
	if region != "" {
		q.Resource = "arn:aws:" + svc + ":" + region + ":111111111111:thing/x"
	}
	g, err := m.GatherAll(q)
	if err != nil {
		t.Fatalf("%v %s %q: %v", v, svc, region, err)
	}
	return g.Route
}
