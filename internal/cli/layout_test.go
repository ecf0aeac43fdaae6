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
		{"leak", "--model", m, "--limit", "-1", "i-0abc123def4567890"},
		{"audit", "--model", m, "--group-by", "check"},
		{"whocan", "--model", m, "--limit", "-1", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whocan", "--model", m, "--group-by", "service", "s3:ListBucket", "arn:aws:s3:::app-bucket"},
		{"whatcan", "--model", m, "--group-by", "region", "instance-profile:i-0abc123def4567890"},
	} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestLeakAndAuditReadable: leak and audit, whose answers over an
// organization run to millions of lines, also put the summary first and
// take --limit and --group-by account; the summary counts everything.
func TestLeakAndAuditReadable(t *testing.T) {
	t.Parallel()
	m002 := seedModel("002-endpoint-policy")
	code, out, errOut := run("audit", "--model", m002, "--now", fixedNow, "--limit", "2", "--group-by", "account")
	if code != 3 {
		t.Fatalf("audit: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"summary: 22 findings (checked: instance-credentials-pin 6, require-imdsv2 6, region-lock 1, endpoint-own-principals 6)\n" +
			"  by check: instance-credentials-pin 12, endpoint-own-principals 9, region-lock 1\n" +
			"  by severity: error 22\n  by account: 111111111111 21, 222222222222 1\nfindings (22):\naccount 111111111111:\n",
		"... and 20 more (--limit 0 shows all)\nnot decided:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("audit does not hold %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "  guardrail: "); n != 2 {
		t.Errorf("audit --limit 2 shows %d findings:\n%s", n, out)
	}

	code, out, errOut = run("leak", "--model", seedModel("000-instance-credentials"), "--now", fixedNow, "--limit", "1", "i-0unprotected00001")
	if code != 3 {
		t.Fatalf("leak: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"summary: 3 allowed at the legitimate place; still allowed elsewhere: 6\n  by resource account (legitimate place): any (*) 2, none in ARN 1\n",
		"legitimate place (instance:i-0unprotected00001):\n  allowed s3:ListAllMyBuckets on *\n  ... and 2 more (--limit 0 shows all)\n",
		"the internet (internet:198.51.100.77):\n  still allowed: 3\n    s3:ListAllMyBuckets on *\n    ... and 2 more (--limit 0 shows all)\n  stopped: 0\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("leak does not hold %q:\n%s", want, out)
		}
	}
}
