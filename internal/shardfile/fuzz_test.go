package shardfile_test

import (
	"encoding/json"
	"testing"

	"github.com/sekisho/sekisho/internal/shardfile"
)

// FuzzDecode: whatever a shard file holds, Decode accepts it or says why,
// never panics; a document it accepts holds a shard in range, encodes back
// into a document it accepts again, and, alone of one, merges or fails
// without panicking. Seeds: testdata/fuzz/FuzzDecode (real shards of audit,
// graph and whocan --all-resources on seed models, with count 1).
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schemaVersion":"1","command":"graph","question":{"args":["assume"],"flags":{}},` +
		`"model":{"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","files":1},` +
		`"shard":{"index":0,"count":1,"split":"` + shardfile.Split + `"},` +
		`"answer":{"schemaVersion":"1","kind":"assume","nodes":[],"edges":[],"completeness":{"undeclaredResources":[],"absentKeys":[],"missingManagedPolicies":[],"skipped":[]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := shardfile.Decode("shard.json", data)
		if err != nil {
			if err.Error() == "" {
				t.Error("an error without a message")
			}
			return
		}
		h := d.Head()
		if h.Shard.Count < 1 || h.Shard.Index < 0 || h.Shard.Index >= h.Shard.Count {
			t.Errorf("accepted shard %d/%d", h.Shard.Index, h.Shard.Count)
		}
		again, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := shardfile.Decode("again.json", again); err != nil {
			t.Errorf("an accepted document, encoded again, is refused: %v", err)
		}
		if h.Shard.Count == 1 {
			_, _ = shardfile.Merge([]shardfile.Doc{d})
		}
	})
}
