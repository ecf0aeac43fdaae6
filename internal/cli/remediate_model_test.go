package cli_test

import (
	"strings"
	"testing"
)

// TestRemediateDryRunOnModel: the dry run applies the region lock to the
// seed 001 model: old-user, created before the automation and allowed to
// launch anywhere by AdministratorAccess, is denied outside Tokyo after.
func TestRemediateDryRunOnModel(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("remediate", "--dry-run", "--model", seedModel("001-region-lock"),
		"testdata/remediate/create-old-user.json", "testdata/remediate/create-user.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"model: arn:aws:iam::111111111111:user/old-user: ec2:RunInstances on arn:aws:ec2:us-east-1:111111111111:instance/*: Allow before, ExplicitDeny after",
		"model: arn:aws:iam::111111111111:user/alice (added to the model):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run("remediate", "--model", seedModel("001-region-lock"), "testdata/remediate/create-user.json"); code != 2 {
		t.Errorf("--model without --dry-run: exit %d, want 2", code)
	}
}
