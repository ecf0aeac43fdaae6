package readfile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
)

// small is a limit a test tree can pass.
var small = readfile.DirLimit{What: "test directory", Entries: 1000, Bytes: 1 << 20, Depth: 8, Why: "make it smaller"}

func files(path string, d fs.DirEntry) bool { return !d.IsDir() }

// tree writes files (slash-separated path → content) under a new
// directory.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestWalkAsWalkDir: within its limits, Walk keeps what filepath.WalkDir
// visits, in the same order; links below the root, to a directory or in
// a loop, are entries, not entered.
func TestWalkAsWalkDir(t *testing.T) {
	t.Parallel()
	root := tree(t, map[string]string{"a.json": "1", "a/b.json": "2", "a/c/d.yaml": "3", "b": "4", "a.b/x": "5"})
	if err := os.Symlink(root, filepath.Join(root, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "a.json"), filepath.Join(root, "link.json")); err != nil {
		t.Fatal(err)
	}
	var want []string
	if err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			want = append(want, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, size, err := readfile.Walk(root, small, files)
	if err != nil {
		t.Fatal(err)
	}
	if size != 6 {
		t.Errorf("%d bytes, want 6 (five files of one byte, and the one link.json points to)", size)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Walk: %q\nWalkDir: %q", got, want)
	}
	if len(got) != 7 {
		t.Errorf("%d files, want 7 (the loop not entered): %q", len(got), got)
	}
}

// TestWalkRootLink: a root that is a link to a directory is that
// directory, where filepath.WalkDir yields the link alone (a model read
// through a link was an empty model).
func TestWalkRootLink(t *testing.T) {
	t.Parallel()
	dir := tree(t, map[string]string{"x/m.json": "{}"})
	link := filepath.Join(t.TempDir(), "model")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	got, _, err := readfile.Walk(link, small, files)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(link, "x", "m.json")}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestWalkLimits: past each bound, the walk ends with a refusal that
// names the directory, the count reached and the limit.
func TestWalkLimits(t *testing.T) {
	t.Parallel()
	many := map[string]string{}
	for _, d := range []string{"a", "b", "c"} {
		for _, f := range []string{"1", "2", "3", "4"} {
			many[d+"/"+f+".json"] = "12345"
		}
	}
	deep := map[string]string{"1/2/3/4/5/6/7/8/9/f.json": "x"}
	for _, tc := range []struct {
		name  string
		files map[string]string
		limit func(*readfile.DirLimit)
		want  string
	}{
		{"entries", many, func(l *readfile.DirLimit) { l.Entries = 10 }, "11 entries (files and directories) counted, over the test directory limit of 10 entries: make it smaller"},
		{"bytes", many, func(l *readfile.DirLimit) { l.Bytes = 32 }, "35 bytes in the 7 files counted, over the test directory limit of 32 bytes: make it smaller"},
		{"bytes, no round unit", many, func(l *readfile.DirLimit) { l.Bytes = 59 }, "limit of 59 bytes"},
		{"depth", deep, func(l *readfile.DirLimit) { l.Depth = 8 }, string(filepath.Separator) + filepath.Join("1", "2", "3", "4", "5", "6", "7", "8", "9") + " is 9 levels of directories below it, over the test directory limit of 8 levels"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := tree(t, tc.files)
			l := small
			tc.limit(&l)
			_, _, err := readfile.Walk(root, l, files)
			var re *readfile.Error
			if !errors.As(err, &re) || re.File != root || errcode.Of(err) != errcode.Refused {
				t.Fatalf("got %v (%T, code %s), want a refusal of %s", err, err, errcode.Of(err), root)
			}
			if !strings.HasPrefix(err.Error(), root+": ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want %q", err, tc.want)
			}
			l.Entries, l.Bytes, l.Depth = 1000, 1<<20, 9
			if _, _, err := readfile.Walk(root, l, files); err != nil {
				t.Errorf("at the limit: %v", err)
			}
		})
	}
}

// TestWalkOneHugeDirectory: the entries of one directory are counted as
// they are read, so that a directory of millions of entries is refused
// after the limit, not read whole first.
func TestWalkOneHugeDirectory(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for i := range 3000 {
		if err := os.WriteFile(filepath.Join(root, strings.Repeat("f", 1+i%7)+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676))), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := small
	l.Entries = 1500
	_, _, err := readfile.Walk(root, l, files)
	if err == nil || !strings.Contains(err.Error(), "2,048 entries (files and directories) counted, over the test directory limit of 1,500 entries") {
		t.Errorf("got %v", err)
	}
}

// TestWalkCountsLinkTargets: a kept link counts the bytes of the file it
// points to, which is what is read.
func TestWalkCountsLinkTargets(t *testing.T) {
	t.Parallel()
	root := tree(t, map[string]string{"big": strings.Repeat("x", 100)})
	if err := os.Symlink(filepath.Join(root, "big"), filepath.Join(root, "small.json")); err != nil {
		t.Fatal(err)
	}
	l := small
	l.Bytes = 150
	_, _, err := readfile.Walk(root, l, files)
	if err == nil || !strings.Contains(err.Error(), "200 bytes in the 2 files counted") {
		t.Errorf("got %v", err)
	}
}

// TestWalkNotADirectory: Walk is given directories; a file is refused.
func TestWalkNotADirectory(t *testing.T) {
	t.Parallel()
	root := tree(t, map[string]string{"f.json": "{}"})
	_, _, err := readfile.Walk(filepath.Join(root, "f.json"), small, files)
	if err == nil || !strings.Contains(err.Error(), "f.json: is a file, not a directory: expected a test directory") {
		t.Errorf("got %v", err)
	}
	if _, _, err := readfile.Walk(filepath.Join(root, "missing"), small, files); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: got %v", err)
	}
}

// TestWalkSizes: WalkSizes keeps what Walk keeps, each path with the
// size the walk counted (of what a link points to; -1 for a directory or
// a dangling link).
func TestWalkSizes(t *testing.T) {
	t.Parallel()
	root := tree(t, map[string]string{"a.json": "1", "a/b.json": "22", "a/c/d.yaml": "333"})
	if err := os.Symlink(filepath.Join(root, "a", "b.json"), filepath.Join(root, "link.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "missing"), filepath.Join(root, "dangling.json")); err != nil {
		t.Fatal(err)
	}
	keep := func(string, fs.DirEntry) bool { return true }
	paths, sizes, total, err := readfile.WalkSizes(root, small, keep)
	if err != nil {
		t.Fatal(err)
	}
	want, wantTotal, err := readfile.Walk(root, small, keep)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(paths, want) || total != wantTotal || len(sizes) != len(paths) {
		t.Fatalf("WalkSizes = %q %d (%d sizes), Walk = %q %d", paths, total, len(sizes), want, wantTotal)
	}
	got := map[string]int64{}
	for i, p := range paths {
		rel, _ := filepath.Rel(root, p)
		got[filepath.ToSlash(rel)] = sizes[i]
	}
	if w := map[string]int64{".": -1, "a": -1, "a/c": -1, "a.json": 1, "a/b.json": 2, "a/c/d.yaml": 3, "link.json": 2, "dangling.json": -1}; !reflect.DeepEqual(got, w) {
		t.Errorf("sizes %v, want %v", got, w)
	}
}
