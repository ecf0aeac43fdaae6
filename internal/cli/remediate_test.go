package cli_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/internal/cli"
)

const remediateData = "testdata/remediate/"

func TestRemediateDryRunGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
		code   int
	}{
		{"remediate_dry_run.txt", []string{"remediate", "--dry-run", remediateData + "events.jsonl"}, cli.ExitWarnings},
		{"remediate_dry_run.json", []string{"remediate", "--dry-run", "--format", "json", "--regions", "ap-northeast-1,us-west-2", remediateData + "create-users.json"}, cli.ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			code, stdout, stderr := run(tt.args...)
			if code != tt.code || stderr != "" {
				t.Fatalf("exit %d (want %d), stderr %q", code, tt.code, stderr)
			}
			checkGolden(t, tt.golden, stdout)
		})
	}
}

func TestRemediateStdin(t *testing.T) {
	t.Parallel()
	event, err := os.ReadFile(remediateData + "create-user.json")
	if err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := cli.Main([]string{"remediate", "--dry-run", "--policy-name", "policy_disable-launch-outside-of-tokyo"}, bytes.NewReader(event), &out, &errb)
	if code != cli.ExitOK || errb.Len() > 0 {
		t.Fatalf("exit %d, stderr %q", code, errb.String())
	}
	if !strings.Contains(out.String(), "would call iam:PutUserPolicy UserName=alice PolicyName=policy_disable-launch-outside-of-tokyo (dry run)") {
		t.Errorf("stdout:\n%s", out.String())
	}
}

func TestRemediateBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		stderr string
	}{
		{[]string{"remediate", "--dry-run", remediateData + "broken.jsonl"}, "broken.jsonl:2: event 2:"},
		{[]string{"remediate", "--dry-run", remediateData + "missing.json"}, "missing.json"},
		{[]string{"remediate", "--dry-run", "--regions", "tokyo", remediateData + "create-user.json"}, `got "tokyo": expected an AWS Region code`},
		{[]string{"remediate", "--dry-run", "--format", "xml", remediateData + "create-user.json"}, "unknown --format"},
	}
	for _, tt := range tests {
		code, _, stderr := run(tt.args...)
		if code != cli.ExitBadInput || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", tt.args, code, stderr, tt.stderr)
		}
	}
}

// TestRemediateApply runs the command against a local server speaking the
// IAM query protocol, with credentials from the environment.
func TestRemediateApply(t *testing.T) {
	setAWSEnv(t)
	doc, err := guardrail.RegionLockPolicy([]string{"ap-northeast-1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("applied", func(t *testing.T) {
		srv := newFakeIAM(t, false)
		code, stdout, stderr := run("remediate", "--endpoint-url", srv.url, remediateData+"create-users.json")
		if code != cli.ExitOK || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		checkGolden(t, "remediate_applied.txt", stdout)
		forms := srv.forms()
		if len(forms) != 2 {
			t.Fatalf("server got %d requests, want 2", len(forms))
		}
		for i, user := range []string{"alice", "bob"} {
			want := url.Values{"Action": {"PutUserPolicy"}, "Version": {"2010-05-08"}, "UserName": {user},
				"PolicyName": {"sekisho-region-lock"}, "PolicyDocument": {doc.Compact()}}
			if got := forms[i].Encode(); got != want.Encode() {
				t.Errorf("request %d:\n got %s\nwant %s", i+1, got, want.Encode())
			}
		}
	})
	t.Run("failed", func(t *testing.T) {
		srv := newFakeIAM(t, true)
		code, stdout, stderr := run("remediate", "--endpoint-url", srv.url, "--max-attempts", "1", remediateData+"create-user.json")
		if code != cli.ExitFindings {
			t.Fatalf("exit %d, want 1", code)
		}
		for _, want := range []string{"remediation failed for 1 event(s)", "user alice", "ServiceFailure"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr %q does not mention %q", stderr, want)
			}
		}
		if !strings.Contains(stdout, "1 event: 0 applied, 0 planned, 0 findings, 1 failed, 0 skipped, 0 ignored") {
			t.Errorf("stdout:\n%s", stdout)
		}
	})
}

func setAWSEnv(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID":           "AKIDEXAMPLE",
		"AWS_SECRET_ACCESS_KEY":       "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "us-east-1",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

// fakeIAM answers PutUserPolicy on 127.0.0.1: success, or 500 ServiceFailure.
type fakeIAM struct {
	url  string
	mu   sync.Mutex
	got  []url.Values
	fail bool
}

func newFakeIAM(t *testing.T, fail bool) *fakeIAM {
	f := &fakeIAM{fail: fail}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, err := url.ParseQuery(string(body))
		if err != nil || r.Method != http.MethodPost {
			t.Errorf("%s request, body %q: %v", r.Method, body, err)
		}
		f.mu.Lock()
		f.got = append(f.got, form)
		n := len(f.got)
		f.mu.Unlock()
		if f.fail {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprintf(w, `<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>down</Message></Error><RequestId>req-%d</RequestId></ErrorResponse>`, n)
			return
		}
		fmt.Fprintf(w, `<PutUserPolicyResponse><ResponseMetadata><RequestId>req-%d</RequestId></ResponseMetadata></PutUserPolicyResponse>`, n)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func (f *fakeIAM) forms() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.got...)
}
