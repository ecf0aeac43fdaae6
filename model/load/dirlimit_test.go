package load_test

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/model/load"
)

// TestModelDirLimits: a model directory past a bound of its walk (entries,
// bytes of data files, depth) is refused before any file is read, with
// the directory, the count reached and the limit. Small limits stand for
// readfile.ModelDir's, which no test tree reaches. Not parallel: it sets
// the package's limit.
func TestModelDirLimits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit func(*readfile.DirLimit)
		want  string
	}{
		{"entries", func(l *readfile.DirLimit) { l.Entries = 50 }, `^testdata/collected: [0-9,]+ entries \(files and directories\) counted, over the model directory limit of 50 entries: `},
		{"bytes", func(l *readfile.DirLimit) { l.Bytes = 1000 }, `^testdata/collected: [0-9,]+ bytes in the [0-9]+ files counted, over the model directory limit of 1,000 bytes: `},
		{"depth", func(l *readfile.DirLimit) { l.Depth = 2 }, `^testdata/collected: testdata/collected/accounts/[0-9]{12}/[a-z0-9-]+ is 3 levels of directories below it, over the model directory limit of 2 levels: `},
	} {
		l := readfile.ModelDir
		tc.limit(&l)
		restore := load.SetDirLimit(l)
		_, err := load.Load(collectedDir, load.Options{})
		restore()
		if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) || errcode.Of(err) != errcode.Refused {
			t.Errorf("%s: got %v (code %s), want %s and %s", tc.name, err, errcode.Of(err), tc.want, errcode.Refused)
		}
	}
	if _, err := load.Load(collectedDir, load.Options{}); err != nil {
		t.Errorf("within the limits: %v", err)
	}
}

// TestModelDirThroughLink: a model directory named by a symbolic link is
// the directory it points to (it was read as a model without files: no
// account, no finding).
func TestModelDirThroughLink(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(collectedDir)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "model")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	want, err := load.Load(collectedDir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := load.Load(link, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Accounts) == 0 || len(got.Accounts) != len(want.Accounts) || len(got.Resources) != len(want.Resources) ||
		len(got.Instances) != len(want.Instances) || len(got.Managed) != len(want.Managed) {
		t.Errorf("through a link: %d accounts, %d resources, %d instances, %d managed policies; want %d, %d, %d, %d",
			len(got.Accounts), len(got.Resources), len(got.Instances), len(got.Managed),
			len(want.Accounts), len(want.Resources), len(want.Instances), len(want.Managed))
	}
}

// TestModelMemoryLimit: a model whose files need more memory to load
// (2.7 times their bytes) than the process may use is refused before any
// file is read, with SE1003 naming the directory, the estimate and the
// memory; the same model within the memory loads. Not parallel: it sets
// the package's reading of the memory.
func TestModelMemoryLimit(t *testing.T) {
	restore := load.SetSystemMemory(1000)
	_, err := load.Load(collectedDir, load.Options{})
	restore()
	want := `^testdata/collected: [0-9.]+ (MiB|bytes|KiB) of model files, which need about [0-9.]+ (MiB|bytes) of memory to load \(2.7 times their size, docs/model.md\), more than the 1000 bytes the process may use `
	if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) || errcode.Of(err) != errcode.Refused {
		t.Errorf("got %v (code %s), want %s and %s", err, errcode.Of(err), want, errcode.Refused)
	}
	defer load.SetSystemMemory(1 << 40)()
	if _, err := load.Load(collectedDir, load.Options{}); err != nil {
		t.Errorf("within the memory: %v", err)
	}
	if m := load.SystemMemory(); m < 0 {
		t.Errorf("memory %d", m)
	}
}

// TestModelMemoryHeld: the memory a load may take is what the process may
// use less what it holds already, so that a server reloading while its
// old model serves is refused when both cannot fit; a load within it
// passes. Not parallel: it sets the package's reading of the memory.
func TestModelMemoryHeld(t *testing.T) {
	defer load.SetSystemMemory(4 << 30)()
	restore := load.SetHeapInUse(4<<30 - 1000)
	_, err := load.Load(collectedDir, load.Options{})
	restore()
	want := `more than the 4.0 GiB the process may use \(the least of the machine's memory, its control group's limit and GOMEMLIMIT\) beside the 4.0 GiB it holds already \(a model serving now`
	if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) || errcode.Of(err) != errcode.Refused {
		t.Errorf("got %v (code %s), want %s and %s", err, errcode.Of(err), want, errcode.Refused)
	}
	defer load.SetHeapInUse(1 << 30)()
	if _, err := load.Load(collectedDir, load.Options{}); err != nil {
		t.Errorf("within the memory: %v", err)
	}
	if h := load.HeapInUse(); h <= 0 {
		t.Errorf("live heap %d, want > 0", h)
	}
}

// TestModelMemoryGOMEMLIMIT: the Go runtime's soft memory limit
// (GOMEMLIMIT, debug.SetMemoryLimit) is part of the memory the process
// may use, when it is below the machine's. Not parallel: it sets the
// process's memory limit.
func TestModelMemoryGOMEMLIMIT(t *testing.T) {
	old := debug.SetMemoryLimit(12345 << 20)
	defer debug.SetMemoryLimit(old)
	if m := load.SystemMemory(); m != 12345<<20 {
		t.Errorf("memory %d with GOMEMLIMIT 12345 MiB, want %d", m, int64(12345<<20))
	}
	debug.SetMemoryLimit(math.MaxInt64)
	if m := load.SystemMemory(); m == 12345<<20 {
		t.Errorf("memory %d with no GOMEMLIMIT", m)
	}
}

// TestModelMemoryDuringLoad: while a load runs it replaces the collector's
// memory limit by its own budget (loadGC); the memory check of a load that
// overlaps it (tests, a server reloading while another load ends) reads
// the user's limit, not that budget, which refused a model of 6 KB with
// "more than the 118.1 MiB the process may use". Not parallel: it sets the
// process's memory limit.
func TestModelMemoryDuringLoad(t *testing.T) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOGC or GOMEMLIMIT set: loads leave the collector alone")
	}
	old := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(old)
	before := load.SystemMemory()
	restore := load.StartLoadGC(0)
	during := load.SystemMemory()
	if l := debug.SetMemoryLimit(-1); l == math.MaxInt64 {
		t.Errorf("a load did not set its memory limit")
	}
	restore()
	if during != before {
		t.Errorf("memory %d while a load runs, want %d as before it", during, before)
	}
}
