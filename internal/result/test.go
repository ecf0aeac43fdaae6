package result

import (
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
)

// Outcome is one case of a test run.
type Outcome struct {
	Case        *casefile.Case
	Got         eval.Decision
	Explanation *eval.Explanation
	Passed      bool
	Skipped     bool // no expectation
}

// RunCase decides a case against its expectation.
func RunCase(c *casefile.Case, now time.Time) (Outcome, error) {
	if c.Expect == nil {
		return Outcome{Case: c, Skipped: true}, nil
	}
	res, exp, err := Evaluate(c, now)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Case: c, Got: res.Decision, Explanation: exp, Passed: res.Decision == *c.Expect}, nil
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
		tc := TestCase{Name: c.Name, File: c.File, Line: c.Pos.Line, Expect: c.Expect.String(), Decision: o.Got.String(), Passed: o.Passed}
		if !o.Passed {
			tc.Explanation = o.Explanation
		}
		out.Cases = append(out.Cases, tc)
	}
	return out
}
