package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/sekisho/sekisho/eval"
)

// Explanation writes an explanation as text: the case name (when given),
// the decision (and the expected one when it differs), every gate with
// every statement's outcome, and the context.
func Explanation(w io.Writer, name string, e *eval.Explanation, expect string) {
	if name != "" {
		fmt.Fprintf(w, "case %s\n", name)
	}
	fmt.Fprintf(w, "decision: %s\n", e.Decision)
	if expect != "" && expect != e.Decision {
		fmt.Fprintf(w, "expected: %s\n", expect)
	}
	fmt.Fprintf(w, "  %s\n", e.Summary)
	for _, wn := range e.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", wn)
	}
	if len(e.AbsentKeys) > 0 {
		fmt.Fprintf(w, "  decided with these condition keys absent from the request: %s\n", strings.Join(e.AbsentKeys, ", "))
	}
	if len(e.DerivedKeys) > 0 {
		fmt.Fprintln(w, "  decided with values Sekisho assumed for these condition keys, not given by the request:")
		for _, d := range e.DerivedKeys {
			fmt.Fprintf(w, "    %s = %s, %s\n", d.Key, strings.Join(d.Values, ", "), d.From)
		}
	}
	fmt.Fprintln(w, "gates:")
	for _, g := range e.Gates {
		writeGate(w, g)
	}
	fmt.Fprintln(w, "context:")
	for _, c := range e.Context {
		derived := ""
		if c.Derived {
			derived = "  (derived)"
		}
		fmt.Fprintf(w, "  %s = %s%s\n", c.Key, strings.Join(c.Values, ", "), derived)
	}
}

func writeGate(w io.Writer, g *eval.GateTrace) {
	title := g.Title
	if g.Level != nil {
		title = fmt.Sprintf("%s, level %d", title, *g.Level)
	}
	fmt.Fprintf(w, "  %s: %s\n", title, g.Outcome)
	if g.Note != "" {
		fmt.Fprintf(w, "    (%s)\n", g.Note)
	}
	for _, p := range g.Policies {
		fmt.Fprintf(w, "    policy %s\n", policyLabel(p))
		for _, s := range p.Statements {
			writeStatement(w, s)
		}
	}
}

func policyLabel(p *eval.PolicyTrace) string {
	if p.File != "" && p.File != p.Name {
		return fmt.Sprintf("%s (%s)", p.Name, p.File)
	}
	return p.Name
}

func writeStatement(w io.Writer, s *eval.StatementTrace) {
	label := fmt.Sprintf("#%d", s.Index)
	if s.Sid != "" {
		label += " " + s.Sid
	}
	where := ""
	if s.Line > 0 {
		where = fmt.Sprintf(" line %d", s.Line)
	}
	if s.Matched {
		fmt.Fprintf(w, "      %-6s %s%s: matches\n", s.Effect, label, where)
		for _, c := range s.Conditions {
			fmt.Fprintf(w, "               %s\n", c)
		}
		return
	}
	fmt.Fprintf(w, "      %-6s %s%s: no match: %s\n", s.Effect, label, where, s.Reason)
}
