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

// TestFollowBound: past --max-capabilities the chains' capabilities refuse
// the question (exit 2, SE1005) with what was found and how to narrow it,
// and nothing is written to standard output: no answer that looks
// complete. At the bound the answer is the one without it (the goldens).
// Leak lists each chain at three places here (the legitimate place, the
// internet, a foreign VPC), so its bound counts each capability 3 times.
func TestFollowBound(t *testing.T) {
	t.Parallel()
	m := "testdata/model/follow"
	bob := "arn:aws:iam::111111111111:user/bob"
	narrow := ": narrow the question with --service SERVICE, a shorter --depth or --follow-assume=false, or raise --max-capabilities\n"
	tests := []struct {
		golden string
		args   []string
		code   int
		err    string
	}{
		{"", []string{"whatcan", "--model", m, "--follow-assume", "--service", "iam", "--max-capabilities", "1", bob}, 2,
			"sekisho: error SE1005: the AssumeRole chains of " + bob + " reach at least 1 roles (at hop 1 of --depth 3): the first 1 decided yield 2 capabilities, over the bound of 1 (--max-capabilities); the 1 roles found would yield about 2" + narrow},
		{"", []string{"whatcan", "--model", m, "--follow-assume", "--service", "iam", "--max-capabilities", "1", "--format", "json", bob}, 2, "sekisho: error SE1005: "},
		{"follow_whatcan_iam.txt", []string{"whatcan", "--model", m, "--follow-assume", "--service", "iam", "--max-capabilities", "2", bob}, 0, ""},
		{"", []string{"leak", "--model", m, "--service", "ec2", "--max-capabilities", "2", bob}, 2,
			"sekisho: error SE1005: the AssumeRole chains of " + bob + " reach at least 3 roles (at hop 3 of --depth 3): the first 3 decided yield 1 capabilities, 3 as the answer lists them at 3 places, over the bound of 2 (--max-capabilities); the 3 roles found would yield about 1 (3 listed)" + narrow},
		{"follow_leak_ec2.txt", []string{"leak", "--model", m, "--service", "ec2", "--max-capabilities", "3", bob}, 3, ""},
		{"", []string{"leak", "--model", m, "--follow-assume=false", "--service", "ec2", "--max-capabilities", "1", bob}, 0, ""},
		{"", []string{"leak", "--model", m, "--max-capabilities", "0", bob}, 2, "sekisho: error SE1000: --max-capabilities 0: expected at least 1\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			args := append(append([]string{}, tt.args[0], "--now", fixedNow), tt.args[1:]...)
			code, out, errOut := run(args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			if tt.code == 2 {
				if out != "" {
					t.Errorf("a refused question wrote an answer:\n%s", out)
				}
				if !strings.HasPrefix(errOut, tt.err) || strings.HasSuffix(tt.err, "\n") && errOut != tt.err {
					t.Errorf("stderr:\n%s\nwant:\n%s", errOut, tt.err)
				}
			}
			if tt.golden != "" {
				checkGolden(t, tt.golden, out)
			}
		})
	}
}
