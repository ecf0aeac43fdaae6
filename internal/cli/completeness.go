package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/sekisho/sekisho/analysis"
)

// writeCompleteness ends every organization-wide answer with what it could
// not decide, so that "nothing found" is never read as "safe" by mistake.
func writeCompleteness(w io.Writer, c analysis.Completeness) {
	if c.Empty() {
		fmt.Fprintln(w, "not decided: nothing (every resource named is in the model, no key was assumed absent, no managed policy is missing, no principal was skipped)")
		return
	}
	fmt.Fprintln(w, "not decided:")
	if len(c.Undeclared) > 0 {
		fmt.Fprintf(w, "  resources named in policies but absent from the model (%d):\n", len(c.Undeclared))
		for _, u := range c.Undeclared {
			switch {
			case u.Evaluated && u.OwnerFrom == "arn":
				fmt.Fprintf(w, "    %s: evaluated without a resource policy (owner %s, from its ARN)\n", u.ARN, u.Owner)
			case u.Evaluated:
				fmt.Fprintf(w, "    %s: evaluated without a resource policy, owner assumed %s (%s)\n", u.ARN, u.Owner, u.OwnerFrom)
			case u.Reason != "":
				fmt.Fprintf(w, "    %s: not evaluated: %s\n", u.ARN, u.Reason)
			default:
				fmt.Fprintf(w, "    %s: not evaluated: owner unknown\n", u.ARN)
			}
		}
	}
	if len(c.AbsentKeys) > 0 {
		fmt.Fprintf(w, "  condition keys assumed absent (the answers hold only while they are; give --context KEY=VALUE to ask otherwise) (%d):\n", len(c.AbsentKeys))
		for _, k := range c.AbsentKeys {
			fmt.Fprintf(w, "    %s: %d allowed and %d denied decisions depended on it\n", k.Key, k.Allowed, k.Denied)
		}
	}
	if len(c.MissingManaged) > 0 {
		fmt.Fprintf(w, "  managed policies the model does not hold (%d; pass --aws-managed-policies DIR or add them):\n", len(c.MissingManaged))
		for _, m := range c.MissingManaged {
			fmt.Fprintf(w, "    %s: attached to %d principals\n", m.ARN, m.Principals)
		}
	}
	if len(c.Skipped) > 0 {
		fmt.Fprintf(w, "  principals not evaluated (%d):\n", len(c.Skipped))
		for _, s := range c.Skipped {
			fmt.Fprintf(w, "    %s: %s\n", s.Principal, s.Reason)
		}
	}
}

// writeCompleteness as comments of a graph language (DOT, Mermaid).
func writeCommented(w io.Writer, prefix string, c analysis.Completeness) {
	var b strings.Builder
	writeCompleteness(&b, c)
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		fmt.Fprintln(w, prefix+line)
	}
}
