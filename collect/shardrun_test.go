package collect_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
	"github.com/sekisho/sekisho/internal/shard"
)

// TestShardedRuns: three shards of an organization together collect each
// account exactly once, and only shard 0 writes organizations/.
func TestShardedRuns(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(7)
	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	var all []string
	for i := 0; i < 3; i++ {
		out := t.TempDir()
		o := options(srv, out)
		o.Org, o.Regions = true, []string{"us-east-1"}
		o.Shard = shard.Shard{Index: i, Count: 3}
		if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
			t.Fatal(err)
		}
		m := mustManifest(t, out)
		if m.Shard != o.Shard.String() || !m.Complete {
			t.Errorf("shard %d: manifest shard %q complete %v", i, m.Shard, m.Complete)
		}
		for _, a := range m.Accounts {
			if !o.Shard.Has(a.ID) {
				t.Errorf("shard %d collected %s of another shard", i, a.ID)
			}
			all = append(all, a.ID)
			if _, err := os.Stat(filepath.Join(out, "accounts", a.ID, "global", "iam.get-account-authorization-details.json")); err != nil {
				t.Error(err)
			}
		}
		_, err := os.Stat(filepath.Join(out, "organizations", "list-roots.json"))
		if (err == nil) != (i == 0) {
			t.Errorf("shard %d: organizations/list-roots.json: %v", i, err)
		}
	}
	slices.Sort(all)
	var want []string
	for id := range w.Accounts {
		want = append(want, id)
	}
	slices.Sort(want)
	if !slices.Equal(all, want) {
		t.Errorf("shards collected %v, the organization has %v", all, want)
	}
}
