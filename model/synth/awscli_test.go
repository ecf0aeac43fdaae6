package synth_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

// TestAWSCLIDeterministic: the same seed gives the same bytes; another
// seed gives other bytes.
func TestAWSCLIDeterministic(t *testing.T) {
	t.Parallel()
	cfg := synth.Config{Seed: 7, Accounts: 5}
	a, b := synth.GenerateAWSCLI(cfg), synth.GenerateAWSCLI(cfg)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, src := range a {
		if !bytes.Equal(src, b[name]) {
			t.Fatalf("%s differs between two runs of the same seed", name)
		}
	}
	other := synth.GenerateAWSCLI(synth.Config{Seed: 8, Accounts: 5})
	same := true
	for name, src := range a {
		same = same && bytes.Equal(src, other[name])
	}
	if same {
		t.Error("seeds 7 and 8 give the same organization")
	}
}

// TestAWSCLILoads: the written directory is a collected organization the
// model loader reads, with what the generator promises.
func TestAWSCLILoads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := synth.Config{Seed: 1, Accounts: 4, RolesPerAccount: 6, InstancesPerVPC: 2}
	if err := synth.WriteAWSCLI(dir, cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "accounts", synth.AccountID(0), "global", "iam.get-account-authorization-details.json")); err != nil {
		t.Fatal(err)
	}
	m, err := load.Load(dir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.Accounts); got != 5 {
		t.Errorf("%d accounts, want 5 (4 members and the management account)", got)
	}
	if got := len(m.Instances); got != 8 {
		t.Errorf("%d instances, want 8", got)
	}
	a := m.Accounts[synth.AccountID(1)]
	if a == nil || len(a.Roles) != 6 {
		t.Fatalf("account %s: %+v", synth.AccountID(1), a)
	}
	for _, want := range []string{"arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/AdministratorAccess"} {
		if mp := m.Managed[want]; mp == nil || mp.Document == nil {
			t.Errorf("%s is not resolved", want)
		}
	}
	if m.Org == nil || len(m.Org.Policies) < 5 {
		t.Errorf("organization policies: %+v", m.Org)
	}
}
