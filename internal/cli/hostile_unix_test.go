//go:build unix

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestFIFOInputs: a named pipe with no writer, as a case file, as a policy
// file a case names, or inside a model directory, is refused at once
// (exit 2); reading it would block forever.
func TestFIFOInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "cases.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	refers := filepath.Join(dir, "refers.json")
	c := `{"name": "x", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}, "policies": {"identity": ["cases.json"]}, "expect": "Allow"}`
	if err := os.WriteFile(refers, []byte(c), 0o600); err != nil {
		t.Fatal(err)
	}
	modelDir := filepath.Join(dir, "model")
	if err := os.CopyFS(modelDir, os.DirFS(seedModel("002-endpoint-policy"))); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(modelDir, "pipe.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"test", fifo}, "cases.json: is a named pipe (FIFO), not a regular file: expected a case file"},
		{[]string{"test", refers}, "cannot read policy file: " + fifo + ": is a named pipe (FIFO)"},
		{[]string{"whocan", "--model", modelDir, "s3:GetObject", "*"}, "pipe.yaml: is a named pipe (FIFO), not a regular file: expected a model file"},
		{[]string{"remediate", "--dry-run", fifo}, "is a named pipe (FIFO), not a regular file: expected an events file"},
	} {
		code, _, errOut := run(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
