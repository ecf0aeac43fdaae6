package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirectoryDepthLimit: a model or case directory deeper than its
// walk's bound (256 levels of directories) is bad input, refused (SE1003)
// with the directory and the limit, before any file is read; the other
// bounds (entries, bytes) are tested with small limits in model/load and
// internal/caserun.
func TestDirectoryDepthLimit(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(append([]string{root}, strings.Split(strings.Repeat("d/", 257), "/")...)...)
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(deep, "m.yaml"), []byte("accounts: [{id: \"111111111111\"}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args         []string
		prefix, want string
	}{
		{[]string{"audit", "--model", root}, "sekisho: error SE1003: ", "over the model directory limit of 256 levels"},
		{[]string{"lint", root}, "sekisho: read directory: ", "over the model directory limit of 256 levels"}, // lint reports each path's error, without a code
		{[]string{"test", root}, "sekisho: error SE1003: ", "over the case directory limit of 256 levels"},
	} {
		code, _, errOut := run(tc.args...)
		if code != 2 || !strings.HasPrefix(errOut, tc.prefix+root+": ") ||
			!strings.Contains(errOut, " is 257 levels of directories below it, "+tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2, %q, %s", tc.args[0], code, errOut, tc.prefix, tc.want)
		}
	}
}

// TestDirectoryThroughLink: a model or case directory named by a symbolic
// link answers as the directory itself (it was read as a directory
// without files: audit found nothing to check, test no case).
func TestDirectoryThroughLink(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs("../../examples/seeds-model/000-instance-credentials")
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "seed")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"audit", "--now", "2026-01-01T00:00:00Z", "--model", "%s/model"},
		{"test", "%s"},
	} {
		argv := func(d string) []string {
			out := append([]string{}, args...)
			out[len(out)-1] = strings.Replace(out[len(out)-1], "%s", d, 1)
			return out
		}
		wantCode, want, _ := run(argv(dir)...)
		code, got, errOut := run(argv(link)...)
		if code != wantCode || strings.ReplaceAll(got, link, dir) != want || strings.Contains(want, "checked: instance-credentials-pin 0") {
			t.Errorf("%s through a link: exit %d, %s%s\nwant exit %d, %s", args[0], code, got, errOut, wantCode, want)
		}
	}
}
