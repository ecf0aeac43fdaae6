package cli_test

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzMerge: whatever a shard file holds, merge neither panics nor hangs:
// it writes an answer (exit 0 or 3) or refuses the file (exit 2) with a
// message, never both. Seeds: testdata/fuzz/FuzzMerge (real shards of
// audit, graph and whocan --all-resources on seed models, with count 1 so
// that a seed merges alone).
func FuzzMerge(f *testing.F) {
	f.Add([]byte(`{"schemaVersion":"1","command":"graph","question":{"args":["assume"],"flags":{}},` +
		`"model":{"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","files":1},` +
		`"shard":{"index":0,"count":1,"split":"sha256-mod: unit key's SHA-256, first 8 bytes big-endian, modulo count"},` +
		`"answer":{"schemaVersion":"1","kind":"assume","nodes":[],"edges":[],"completeness":{"undeclaredResources":[],"absentKeys":[],"missingManagedPolicies":[],"skipped":[]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "shard.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, errOut := run("merge", "--format", "json", path)
		switch code {
		case 0, 3:
			if out == "" {
				t.Errorf("exit %d without an answer", code)
			}
		case 2:
			if out != "" || errOut == "" {
				t.Errorf("exit 2 with %d bytes of output and message %q", len(out), errOut)
			}
		default:
			t.Errorf("exit %d: %s", code, errOut)
		}
	})
}
