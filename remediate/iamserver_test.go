package remediate_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/sekisho/sekisho/remediate"
)

// iamServer speaks enough of the IAM query protocol for PutUserPolicy:
// form-encoded POST requests, XML responses. It answers 500 ServiceFailure
// to the first failures requests (all of them when failures < 0).
type iamServer struct {
	t        *testing.T
	failures int

	mu       sync.Mutex
	requests []iamRequest
}

// iamRequest is one request the server received.
type iamRequest struct {
	Method        string
	Path          string
	ContentType   string
	Authorization string
	Form          url.Values
}

func newIAMServer(t *testing.T, failures int) (*iamServer, *httptest.Server) {
	s := &iamServer{t: t, failures: failures}
	srv := httptest.NewServer(s) // listens on 127.0.0.1 only
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *iamServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.t.Errorf("reading the request: %v", err)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		s.t.Errorf("request body is not form-encoded: %v", err)
	}
	s.mu.Lock()
	s.requests = append(s.requests, iamRequest{
		Method: r.Method, Path: r.URL.Path, ContentType: r.Header.Get("Content-Type"),
		Authorization: r.Header.Get("Authorization"), Form: form,
	})
	n := len(s.requests)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	if s.failures < 0 || n <= s.failures {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Receiver</Type><Code>ServiceFailure</Code><Message>request %d failed</Message></Error>
  <RequestId>req-%d</RequestId>
</ErrorResponse>`, n, n)
		return
	}
	fmt.Fprintf(w, `<PutUserPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <ResponseMetadata><RequestId>req-%d</RequestId></ResponseMetadata>
</PutUserPolicyResponse>`, n)
}

func (s *iamServer) received() []iamRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]iamRequest(nil), s.requests...)
}

// testClient is an IAM client for the server: static credentials, region
// us-east-1, and the production retry policy with a short back-off.
func testClient(srv *httptest.Server, maxAttempts int) *iam.Client {
	return iam.New(iam.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		Retryer:      remediate.NewRetryer(maxAttempts, 5*time.Millisecond),
		HTTPClient:   srv.Client(),
	})
}

// checkPutUserPolicy asserts the exact request the SDK sent.
func checkPutUserPolicy(t *testing.T, req iamRequest, user, policyName, document string) {
	t.Helper()
	if req.Method != http.MethodPost || req.Path != "/" || !strings.HasPrefix(req.ContentType, "application/x-www-form-urlencoded") {
		t.Errorf("request: %s %s (%s), want POST / form-encoded", req.Method, req.Path, req.ContentType)
	}
	if !strings.HasPrefix(req.Authorization, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") || !strings.Contains(req.Authorization, "/us-east-1/iam/aws4_request") {
		t.Errorf("Authorization %q: want a SigV4 signature for iam in us-east-1", req.Authorization)
	}
	want := url.Values{
		"Action":         {"PutUserPolicy"},
		"Version":        {"2010-05-08"},
		"UserName":       {user},
		"PolicyName":     {policyName},
		"PolicyDocument": {document},
	}
	if len(req.Form) != len(want) {
		t.Errorf("form has %d fields, want %d: %v", len(req.Form), len(want), req.Form)
	}
	for k, v := range want {
		if got := req.Form[k]; len(got) != 1 || got[0] != v[0] {
			t.Errorf("%s = %q, want %q", k, got, v[0])
		}
	}
}
