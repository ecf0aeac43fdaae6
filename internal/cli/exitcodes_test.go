package cli_test

import (
	"strings"
	"testing"
)

// TestExitCodes is the README's exit-code table, command by command: 0
// nothing to report, 1 failing cases, 2 bad input, 3 findings.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	m000, m002 := seedModel("000-instance-credentials"), seedModel("002-endpoint-policy")
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string // a part of the message, when one is expected
	}{
		{"test of an empty directory", []string{"test", "testdata/cases/empty"}, 1, "no test case was run"},
		{"test of cases without expect", []string{"test", "testdata/cases/noexpect"}, 1, "has \"expect\""},
		{"test that passes", []string{"test", "--now", fixedNow, "testdata/cases/seed000.yaml"}, 0, ""},
		{"eval of a failing expect", []string{"eval", "testdata/cases/failing.json"}, 1, "did not get the expected decision"},
		{"eval of a failing expect, json", []string{"eval", "--format", "json", "testdata/cases/failing.json"}, 1, ""},
		{"eval of a passing expect", []string{"eval", "--now", fixedNow, "testdata/cases/seed000.yaml"}, 0, ""},
		{"exfil with open paths", []string{"exfil", "--model", m002, "i-0igwonly000001"}, 3, ""},
		{"exfil with every path closed", []string{"exfil", "--model", m002, "i-0ownres0000001"}, 0, ""},
		{"leak of unprotected instance credentials", []string{"leak", "--model", m000, "i-0unprotected00001"}, 3, ""},
		{"audit with findings", []string{"audit", "--model", m002}, 3, ""},
		{"whocan --fail-if-any, allowed", []string{"whocan", "--model", m000, "--fail-if-any", "s3:ListBucket", "arn:aws:s3:::app-bucket"}, 3, ""},
		{"whocan without --fail-if-any", []string{"whocan", "--model", m000, "s3:ListBucket", "arn:aws:s3:::app-bucket"}, 0, ""},
		{"whocan --fail-if-any, nobody", []string{"whocan", "--model", m000, "--fail-if-any", "kms:ScheduleKeyDeletion", "arn:aws:kms:ap-northeast-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}, 0, ""},
		{"whatcan --fail-if-any", []string{"whatcan", "--model", seedModel("004-cross-account"), "--fail-if-any", "--service", "s3", "instance-profile:i-047875da17caa9cc2"}, 3, ""},
		// Flags that do not apply are refused, not ignored.
		{"exfil --from", []string{"exfil", "--model", m002, "--from", "internet", "i-0igwonly000001"}, 2, "does not take --from"},
		{"audit --from", []string{"audit", "--model", m002, "--from", "internet"}, 2, "does not take --from"},
		{"eval --case with --model", []string{"eval", "--model", m000, "--case", "x", "--principal", "arn:aws:iam::111111111111:root", "--action", "s3:ListBucket"}, 2, "does not take --case"},
		{"eval --principal without --model", []string{"eval", "--principal", "arn:aws:iam::111111111111:root", "testdata/cases/seed000.yaml"}, 2, "need --model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, errOut := run(tt.args...)
			if code != tt.want {
				t.Fatalf("exit %d, want %d (stderr: %s)", code, tt.want, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr %q does not say %q", errOut, tt.stderr)
			}
		})
	}
}
