package readfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/readfile"
)

// TestRefusesSpecialFiles: a device, a directory (and, on Unix, a FIFO:
// readfile_unix_test.go) are refused before anything is read.
func TestRefusesSpecialFiles(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ path, want string }{
		{"/dev/zero", "is a character device, not a regular file: expected a policy file"},
		{t.TempDir(), "is a directory, not a regular file"},
	} {
		if _, err := os.Stat(tc.path); err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		_, err := readfile.Read(tc.path, readfile.Policy)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.path, err, tc.want)
		}
	}
}

// TestSizeLimit: a 200 MB policy file is refused from its size, with the
// AWS quota that makes it impossible, without reading it (the file is
// sparse); a file at the limit is read.
func TestSizeLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = readfile.Read(big, readfile.Policy)
	if err == nil || !strings.Contains(err.Error(), "209715200 bytes, over the policy file limit of 1 MiB") || !strings.Contains(err.Error(), "no policy in AWS is that large (customer policies are at most 32,768 bytes, a KMS key policy's quota") {
		t.Errorf("got %v, want the size limit with the quota", err)
	}
	ok := filepath.Join(dir, "ok.json")
	if err := os.WriteFile(ok, make([]byte, readfile.Policy.Max), 0o600); err != nil {
		t.Fatal(err)
	}
	if src, err := readfile.Read(ok, readfile.Policy); err != nil || int64(len(src)) != readfile.Policy.Max {
		t.Errorf("file at the limit: %d bytes, %v", len(src), err)
	}
}

// endless is a stream that never ends, counting what is read from it.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	clear(p)
	e.read += int64(len(p))
	return len(p), nil
}

// TestReadAllBounded: an endless stream (stdin from /dev/zero) is read up
// to the limit and refused: the work is bounded by the limit.
func TestReadAllBounded(t *testing.T) {
	t.Parallel()
	r := &endless{}
	_, err := readfile.ReadAll(r, "stdin", readfile.Events)
	if err == nil || !strings.Contains(err.Error(), "stdin: more than 64 MiB, over the events file limit") {
		t.Errorf("got %v", err)
	}
	if r.read > readfile.Events.Max+1<<16 {
		t.Errorf("read %d bytes of an endless stream, limit %d", r.read, readfile.Events.Max)
	}
}
