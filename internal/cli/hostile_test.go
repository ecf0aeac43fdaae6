package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestTestMultiDocumentYAML: every document of a YAML case file is read;
// the failing case in the second document fails the run.
func TestTestMultiDocumentYAML(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("test", "--now", fixedNow, "testdata/cases/multi-document.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a failing case): %s%s", code, out, errOut)
	}
	if !strings.Contains(out, "FAIL second-document-fails (testdata/cases/multi-document.yaml:9:3)") || !strings.HasSuffix(out, "1 passed, 1 failed\n") {
		t.Errorf("output:\n%s", out)
	}
}

// sparse makes a file of size bytes that uses no disk space.
func sparse(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// TestHostileFiles: special files and oversized files, as case files, as
// policy files a case names and inside a model directory, are bad input
// (exit 2) with the reason, refused before they are read.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bigPolicy := filepath.Join(dir, "big-policy.json")
	sparse(t, bigPolicy, 200<<20)
	bigCases := filepath.Join(dir, "big-cases.json")
	sparse(t, bigCases, 200<<20)
	refersTo := func(name, policy string) string {
		f := filepath.Join(dir, name)
		c := fmt.Sprintf(`{"name": "x", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}, "policies": {"identity": [%q]}, "expect": "Allow"}`, policy)
		if err := os.WriteFile(f, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	var many strings.Builder
	many.WriteString("[")
	for i := range 20_001 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `{"name":"c%d","request":{"action":"s3:GetObject"}}`, i)
	}
	many.WriteString("]")
	manyCases := filepath.Join(dir, "many.json")
	if err := os.WriteFile(manyCases, []byte(many.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	modelDir := filepath.Join(dir, "model")
	if err := os.CopyFS(modelDir, os.DirFS(seedModel("002-endpoint-policy"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(modelDir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"test", "/dev/zero"}, "/dev/zero: is a character device, not a regular file: expected a case file"},
		{[]string{"eval", "/dev/zero"}, "/dev/zero: is a character device, not a regular file: expected a case file"},
		{[]string{"test", refersTo("zero-policy.json", "/dev/zero")}, "cannot read policy file: /dev/zero: is a character device"},
		{[]string{"test", refersTo("big-policy-case.json", bigPolicy)}, "209715200 bytes, over the policy file limit of 1 MiB: no policy AWS stores is larger than 32,768 bytes (the KMS key policy quota"},
		{[]string{"test", bigCases}, "209715200 bytes, over the case file limit of 16 MiB"},
		{[]string{"test", manyCases}, "more than 20000 cases in one file"},
		{[]string{"lint", "/dev/zero"}, "/dev/zero: is a character device"},
		{[]string{"lint", bigPolicy}, "over the policy file limit of 1 MiB"},
		{[]string{"whocan", "--model", modelDir, "s3:GetObject", "*"}, "zero.json: is a character device, not a regular file: expected a model file"},
	}
	for _, tt := range tests {
		code, _, errOut := run(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestSoftMemoryLimit: running a command sets the soft memory limit.
func TestSoftMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT chooses the limit")
	}
	run("version")
	if got := debug.SetMemoryLimit(-1); got > 1<<30 {
		t.Errorf("memory limit %d after a run, want at most 1 GiB", got)
	}
}
