package eval_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/node"
)

// corpusDirs hold the decision corpus (by topic) and the seed scenarios.
var corpusDirs = []string{"../testdata/cases", "../examples"}

// TestCorpus runs every plain case with an expectation through the engine,
// both without tracing (Evaluate) and with it (Explain): the two must
// agree. Model cases need an organization model: internal/caserun's corpus
// test runs them, and every file of these directories.
func TestCorpus(t *testing.T) {
	t.Parallel()
	total := 0
	for _, dir := range corpusDirs {
		for _, cases := range caseFiles(t, dir) {
			for _, c := range cases {
				if c.Expect == nil || c.Model != nil {
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

// caseFiles reads the case files below dir: the files that hold a case
// or a list of cases (policy documents and model files are what cases
// refer to).
func caseFiles(t *testing.T, dir string) [][]*casefile.Case {
	t.Helper()
	var out [][]*casefile.Case
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !casefile.IsCaseFile(p) {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		docs, err := casefile.Decode(src, p)
		if err != nil {
			return err
		}
		if !holdsCases(docs[0]) {
			return nil
		}
		cases, err := casefile.FromNodes(docs, p)
		if err != nil {
			return err
		}
		out = append(out, cases)
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return out
}

// holdsCases reports whether a decoded file is a case (an object with a
// request) or a list of them.
func holdsCases(n *node.Node) bool {
	if n.Kind == node.Array && len(n.Items) > 0 {
		n = n.Items[0]
	}
	return n.Kind == node.Object && n.Get("request") != nil
}
