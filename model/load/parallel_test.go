package load_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model/load"
)

// TestParallelLoadIsOrdered: files are parsed on several goroutines, yet
// Load reports what reading them one by one reports: every parse and
// model error, sorted, the same on every run, a definition repeated in a
// later file reported there; and a file that cannot be
// read stops the load with its error, the first such file by name.
func TestParallelLoadIsOrdered(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := range 40 {
		account := fmt.Sprintf("1111111111%02d", i%39) // f39.json repeats f00.json's user
		src := `{"accounts": [{"id": "` + account + `", "users": [{"name": "u"}]}]}`
		switch i % 7 {
		case 3:
			src = `{"accounts": [{"id": "` + account + `",}]}` // syntax error
		case 5:
			src = `{"accounts": [{"id": "` + account + `", "userz": []}]}` // unknown field
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.json", i)), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := load.Load(dir, load.Options{})
	if err == nil {
		t.Fatal("a model with broken files loaded")
	}
	want := err.Error()
	if n := strings.Count(want, "\n") + 1; n != 12 {
		t.Errorf("%d errors, want 12 (6 syntax, 5 unknown fields, 1 user defined twice):\n%s", n, want)
	}
	if !strings.HasPrefix(want, filepath.Join(dir, "f03.json")+":1:") {
		t.Errorf("first error is not f03.json's:\n%s", want)
	}
	if dup := "defined twice: first at " + filepath.Join(dir, "f00.json"); !strings.Contains(want, dup) {
		t.Errorf("errors lack %q:\n%s", dup, want)
	}
	for range 5 {
		if _, err := load.Load(dir, load.Options{}); err == nil || err.Error() != want {
			t.Fatalf("another run reported\n%v\nwant\n%s", err, want)
		}
	}
	for _, name := range []string{"f30x.json", "f07x.json"} {
		if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, name)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
	}
	for range 5 {
		_, err := load.Load(dir, load.Options{})
		if err == nil || !strings.Contains(err.Error(), "f07x.json") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("with unreadable f07x.json and f30x.json: %v, want f07x.json's error alone", err)
		}
	}
}
