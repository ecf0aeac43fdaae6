package cli_test

import (
	"encoding/json"
	"testing"
)

const planModel = "../../modeldiff/testdata/models/base"

// TestPlanModel: sekisho plan --model applies the plan to the model,
// compares the planned model with the current one and audits it.
func TestPlanModel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		golden string
	}{
		// a role's inline policy widened, a bucket made public, a new user in a
		// group, a user given ec2:RunInstances (a new region-lock finding)
		{"changes", []string{"--model", planModel, "testdata/plan/model-changes.json"}, 3, "plan_model.txt"},
		// the S3 permission loses its source conditions; a second statement
		// is added to the function's policy for the organization
		{"lambda permissions", []string{"--model", "testdata/model/lambda", "testdata/plan/lambda-permission.json"}, 3, "plan_model_lambda.txt"},
		// the instance profile of i-0app... now holds an admin role; a
		// profile whose role is known only after apply is not applied
		{"instance profile", []string{"--model", "testdata/model/instance-profile", "testdata/plan/instance-profile.json"}, 3, "plan_model_instance_profile.txt"},
		{"account not in the model", []string{"--model", planModel, "--account", "222222222222", "testdata/plan/model-changes.json"}, 2, ""},
		{"account without a model", []string{"--account", "111111111111", "testdata/plan/model-changes.json"}, 2, ""},
		{"missing model", []string{"--model", "testdata/model/missing", "testdata/plan/model-changes.json"}, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(append([]string{"plan", "--now", "2026-01-01T00:00:00Z"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
		})
	}
}

// TestPlanModelJSON: an SCP detached from an OU gives the OU's role the
// action the SCP denied; a change the model cannot take is listed.
func TestPlanModelJSON(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("plan", "--format", "json", "--model", planModel, "testdata/plan/model-scp-detach.json")
	if code != 3 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Model struct {
			Comparison struct {
				NewAccess []struct {
					Principal, Action, OldDecision string
				} `json:"newAccess"`
			} `json:"comparison"`
			NotApplied []struct{ Address, Why string } `json:"notApplied"`
			Findings   []any                           `json:"newAuditFindings"`
		} `json:"model"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	na := got.Model.Comparison.NewAccess
	if len(na) != 1 || na[0].Principal != "arn:aws:iam::111111111111:role/ops" || na[0].Action != "ec2:TerminateInstances" || na[0].OldDecision != "ExplicitDeny" {
		t.Errorf("new access %+v: want ops ec2:TerminateInstances, ExplicitDeny before", na)
	}
	if len(got.Model.NotApplied) != 1 || got.Model.NotApplied[0].Address != "aws_iam_role_policy.missing.policy" {
		t.Errorf("not applied %+v: want the policy of a role the model lacks", got.Model.NotApplied)
	}
	if got.Model.Findings == nil {
		t.Error("newAuditFindings written as null")
	}
}
