package eval_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
)

// corpusDirs hold the decision corpus (by topic) and the seed scenarios.
var corpusDirs = []string{"../testdata/cases", "../examples"}

// TestCorpus runs every case with an expectation through the engine, both
// without tracing (Evaluate) and with it (Explain): the two must agree.
func TestCorpus(t *testing.T) {
	t.Parallel()
	total := 0
	for _, dir := range corpusDirs {
		for _, file := range caseFiles(t, dir) {
			cases, err := casefile.Load(file)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			for _, c := range cases {
				if c.Expect == nil {
					continue
				}
				total++
				checkCase(t, c)
			}
		}
	}
	if total < 300 {
		t.Errorf("corpus has %d cases with expectations, want at least 300", total)
	}
	t.Logf("%d cases", total)
}

func checkCase(t *testing.T, c *casefile.Case) {
	t.Helper()
	d, err := eval.Decide(c.Policies, c.Request, time.Time{})
	if err != nil {
		t.Errorf("%s: %s: %v", c.File, c.Name, err)
		return
	}
	got := d.Result
	traced, exp := d.Prepared.Explain(d.Request)
	if got.Decision != *c.Expect {
		t.Errorf("%s:%s: case %s: got %s, want %s\n  %s", c.File, c.Pos, c.Name, got.Decision, *c.Expect, exp.Summary)
	}
	if traced.Decision != got.Decision || traced.Statement != got.Statement {
		t.Errorf("%s: case %s: Explain says %s, Evaluate says %s", c.File, c.Name, traced.Decision, got.Decision)
	}
}

func caseFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !casefile.IsCaseFile(p) || strings.HasSuffix(p, "README.md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !casefile.LooksLikePolicy(src, p) {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return out
}
