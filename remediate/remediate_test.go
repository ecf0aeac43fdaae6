package remediate_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/sekisho/sekisho/guardrail"
	"github.com/sekisho/sekisho/remediate"
)

func readEvent(t *testing.T, name string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func regionLock(t *testing.T, regions ...string) string {
	t.Helper()
	doc, err := guardrail.RegionLockPolicy(regions)
	if err != nil {
		t.Fatal(err)
	}
	return doc.Compact()
}

// TestHandlerPutUserPolicy runs the Lambda handler on seed 001's event
// against the local IAM server and checks the exact request.
func TestHandlerPutUserPolicy(t *testing.T) {
	t.Parallel()
	server, srv := newIAMServer(t, 0)
	r, err := remediate.New(remediate.Config{Regions: []string{"ap-northeast-1"}}, testClient(srv, 5))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Handle(context.Background(), readEvent(t, "create-user.json"))
	if err != nil {
		t.Fatal(err)
	}
	reqs := server.received()
	if len(reqs) != 1 {
		t.Fatalf("server got %d requests, want 1", len(reqs))
	}
	checkPutUserPolicy(t, reqs[0], "alice", "sekisho-region-lock", regionLock(t, "ap-northeast-1"))
	o := rep.Outcomes[0]
	if o.Status != remediate.StatusApplied || o.Rule != "attach-region-lock" || o.User != "alice" || o.Attempts != 1 {
		t.Errorf("outcome %+v", o)
	}
	if rep.Counts[remediate.StatusApplied] != 1 {
		t.Errorf("counts %v", rep.Counts)
	}
}

// TestIdempotent: the same event twice makes the same call twice; the
// second PutUserPolicy replaces the policy with an identical one.
func TestIdempotent(t *testing.T) {
	t.Parallel()
	server, srv := newIAMServer(t, 0)
	r, err := remediate.New(remediate.Config{Regions: []string{"ap-northeast-1", "ap-northeast-3"}, PolicyName: "policy_disable-launch-outside-of-tokyo"}, testClient(srv, 5))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := r.Handle(context.Background(), readEvent(t, "create-user.json")); err != nil {
			t.Fatal(err)
		}
	}
	reqs := server.received()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests, want 2", len(reqs))
	}
	for _, req := range reqs {
		checkPutUserPolicy(t, req, "alice", "policy_disable-launch-outside-of-tokyo", regionLock(t, "ap-northeast-1", "ap-northeast-3"))
	}
}

// TestRetriedThenApplied: the server fails three times, the SDK's retryer
// tries again, the fourth call succeeds.
func TestRetriedThenApplied(t *testing.T) {
	t.Parallel()
	server, srv := newIAMServer(t, 3)
	r, err := remediate.New(remediate.Config{}, testClient(srv, 5))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Handle(context.Background(), readEvent(t, "create-user.json"))
	if err != nil {
		t.Fatalf("expected success after retries: %v", err)
	}
	reqs := server.received()
	if len(reqs) != 4 {
		t.Fatalf("server got %d requests, want 4 (3 failures, 1 success)", len(reqs))
	}
	for _, req := range reqs {
		checkPutUserPolicy(t, req, "alice", "sekisho-region-lock", regionLock(t, "ap-northeast-1"))
	}
	if o := rep.Outcomes[0]; o.Status != remediate.StatusApplied || o.Attempts != 4 {
		t.Errorf("outcome %+v, want applied after 4 attempts", o)
	}
}

// TestAlwaysFails: every attempt fails; the handler returns an error
// naming the user and the service's error, and the report says failed.
func TestAlwaysFails(t *testing.T) {
	t.Parallel()
	server, srv := newIAMServer(t, -1)
	r, err := remediate.New(remediate.Config{}, testClient(srv, 3))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Handle(context.Background(), readEvent(t, "create-user.json"))
	if err == nil {
		t.Fatal("expected an error")
	}
	for _, want := range []string{"user alice", "ServiceFailure", "3 attempt(s)", "CreateUser"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if n := len(server.received()); n != 3 {
		t.Errorf("server got %d requests, want 3", n)
	}
	if f := rep.Failed(); len(f) != 1 || f[0].User != "alice" || f[0].Attempts != 3 {
		t.Errorf("failed outcomes %+v", f)
	}
}

func TestDryRun(t *testing.T) {
	t.Parallel()
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := r.Handle(context.Background(), readEvent(t, "create-user.json"))
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Outcomes[0]
	if o.Status != remediate.StatusPlanned || o.Call == nil || o.Call.UserName != "alice" || o.Call.PolicyDocument != regionLock(t, "ap-northeast-1") {
		t.Errorf("outcome %+v", o)
	}
	if _, err := remediate.New(remediate.Config{}, nil); err == nil {
		t.Error("New without a client and without dry run: expected an error")
	}
}

func TestRules(t *testing.T) {
	t.Parallel()
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file    string
		rule    string
		status  remediate.Status
		message string
	}{
		{"create-user.json", "attach-region-lock", remediate.StatusPlanned, "UserName=alice"},
		{"create-role-root.json", "broad-trust", remediate.StatusFinding, `role ci-deployer: statement #0 trusts arn:aws:iam::222222222222:root (every principal of account 222222222222`},
		{"update-trust-star.json", "broad-trust", remediate.StatusFinding, `role app: statement Anyone trusts "*"`},
		{"create-role-specific.json", "broad-trust", remediate.StatusIgnored, "specific principals or has conditions"},
		{"create-user-failed.json", "", remediate.StatusSkipped, "the CreateUser call failed with errorCode EntityAlreadyExists (User with name alice already exists.): nothing was changed"},
		{"s3-object-created.json", "", remediate.StatusIgnored, `no rule matches (source "aws.s3"`},
	}
	for _, tt := range tests {
		rep, err := r.Handle(context.Background(), readEvent(t, tt.file))
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		o := rep.Outcomes[0]
		if o.Rule != tt.rule || o.Status != tt.status || !strings.Contains(o.Message, tt.message) {
			t.Errorf("%s: got %s %s %q, want %s %s %q", tt.file, o.Rule, o.Status, o.Message, tt.rule, tt.status, tt.message)
		}
	}
}

func TestFindBroadTrust(t *testing.T) {
	t.Parallel()
	tests := []struct {
		doc  string
		want []string // principals found
	}{
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}}`, []string{"arn:aws:iam::111111111111:root"}},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:role/x"]},"Action":"sts:*"}}`, []string{"111111111111"}},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}}`, []string{"*"}},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`, nil},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:TagSession"}}`, nil},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}}`, nil},
		{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"sts:AssumeRole"}}`, nil},
	}
	for _, tt := range tests {
		got, err := remediate.FindBroadTrust(tt.doc, "trust.json")
		if err != nil {
			t.Fatalf("%s: %v", tt.doc, err)
		}
		var principals []string
		for _, b := range got {
			principals = append(principals, b.Principal)
		}
		if strings.Join(principals, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: got %v, want %v", tt.doc, principals, tt.want)
		}
	}
	if _, err := remediate.FindBroadTrust(`{"Statement": 5}`, "trust.json"); err == nil {
		t.Error("malformed policy: expected an error")
	}
}

func TestReadEvents(t *testing.T) {
	t.Parallel()
	one := strings.TrimSpace(string(readEvent(t, "s3-object-created.json")))
	tests := []struct {
		name  string
		input string
		n     int
		err   string
	}{
		{"one event", one, 1, ""},
		{"array", "[" + one + "," + one + "]", 2, ""},
		{"json lines", one + "\n" + one + "\n" + one + "\n", 3, ""},
		{"empty", "  \n", 0, "no event"},
		{"broken second line", one + "\n{\"id\": \n", 0, "stdin:2: event 2:"},
	}
	for _, tt := range tests {
		evs, err := remediate.ReadEvents(strings.NewReader(tt.input), "stdin")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || len(evs) != tt.n {
			t.Errorf("%s: got %d events, %v; want %d", tt.name, len(evs), err, tt.n)
			continue
		}
		for i, e := range evs {
			if e.Index != i+1 || e.Source != "aws.s3" {
				t.Errorf("%s: event %d: %+v", tt.name, i, e)
			}
		}
	}
}

// TestNewIAMClient builds the client the CLI and the Lambda function use,
// from the environment, and sends one call to the local server.
func TestNewIAMClient(t *testing.T) {
	server, srv := newIAMServer(t, 1)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	client, err := remediate.NewIAMClient(context.Background(), remediate.ClientOptions{EndpointURL: srv.URL, MaxAttempts: 3, MaxBackoff: 5e6})
	if err != nil {
		t.Fatal(err)
	}
	if client.Options().Region != "us-east-1" {
		t.Errorf("region %q, want us-east-1 when none is configured", client.Options().Region)
	}
	r, err := remediate.New(remediate.Config{}, client)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Handle(context.Background(), readEvent(t, "create-user.json")); err != nil {
		t.Fatal(err)
	}
	reqs := server.received()
	if len(reqs) != 2 {
		t.Fatalf("server got %d requests, want 2 (one retried failure)", len(reqs))
	}
	checkPutUserPolicy(t, reqs[1], "alice", "sekisho-region-lock", regionLock(t, "ap-northeast-1"))
}

// TestLambdaHandler invokes Handle through aws-lambda-go's handler
// wrapper, as the Lambda runtime does: the payload is the EventBridge event.
func TestLambdaHandler(t *testing.T) {
	t.Parallel()
	server, srv := newIAMServer(t, 0)
	r, err := remediate.New(remediate.Config{}, testClient(srv, 5))
	if err != nil {
		t.Fatal(err)
	}
	out, err := lambda.NewHandler(r.Handle).Invoke(context.Background(), readEvent(t, "create-user.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep remediate.Report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(rep.Outcomes) != 1 || rep.Outcomes[0].Status != remediate.StatusApplied || len(server.received()) != 1 {
		t.Errorf("report %s", out)
	}
	if _, err := lambda.NewHandler(r.Handle).Invoke(context.Background(), []byte(`[1]`)); err == nil {
		t.Error("a payload that is not an event: expected an error")
	}
}
