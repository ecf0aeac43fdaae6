package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/internal/cli"
	"github.com/sekisho/sekisho/internal/fakeaws"
)

// seed001 is the model of seed scenario 001: one
// get-account-authorization-details answer for account 111111111111.
const seed001 = "../../examples/seeds-model/001-region-lock"

// startCollectFake serves a three-account organization whose management
// account holds seed 001's IAM, and points `sekisho collect` at it with
// the base credentials in the environment.
func startCollectFake(t *testing.T) *fakeaws.Server {
	t.Helper()
	w := fakeaws.SampleOrg(3)
	var gaad map[string]any
	src, err := os.ReadFile(filepath.Join(seed001, "model", "authorization-details.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(src, &gaad); err != nil {
		t.Fatal(err)
	}
	a := w.Accounts["111111111111"]
	a.GAAD, a.InstanceProfiles = gaad, []any{} // the seed's account has no instance profile
	for _, r := range a.Regions {
		for _, res := range r.EC2["Reservations"] {
			for _, i := range res.(map[string]any)["Instances"].([]any) {
				delete(i.(map[string]any), "IamInstanceProfile")
			}
		}
	}
	srv := fakeaws.Start(w, fakeaws.Faults{Deny: map[string]bool{"333333333333/s3:GetBucketPolicy": true}})
	t.Cleanup(srv.Close)
	cli.SetCollectTransport(srv.URL, srv.HTTPClient(), 5*time.Millisecond)
	t.Cleanup(func() { cli.SetCollectTransport("", nil, 0) })
	home := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": fakeaws.BaseKey, "AWS_SECRET_ACCESS_KEY": "fake-secret", "AWS_SESSION_TOKEN": "",
		"AWS_REGION": "us-east-1", "AWS_PROFILE": "", "AWS_CONFIG_FILE": filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(home, "credentials"), "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	return srv
}

// TestCollectCommand: `sekisho collect --org` writes the layout, says what
// it did, exits 3 because one call was denied, and the collected IAM answers
// seed scenario 001's cases as the hand-written model does.
func TestCollectCommand(t *testing.T) {
	startCollectFake(t)
	out := filepath.Join(t.TempDir(), "org")
	code, stdout, stderr := run("collect", "--org", "--out", out, "--concurrency", "4")
	if code != 3 {
		t.Fatalf("exit %d, want 3 (one denied call)\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "from 3 accounts") || !strings.Contains(stdout, "2 denied, 0 failed") {
		t.Errorf("summary: %q", stdout)
	}
	if stderr != "" {
		t.Errorf("stderr is not a terminal, yet: %q", stderr)
	}

	// The seed's cases against the whole collected directory as the model.
	suite := filepath.Join(filepath.Dir(out), "cases")
	os.MkdirAll(suite, 0o755)
	cases, err := os.ReadFile(filepath.Join(seed001, "cases.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cases = []byte(strings.ReplaceAll(string(cases), "model: model", "model: ../org"))
	if err := os.WriteFile(filepath.Join(suite, "cases.yaml"), cases, 0o644); err != nil {
		t.Fatal(err)
	}
	wantCode, want, _ := run("test", "--format", "json", seed001)
	gotCode, got, gotErr := run("test", "--format", "json", suite)
	if gotCode != 0 || wantCode != 0 {
		t.Fatalf("seed 001: hand-written model exit %d, collected exit %d\n%s%s", wantCode, gotCode, got, gotErr)
	}
	if normalizeSuite(got, suite) != normalizeSuite(want, seed001) {
		t.Errorf("seed 001 on the collected model:\n%s\non the hand-written model:\n%s", got, want)
	}

	// A collected queue policy enters the resource gate: the role it names
	// can send, cross-account from nowhere else.
	code, stdout, stderr = run("whocan", "--model", out, "sqs:SendMessage", "arn:aws:sqs:ap-northeast-1:222222222222:jobs")
	if code != 0 || !strings.Contains(stdout, "arn:aws:iam::222222222222:role/app\n    Allow: Allow #0 of arn:aws:sqs:ap-northeast-1:222222222222:jobs queue policy") {
		t.Errorf("whocan on the collected queue: exit %d\n%s%s", code, stdout, stderr)
	}
	// So do the services collected since: a Kinesis consumer's own policy
	// and an EventBridge bus's.
	for _, q := range [][2]string{
		{"kinesis:SubscribeToShard", "arn:aws:kinesis:us-east-1:222222222222:stream/clicks/consumer/reader:1711962000"},
		{"events:PutEvents", "arn:aws:events:ap-northeast-1:222222222222:event-bus/default"},
	} {
		code, stdout, stderr = run("whocan", "--model", out, q[0], q[1])
		if code != 0 || !strings.Contains(stdout, "arn:aws:iam::222222222222:role/app\n    Allow: Allow #0 of "+q[1]) {
			t.Errorf("whocan %s %s: exit %d\n%s%s", q[0], q[1], code, stdout, stderr)
		}
	}
}

// normalizeSuite removes the suite's directory from a test report.
func normalizeSuite(report, dir string) string {
	return strings.ReplaceAll(report, dir, "SUITE")
}

// TestCollectAccountsOutsideOrganization: an --accounts entry the
// organization does not hold is named in the summary, and the run exits 3
// (something asked for was not collected).
func TestCollectAccountsOutsideOrganization(t *testing.T) {
	startCollectFake(t)
	out := filepath.Join(t.TempDir(), "org")
	code, stdout, stderr := run("collect", "--org", "--accounts", "111111111111,999999999999", "--regions", "us-east-1", "--out", out)
	if code != 3 || !strings.Contains(stdout, "from 1 accounts") ||
		!strings.Contains(stdout, "\nnot collected: account 999999999999 (--accounts): not an account of the organization o-fake12345\n") {
		t.Errorf("exit %d, want 3\n%s%s", code, stdout, stderr)
	}
}

func TestCollectPrintPolicy(t *testing.T) {
	t.Parallel()
	code, stdout, _ := run("collect", "--print-policy")
	if code != 0 || !strings.Contains(stdout, `"iam:GetAccountAuthorizationDetails"`) || strings.Contains(stdout, "sts:AssumeRole") {
		t.Errorf("exit %d\n%s", code, stdout)
	}
	code, stdout, _ = run("collect", "--print-policy", "--org", "--role-name", "SekishoReader")
	if code != 0 || !strings.Contains(stdout, `"arn:aws:iam::*:role/SekishoReader"`) {
		t.Errorf("exit %d\n%s", code, stdout)
	}
}

func TestCollectBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"collect"},
		{"collect", "--out", "x", "--shard", "4/4"},
		{"collect", "--out", "x", "--concurrency", "0"},
		{"collect", "--out", "x", "--accounts", "12345"},
		{"collect", "--out", "x", "--regions", "mars"},
	} {
		if code, _, stderr := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, stderr)
		}
	}
}
