package cli_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSynth: sekisho synth writes an organization the other commands
// read, the same bytes for the same seed, and refuses a non-empty DIR.
func TestSynth(t *testing.T) {
	t.Parallel()
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, dir := range []string{a, b} {
		if code, _, errOut := run("synth", "--accounts", "3", "--roles", "6", "--seed", "42", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
	}
	if got, want := readTree(t, a), readTree(t, b); got != want {
		t.Error("two runs with the same seed wrote different files")
	}
	code, out, errOut := run("audit", "--model", a, "--now", fixedNow)
	if code != 3 || !strings.Contains(out, "require-imdsv2") {
		t.Errorf("audit of the synthetic organization: exit %d, want 3 with IMDSv1 findings: %s%s", code, out, errOut)
	}
	code, out, errOut = run("whocan", "--model", a, "--now", fixedNow, "iam:CreateUser", "*")
	if code != 0 || !strings.Contains(out, "role/admin-2") {
		t.Errorf("whocan iam:CreateUser: exit %d, want the AdministratorAccess roles: %s%s", code, out, errOut)
	}
	if code, _, _ := run("synth", "--accounts", "3", "--out", a); code != 2 {
		t.Errorf("synth into a non-empty directory: exit %d, want 2", code)
	}
	if code, _, _ := run("synth", "--accounts", "0", "--out", filepath.Join(t.TempDir(), "c")); code != 2 {
		t.Errorf("synth --accounts 0: exit %d, want 2", code)
	}
}

// readTree concatenates the files under dir, with their names, in order.
func readTree(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		b.WriteString(rel + "\n")
		b.Write(src)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
