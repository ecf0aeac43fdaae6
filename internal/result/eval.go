package result

import (
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/model"
)

// Eval is the JSON form of one evaluated case (sekisho eval --format json).
type Eval struct {
	Name        string            `json:"name"`
	File        string            `json:"file"`
	Decision    string            `json:"decision"`
	Expect      string            `json:"expect,omitempty"`
	Explanation *eval.Explanation `json:"explanation"`
	// Model cases only: the principal the credentials stand for and the route.
	Principal string `json:"principal,omitempty"`
	Route     string `json:"route,omitempty"`
}

// EvalCases decides and explains each case; failed counts the cases whose
// expect the decision does not meet.
func EvalCases(run *caserun.Runner, cases []*casefile.Case) (outs []Eval, failed int, err error) {
	for _, c := range cases {
		d, err := run.Decide(c)
		if err != nil {
			return nil, 0, err
		}
		out := Eval{Name: c.Name, File: c.File, Decision: d.Result.Decision.String(), Explanation: d.Explain(),
			Principal: d.Principal, Route: d.Route}
		if c.Expect != nil {
			out.Expect = c.Expect.String()
			if *c.Expect != d.Result.Decision {
				failed++
			}
		}
		outs = append(outs, out)
	}
	return outs, failed, nil
}

// ModelEval is the JSON form of a model evaluation (sekisho eval --model
// --format json).
type ModelEval struct {
	Decision    string            `json:"decision"`
	Principal   string            `json:"principal"`
	Action      string            `json:"action"`
	Resource    string            `json:"resource"`
	From        string            `json:"from,omitempty"`
	Route       string            `json:"route"`
	Assumed     []string          `json:"assumed,omitempty"`
	Explanation *eval.Explanation `json:"explanation"`
}

// EvalModel answers one query to a model; now is the request time (zero:
// the clock). c compiles (nil: without a cache).
func EvalModel(m *model.Model, c *eval.Compiler, q model.Query, now time.Time) (*ModelEval, error) {
	g, err := m.GatherAll(q)
	if err != nil {
		return nil, err
	}
	d, err := c.Decide(g.Set, g.Request, now)
	if err != nil {
		return nil, err
	}
	return &ModelEval{Decision: d.Result.Decision.String(), Principal: g.Principal, Action: q.Action, Resource: g.Request.Resource,
		From: q.From.String(), Route: g.Route.Summary, Assumed: g.Assumed, Explanation: d.Explain()}, nil
}
