package server_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sekisho/sekisho/server"
)

func post(t *testing.T, url string, form url.Values, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

func get(t *testing.T, url string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx(t), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func simulateForm(extra ...string) url.Values {
	f := url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {allowS3}, "ActionNames.member.1": {"s3:GetObject"}}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			f.Del(extra[i])
			continue
		}
		f.Set(extra[i], extra[i+1])
	}
	return f
}

// The response XML in IAM's shape, element by element, and IAM's error
// XML for what the SDK would refuse to send.
func TestQueryAPIWire(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	status, body := post(t, ts.URL, simulateForm(), nil)
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	var resp struct {
		XMLName xml.Name
		Results []struct {
			Action, Resource, Decision string
		} `xml:"SimulateCustomPolicyResult>EvaluationResults>member"`
		Truncated string `xml:"SimulateCustomPolicyResult>IsTruncated"`
		RequestID string `xml:"ResponseMetadata>RequestId"`
	}
	if err := xml.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	if resp.XMLName.Local != "SimulateCustomPolicyResponse" || resp.XMLName.Space != "https://iam.amazonaws.com/doc/2010-05-08/" ||
		resp.Truncated != "false" || resp.RequestID == "" || len(resp.Results) != 1 {
		t.Errorf("unexpected response: %+v\n%s", resp, body)
	}
	for _, want := range []string{"<EvalActionName>s3:GetObject</EvalActionName>", "<EvalResourceName>*</EvalResourceName>",
		"<EvalDecision>allowed</EvalDecision>", "<SourcePolicyId>PolicyInputList.1</SourcePolicyId>", "<MissingContextValues></MissingContextValues>"} {
		if !strings.Contains(body, want) {
			t.Errorf("response lacks %s:\n%s", want, body)
		}
	}

	tests := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"no-version", simulateForm("Version", ""), 400, "InvalidInput"},
		{"wrong-version", simulateForm("Version", "2011-06-15"), 400, "InvalidInput"},
		{"no-action", simulateForm("Action", ""), 400, "InvalidInput"},
		{"no-action-names", simulateForm("ActionNames.member.1", ""), 400, "InvalidInput"},
		{"no-policies", simulateForm("PolicyInputList.member.1", ""), 400, "InvalidInput"},
		{"gap-in-members", simulateForm("ActionNames.member.3", "s3:PutObject"), 400, "InvalidInput"},
		{"bad-member-index", simulateForm("ActionNames.member.x", "s3:PutObject"), 400, "InvalidInput"},
		{"two-values-for-a-single-type", simulateForm("ContextEntries.member.1.ContextKeyName", "aws:SourceIp",
			"ContextEntries.member.1.ContextKeyValues.member.1", "10.0.0.1", "ContextEntries.member.1.ContextKeyValues.member.2", "10.0.0.2",
			"ContextEntries.member.1.ContextKeyType", "ip"), 400, "InvalidInput"},
		{"unknown-context-type", simulateForm("ContextEntries.member.1.ContextKeyName", "aws:SourceIp",
			"ContextEntries.member.1.ContextKeyValues.member.1", "10.0.0.1", "ContextEntries.member.1.ContextKeyType", "ipv6"), 400, "InvalidInput"},
		{"bad-owner", simulateForm("ResourceOwner", "arn:aws:iam::12:root"), 400, "InvalidInput"},
		{"policy-too-long", simulateForm("PolicyInputList.member.1", strings.Repeat(" ", 131073)), 400, "InvalidInput"},
		{"principal-without-source", simulateForm("Action", "SimulatePrincipalPolicy"), 400, "InvalidInput"},
		{"group-source", simulateForm("Action", "SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111111111111:group/readers"), 400, "InvalidInput"},
		{"other-caller", simulateForm("Action", "SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111111111111:user/alice",
			"CallerArn", "arn:aws:iam::111111111111:user/bob"), 400, "InvalidInput"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := post(t, ts.URL, tt.form, nil)
			var e struct {
				XMLName xml.Name
				Type    string `xml:"Error>Type"`
				Code    string `xml:"Error>Code"`
				Message string `xml:"Error>Message"`
				ID      string `xml:"RequestId"`
			}
			if err := xml.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("status %d, body %q: %v", status, body, err)
			}
			if status != tt.status || e.XMLName.Local != "ErrorResponse" || e.Code != tt.code || e.Type != "Sender" || e.Message == "" || e.ID == "" {
				t.Errorf("got %d %+v, want %d %s", status, e, tt.status, tt.code)
			}
		})
	}
}

// The Query API also answers GET with the parameters in the query string.
func TestQueryAPIGet(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	status, body := get(t, ts.URL+"/?"+simulateForm().Encode(), nil)
	if status != 200 || !strings.Contains(body, "<EvalDecision>allowed</EvalDecision>") {
		t.Errorf("status %d: %s", status, body)
	}
}

// A token guards every API route; /healthz and the UI's assets stay open.
func TestToken(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{Token: "s3cret"})
	tests := []struct {
		name, path, auth string
		status           int
	}{
		{"query-without-token", "/", "", 401},
		{"query-with-wrong-token", "/", "Bearer nope", 401},
		{"query-with-token", "/", "Bearer s3cret", 200},
		{"metrics-without-token", "/metrics", "", 401},
		{"metrics-with-token", "/metrics", "Bearer s3cret", 200},
		{"healthz-open", "/healthz", "", 200},
		{"ui-open", "/", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := map[string]string{}
			if tt.auth != "" {
				h["Authorization"] = tt.auth
			}
			var status int
			var body string
			switch {
			case tt.path == "/" && tt.name != "ui-open":
				status, body = post(t, ts.URL+tt.path, simulateForm(), h)
			default:
				status, body = get(t, ts.URL+tt.path, h)
			}
			if status != tt.status {
				t.Errorf("status %d, want %d: %s", status, tt.status, body)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{MaxBodyBytes: 1024})
	status, body := post(t, ts.URL, simulateForm("PolicyInputList.member.1", strings.Repeat("x", 2048)), nil)
	if status != http.StatusRequestEntityTooLarge || !strings.Contains(body, "<Code>RequestEntityTooLarge</Code>") {
		t.Errorf("status %d: %s", status, body)
	}
}

func TestHealthzAndMetrics(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	if status, body := get(t, ts.URL+"/healthz", nil); status != 200 || !strings.Contains(body, `"generation": 1`) {
		t.Errorf("healthz %d: %s", status, body)
	}
	post(t, ts.URL, simulateForm(), nil)
	post(t, ts.URL, simulateForm("Version", ""), nil)
	status, body := get(t, ts.URL+"/metrics", nil)
	for _, want := range []string{
		`sekisho_http_requests_total{route="query",code="200"} 1`,
		`sekisho_http_requests_total{route="query",code="400"} 1`,
		`sekisho_http_request_duration_seconds_count{route="query"} 2`,
		`sekisho_simulate_decisions_total{decision="Allow"} 1`,
		`sekisho_model_generation 1`,
		"# TYPE sekisho_http_request_duration_seconds histogram",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics (%d) lack %q:\n%s", status, want, body)
		}
	}
}

// A reload swaps the model in only when it loads; a broken model keeps
// the old one serving, and requests during reloads are all answered.
func TestReload(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, testModel)
	s, ts := start(t, server.Config{ModelDir: dir})
	principal := simulateForm("Action", "SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::111111111111:user/alice",
		"PolicyInputList.member.1", "", "ActionNames.member.1", "ec2:RunInstances")

	var wg sync.WaitGroup
	stop := make(chan struct{})
	failures := make(chan string, 100)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if status, body := post(t, ts.URL, principal, nil); status != 200 || !strings.Contains(body, "<EvalDecision>allowed</EvalDecision>") {
					failures <- body
					return
				}
			}
		}()
	}
	for range 5 {
		if err := s.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Errorf("a request during reloads failed: %s", f)
	}
	if g := s.Generation(); g != 6 {
		t.Errorf("generation %d after 5 reloads, want 6", g)
	}

	// Break the model: the reload fails, generation 6 keeps serving.
	org := filepath.Join(dir, "org.yaml")
	good := readFile(t, org)
	if err := os.WriteFile(org, []byte(good+"\n  - id: not-an-account\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err == nil {
		t.Fatal("a broken model reloaded without error")
	}
	if status, body := post(t, ts.URL, principal, nil); status != 200 || s.Generation() != 6 {
		t.Errorf("after a failed reload: status %d generation %d: %s", status, s.Generation(), body)
	}

	// Take alice's RunInstances away: the new model answers.
	if err := os.WriteFile(org, []byte(strings.Replace(good, "Action: [ec2:RunInstances, iam:CreateUser]", "Action: [iam:CreateUser]", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := s.Reload(); err != nil {
		t.Fatal(err)
	}
	if _, body := post(t, ts.URL, principal, nil); !strings.Contains(body, "<EvalDecision>implicitDeny</EvalDecision>") {
		t.Errorf("after the reload: %s", body)
	}
}

// --watch: a change to the model files is picked up without a signal.
func TestWatch(t *testing.T) {
	t.Parallel()
	dir := copyDir(t, testModel)
	s, _ := start(t, server.Config{ModelDir: dir})
	c, cancel := contextWithCancel(t)
	defer cancel()
	go s.Watch(c, 20*time.Millisecond)
	org := filepath.Join(dir, "org.yaml")
	later := time.Now().Add(2 * time.Second)
	if err := os.WriteFile(org, []byte(readFile(t, org)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(org, later, later)
	deadline := time.Now().Add(10 * time.Second)
	for s.Generation() == 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.Generation() != 2 {
		t.Errorf("generation %d after a change, want 2", s.Generation())
	}
}
