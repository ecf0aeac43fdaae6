package analysis_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/sekisho/sekisho/analysis"
	modelload "github.com/sekisho/sekisho/model/load"
)

// TestPublicBucketCaveatsRepeated: exfil of every VPC of seed 002 (five
// endpoint policies, some blocking the public buckets, some not) gives the
// same caveats asked in either order, so publicBucketCaveat's pooled
// memory carries nothing from one VPC to the next.
func TestPublicBucketCaveatsRepeated(t *testing.T) {
	m, err := modelload.Load("../examples/seeds-model/002-endpoint-policy/model", modelload.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := analysis.New(m)
	a.Now = time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	vpcs := slices.Sorted(maps.Keys(m.VPCs))
	caveats := func(vpc string) []string {
		res, err := a.Exfil(vpc)
		if err != nil {
			t.Fatal(err)
		}
		return res.Caveats
	}
	first := map[string][]string{}
	with, without := 0, 0
	for _, vpc := range vpcs {
		first[vpc] = caveats(vpc)
		if len(first[vpc]) > 0 {
			with++
		} else {
			without++
		}
	}
	if with == 0 || without == 0 {
		t.Fatalf("want VPCs with and without caveats, got %d and %d: %v", with, without, first)
	}
	for _, vpc := range slices.Backward(vpcs) {
		for range 2 {
			if got := caveats(vpc); !slices.Equal(got, first[vpc]) {
				t.Errorf("%s asked again: caveats %q, first %q", vpc, got, first[vpc])
			}
		}
	}
}
