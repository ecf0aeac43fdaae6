package cli_test

import (
	"strings"
	"testing"
)

// TestReadableAtScale: text answers start with a summary (counts by
// account and path) before the details; --limit shortens each detail list
// and --group-by account groups it, while the summary still counts all.
func TestReadableAtScale(t *testing.T) {
	t.Parallel()
	m := seedModel("000-instance-credentials")
	code, out, errOut := run("whocan", "--model", m, "--now", fixedNow, "--show-denied", "--limit", "1", "--group-by", "account", "s3:ListBucket", "arn:aws:s3:::app-bucket")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"summary: 3 allowed (3 directly, 0 through AssumeRole), 2 denied; 5 of 5 principals evaluated\n  by account: 111111111111 3\n",
		"allowed (3):\n  account 111111111111:\n  arn:aws:iam::111111111111:role/app-instance-role\n",
		"  ... and 2 more (--limit 0 shows all)\n",
		"denied (2):\n  account 222222222222:\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the answer does not hold %q:\n%s", want, out)
		}
	}
	if s, d := strings.Index(out, "summary:"), strings.Index(out, "allowed (3):"); s < 0 || s > d {
		t.Errorf("the summary does not come first:\n%s", out)
	}
	for _, args := range [][]string{
		{"whocan", "--model", m, "--limit", "-1", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whocan", "--model", m, "--group-by", "service", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whatcan", "--model", m, "--group-by", "region", "instance-profile:i-0abc123def4567890"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
