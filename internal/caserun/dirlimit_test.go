package caserun_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
)

// TestCaseDirLimits: a case directory past a bound of its walk is refused
// before a case is read, with the directory, the count reached and the
// limit. Small limits stand for readfile.CaseDir's. Not parallel: it sets
// the package's limit.
func TestCaseDirLimits(t *testing.T) {
	const dir = "../../testdata/cases"
	for _, tc := range []struct {
		name  string
		limit func(*readfile.DirLimit)
		want  string
	}{
		{"entries", func(l *readfile.DirLimit) { l.Entries = 10 }, `^\.\./\.\./testdata/cases: [0-9,]+ entries \(files and directories\) counted, over the case directory limit of 10 entries: `},
		{"bytes", func(l *readfile.DirLimit) { l.Bytes = 10_000 }, `^\.\./\.\./testdata/cases: [0-9,]+ bytes in the [0-9]+ files counted, over the case directory limit of 10,000 bytes: `},
		{"depth", func(l *readfile.DirLimit) { l.Depth = 0 }, `^\.\./\.\./testdata/cases: \.\./\.\./testdata/cases/[a-z-]+ is 1 level of directories below it, over the case directory limit of 0 levels: `},
	} {
		l := readfile.CaseDir
		tc.limit(&l)
		restore := caserun.SetDirLimit(l)
		n := 0
		_, err := caserun.Each([]string{dir}, func(*casefile.Case) error { n++; return nil })
		restore()
		if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) || errcode.Of(err) != errcode.Refused || n != 0 {
			t.Errorf("%s: got %v (code %s) after %d cases, want %s and %s before any case", tc.name, err, errcode.Of(err), n, tc.want, errcode.Refused)
		}
	}
}

// TestCaseDirThroughLink: a case directory named by a symbolic link is
// the directory it points to (it was read as a directory without cases).
func TestCaseDirThroughLink(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs("../../testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "cases")
	if err := os.Symlink(abs, link); err != nil {
		t.Fatal(err)
	}
	want, _, err := caserun.Load([]string{abs})
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := caserun.Load([]string{link})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || len(got) != len(want) {
		t.Errorf("through a link: %d cases, want %d", len(got), len(want))
	}
}
