package server_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"testing"

	"github.com/sekisho/sekisho/server"
)

// The AWS CLI, unchanged, pointed at the server with --endpoint-url and
// dummy credentials: seed 000's SCP as an identity policy denies the
// stolen-credentials request and names the statement.
func TestAWSCLI(t *testing.T) {
	t.Parallel()
	aws, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the AWS CLI (aws) is not on PATH")
	}
	_, ts := start(t, server.Config{})
	cmd := exec.CommandContext(ctx(t), aws, "iam", "simulate-custom-policy", "--endpoint-url", ts.URL, "--output", "json",
		"--policy-input-list", readFile(t, seedSCP), allowS3,
		"--action-names", "s3:ListBucket",
		"--resource-arns", "arn:aws:s3:::app-bucket",
		"--context-entries", "ContextKeyName=aws:ec2InstanceSourceVpc,ContextKeyValues=vpc-abc123,ContextKeyType=string",
		"ContextKeyName=aws:SourceIp,ContextKeyValues=203.0.113.50,ContextKeyType=ip")
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY=dummy", "AWS_DEFAULT_REGION=us-east-1",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=")
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("aws: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got struct {
		EvaluationResults []struct {
			EvalActionName, EvalResourceName, EvalDecision string
			MatchedStatements                              []struct {
				SourcePolicyId string
				StartPosition  struct{ Line, Column int }
			}
			ResourceSpecificResults []struct {
				EvalResourceDecision string
				MissingContextValues []string
			}
		}
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got.EvaluationResults) != 1 {
		t.Fatalf("got %s", out)
	}
	r := got.EvaluationResults[0]
	if r.EvalDecision != "explicitDeny" || r.EvalActionName != "s3:ListBucket" || len(r.MatchedStatements) != 1 ||
		r.MatchedStatements[0].SourcePolicyId != "PolicyInputList.1" || r.MatchedStatements[0].StartPosition.Line != 4 {
		t.Errorf("got %s", out)
	}
	if len(r.ResourceSpecificResults) != 1 || r.ResourceSpecificResults[0].EvalResourceDecision != "explicitDeny" ||
		len(r.ResourceSpecificResults[0].MissingContextValues) != 1 || r.ResourceSpecificResults[0].MissingContextValues[0] != "aws:SourceVpc" {
		t.Errorf("resource-specific results: %s", out)
	}
}
