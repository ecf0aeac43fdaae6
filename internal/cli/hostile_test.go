package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestTestMultiDocumentYAML: every document of a YAML case file is read;
// the failing case in the second document fails the run.
func TestTestMultiDocumentYAML(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("test", "--now", fixedNow, "testdata/cases/multi-document.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a failing case): %s%s", code, out, errOut)
	}
	if !strings.Contains(out, "FAIL second-document-fails (testdata/cases/multi-document.yaml:9:3)") || !strings.HasSuffix(out, "1 passed, 1 failed\n") {
		t.Errorf("output:\n%s", out)
	}
}

// sparse makes a file of size bytes that uses no disk space.
func sparse(t *testing.T, path string, size int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
}

// TestHostileFiles: special files and oversized files, as case files, as
// policy files a case names and inside a model directory, are bad input
// (exit 2) with the reason, refused before they are read.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bigPolicy := filepath.Join(dir, "big-policy.json")
	sparse(t, bigPolicy, 200<<20)
	bigCases := filepath.Join(dir, "big-cases.json")
	sparse(t, bigCases, 200<<20)
	refersTo := func(name, policy string) string {
		f := filepath.Join(dir, name)
		c := fmt.Sprintf(`{"name": "x", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}, "policies": {"identity": [%q]}, "expect": "Allow"}`, policy)
		if err := os.WriteFile(f, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	var many strings.Builder
	many.WriteString("[")
	for i := range 20_001 {
		if i > 0 {
			many.WriteString(",")
		}
		fmt.Fprintf(&many, `{"name":"c%d","request":{"action":"s3:GetObject"}}`, i)
	}
	many.WriteString("]")
	manyCases := filepath.Join(dir, "many.json")
	if err := os.WriteFile(manyCases, []byte(many.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	modelDir := filepath.Join(dir, "model")
	if err := os.CopyFS(modelDir, os.DirFS(seedModel("002-endpoint-policy"))); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(modelDir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"test", "/dev/zero"}, "/dev/zero: is a character device, not a regular file: expected a case file"},
		{[]string{"eval", "/dev/zero"}, "/dev/zero: is a character device, not a regular file: expected a case file"},
		{[]string{"test", refersTo("zero-policy.json", "/dev/zero")}, "cannot read policy file: /dev/zero: is a character device"},
		{[]string{"test", refersTo("big-policy-case.json", bigPolicy)}, "209715200 bytes, over the policy file limit of 1 MiB: no policy in AWS is that large"},
		{[]string{"test", bigCases}, "209715200 bytes, over the case file limit of 16 MiB"},
		{[]string{"test", manyCases}, "more than 20000 cases in one file"},
		{[]string{"lint", "/dev/zero"}, "/dev/zero: is a character device"},
		{[]string{"lint", bigPolicy}, "over the policy file limit of 1 MiB"},
		{[]string{"whocan", "--model", modelDir, "s3:GetObject", "*"}, "zero.json: is a character device, not a regular file: expected a model file"},
	}
	for _, tt := range tests {
		code, _, errOut := run(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestSoftMemoryLimit: running a command sets the soft memory limit.
func TestSoftMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT chooses the limit")
	}
	run("version")
	if got := debug.SetMemoryLimit(-1); got > 1<<30 {
		t.Errorf("memory limit %d after a run, want at most 1 GiB", got)
	}
}

// TestRemediateHostileEvents: bad user names and ambiguous events fail on
// their own, printed escaped (one line each: nothing forges a report
// line), and the good event is still remediated; a trail log file is read
// record by record, a failed CreateUser skipped with its errorCode.
func TestRemediateHostileEvents(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := run("remediate", "--dry-run", remediateData+"hostile.jsonl", remediateData+"trail-log-file.json")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (failed events): %s", code, stderr)
	}
	var lines []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "event ") {
			lines = append(lines, l)
		}
	}
	want := []string{
		`event 1 (CreateUser, id hostile-1): attach-region-lock: failed: cannot tell which user was created: user name "alice\nevent 9 (CreateUser): attach-region-lock: applied: forged line" is 68 characters: IAM names are 1 to 64 characters`,
		`event 2 (CreateUser, id hostile-2): attach-region-lock: failed: cannot tell which user was created: user name "\x1b[2J\u202eevil" has the character '\x1b'`,
		`event 3 (CreateUser, id hostile-3): attach-region-lock: failed: cannot tell which user was created: detail.requestParameters: ambiguous: both "userName" and "UserName" are present`,
		`event 4 (CreateUser, id hostile-4): attach-region-lock: failed: cannot tell which user was created: user name "../../etc/passwd" has the character '/'`,
		`event 5 (CreateUser, id hostile-5): attach-region-lock: planned: would call iam:PutUserPolicy UserName=carol`,
		`event 6 (CreateUser, id c7b9e0a1-0000-4000-8000-000000000001): attach-region-lock: planned: would call iam:PutUserPolicy UserName=alice`,
		`event 7 (CreateUser, id c7b9e0a1-0000-4000-8000-000000000002): attach-region-lock: planned: would call iam:PutUserPolicy UserName=bob`,
		`event 8 (GetObject, id c7b9e0a1-0000-4000-8000-000000000003): ignored: no rule matches`,
		`event 9 (CreateUser, id c7b9e0a1-0000-4000-8000-000000000004): skipped: the CreateUser call failed with errorCode AccessDenied`,
	}
	if len(lines) != len(want) {
		t.Fatalf("%d event lines, want %d:\n%s", len(lines), len(want), stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d:\n got %s\nwant %s...", i+1, lines[i], w)
		}
	}
	if !strings.Contains(stdout, "9 events: 0 applied, 3 planned, 0 findings, 4 failed, 1 skipped, 1 ignored") {
		t.Errorf("counts: %s", stdout)
	}
	if strings.ContainsAny(stdout+stderr, "\x1b\u202e") {
		t.Error("an escape sequence or a bidi override reached the output")
	}
}

// TestHostilePatterns: tens of thousands of '*' in Action, Resource and
// StringLike either exceed what any AWS policy can hold (refused, exit 2)
// or are matched by the bounded matcher (a 32,001-token StringLike on a
// 30,001-character value): the run ends with the decision.
func TestHostilePatterns(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, action, resource, like, value string) string {
		f := filepath.Join(dir, name)
		c := fmt.Sprintf(`{"name": %q, "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {"s3:prefix": %q}},
 "policies": {"identity": [{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": %q, "Resource": %q, "Condition": {"StringLike": {"s3:prefix": %q}}}]}]}, "expect": "Allow"}`,
			name, value, action, resource, like)
		if err := os.WriteFile(f, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		return f
	}
	stars := strings.Repeat("*", 30_000)
	aStar := strings.Repeat("a*", 16_000)
	tests := []struct {
		file string
		code int
		want string
	}{
		{write("stars.json", "s3:"+stars, "arn:aws:s3:::"+stars, stars, "x"), 0, "1 passed, 0 failed"},
		{write("long.json", "s3:*", "arn:aws:s3:::*/*", aStar+"b", strings.Repeat("a", 30_000)+"b"), 0, "1 passed, 0 failed"},
		{write("too-long.json", "s3:"+stars+stars, "*", "*", "x"), 2, "$.policies.identity[0].Statement[0].Action: a string of 60003 characters: no value of an AWS policy is longer than 32768"},
	}
	for _, tt := range tests {
		code, out, errOut := run("test", "--now", fixedNow, tt.file)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%s: exit %d, %q; want %d and %q", filepath.Base(tt.file), code, out+errOut, tt.code, tt.want)
		}
	}
}

// TestMultiDocumentYAMLElsewhere: a YAML policy file or model file with a
// second document is bad input, never read in part (a case file reads
// every document: TestTestMultiDocumentYAML).
func TestMultiDocumentYAMLElsewhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pol := filepath.Join(dir, "policy.yaml")
	if err := os.WriteFile(pol, []byte("Version: \"2012-10-17\"\nStatement: [{Effect: Allow, Action: \"s3:GetObject\", Resource: \"*\"}]\n---\nVersion: \"2012-10-17\"\nStatement: [{Effect: Deny, Action: \"*\", Resource: \"*\"}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	modelDir := filepath.Join(dir, "model")
	if err := os.CopyFS(modelDir, os.DirFS(seedModel("002-endpoint-policy"))); err != nil {
		t.Fatal(err)
	}
	extra := "accounts:\n  - id: \"333333333333\"\n---\naccounts:\n  - id: \"444444444444\"\n"
	if err := os.WriteFile(filepath.Join(modelDir, "more.yaml"), []byte(extra), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"lint", pol}, "policy.yaml:4:1: the file holds 2 YAML documents (separated by ---): expected one"},
		{[]string{"whocan", "--model", modelDir, "s3:GetObject", "*"}, "more.yaml:4:1: the file holds 2 YAML documents (separated by ---): expected one"},
	} {
		code, _, errOut := run(tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
