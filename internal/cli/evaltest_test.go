package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// fixedNow pins aws:CurrentTime and aws:EpochTime so golden output is stable.
const fixedNow = "2026-01-31T12:00:00Z"

func TestEvalGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
	}{
		{"eval_seed000.txt", []string{"eval", "--now", fixedNow, "testdata/cases/seed000.yaml"}},
		{"eval_seed000_one.json", []string{"eval", "--now", fixedNow, "--format", "json", "--case", "stolen-from-internet", "testdata/cases/seed000.yaml"}},
		// aws:RequestedRegion, filled in from the resource ARN, decides:
		// the explanation says so in text and JSON.
		{"eval_derived_region.txt", []string{"eval", "--now", fixedNow, "testdata/cases/copy-snapshot.yaml"}},
		{"eval_derived_region.json", []string{"eval", "--now", fixedNow, "--format", "json", "testdata/cases/copy-snapshot.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := run(tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkGolden(t, tt.golden, out)
		})
	}
}

func TestEvalJSONContract(t *testing.T) {
	t.Parallel()
	_, out, _ := run("eval", "--format", "json", "--case", "stolen-from-internet", "testdata/cases/seed000.yaml")
	var got struct {
		Decision    string `json:"decision"`
		Explanation struct {
			Deciding struct {
				Policy string `json:"policy"`
				Sid    string `json:"sid"`
			} `json:"deciding"`
		} `json:"explanation"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Decision != "ExplicitDeny" || got.Explanation.Deciding.Sid != "PinCredentials" || !strings.Contains(got.Explanation.Deciding.Policy, "scp[1][0]") {
		t.Errorf("got %+v", got)
	}
}

func TestTestCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"test_pass.txt", []string{"test", "--now", fixedNow, "-v", "testdata/cases/seed000.yaml"}, 0},
		{"test_fail.txt", []string{"test", "--now", fixedNow, "testdata/cases/seed000.yaml", "testdata/cases/failing.json"}, 1},
		{"test_fail.json", []string{"test", "--now", fixedNow, "--format", "json", "testdata/cases/failing.json"}, 1},
		{"test_fail.xml", []string{"test", "--now", fixedNow, "--format", "junit", "testdata/cases/seed000.yaml", "testdata/cases/failing.json"}, 1},
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

// TestBadInput: malformed input is exit code 2 with the file, the place and
// what was expected.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"eval", "testdata/cases/bad-effect.json"},
			`testdata/cases/bad-effect.json:4:79: $.policies.identity[0].Statement.Effect: expected "Allow" or "Deny", got string "Permit"`},
		{[]string{"test", "testdata/cases/bad-field.yaml"},
			`testdata/cases/bad-field.yaml:5:3: $.request.resources: unknown request field "resources": expected principal, action, resource, resourceAccount or context`},
		{[]string{"test", "testdata/cases/bad-time.yaml"},
			`testdata/cases/bad-time.yaml:3:3: $.request: context: aws:CurrentTime 2020-06-01T00:00:00Z and aws:EpochTime 2021-01-01T00:00:00Z are not the same instant`},
		{[]string{"eval", "testdata/cases/missing.json"}, "no such file"},
		{[]string{"eval", "--format", "xml", "testdata/cases/seed000.yaml"}, `unknown --format "xml"`},
		{[]string{"test"}, "requires at least 1 arg"},
		{[]string{"eval", "--now", "yesterday", "testdata/cases/seed000.yaml"}, `expected a time such as 2026-01-31T12:00:00Z, got "yesterday"`},
		// Values that must never defeat a Deny (issue 14): each is bad input
		// with its file, JSON path and line:column.
		{[]string{"eval", "testdata/cases/bad-context-values.yaml"},
			`testdata/cases/bad-context-values.yaml:10:21: $[0].request.context["aws:SourceIp"]: aws:SourceIp is of type IPAddress: expected an IPv4 or IPv6 address without a zone, such as 203.0.113.5, got "not-an-ip"`},
		{[]string{"test", "testdata/cases/bad-context-time.json"},
			`testdata/cases/bad-context-time.json:4:75: $.request.context["aws:CurrentTime"]: aws:CurrentTime is of type Date: expected an ISO 8601 date`},
		{[]string{"eval", "testdata/cases/bad-context-list.yaml"},
			`testdata/cases/bad-context-list.yaml:7:25: $.request.context["s3:max-keys"][1]: s3:max-keys is of type Numeric: expected an integer or a decimal number such as 10 or 2.5, got "lots"`},
		{[]string{"eval", "testdata/cases/bad-iam-character.json"},
			`testdata/cases/bad-iam-character.json:6:34: $.policies.identity[0].Statement[1].Action: '\u200b' (U+200B) is not allowed in an IAM policy`},
		{[]string{"test", "testdata/cases/bad-policy-epoch.json"},
			`$.policies.identity[0].Statement[1].Condition.DateLessThan["aws:EpochTime"]: DateLessThan: epoch seconds "9223372036854775807" are out of range`},
	}
	for _, tt := range tests {
		code, _, errOut := run(tt.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tt.args, code)
		}
		if !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: stderr %q, want it to contain %q", tt.args, errOut, tt.want)
		}
	}
}
