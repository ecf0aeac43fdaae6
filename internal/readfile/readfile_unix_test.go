//go:build unix

package readfile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/sekisho/sekisho/internal/readfile"
)

// TestRefusesFIFO: a named pipe with no writer is refused at once; opening
// it for reading would block forever.
func TestRefusesFIFO(t *testing.T) {
	t.Parallel()
	fifo := filepath.Join(t.TempDir(), "policy.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := readfile.Read(fifo, readfile.Cases)
	if err == nil || !strings.Contains(err.Error(), "is a named pipe (FIFO), not a regular file: expected a case file") {
		t.Errorf("got %v", err)
	}
}

// TestReadRegularAsReadInto: ReadRegular, which leaves the look before
// opening to the walk, reads and refuses what ReadInto does, with the
// same errors: a file, a missing file, a file past the limit, and a file
// that became a named pipe since the walk (refused at once, not waited
// on).
func TestReadRegularAsReadInto(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	limit := readfile.Limit{What: "test file", Max: 8, Why: "tests"}
	for _, path := range []string{write("a.json", "{}"), write("big.json", "0123456789"), filepath.Join(dir, "missing.json"), fifo, dir} {
		got, err := readfile.ReadRegular(path, limit, nil)
		want, wantErr := readfile.ReadInto(path, limit, nil)
		if string(got) != string(want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Errorf("%s: ReadRegular = %q, %v; ReadInto = %q, %v", path, got, err, want, wantErr)
		}
	}
}
