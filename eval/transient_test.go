package eval_test

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// decidedCase is what a caller keeps of a decision: its result and its
// explanation, as JSON.
type decidedCase struct {
	result      eval.Result
	explanation string
}

// corpusCases are the corpus's plain cases (TestCorpus).
func corpusCases(t *testing.T) []*casefile.Case {
	var out []*casefile.Case
	for _, dir := range corpusDirs {
		for _, cases := range caseFiles(t, dir) {
			for _, c := range cases {
				if c.Model == nil {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// sameResult compares two results, their statements by what they name:
// the compiled statements of a document the Compiler dropped and compiled
// again are other ones.
func sameResult(a, b eval.Result) bool {
	as, bs := a.Statement, b.Statement
	a.Statement, b.Statement = nil, nil
	return a == b && (as == nil) == (bs == nil) && (as == nil || *as == *bs)
}

func explanationJSON(t *testing.T, exp *eval.Explanation) string {
	b, err := json.Marshal(exp)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDecideTransientMatchesDecide: deciding the corpus through
// DecideTransient, whose decisions reuse the memory of the one before,
// gives every case the result and explanation Decide gives it, in the
// corpus's order and reversed (each case decided after another), and
// the explanations kept from the callbacks stay as they were after the
// memory they were made from is reused.
func TestDecideTransientMatchesDecide(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := corpusCases(t)
	if len(cases) < 300 {
		t.Fatalf("%d corpus cases, want at least 300", len(cases))
	}
	c := eval.NewCompilerSharing(64, 256)
	want := make([]decidedCase, len(cases))
	for i, k := range cases {
		d, err := c.Decide(k.Policies, k.Request, now)
		if err != nil {
			t.Fatalf("%s: %s: %v", k.File, k.Name, err)
		}
		want[i] = decidedCase{d.Result, explanationJSON(t, d.Explain())}
	}
	for _, order := range []string{"forward", "reversed"} {
		idx := make([]int, len(cases))
		for i := range idx {
			idx[i] = i
		}
		if order == "reversed" {
			slices.Reverse(idx)
		}
		kept := make([]*eval.Explanation, len(cases))
		for _, i := range idx {
			k := cases[i]
			err := c.DecideTransient(k.Policies, k.Request, now, func(d *eval.Decided) error {
				if !sameResult(d.Result, want[i].result) {
					t.Errorf("%s: %s (%s): result %+v, want %+v", k.File, k.Name, order, d.Result, want[i].result)
				}
				kept[i] = d.Explain()
				return nil
			})
			if err != nil {
				t.Fatalf("%s: %s: %v", k.File, k.Name, err)
			}
		}
		for _, i := range idx {
			if got := explanationJSON(t, kept[i]); got != want[i].explanation {
				t.Errorf("%s: %s (%s): explanation kept after the decision\n%s\nwant\n%s", cases[i].File, cases[i].Name, order, got, want[i].explanation)
			}
		}
	}
}

// TestDecideTransientConcurrent: goroutines deciding through one Compiler
// at once each get their own memory (go test -race).
func TestDecideTransientConcurrent(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := corpusCases(t)
	c := eval.NewCompilerSharing(64, 256)
	want := make([]eval.Decision, len(cases))
	for i, k := range cases {
		d, err := c.Decide(k.Policies, k.Request, now)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = d.Result.Decision
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range cases {
				i := (j*7 + w*13) % len(cases)
				k := cases[i]
				err := c.DecideTransient(k.Policies, k.Request, now, func(d *eval.Decided) error {
					if d.Result.Decision != want[i] {
						t.Errorf("%s: %s: %s, want %s", k.File, k.Name, d.Result.Decision, want[i])
					}
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}

// TestDecideTransientFirstSight: a Compiler whose documents are first
// seen by DecideTransient compiles them into the transient room (not
// cached, only marked seen), the second time into the cache, and after
// that takes them from it; every pass decides and explains as a set
// prepared alone does, also when a small cache starts over, and an
// explanation kept from the first pass stays as it was.
func TestDecideTransientFirstSight(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := corpusCases(t)
	want := make([]decidedCase, len(cases))
	for i, k := range cases {
		d, err := eval.NewCompiler().Decide(k.Policies, k.Request, now)
		if err != nil {
			t.Fatalf("%s: %s: %v", k.File, k.Name, err)
		}
		want[i] = decidedCase{d.Result, explanationJSON(t, d.Explain())}
	}
	for _, limit := range []int{0, 16} {
		c := eval.NewCompilerSharing(limit, 256)
		kept := make([]*eval.Explanation, len(cases))
		for pass := range 3 {
			for i, k := range cases {
				err := c.DecideTransient(k.Policies, k.Request, now, func(d *eval.Decided) error {
					if !sameResult(d.Result, want[i].result) {
						t.Errorf("%s: %s (limit %d, pass %d): result %+v, want %+v", k.File, k.Name, limit, pass, d.Result, want[i].result)
					}
					if pass == 0 {
						kept[i] = d.Explain()
					}
					return nil
				})
				if err != nil {
					t.Fatalf("%s: %s: %v", k.File, k.Name, err)
				}
			}
		}
		for i := range cases {
			if got := explanationJSON(t, kept[i]); got != want[i].explanation {
				t.Errorf("%s: %s (limit %d): explanation kept\n%s\nwant\n%s", cases[i].File, cases[i].Name, limit, got, want[i].explanation)
			}
		}
	}
}

// TestDecideTransientStatementFirstSight: a Compiler sharing statements
// whose documents are always new to it (a copy of each case's documents
// per pass, as a case file's inline documents are) compiles a statement
// it has not seen before into the transient room (not shared, only marked
// seen), the second time onto the heap, shared, and after that takes it
// from the shared ones; every pass decides and explains as a set prepared
// alone does, also when few statements are shared and the sharing starts
// over, and explanations kept from the first passes stay as they were.
func TestDecideTransientStatementFirstSight(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := corpusCases(t)
	want := make([]decidedCase, len(cases))
	for i, k := range cases {
		d, err := eval.NewCompiler().Decide(k.Policies, k.Request, now)
		if err != nil {
			t.Fatalf("%s: %s: %v", k.File, k.Name, err)
		}
		want[i] = decidedCase{d.Result, explanationJSON(t, d.Explain())}
	}
	for _, statements := range []int{0, 16} {
		c := eval.NewCompilerSharing(0, statements)
		var kept [][]*eval.Explanation
		for pass := range 3 {
			explanations := make([]*eval.Explanation, len(cases))
			for i, k := range cases {
				err := c.DecideTransient(copySet(k.Policies), k.Request, now, func(d *eval.Decided) error {
					if !sameResultByName(d.Result, want[i].result) {
						t.Errorf("%s: %s (statements %d, pass %d): result %+v, want %+v", k.File, k.Name, statements, pass, d.Result, want[i].result)
					}
					explanations[i] = d.Explain()
					return nil
				})
				if err != nil {
					t.Fatalf("%s: %s: %v", k.File, k.Name, err)
				}
			}
			kept = append(kept, explanations)
		}
		for pass, explanations := range kept {
			for i := range cases {
				if got := explanationJSON(t, explanations[i]); got != want[i].explanation {
					t.Errorf("%s: %s (statements %d, pass %d): explanation kept\n%s\nwant\n%s", cases[i].File, cases[i].Name, statements, pass, got, want[i].explanation)
				}
			}
		}
	}
}

// copySet is set with a copy of each document (the same statements in a
// document at another address): a Compiler has not seen any of them.
func copySet(set eval.PolicySet) eval.PolicySet {
	copyDoc := func(p *policy.Policy) *policy.Policy {
		if p == nil {
			return nil
		}
		c := *p
		return &c
	}
	copyList := func(list []*policy.Policy) []*policy.Policy {
		var out []*policy.Policy
		for _, p := range list {
			out = append(out, copyDoc(p))
		}
		return out
	}
	copyLevels := func(levels [][]*policy.Policy) [][]*policy.Policy {
		var out [][]*policy.Policy
		for _, lvl := range levels {
			out = append(out, copyList(lvl))
		}
		return out
	}
	return eval.PolicySet{
		Identity: copyList(set.Identity),
		Boundary: copyList(set.Boundary),
		Session:  copyList(set.Session),
		SCP:      copyLevels(set.SCP),
		RCP:      copyLevels(set.RCP),
		Resource: copyDoc(set.Resource),
		Endpoint: copyDoc(set.Endpoint),
	}
}

// sameResultByName is sameResult for results of copies of the same
// documents (copySet): their statements are compared by the name of the
// document and by the statement, which the copies share.
func sameResultByName(a, b eval.Result) bool {
	as, bs := a.Statement, b.Statement
	a.Statement, b.Statement = nil, nil
	if a != b || (as == nil) != (bs == nil) {
		return false
	}
	return as == nil || as.Gate == bs.Gate && as.Level == bs.Level && as.Statement == bs.Statement && as.Policy.Name == bs.Policy.Name
}
