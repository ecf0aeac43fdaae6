package remediate_test

import (
	"os"
	"testing"

	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// TestRolePolicyLintClean: the Lambda's execution role policy passes lint
// as a role's inline identity policy, with no error finding.
func TestRolePolicyLintClean(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(rolePolicyFile)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := lint.FileWith(rolePolicyFile, src, lint.Options{Kind: policy.Identity, Attachment: lint.AttachRole})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity == lint.Error {
			t.Errorf("%s", f)
		} else {
			t.Logf("%s", f)
		}
	}
}
