package render

import (
	"strings"

	"github.com/sekisho/sekisho/analysis"
)

// Witness says in one line what decided a witness: the decision, the
// deciding statement (or the reason when none), and the condition keys
// the answer assumed absent, and the values Sekisho filled in that it
// rests on.
func Witness(w analysis.Witness) string {
	var b strings.Builder
	b.WriteString(w.Decision)
	if w.Statement != nil {
		b.WriteString(": " + w.Statement.String())
	} else {
		b.WriteString(": " + w.Reason)
	}
	if len(w.AssumedAbsent) > 0 {
		b.WriteString("; assumes absent: " + strings.Join(w.AssumedAbsent, ", "))
	}
	for _, d := range w.FilledIn {
		b.WriteString("; rests on " + d.Key + "=" + strings.Join(d.Values, ",") + ", which Sekisho took " + d.From)
	}
	return b.String()
}
