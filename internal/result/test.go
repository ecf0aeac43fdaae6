package result

import (
	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/caserun"
)

// Outcome is one case of a test run.
type Outcome struct {
	Case        *casefile.Case
	Got         eval.Decision
	Explanation *eval.Explanation // failures only
	Passed      bool
	Skipped     bool // no expectation
}

// RunCase decides a case against its expectation; only a failure is
// explained.
func RunCase(run *caserun.Runner, c *casefile.Case) (Outcome, error) {
	if c.Expect == nil {
		return Outcome{Case: c, Skipped: true}, nil
	}
	// The outcome keeps of the decision its result and, for a failure,
	// its explanation, which stay valid after the decision's memory is
	// reused for another case.
	var o Outcome
	err := run.DecideTransient(c, func(d *caserun.Decided) error {
		o = Outcome{Case: c, Got: d.Result.Decision, Passed: d.Result.Decision == *c.Expect}
		if !o.Passed {
			o.Explanation = d.Explain()
		}
		return nil
	})
	if err != nil {
		return Outcome{}, err
	}
	return o, nil
}

// Count counts the passed and failed cases (skipped ones are neither).
func Count(outcomes []Outcome) (passed, failed int) {
	for _, o := range outcomes {
		switch {
		case o.Skipped:
		case o.Passed:
			passed++
		default:
			failed++
		}
	}
	return passed, failed
}

// Test is the JSON report of a test run (sekisho test --format json).
type Test struct {
	Passed int        `json:"passed"`
	Failed int        `json:"failed"`
	Cases  []TestCase `json:"cases"`
}

// TestCase is one case of the report; a failing case has its explanation.
type TestCase struct {
	Name        string            `json:"name"`
	File        string            `json:"file"`
	Line        int               `json:"line,omitempty"`
	Expect      string            `json:"expect"`
	Decision    string            `json:"decision"`
	Passed      bool              `json:"passed"`
	Explanation *eval.Explanation `json:"explanation,omitempty"`
}

// NewTest builds the report of a run.
func NewTest(outcomes []Outcome) Test {
	passed, failed := Count(outcomes)
	out := Test{Passed: passed, Failed: failed, Cases: []TestCase{}}
	for _, o := range outcomes {
		if o.Skipped {
			continue
		}
		c := o.Case
		out.Cases = append(out.Cases, TestCase{Name: c.Name, File: c.File, Line: c.Pos.Line, Expect: c.Expect.String(),
			Decision: o.Got.String(), Passed: o.Passed, Explanation: o.Explanation})
	}
	return out
}
