package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

const seed000Model = "../../examples/seeds-model/000-instance-credentials/model"
const seed003Model = "../../examples/seeds-model/003-trust/model"
const modelNow = "2026-01-31T12:00:00Z"

func TestModelGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"model_eval_stolen.txt", []string{"eval", "--model", seed000Model, "--now", modelNow,
			"--principal", "instance-profile:i-0abc123def4567890", "--from", "internet:203.0.113.50",
			"--action", "s3:ListBucket", "--resource", "arn:aws:s3:::app-bucket"}, 0},
		{"model_eval_legit.json", []string{"eval", "--model", seed000Model, "--now", modelNow, "--format", "json",
			"--principal", "arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890",
			"--from", "instance:i-0abc123def4567890", "--action", "s3:ListBucket", "--resource", "arn:aws:s3:::app-bucket"}, 0},
		{"model_eval_context.txt", []string{"eval", "--model", seed000Model, "--now", modelNow,
			"--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListAllMyBuckets",
			"--context", "aws:SourceIp=192.0.2.1", "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b"}, 0},
		{"model_assume.txt", []string{"assume", "--model", seed003Model, "--now", modelNow,
			"--caller", "arn:aws:iam::123456789012:user/intern", "--role", "arn:aws:iam::123456789012:role/root-trusting-role",
			"--duration", "43200"}, 0},
		{"model_assume_chained.json", []string{"assume", "--model", seed003Model, "--now", modelNow, "--format", "json",
			"--caller", "role-session:arn:aws:iam::123456789012:role/ci-runner:build-42",
			"--role", "arn:aws:iam::123456789012:role/root-trusting-role", "--duration", "7200"}, 0},
		{"model_assume_denied.txt", []string{"assume", "--model", seed003Model, "--now", modelNow,
			"--caller", "arn:aws:iam::123456789012:user/HogeUser", "--role", "arn:aws:iam::111111111111:role/shared-role-for-hoge"}, 0},
		{"model_eval_casefile.txt", []string{"eval", "--now", modelNow, "--case", "exfil/endpoint-bucket-list-write-foreign-bucket-denied",
			"../../examples/seeds-model/004-cross-account/cases.yaml"}, 0},
		{"model_eval_casefile.json", []string{"eval", "--now", modelNow, "--format", "json", "--case", "doc/foreign-user-keys-put-allowed",
			"../../examples/seeds-model/004-cross-account/cases.yaml"}, 0},
		{"model_test_cases.txt", []string{"test", "--now", modelNow, "testdata/model/cases/model-cases.yaml"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

// TestModelSeedSuites runs the model-based seed suites: every case passes.
func TestModelSeedSuites(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("test", "../../examples/seeds-model")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if !strings.Contains(out, " passed, 0 failed") {
		t.Errorf("output: %s", out)
	}
}

// TestModelEvalJSONContract: the deciding policy is named by its ARN.
func TestModelEvalJSONContract(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("eval", "--model", seed000Model, "--format", "json",
		"--principal", "instance-profile:i-0abc123def4567890", "--from", "vpc:vpc-xyz789",
		"--action", "s3:ListBucket", "--resource", "arn:aws:s3:::app-bucket")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Decision    string `json:"decision"`
		Route       string `json:"route"`
		Explanation struct {
			Deciding struct {
				Policy string `json:"policy"`
			} `json:"deciding"`
		} `json:"explanation"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Decision != "ExplicitDeny" ||
		got.Explanation.Deciding.Policy != "arn:aws:organizations::000000000000:policy/o-seed000000/service_control_policy/p-pintovpc01" ||
		!strings.Contains(got.Route, "vpce-0attacker00001") {
		t.Errorf("got %+v", got)
	}
}

func TestModelBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--model", "testdata/model/broken", "--principal", "arn:aws:iam::111111111111:role/app", "--action", "s3:ListBucket"},
			`testdata/model/broken/model.yaml:4:9: $.accounts[0].roles[0]: arn:aws:iam::111111111111:role/app attaches arn:aws:iam::111111111111:policy/not-in-the-model, which is not in the model`},
		{[]string{"eval", "--model", "testdata/model/broken", "--principal", "arn:aws:iam::111111111111:role/app", "--action", "s3:ListBucket"},
			`testdata/model/broken/model.yaml:8:9: $.accounts[0].instanceProfiles[0]: instance profile arn:aws:iam::111111111111:instance-profile/app holds role "missing-role"`},
		{[]string{"eval", "--model", "testdata/model/nothere", "--principal", "arn:aws:iam::111111111111:role/app", "--action", "s3:ListBucket"}, "no such file"},
		{[]string{"eval", "--model", seed000Model, "--action", "s3:ListBucket"}, "needs --principal and --action"},
		{[]string{"eval", "--model", seed000Model, "--principal", "bogus", "--action", "s3:ListBucket"}, "--principal: credentials"},
		{[]string{"eval", "--model", seed000Model, "--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListBucket", "--from", "home"}, `--from: vantage point "home"`},
		{[]string{"eval", "--model", seed000Model, "--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListBucket", "--context", "novalue"}, `--context "novalue": expected KEY=VALUE`},
		{[]string{"eval", "--model", seed000Model, "--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListBucket", "case.yaml"}, "takes no CASE_FILE"},
		{[]string{"eval", "--model", seed000Model, "--principal", "instance-profile:i-0abc123def4567890:v1", "--action", "s3:ListBucket"}, "requires IMDSv2"},
		{[]string{"eval", "--model", seed000Model, "--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListBucket", "--resource", "arn:aws:s3:::unknown"}, "bucket of arn:aws:s3:::unknown is not in the model"},
		{[]string{"eval"}, "expects one CASE_FILE argument"},
		{[]string{"assume", "--model", seed003Model, "--caller", "arn:aws:iam::123456789012:user/intern"}, "assume needs --model, --caller and --role"},
		{[]string{"assume", "--model", seed003Model, "--caller", "arn:aws:iam::123456789012:user/intern", "--role", "arn:aws:iam::123456789012:user/x"}, "expected a role ARN"},
		{[]string{"test", "testdata/model/cases/bad-model-case.yaml"}, `bad-model-case.yaml:6:3: $[0].policies: a case with a model takes its policies from the model`},
		{[]string{"eval", "--model", seed000Model, "--principal", "access-key:AKIAEXAMPLEDEPLOYER1", "--action", "s3:ListBucket", "--context", "aws:SecureTransport=nope"},
			`--context "aws:SecureTransport=nope": aws:SecureTransport is of type Bool: expected "true" or "false", got "nope"`},
		{[]string{"whocan", "--model", seed000Model, "--context", "aws:SourceIp=not-an-ip", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
			`--context "aws:SourceIp=not-an-ip": aws:SourceIp is of type IPAddress`},
		{[]string{"whatcan", "--model", seed000Model, "--context", "aws:CurrentTime=yesterday", "arn:aws:iam::111111111111:root"},
			`--context "aws:CurrentTime=yesterday": aws:CurrentTime is of type Date`},
		{[]string{"test", "testdata/model/cases/bad-context.yaml"},
			`bad-context.yaml:8:21: $[0].request.context["aws:SourceIp"]: aws:SourceIp is of type IPAddress: expected an IPv4 or IPv6 address without a zone, such as 203.0.113.5, got "fe80::1%eth0"`},
		{[]string{"test", "testdata/model/cases/bad-credentials.yaml"}, `bad-credentials.yaml:4:5: $[0].request: instance i-0nothere is not in the model`},
	}
	for _, tt := range tests {
		code, _, errOut := run(tt.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", tt.args, code, errOut)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q, want it to contain %q", tt.args, errOut, tt.want)
		}
	}
}
