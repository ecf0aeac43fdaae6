//go:build unix

package readfile_test

import (
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
