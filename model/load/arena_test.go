package load_test

import (
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

// TestArenaReuse: a model whose files' trees are parsed into reused
// memory (node.Arena, format.frees) is the model read with a new tree for
// each file, from native files and from AWS CLI output (whose
// authorization details compare the AWS managed documents of accounts).
// The synthetic organizations have more files than the goroutines parse
// ahead, so that arenas are reset and reused many times: were anything
// of the model, or of what the reading keeps for later, left pointing
// into a tree, a later file would overwrite it and the models differ.
func TestArenaReuse(t *testing.T) {
	cfg := synth.Config{Seed: 3, Accounts: 40, RolesPerAccount: 6}
	for name, write := range map[string]func(string, synth.Config) error{"native": synth.Write, "AWS CLI": synth.WriteAWSCLI} {
		dir := t.TempDir()
		if err := write(dir, cfg); err != nil {
			t.Fatal(err)
		}
		reused, err := load.Load(dir, load.Options{})
		if err != nil {
			t.Fatal(err)
		}
		restore := load.NoTreeReuse()
		fresh, err := load.Load(dir, load.Options{})
		restore()
		if err != nil {
			t.Fatal(err)
		}
		if s := reused.Stats(); s.Accounts != 41 || s.Roles == 0 {
			t.Fatalf("%s: loaded %+v, want 41 accounts with roles", name, s)
		}
		if !reflect.DeepEqual(reused, fresh) {
			t.Errorf("%s: the model read with arenas reused differs from the model read without", name)
		}
	}
}

// TestArenaPoolReused: a load makes no more arenas than it has trees out
// at once (at most the files it parses ahead, one being used and reset
// among them), however many files it reads: an organization of more
// files than that. The AWS CLI layout puts small files that keep their
// trees (describe-instances, get-bucket-policy) between the authorization
// details, which free theirs: were such a file parsed into an arena of the
// pool, that arena, grown by the authorization details before, would be
// dropped with the small tree, and the pool would make one per file.
func TestArenaPoolReused(t *testing.T) {
	dir := t.TempDir()
	if err := synth.WriteAWSCLI(dir, synth.Config{Seed: 3, Accounts: 40, RolesPerAccount: 6}); err != nil {
		t.Fatal(err)
	}
	if files := 9 * 41; files < 4*load.AheadFiles() {
		t.Fatalf("%d files, want many more than the %d parsed ahead", files, load.AheadFiles())
	}
	before := load.ArenasMade()
	if _, err := load.Load(dir, load.Options{}); err != nil {
		t.Fatal(err)
	}
	made := load.ArenasMade() - before
	if bound := int64(load.AheadFiles()); made > bound {
		t.Errorf("a load of 41 accounts made %d arenas, want at most %d", made, bound)
	}
}
