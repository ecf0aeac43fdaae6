package eval_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestOutcomesAgreeWithExplain: over the whole corpus (every gate,
// service rules included), the untraced Outcomes, Matching and
// ExplainAbsentKeys say what Explain's trace says: the same result, the
// same applying gates with the same outcomes in the same order, the same
// matched statements of each effect per gate, the same absent keys.
func TestOutcomesAgreeWithExplain(t *testing.T) {
	t.Parallel()
	total := 0
	for _, dir := range corpusDirs {
		for _, cases := range caseFiles(t, dir) {
			for _, c := range cases {
				if c.Model != nil {
					continue
				}
				d, err := eval.Decide(c.Policies, c.Request, time.Time{})
				if err != nil {
					continue // bad input cases: nothing to compare
				}
				total++
				compareWithExplain(t, c.File+": "+c.Name, d.Prepared, d.Request)
			}
		}
	}
	if total < 300 {
		t.Errorf("compared %d cases, want at least 300", total)
	}
}

func compareWithExplain(t *testing.T, name string, p *eval.Prepared, r *eval.Request) {
	t.Helper()
	want, exp := p.Explain(r)
	got, outs := p.Outcomes(r, nil)
	if got != want {
		t.Errorf("%s: Outcomes decides %+v, Explain %+v", name, got, want)
	}
	var traced []string
	for _, g := range exp.Gates {
		if g.Applies {
			traced = append(traced, gateText(g.Gate, g.Level, g.Outcome))
		}
	}
	var untraced []string
	for _, o := range outs {
		var level *int
		if o.Gate == eval.GateSCP || o.Gate == eval.GateRCP {
			level = &o.Level
		}
		untraced = append(untraced, gateText(o.Gate.String(), level, outcomeName(o.Outcome)))
	}
	if !slices.Equal(untraced, traced) {
		t.Errorf("%s: Outcomes gates %v, Explain's %v", name, untraced, traced)
	}
	for _, g := range exp.Gates {
		if !g.Applies || g.Gate == eval.GateNoPermission.String() || g.Gate == eval.GateReserved.String() {
			continue
		}
		gate, level := gateOf(g.Gate), 0
		if g.Level != nil {
			level = *g.Level
		}
		for _, effect := range []policy.Effect{policy.Allow, policy.Deny} {
			var wantRefs []string
			for _, pt := range g.Policies {
				for _, st := range pt.Statements {
					if st.Matched && st.Effect == effect.String() {
						wantRefs = append(wantRefs, fmt.Sprintf("%s#%d", st.Policy, st.Index))
					}
				}
			}
			var gotRefs []string
			for _, ref := range p.Matching(r, gate, level, effect, nil) {
				gotRefs = append(gotRefs, fmt.Sprintf("%s#%d", ref.Policy.Name, ref.Statement.Index))
			}
			if !slices.Equal(gotRefs, wantRefs) {
				t.Errorf("%s: gate %s level %d: Matching(%s) = %v, Explain matched %v", name, g.Gate, level, effect, gotRefs, wantRefs)
			}
		}
	}
	if keys := p.ExplainAbsentKeys(r); !slices.Equal(keys, exp.AbsentKeys) {
		t.Errorf("%s: ExplainAbsentKeys = %v, Explain's AbsentKeys %v", name, keys, exp.AbsentKeys)
	}
}

func gateText(gate string, level *int, outcome string) string {
	if level != nil {
		return fmt.Sprintf("%s[%d]=%s", gate, *level, outcome)
	}
	return gate + "=" + outcome
}

func outcomeName(o eval.Outcome) string {
	switch o {
	case eval.OutcomeDeny:
		return "deny"
	case eval.OutcomeAllow:
		return "allow"
	case eval.OutcomeRefused:
		return "refused"
	}
	return "no allow"
}

func gateOf(name string) eval.Gate {
	for g := eval.GateSCP; g <= eval.GateReserved; g++ {
		if strings.EqualFold(g.String(), name) {
			return g
		}
	}
	return eval.GateReserved + 1
}

// BenchmarkOutcomes measures the untraced decision with every gate's
// outcome recorded, over the realistic set (compare BenchmarkEvaluate and
// BenchmarkExplain).
func BenchmarkOutcomes(b *testing.B) {
	prepared, err := eval.Prepare(realisticSet(b))
	if err != nil {
		b.Fatal(err)
	}
	req := benchRequest(b)
	buf := make([]eval.GateOutcome, 0, 16)
	b.ReportAllocs()
	for b.Loop() {
		prepared.Outcomes(req, buf[:0])
	}
}
