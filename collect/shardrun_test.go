package collect_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
	"github.com/sekisho/sekisho/internal/shard"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
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

// TestShardUnion: the directory holding the shards' directories loads as
// one model, the same as an unsharded run's; an identical copy of a shard
// beside them is read once; a copy that differs is an error naming both
// manifests.
func TestShardUnion(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(7)
	srv := fakeaws.Start(w, fakeaws.Faults{Deny: map[string]bool{"222222222222/sqs:ListQueues": true}})
	defer srv.Close()
	run := func(out string, part shard.Shard) {
		o := options(srv, out)
		o.Org, o.Regions, o.Shard = true, []string{"us-east-1"}, part
		if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
			t.Fatal(err)
		}
	}
	whole := t.TempDir()
	run(whole, shard.Shard{})
	union := t.TempDir()
	for i := 0; i < 3; i++ {
		run(filepath.Join(union, fmt.Sprintf("shard-%d", i)), shard.Shard{Index: i, Count: 3})
	}
	want, got := digest(t, whole), digest(t, union)
	if !slices.Equal(got, want) {
		t.Errorf("the shards' union:\n%s\nthe unsharded run:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// The same shard copied beside the others: read once.
	copyDir(t, filepath.Join(union, "shard-1"), filepath.Join(union, "shard-1-copy"))
	if got := digest(t, union); !slices.Equal(got, want) {
		t.Errorf("with an identical copy of shard 1:\n%s", strings.Join(got, "\n"))
	}
	// A copy that differs in one file: which account, where, which file.
	shard1 := mustManifest(t, filepath.Join(union, "shard-1"))
	acct := shard1.Accounts[0].ID
	changed := filepath.Join(union, "shard-1-copy", "accounts", acct, "us-east-1", "sns.list-topics.json")
	if err := os.WriteFile(changed, []byte(`{"Topics": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := load.Load(union, load.Options{})
	for _, s := range []string{"account " + acct + " is collected twice", filepath.ToSlash(filepath.Join(union, "shard-1", "manifest.json")),
		filepath.ToSlash(filepath.Join(union, "shard-1-copy", "manifest.json")), "accounts/" + acct + "/us-east-1/sns.list-topics.json differs"} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("loading two different copies of account %s: %v, want %q", acct, err, s)
		}
	}
}

// digest is what a model loaded from dir holds, for comparisons: its
// accounts, resources (with or without a policy), OUs and SCPs, gaps.
func digest(t *testing.T, dir string) []string {
	t.Helper()
	m, err := load.Load(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for id := range m.Accounts {
		out = append(out, "account "+id+" in "+m.OrgPath(id))
	}
	for a, r := range m.Resources {
		out = append(out, fmt.Sprintf("resource %s %s policy=%v", a, r.Type, r.Policy != nil))
	}
	for id, n := range m.Org.Nodes {
		out = append(out, fmt.Sprintf("node %s SCPs %v RCPs %v", id, n.SCPs, n.RCPs))
	}
	for _, g := range m.Gaps {
		out = append(out, "gap "+g.String())
	}
	out = append(out, fmt.Sprintf("%d instances, %d endpoints, %d VPCs", len(m.Instances), len(m.Endpoints), len(m.VPCs)))
	slices.Sort(out)
	return out
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), src, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestAccountsOutsideOrganization: with --org, the --accounts entries the
// organization does not hold as ACTIVE accounts are not collected, and the
// manifest lists each under skipped with the reason (one shard records
// each, so the shards' manifests stay disjoint).
func TestAccountsOutsideOrganization(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(3)
	for _, list := range w.Children {
		for _, a := range list {
			if acct := a.(map[string]any); acct["Id"] == "333333333333" {
				acct["State"], acct["Status"] = "SUSPENDED", "SUSPENDED"
			}
		}
	}
	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	asked := []string{"999999999999", "111111111111", "333333333333", "222222222222", "999999999999"}
	want := []collect.Skipped{
		{ID: "333333333333", Reason: "an account of the organization o-fake12345 in state SUSPENDED, not ACTIVE"},
		{ID: "999999999999", Reason: "not an account of the organization o-fake12345"},
	}
	out := t.TempDir()
	o := options(srv, out)
	o.Org, o.Regions, o.Accounts = true, []string{"us-east-1"}, asked
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	m := mustManifest(t, out)
	var ids []string
	for _, a := range m.Accounts {
		ids = append(ids, a.ID)
	}
	if !slices.Equal(ids, []string{"111111111111", "222222222222"}) || !slices.Equal(m.Skipped, want) {
		t.Errorf("accounts %v, skipped %+v; want the two ACTIVE ones and skipped %+v", ids, m.Skipped, want)
	}
	var union []collect.Skipped
	for i := 0; i < 2; i++ {
		o := options(srv, t.TempDir())
		o.Org, o.Regions, o.Accounts, o.Shard = true, []string{"us-east-1"}, asked, collect.Shard{Index: i, Count: 2}
		if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
			t.Fatal(err)
		}
		for _, s := range mustManifest(t, o.Out).Skipped {
			if !o.Shard.Has(s.ID) {
				t.Errorf("shard %d recorded %s of another shard", i, s.ID)
			}
			union = append(union, s)
		}
	}
	slices.SortFunc(union, func(a, b collect.Skipped) int { return strings.Compare(a.ID, b.ID) })
	if !slices.Equal(union, want) {
		t.Errorf("the shards skipped %+v, want %+v", union, want)
	}

	// The model says the account was not collected rather than knowing
	// nothing of it.
	lm, err := load.Load(out, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := lm.NotCollected("999999999999", "us-east-1", model.Queue)
	if g == nil || !strings.Contains(g.String(), "not collected: the account was skipped (not an account of the organization o-fake12345)") {
		t.Errorf("gap of the skipped account: %v", g)
	}
}
