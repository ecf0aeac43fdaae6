package benchcases_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/internal/benchcases"
	"github.com/sekisho/sekisho/internal/caserun"
)

// TestRandomIsDeterministic: the benchmark and the iam-simulate
// comparison rely on one seed giving one file.
func TestRandomIsDeterministic(t *testing.T) {
	t.Parallel()
	a, fa, err := benchcases.Random(1, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, fb, err := benchcases.Random(1, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) || len(fa) != len(fb) {
		t.Fatal("seed 1 gave two different case files")
	}
	for name := range fa {
		if !bytes.Equal(fa[name], fb[name]) {
			t.Errorf("seed 1 gave two different %s", name)
		}
	}
	c, _, err := benchcases.Random(2, 300, 0)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 1 and 2 gave the same cases")
	}
}

// TestWrittenCasesRun writes a file as the comparison does and runs it as
// `sekisho test` reads it: every case passes, except every failEvery-th,
// which expects another decision; the SCP files it names are beside it.
func TestWrittenCasesRun(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file, err := benchcases.Write(dir, "cases.json", 1, 500, 50)
	if err != nil {
		t.Fatal(err)
	}
	cases, _, err := caserun.Load([]string{file})
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 500 {
		t.Fatalf("%d cases, want 500", len(cases))
	}
	run := caserun.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	failed, decisions := 0, map[string]int{}
	for _, c := range cases {
		d, err := run.Decide(c)
		if err != nil {
			t.Fatal(err)
		}
		decisions[d.Result.Decision.String()]++
		if d.Result.Decision != *c.Expect {
			failed++
		}
	}
	if failed != 10 {
		t.Errorf("%d cases failed, want 10 (one in 50)", failed)
	}
	for _, d := range []string{"Allow", "ImplicitDeny", "ExplicitDeny"} {
		if decisions[d] == 0 {
			t.Errorf("no case decided %s: %v", d, decisions)
		}
	}
}

// TestHarnessFiles checks the iam-simulate harness without running node
// (the tests need neither npm nor a network): the package pins one exact
// version, the lock file installs that version, and the harness reads the
// policy types and request fields that case files have.
func TestHarnessFiles(t *testing.T) {
	t.Parallel()
	dir := "../../scripts/iam-simulate-bench"
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	readJSON(t, filepath.Join(dir, "package.json"), &pkg)
	const name = "@cloud-copilot/iam-simulate"
	version := pkg.Dependencies[name]
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(version) {
		t.Fatalf("package.json: %s is %q, want one exact version", name, version)
	}
	var lock struct {
		LockfileVersion int `json:"lockfileVersion"`
		Packages        map[string]struct {
			Version      string            `json:"version"`
			Integrity    string            `json:"integrity"`
			Dependencies map[string]string `json:"dependencies"`
		} `json:"packages"`
	}
	readJSON(t, filepath.Join(dir, "package-lock.json"), &lock)
	if lock.LockfileVersion < 2 {
		t.Errorf("package-lock.json: lockfileVersion %d, want 2 or later (npm ci)", lock.LockfileVersion)
	}
	if got := lock.Packages[""].Dependencies[name]; got != version {
		t.Errorf("package-lock.json: the root asks for %s %q, package.json %q: run npm install", name, got, version)
	}
	for path, p := range lock.Packages {
		if path == "" {
			continue
		}
		if p.Version == "" || !strings.HasPrefix(p.Integrity, "sha512-") {
			t.Errorf("package-lock.json: %s has no version or sha512 integrity", path)
		}
	}
	if got := lock.Packages["node_modules/"+name].Version; got != version {
		t.Errorf("package-lock.json installs %s %q, package.json pins %q", name, got, version)
	}
	src, err := os.ReadFile(filepath.Join(dir, "harness.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"pols.identity", "pols.boundary", "pols.session", "pols.scp", "pols.rcp", "pols.resource",
		"pols.vpcEndpoint", "req.principal", "req.action", "req.resource", "req.resourceAccount", "req.context", "c.expect"} {
		if !strings.Contains(string(src), field) {
			t.Errorf("harness.mjs does not read %s", field)
		}
	}
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(src, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}
