package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/readfile"
)

// TestValueLimits: a file with more values than its kind allows is bad
// input (exit 2), refused with SE1003 naming the file, the limit and the
// position of the first value past it; a YAML file past MaxYAMLBytes is
// refused before it is parsed. The policy file's and YAML's limits are
// the real ones.
func TestValueLimits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// 65,530 actions and 7 other values: the Resource "*" is one past the
	// policy file's 65,536
	policy := filepath.Join(dir, "p.json")
	write(t, policy, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[`+
		strings.Repeat(`"s3:GetObject",`, 65529)+`"s3:GetObject"],"Resource":"*"}]}`)
	model := filepath.Join(dir, "model")
	write(t, filepath.Join(model, "m.yaml"), "accounts: ["+strings.Repeat("a,", 2<<20)+"]\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", policy}, "sekisho: " + policy + ":1:983028: more than 65536 values, over the policy file limit of 65536 values: no policy in AWS is that large"},
		{[]string{"audit", "--model", model}, "sekisho: error SE1003: " + filepath.Join(model, "m.yaml") + ": 4194317 bytes of YAML, over the YAML limit of 4 MiB: split it into several files, or write it as JSON\n"},
	} {
		code, _, errOut := run(tc.args...)
		if code != 2 || !strings.HasPrefix(errOut, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2, %q", tc.args[0], code, errOut, tc.want)
		}
	}
}

// TestModelValueLimit: a model file past the model file's bound of values
// stops the load with SE1003 (with a smaller bound: the real one is
// millions of values). Not parallel: it sets readfile.Model.
func TestModelValueLimit(t *testing.T) {
	old := readfile.Model
	defer func() { readfile.Model = old }()
	readfile.Model.Values = 100
	model := t.TempDir()
	write(t, filepath.Join(model, "a.json"), `{"accounts": [`+strings.Repeat(`{"id": "111111111111"}, `, 60)+`{"id": "111111111111"}]}`)
	code, _, errOut := run("audit", "--model", model)
	want := "sekisho: error SE1003: " + filepath.Join(model, "a.json") + ":1:1191: more than 100 values, over the model file limit of 100 values: split the model into several files in a directory\n"
	if code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q; want 2, %q", code, errOut, want)
	}
}

func write(t *testing.T, file, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
