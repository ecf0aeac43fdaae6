package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/cli"
	"github.com/sekisho/sekisho/server"
)

func seedModel(name string) string { return "../examples/seeds-model/" + name + "/model" }

// cliJSON runs the command line and returns its stdout.
func cliJSON(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := cli.Main(args, strings.NewReader(""), &out, &errb); code != 0 && code != 3 {
		t.Fatalf("sekisho %v: exit %d: %s", args, code, errb.String())
	}
	return out.String()
}

func sameJSON(t *testing.T, what, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%s: the API answered %v: %s", what, err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: the CLI printed %v: %s", what, err, want)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("%s: the API's JSON differs from the CLI's\napi: %s\ncli: %s", what, gb, wb)
	}
}

// Every JSON API route answers exactly what the CLI prints with
// --format json for the same question.
func TestJSONAPISameAsCLI(t *testing.T) {
	t.Parallel()
	type q = url.Values
	tests := []struct {
		name, model, path string
		query             q
		cli               []string
	}{
		{"whocan-000", "000-instance-credentials", "/api/v1/whocan", q{"action": {"s3:ListBucket"}, "resource": {"arn:aws:s3:::app-bucket"}, "showDenied": {"true"}},
			[]string{"whocan", "--show-denied", "s3:ListBucket", "arn:aws:s3:::app-bucket"}},
		{"whocan-001-from", "001-region-lock", "/api/v1/whocan", q{"action": {"ec2:RunInstances"}, "resource": {"arn:aws:ec2:us-east-1:111111111111:instance/*"}, "from": {"internet"}},
			[]string{"whocan", "--from", "internet", "ec2:RunInstances", "arn:aws:ec2:us-east-1:111111111111:instance/*"}},
		{"whatcan-004", "004-cross-account", "/api/v1/whatcan", q{"principal": {"instance-profile:i-047875da17caa9cc2"}, "service": {"s3"}},
			[]string{"whatcan", "--service", "s3", "instance-profile:i-047875da17caa9cc2"}},
		{"leak-000", "000-instance-credentials", "/api/v1/leak", q{"target": {"i-0abc123def4567890"}},
			[]string{"leak", "i-0abc123def4567890"}},
		{"exfil-002", "002-endpoint-policy", "/api/v1/exfil", q{"target": {"i-0igwonly000001"}},
			[]string{"exfil", "i-0igwonly000001"}},
		{"graph-assume-003", "003-trust", "/api/v1/graph/assume", q{}, []string{"graph", "assume"}},
		{"graph-privesc-003", "003-trust", "/api/v1/graph/privesc", q{}, []string{"graph", "privesc"}},
		{"audit-002", "002-endpoint-policy", "/api/v1/audit", q{}, []string{"audit"}},
		{"eval-model-000", "000-instance-credentials", "/api/v1/eval/model",
			q{"principal": {"instance-profile:i-0abc123def4567890"}, "from": {"internet:203.0.113.50"}, "action": {"s3:ListBucket"}, "resource": {"arn:aws:s3:::app-bucket"}},
			[]string{"eval", "--principal", "instance-profile:i-0abc123def4567890", "--from", "internet:203.0.113.50", "--action", "s3:ListBucket", "--resource", "arn:aws:s3:::app-bucket"}},
		{"whocan-with-context", "000-instance-credentials", "/api/v1/whocan",
			q{"action": {"s3:ListBucket"}, "resource": {"arn:aws:s3:::app-bucket"}, "context": {"aws:MultiFactorAuthPresent=true"}},
			[]string{"whocan", "--context", "aws:MultiFactorAuthPresent=true", "s3:ListBucket", "arn:aws:s3:::app-bucket"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, ts := start(t, server.Config{ModelDir: seedModel(tt.model)})
			status, body := get(t, ts.URL+tt.path+"?"+tt.query.Encode(), nil)
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			args := append([]string{tt.cli[0], "--model", seedModel(tt.model), "--format", "json", "--now", testNow}, tt.cli[1:]...)
			sameJSON(t, tt.name, body, cliJSON(t, args...))
		})
	}
}

func postBody(t *testing.T, url, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	return do(t, req)
}

// eval, test and lint of documents sent in the body answer what the CLI
// prints for the same file.
func TestJSONAPIDocuments(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	inline := `- name: stolen
  request:
    principal: arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890
    action: s3:ListBucket
    resource: arn:aws:s3:::app-bucket
    context: {aws:ec2InstanceSourceVpc: vpc-abc123, aws:SourceIp: 203.0.113.50}
  policies:
    identity: [{Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}]
    scp: [[` + strings.ReplaceAll(readFile(t, seedSCP), "\n", " ") + `]]
  expect: ExplicitDeny
- name: wrong-expectation
  request: {principal: "arn:aws:iam::111111111111:user/a", action: s3:GetObject, resource: "*"}
  policies: {identity: []}
  expect: Allow
`
	file := t.TempDir() + "/cases.yaml"
	writeFile(t, file, inline)

	status, body := postBody(t, ts.URL+"/api/v1/eval?case=stolen", "application/yaml", inline)
	if status != 200 {
		t.Fatalf("eval: %d %s", status, body)
	}
	cliOut := strings.ReplaceAll(cliJSON(t, "eval", "--format", "json", "--now", testNow, "--case", "stolen", file), file, "request.yaml")
	sameJSON(t, "eval", body, cliOut)
	if !strings.Contains(body, `"decision": "ExplicitDeny"`) {
		t.Errorf("eval: %s", body)
	}

	status, body = postBody(t, ts.URL+"/api/v1/test", "application/yaml", inline)
	if status != 200 {
		t.Fatalf("test: %d %s", status, body)
	}
	var out, errb bytes.Buffer
	cli.Main([]string{"test", "--format", "json", "--now", testNow, file}, strings.NewReader(""), &out, &errb)
	sameJSON(t, "test", body, strings.ReplaceAll(out.String(), file, "request.yaml"))

	bad := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}`
	pfile := t.TempDir() + "/policy.json"
	writeFile(t, pfile, bad)
	status, body = postBody(t, ts.URL+"/api/v1/lint?kind=identity", "application/json", bad)
	if status != 200 {
		t.Fatalf("lint: %d %s", status, body)
	}
	out.Reset()
	cli.Main([]string{"lint", "--kind", "identity", "--format", "json", pfile}, strings.NewReader(""), &out, &errb)
	sameJSON(t, "lint", body, strings.ReplaceAll(out.String(), pfile, "policy.json"))
}

// Errors come from the one mapper: a stable code and its HTTP status.
func TestJSONAPIErrors(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	tests := []struct {
		name, method, path, body string
		status                   int
		code                     string
	}{
		{"policy-file-reference", "POST", "/api/v1/eval", `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{"identity":["/etc/passwd"]}}`, 400, "bad_input"},
		{"model-reference", "POST", "/api/v1/eval", `{"name":"c","model":"/","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"}}`, 400, "bad_input"},
		{"malformed-case", "POST", "/api/v1/eval", `{"name":`, 400, "bad_input"},
		{"no-such-case", "POST", "/api/v1/eval?case=nope", `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{}}`, 404, "not_found"},
		{"test-without-expect", "POST", "/api/v1/test", `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{}}`, 400, "bad_input"},
		{"whocan-without-resource", "GET", "/api/v1/whocan?action=s3:GetObject", "", 400, "bad_input"},
		{"whocan-bad-chain", "GET", "/api/v1/whocan?action=s3:GetObject&resource=*&maxChain=99", "", 400, "bad_input"},
		{"bad-vantage", "GET", "/api/v1/whocan?action=s3:GetObject&resource=*&from=mars", "", 400, "bad_input"},
		{"bad-context", "GET", "/api/v1/whocan?action=s3:GetObject&resource=*&context=novalue", "", 400, "bad_input"},
		{"unknown-principal", "GET", "/api/v1/whatcan?principal=arn:aws:iam::111111111111:user/nobody", "", 400, "bad_input"},
		{"unknown-graph", "GET", "/api/v1/graph/social", "", 404, "not_found"},
		{"unknown-route", "GET", "/api/v1/nope", "", 404, "not_found"},
		{"wrong-method", "GET", "/api/v1/eval", "", 404, "not_found"},
		{"lint-not-json", "POST", "/api/v1/lint", `{"Version":`, 400, "malformed_policy"},
		{"lint-bad-kind", "POST", "/api/v1/lint?kind=banana", `{}`, 400, "bad_input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var status int
			var body string
			if tt.method == "POST" {
				status, body = postBody(t, ts.URL+tt.path, "application/json", tt.body)
			} else {
				status, body = get(t, ts.URL+tt.path, nil)
			}
			var e struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("%d %q: %v", status, body, err)
			}
			if status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("got %d %+v, want %d %s", status, e, tt.status, tt.code)
			}
		})
	}
}

func TestModelSummary(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	status, body := get(t, ts.URL+"/api/v1/model", nil)
	for _, want := range []string{`"arn:aws:iam::111111111111:user/alice"`, `"arn:aws:iam::111111111111:role/app-instance-role"`, `"arn:aws:s3:::app-bucket"`} {
		if status != 200 || !strings.Contains(body, want) {
			t.Errorf("%d: lacks %s: %s", status, want, body)
		}
	}
}
