package guardrail_test

import (
	"testing"

	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// TestPoliciesLintClean lints every generated policy, with every option,
// as the kind it is deployed as: it must lint clean (suggestions aside).
func TestPoliciesLintClean(t *testing.T) {
	t.Parallel()
	for _, v := range variants {
		r, err := guardrail.Generate(v.name, v.params)
		if err != nil {
			t.Fatal(err)
		}
		opts := lint.Options{Kind: r.Kind}
		if r.Kind == policy.Identity {
			opts.Attachment = lint.AttachUser // remediate puts it inline on each new user
		}
		findings, err := lint.FileWith(v.golden(), r.Policy.JSON(), opts)
		if err != nil {
			t.Fatalf("%s: %v", v.golden(), err)
		}
		for _, f := range findings {
			if f.Severity != lint.Suggestion {
				t.Errorf("%s", f)
			} else if testing.Verbose() {
				t.Logf("%s", f)
			}
		}
	}
}
