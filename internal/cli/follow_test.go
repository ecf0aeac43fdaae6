package cli_test

import (
	"strings"
	"testing"
)

// TestFollowAssume: whatcan --follow-assume and leak (by default) report
// what the principal reaches through AssumeRole chains, with the chain
// (issue 11: a user who can assume an s3:* + iam:CreateAccessKey role
// showed only her own three actions).
func TestFollowAssume(t *testing.T) {
	t.Parallel()
	m := "testdata/model/follow"
	bob := "arn:aws:iam::111111111111:user/bob"
	power := "arn:aws:iam::111111111111:user/bob → arn:aws:iam::111111111111:role/power"
	admin := power + " → arn:aws:iam::111111111111:role/audit → arn:aws:iam::111111111111:role/admin"
	tests := []struct {
		golden    string
		args      []string
		code      int
		want, not []string
	}{
		{"follow_whatcan_iam.txt", []string{"whatcan", "--model", m, "--follow-assume", "--service", "iam", bob}, 0,
			[]string{power + " (assumed by Allow #0 of arn:aws:iam::111111111111:role/power trust policy): 2 allowed", "iam:CreateAccessKey on *", admin}, nil},
		{"", []string{"whatcan", "--model", m, "--service", "iam", bob}, 0, nil, []string{"through AssumeRole", "iam:CreateAccessKey"}},
		{"", []string{"whatcan", "--model", m, "--follow-assume", "--depth", "2", "--service", "iam", bob}, 0,
			[]string{power}, []string{"role/admin"}},
		{"follow_leak_ec2.txt", []string{"leak", "--model", m, "--service", "ec2", bob}, 3,
			[]string{admin + ": still allowed: 1, stopped: 0\n    ec2:TerminateInstances on *"}, nil},
		{"", []string{"leak", "--model", m, "--follow-assume=false", "--service", "ec2", bob}, 0, nil, []string{"through"}},
		{"", []string{"whatcan", "--model", m, "--follow-assume", "--depth", "0", bob}, 2, nil, nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{}, tt.args[0], "--now", fixedNow), tt.args[1:]...)
			code, out, errOut := run(args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the answer does not say %q:\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("the answer says %q:\n%s", w, out)
				}
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
		})
	}
}
