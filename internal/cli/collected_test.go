package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// collectedModel is the collected organization of the loader's tests:
// two accounts, two Regions, one resource of every type.
const collectedModel = "../../model/load/testdata/collected"

// TestEvalCollectedModel: `sekisho eval --model DIR` on a collected
// directory decides with the queue's, the key's and the secret's policies.
func TestEvalCollectedModel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		principal, action, resource string
		want                        []string
	}{
		{"arn:aws:iam::222222222222:user/alice", "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:orders",
			[]string{"decision: Allow", "resource-based policy: allow", "sqs.get-queue-attributes.orders.json"}},
		{"arn:aws:iam::111111111111:user/bob", "secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod-db-AbCdEf",
			[]string{"decision: ExplicitDeny", "OnlyTheApp"}},
		{"arn:aws:iam::222222222222:user/alice", "kms:Decrypt", "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			[]string{"decision: ImplicitDeny", "assumed: key arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab has 1 KMS grants"}},
	}
	for _, tt := range tests {
		code, out, errOut := run("eval", "--model", collectedModel, "--principal", tt.principal, "--action", tt.action, "--resource", tt.resource)
		if code != 0 {
			t.Fatalf("%s %s: exit %d: %s", tt.principal, tt.action, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s %s: the answer does not say %q:\n%s", tt.principal, tt.action, w, out)
			}
		}
	}
}

// TestEvalCollectedMalformed: a malformed collected file is bad input (exit
// 2) naming the file, the JSON path and the line and column.
func TestEvalCollectedMalformed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "accounts", "111111111111", "us-east-1", "sqs.get-queue-attributes.orders.json")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte("{\n  \"Attributes\": {\n    \"QueueArn\": \"arn:aws:sqs:us-east-1:111111111111:orders\",\n    \"Policy\": 7\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run("eval", "--model", dir, "--principal", "arn:aws:iam::111111111111:root", "--action", "sqs:SendMessage",
		"--resource", "arn:aws:sqs:us-east-1:111111111111:orders")
	if code != 2 || !strings.Contains(errOut, "sqs.get-queue-attributes.orders.json:4:15: $.Attributes.Policy:") {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the file, line:column and $.Attributes.Policy", code, errOut)
	}
}

// TestEvalGAADAlone: a GAAD file alone answers a question about a bucket:
// the bucket is taken as the only account's, and the answer says so.
func TestEvalGAADAlone(t *testing.T) {
	t.Parallel()
	gaad := filepath.Join(collectedModel, "accounts", "111111111111", "global", "iam.get-account-authorization-details.json")
	code, out, errOut := run("eval", "--model", gaad, "--principal", "arn:aws:iam::111111111111:role/app-role",
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::somebody-elses/x")
	if code != 0 || !strings.Contains(out, "decision: Allow") || !strings.Contains(out, "assumed: bucket somebody-elses is not in the model: taken as owned by its only account, 111111111111") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = run("eval", "--model", gaad, "--principal", "arn:aws:iam::111111111111:role/app-role",
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::somebody-elses/x", "--resource-account", "999999999999")
	if code != 0 || !strings.Contains(out, "decision: ImplicitDeny") || strings.Contains(out, "assumed:") {
		t.Errorf("--resource-account: exit %d, stdout %q", code, out)
	}
	code, _, errOut = run("eval", "--model", collectedModel, "--principal", "arn:aws:iam::111111111111:role/app-role",
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::somebody-elses/x")
	if code != 2 || !strings.Contains(errOut, "--resource-account") || !strings.Contains(errOut, "owner account is unknown (the model holds 2 accounts)") {
		t.Errorf("two accounts: exit %d, stderr %q; want exit 2 naming --resource-account", code, errOut)
	}
}

// TestEvalLambdaQualified: a question about a function version or alias
// (function:NAME:QUALIFIER; AWS accepts it wherever a function is) is
// decided with that version's or alias's own policy, collected with
// get-policy --qualifier; a version without one has no resource policy,
// and the unqualified function keeps its own.
func TestEvalLambdaQualified(t *testing.T) {
	t.Parallel()
	const fn = "arn:aws:lambda:us-east-1:111111111111:function:processor"
	tests := []struct {
		resource string
		want     []string
	}{
		{fn + ":live", []string{"decision: Allow", "live-invoke", "lambda.get-policy.processor.live.json"}},
		{fn + ":2", []string{"decision: Allow", "v2-invoke", "lambda.get-policy.processor.2.json"}},
		{fn + ":1", []string{"decision: ImplicitDeny", "the resource-based policy does not allow the request"}},
		{fn, []string{"decision: Allow", "workload-invoke"}},
	}
	for _, tt := range tests {
		code, out, errOut := run("eval", "--model", collectedModel, "--principal", "arn:aws:iam::222222222222:user/alice",
			"--action", "lambda:InvokeFunction", "--resource", tt.resource)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.resource, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: the answer does not say %q:\n%s", tt.resource, w, out)
			}
		}
	}
	code, _, errOut := run("eval", "--model", collectedModel, "--principal", "arn:aws:iam::222222222222:user/alice",
		"--action", "lambda:InvokeFunction", "--resource", "arn:aws:lambda:us-east-1:111111111111:layer:shared-libs:2")
	if code != 2 || !strings.Contains(errOut, "is not a resource lambda:InvokeFunction acts on") {
		t.Errorf("a layer version for InvokeFunction: exit %d, stderr %q", code, errOut)
	}
}
