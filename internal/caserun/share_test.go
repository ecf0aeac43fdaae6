package caserun_test

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/benchcases"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/render"
)

// TestSharedStatementsDecideAlike: a Runner shares compiled statements
// by content across documents (eval.NewCompilerSharing); every case of
// the corpus and of 3,000 random cases (the runner's benchmark file, whose
// documents repeat statements with other effects, conditions, resources
// and versions) has the decision and the explanation, word for word, that
// compiling its documents alone gives.
func TestSharedStatementsDecideAlike(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	file, err := benchcases.Write(t.TempDir(), "cases.json", 1, 3000, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases, _, err := caserun.Load([]string{file, "../../testdata/cases", "../../examples"})
	if err != nil {
		t.Fatal(err)
	}
	run := caserun.New(now)
	explain := func(e *eval.Explanation) string {
		var b bytes.Buffer
		render.Explanation(&b, "", e, "")
		return b.String()
	}
	checked := 0
	for _, c := range cases {
		if c.Model != nil {
			continue
		}
		got, err := run.Decide(c)
		want, werr := eval.Decide(c.Policies, c.Request, now)
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: case %s: error %v, alone %v", c.File, c.Name, err, werr)
		}
		if err != nil {
			continue
		}
		checked++
		if !reflect.DeepEqual(got.Result, want.Result) {
			t.Errorf("%s: case %s: %v, alone %v", c.File, c.Name, got.Result, want.Result)
			continue
		}
		if g, w := explain(got.Explain()), explain(want.Explain()); g != w {
			t.Errorf("%s: case %s: explained\n%s\nalone\n%s", c.File, c.Name, g, w)
		}
	}
	if checked < 3500 {
		t.Errorf("%d cases checked, want over 3,500", checked)
	}
}

// TestDecideTransientAsDecide: DecideTransient, which reuses a decision's
// memory for the next (as sekisho test decides), gives every case of the
// corpus (model cases included) and of 3,000 random cases the result
// Decide gives it, and the explanations made in its callbacks, kept to
// the end, read word for word as Decide's; fn's error is returned as it
// is.
func TestDecideTransientAsDecide(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	file, err := benchcases.Write(t.TempDir(), "cases.json", 1, 3000, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases, _, err := caserun.Load([]string{file, "../../testdata/cases", "../../examples"})
	if err != nil {
		t.Fatal(err)
	}
	explain := func(e *eval.Explanation) string {
		var b bytes.Buffer
		render.Explanation(&b, "", e, "")
		return b.String()
	}
	run, transient := caserun.New(now), caserun.New(now)
	kept := make([]*eval.Explanation, len(cases))
	results := make([]eval.Result, len(cases))
	for i, c := range cases {
		err := transient.DecideTransient(c, func(d *caserun.Decided) error {
			results[i], kept[i] = d.Result, d.Explain()
			return nil
		})
		_, werr := run.Decide(c)
		if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
			t.Fatalf("%s: case %s: error %v, Decide's %v", c.File, c.Name, err, werr)
		}
	}
	for i, c := range cases {
		if kept[i] == nil {
			continue
		}
		want, _ := run.Decide(c)
		if results[i].Decision != want.Result.Decision || results[i].Reason != want.Result.Reason {
			t.Errorf("%s: case %s: %v, Decide's %v", c.File, c.Name, results[i], want.Result)
			continue
		}
		if g, w := explain(kept[i]), explain(want.Explain()); g != w {
			t.Errorf("%s: case %s: explained\n%s\nDecide's\n%s", c.File, c.Name, g, w)
		}
	}
	errStop := errors.New("stop")
	if err := transient.DecideTransient(cases[0], func(*caserun.Decided) error { return errStop }); err != errStop {
		t.Errorf("DecideTransient returned %v, want fn's error as it is", err)
	}
}

// TestSharedContextsStayAsRead: the cases of a file that give the same
// request context share its maps (casefile's fast reader); deciding
// every case, explanation included, writes none of them (Decide, and
// DecideTransient as sekisho test decides), so every case still holds the
// context its text gives.
func TestSharedContextsStayAsRead(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	file, err := benchcases.Write(t.TempDir(), "cases.json", 2, 2000, 5)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []*casefile.Case
	var want []eval.RequestInput // each case's context, copied as read
	shared := map[uintptr]int{}
	if err := casefile.Each(src, file, func(c *casefile.Case) error {
		cases = append(cases, c)
		want = append(want, eval.RequestInput{Context: maps.Clone(c.Request.Context), Lists: maps.Clone(c.Request.Lists)})
		if c.Request.Context != nil {
			shared[reflect.ValueOf(c.Request.Context).Pointer()]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(shared) >= len(cases)/2 {
		t.Fatalf("%d contexts for %d cases: the reader shares too few for the test to mean much", len(shared), len(cases))
	}
	run := caserun.New(now)
	for _, c := range cases {
		d, err := run.Decide(c)
		if err != nil {
			t.Fatal(err)
		}
		_, _, _ = d.Explain(), d.AbsentKeys(), d.DerivedKeys()
		// As sekisho test decides, in memory reused from case to case.
		if err := run.DecideTransient(c, func(d *caserun.Decided) error {
			_, _, _ = d.Explain(), d.AbsentKeys(), d.DerivedKeys()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cases {
		if !reflect.DeepEqual(c.Request.Context, want[i].Context) || !reflect.DeepEqual(c.Request.Lists, want[i].Lists) {
			t.Fatalf("case %s: its context changed while deciding the cases", c.Name)
		}
	}
}
