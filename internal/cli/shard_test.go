package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// shardQuestions are the sharded commands, each with the formats it
// writes; shardModels the models they are asked of.
var shardQuestions = []struct {
	name    string
	args    []string
	formats []string
}{
	{"audit", []string{"audit"}, []string{"text", "json", "sarif"}},
	{"graph assume", []string{"graph", "assume"}, []string{"text", "json", "dot", "mermaid"}},
	{"graph privesc", []string{"graph", "privesc"}, []string{"text", "json", "dot", "mermaid"}},
	{"whocan s3:GetObject", []string{"whocan", "--all-resources", "--show-denied", "--context", "aws:SecureTransport=true", "--context", "aws:SourceIp=203.0.113.5", "s3:GetObject"}, []string{"text", "json"}},
	{"whocan sts:AssumeRole", []string{"whocan", "--all-resources", "--limit", "2", "--group-by", "account", "sts:AssumeRole"}, []string{"text", "json"}},
	{"whocan ec2:TerminateInstances", []string{"whocan", "--all-resources", "--fail-if-any", "ec2:TerminateInstances"}, []string{"text", "json"}},
}

// synthOrg writes a small synthetic organization for a test: two member
// accounts, enough for every shard of three to hold part of each answer
// (TestShardsSplitTheWork), small enough for nine audits.
func synthOrg(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "org")
	if code, _, errOut := run("synth", "--accounts", "2", "--roles", "4", "--instances", "2", "--seed", "7", "--out", out); code != 0 {
		t.Fatalf("synth: exit %d: %s", code, errOut)
	}
	return out
}

func shardModels(t *testing.T) map[string]string {
	t.Helper()
	return map[string]string{
		"synth":                   synthOrg(t),
		"seed 000 (instance pin)": seedModel("000-instance-credentials"),
		"seed 002 (endpoint)":     seedModel("002-endpoint-policy"),
		"seed 003 (trust)":        seedModel("003-trust"),
	}
}

// writeShards runs a question with --shard i/n for every i and returns the
// files, written in dir.
func writeShards(t *testing.T, dir, model string, args []string, n int) []string {
	t.Helper()
	var files []string
	for i := 0; i < n; i++ {
		code, out, errOut := run(append([]string{args[0], "--model", model, "--now", fixedNow, "--shard", fmt.Sprintf("%d/%d", i, n)}, args[1:]...)...)
		if code != 0 {
			t.Fatalf("shard %d/%d: exit %d (a shard writes its part and exits 0; merge gives the exit code): %s", i, n, code, errOut)
		}
		f := filepath.Join(dir, fmt.Sprintf("%s-%d-of-%d.json", args[0], i, n))
		if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestShardMerge: for every sharded question and model, the shards of 1,
// 2 and 3, merged in any order, are byte for byte the unsharded answer in
// every format, with its exit code.
func TestShardMerge(t *testing.T) {
	t.Parallel()
	for modelName, model := range shardModels(t) {
		for _, q := range shardQuestions {
			t.Run(modelName+"/"+q.name, func(t *testing.T) {
				t.Parallel()
				type answer struct {
					code int
					out  string
				}
				want := map[string]answer{}
				for _, f := range q.formats {
					code, out, errOut := run(append([]string{q.args[0], "--model", model, "--now", fixedNow, "--format", f}, q.args[1:]...)...)
					if code != 0 && code != 3 {
						t.Fatalf("unsharded --format %s: exit %d: %s", f, code, errOut)
					}
					want[f] = answer{code, out}
				}
				dir := t.TempDir()
				for n := 1; n <= 3; n++ {
					files := writeShards(t, dir, model, q.args, n)
					reversed := make([]string, n)
					for i, f := range files {
						reversed[n-1-i] = f
					}
					for _, f := range q.formats {
						code, out, errOut := run(append([]string{"merge", "--format", f}, reversed...)...)
						if code != want[f].code || out != want[f].out {
							t.Errorf("merge of %d shards --format %s: exit %d, want %d (%s); output equal: %v\ngot:\n%.2000s\nwant:\n%.2000s",
								n, f, code, want[f].code, errOut, out == want[f].out, out, want[f].out)
						}
					}
					code, out, _ := run(append([]string{"merge"}, files...)...)
					if code != want["text"].code || out != want["text"].out {
						t.Errorf("merge of %d shards without --format: not the default (text) answer", n)
					}
				}
			})
		}
	}
}

// TestShardsSplitTheWork: on the synthetic organization every shard of
// three holds part of each answer and none holds all of it, so the merge
// tests above merge real parts.
func TestShardsSplitTheWork(t *testing.T) {
	t.Parallel()
	synth := synthOrg(t)
	for _, q := range shardQuestions[:4] {
		t.Run(q.name, func(t *testing.T) {
			t.Parallel()
			files := writeShards(t, t.TempDir(), synth, q.args, 3)
			var sizes []int
			total := 0
			for _, f := range files {
				var doc struct {
					Shard  struct{ Index, Count int }
					Answer struct {
						Findings  []json.RawMessage
						Edges     []json.RawMessage
						Nodes     []json.RawMessage
						Resources []json.RawMessage
					}
				}
				src, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(src, &doc); err != nil {
					t.Fatal(err)
				}
				a := doc.Answer
				n := len(a.Findings) + len(a.Edges) + len(a.Nodes) + len(a.Resources)
				sizes = append(sizes, n)
				total += n
			}
			for i, n := range sizes {
				if n == 0 || n == total {
					t.Errorf("shard %d/3 holds %d of %d units' answers (%v): the split does not split", i, n, total, sizes)
				}
			}
		})
	}
}

// TestMergeRefuses: merge writes nothing and exits 2 unless it is given
// every shard of one question on one model exactly once, each a well-formed
// shard document.
func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seed2, seed3 := seedModel("002-endpoint-policy"), seedModel("003-trust")
	audit := writeShards(t, filepath.Join(mkdir(t, dir, "audit")), seed2, []string{"audit"}, 3)
	otherModel := writeShards(t, mkdir(t, dir, "other-model"), seed3, []string{"audit"}, 3)
	otherRegions := writeShards(t, mkdir(t, dir, "other-question"), seed2, []string{"audit", "--regions", "eu-west-1"}, 3)
	privesc := writeShards(t, mkdir(t, dir, "privesc"), seed3, []string{"graph", "privesc"}, 2)
	assume := writeShards(t, mkdir(t, dir, "assume"), seed3, []string{"graph", "assume"}, 2)
	ofTwo := writeShards(t, mkdir(t, dir, "of-two"), seed2, []string{"audit"}, 2)

	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	src, err := os.ReadFile(audit[0])
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) string {
		if !strings.Contains(string(src), old) {
			t.Fatalf("%q is not in the shard document", old)
		}
		return write(name, strings.Replace(string(src), old, new, 1))
	}
	truncated := write("truncated.json", string(src[:len(src)/2]))
	unknownField := edit("unknown.json", `"command": "audit",`, `"command": "audit",`+"\n  \"comand\": \"audit\",")
	wrongType := edit("type.json", `"count": 3`, `"count": "3"`)
	badVersion := edit("version.json", `"schemaVersion": "1",`, `"schemaVersion": "9",`)
	outOfRange := edit("range.json", `"index": 0,`, `"index": 5,`)
	notShard := write("policy.json", `{"Version": "2012-10-17", "Statement": []}`)
	notCommand := edit("command.json", `"command": "audit",`, `"command": "eval",`)

	tests := []struct {
		name  string
		files []string
		want  []string // in the error message
	}{
		{"missing shard", audit[:2], []string{"shards missing: 2/3", "given 2 of 3"}},
		{"two missing", audit[1:2], []string{"shards missing: 0/3, 2/3"}},
		{"duplicate", []string{audit[0], audit[1], audit[1], audit[2]}, []string{"are both shard 1/3"}},
		{"mixed models", []string{audit[0], otherModel[1], audit[2]}, []string{"different models", "sha256:"}},
		{"mixed questions", []string{audit[0], audit[1], otherRegions[2]}, []string{"ask different questions", "--regions=eu-west-1"}},
		{"mixed graphs", []string{privesc[0], assume[1]}, []string{"ask different questions", "privesc", "assume"}},
		{"mixed commands", []string{audit[0], privesc[1]}, []string{"is a shard of audit", "of graph"}},
		{"mixed counts", []string{ofTwo[0], audit[1], audit[2]}, []string{"is a shard of 2", "of 3"}},
		{"truncated", []string{truncated}, []string{"truncated.json:"}},
		{"unknown field", []string{unknownField}, []string{"unknown.json:4:3:", `unknown field "comand"`}},
		{"wrong type", []string{wrongType}, []string{"type.json:", "$.shard.count", "expected an integer, found string \"3\""}},
		{"schema version", []string{badVersion}, []string{"version.json:2:", `shard schema version "9"`}},
		{"shard out of range", []string{outOfRange}, []string{"range.json:", "$.shard", "0 <= INDEX < COUNT"}},
		{"not a shard", []string{notShard}, []string{"policy.json:1:1:", "no \"command\""}},
		{"not a sharded command", []string{notCommand}, []string{"command.json:3:", `"eval" is not a command that writes shards`}},
		{"no such file", []string{filepath.Join(dir, "absent.json")}, []string{"absent.json"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(append([]string{"merge", "--format", "json"}, tc.files...)...)
			if code != 2 || out != "" {
				t.Fatalf("exit %d with %d bytes of output, want 2 and nothing: %s", code, len(out), errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("message %q lacks %q", errOut, w)
				}
			}
		})
	}
	// The codes: SE4002 for parts that do not make a whole, SE1002 for a
	// document that is not a shard document.
	if _, _, errOut := run("merge", audit[0]); !strings.Contains(errOut, "SE4002") {
		t.Errorf("missing shards: %s, want code SE4002", errOut)
	}
	if _, _, errOut := run("merge", unknownField); !strings.Contains(errOut, "SE1002") {
		t.Errorf("unknown field: %s, want code SE1002", errOut)
	}
}

func mkdir(t *testing.T, parent, name string) string {
	t.Helper()
	p := filepath.Join(parent, name)
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestShardFlags: --shard is checked, writes only JSON, and splits only
// the questions that have work units to split.
func TestShardFlags(t *testing.T) {
	t.Parallel()
	seed := seedModel("003-trust")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"audit", "--model", seed, "--shard", "3/3"}, "0 <= INDEX < COUNT"},
		{[]string{"audit", "--model", seed, "--shard", "1"}, "expected INDEX/COUNT"},
		{[]string{"audit", "--model", seed, "--shard", "0/2", "--format", "sarif"}, "give --format sarif to sekisho merge"},
		{[]string{"graph", "--model", seed, "--shard", "0/2", "--format", "dot", "assume"}, "give --format dot to sekisho merge"},
		{[]string{"whocan", "--model", seed, "--shard", "0/2", "s3:GetObject", "arn:aws:s3:::b/k"}, "--shard splits whocan --all-resources"},
		{[]string{"whocan", "--model", seed, "--all-resources", "s3:GetObject", "arn:aws:s3:::b/k"}, "accepts 1 arg"},
		{[]string{"whocan", "--model", seed, "--all-resources", "s3:Get*"}, "not a pattern"},
		{[]string{"whocan", "--model", seed, "--all-resources", "s3:ListAllMyBuckets"}, `acts only on resource "*"`},
		{[]string{"whocan", "--model", seed, "--all-resources", "--resource-account", "111111111111", "s3:GetObject"}, "--resource-account does not apply"},
		{[]string{"audit", "--model", seed, "--shard", "0/2"}, "--shard needs --now"},
		{[]string{"merge"}, "requires at least 1 arg"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tc.args...)
			if code != 2 || out != "" || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stdout %d bytes, stderr %q; want 2, nothing, %q", code, len(out), errOut, tc.want)
			}
		})
	}
}

// TestShardModelIdentity: the shard's model digest names the model's
// files wherever they are, and changes with any byte of them.
func TestShardModelIdentity(t *testing.T) {
	t.Parallel()
	seed := seedModel("003-trust")
	copyDir := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(copyDir, os.DirFS(seed)); err != nil {
		t.Fatal(err)
	}
	digest := func(model string) string {
		code, out, errOut := run("graph", "--model", model, "--now", fixedNow, "--shard", "0/1", "assume")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var doc struct{ Model struct{ Digest string } }
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatal(err)
		}
		return doc.Model.Digest
	}
	original := digest(seed)
	if got := digest(copyDir); got != original {
		t.Errorf("a copy of the model elsewhere: digest %s, want %s", got, original)
	}
	entries, err := os.ReadDir(copyDir)
	if err != nil || len(entries) == 0 {
		t.Fatal(entries, err)
	}
	var file string
	for _, e := range entries {
		if !e.IsDir() {
			file = filepath.Join(copyDir, e.Name())
			break
		}
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, append(src, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := digest(copyDir); got == original {
		t.Errorf("a byte added to %s left the digest %s", file, got)
	}
}

// TestShardDocumentsMatchSchemas: the shard documents and the whocan
// matrix validate against their published schemas (docs/schema), for parts
// with and without findings.
func TestShardDocumentsMatchSchemas(t *testing.T) {
	t.Parallel()
	seed2, seed3 := seedModel("002-endpoint-policy"), seedModel("003-trust")
	tests := []struct {
		schema string
		args   []string
	}{
		{"shard-audit", []string{"audit", "--model", seed2, "--shard", "0/3"}},
		{"shard-audit", []string{"audit", "--model", seed2, "--shard", "2/3"}},
		{"shard-graph", []string{"graph", "--model", seed3, "--shard", "0/2", "privesc"}},
		{"shard-graph", []string{"graph", "--model", seed3, "--shard", "1/4", "assume"}},
		{"shard-whocan", []string{"whocan", "--model", seed3, "--shard", "0/2", "--all-resources", "--show-denied", "sts:AssumeRole"}},
		{"whocan-all-resources", []string{"whocan", "--model", seed2, "--format", "json", "--all-resources", "s3:GetObject"}},
		{"whocan-all-resources", []string{"whocan", "--model", seed2, "--format", "json", "--all-resources", "kms:Decrypt"}},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			// A jsonschema.Compiler is not safe for concurrent use: one per subtest.
			s, err := jsonschema.NewCompiler().Compile(schemaPath(tc.schema))
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := run(append(tc.args, "--now", fixedNow)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(doc); err != nil {
				t.Errorf("does not match %s: %v", schemaPath(tc.schema), err)
			}
		})
	}
}
