package fakeaws

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// BaseKey is the access key of the base credentials: the management account's.
const BaseKey = "AKIAFAKEBASE"

// Faults are the errors the server injects. Keys are "OPERATION" (any
// account) or "ACCOUNT/OPERATION", operations named as IAM actions
// ("iam:GetAccountAuthorizationDetails", "s3:GetBucketPolicy").
type Faults struct {
	Throttle map[string]int  // answer the first N such requests with a throttling error
	Deny     map[string]bool // answer every such request with AccessDenied
	Drop     map[string]int  // close the connection of the first N such requests without answering
}

// Request is one request the server answered (or refused).
type Request struct {
	Account, Region, Service, Op string
	Resource                     string // the bucket, key, ... the call is about
	Outcome                      string // ok, throttled, denied, dropped
}

// Server is a running fake.
type Server struct {
	URL    string
	World  *World
	srv    *httptest.Server
	mu     sync.Mutex
	faults Faults
	seen   map[string]int
	log    []Request
	keys   map[string]string // access key → account
	// OnRequest, when set, is called with each operation before it is
	// answered (a test cancels its run from here).
	OnRequest func(Request)
	// SessionNames records each AssumeRole's RoleSessionName.
	SessionNames []string
}

// Start runs a fake serving w with the given faults; it stops at t's end
// through Close.
func Start(w *World, f Faults) *Server {
	s := &Server{World: w, faults: f, seen: map[string]int{}, keys: map[string]string{BaseKey: w.Management}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// HTTPClient is a client that reaches the fake whatever the host name, as
// S3 Control and S3 put the account or bucket in front of the endpoint's host.
func (s *Server) HTTPClient() *http.Client {
	addr := s.srv.Listener.Addr().String()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: 64,
	}
	return &http.Client{Transport: tr}
}

// Requests returns the requests answered so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// ResetLog forgets the requests answered so far.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

var credential = regexp.MustCompile(`Credential=([^/]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	m := credential.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		http.Error(w, "missing SigV4 Authorization", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	account, ok := s.keys[m[1]]
	s.mu.Unlock()
	if !ok {
		http.Error(w, "unknown access key", http.StatusForbidden)
		return
	}
	c := &call{s: s, w: w, r: r, account: account, region: m[2], service: m[3]}
	if c.service == "s3" && strings.HasPrefix(r.URL.Path, "/v20180820/") {
		c.service = "s3control"
	}
	h, ok := handlers[c.service]
	if !ok {
		http.Error(w, "service not faked: "+c.service, http.StatusNotFound)
		return
	}
	h(c)
}

// call is one request in progress.
type call struct {
	s                            *Server
	w                            http.ResponseWriter
	r                            *http.Request
	account, region, service, op string
	errorf                       func(status int, code, msg string)
}

var handlers = map[string]func(*call){}

// begin names the operation and applies the faults; false means the
// request was answered with a fault.
func (c *call) begin(op, resource string) bool {
	c.op = op
	req := Request{Account: c.account, Region: c.region, Service: c.service, Op: op, Resource: resource}
	if c.s.OnRequest != nil {
		c.s.OnRequest(req)
	}
	c.s.mu.Lock()
	outcome := "ok"
	switch {
	case c.s.faults.Deny[op] || c.s.faults.Deny[c.account+"/"+op]:
		outcome = "denied"
	case c.s.take(c.s.faults.Drop, op, c.account, "drop"):
		outcome = "dropped"
	case c.s.take(c.s.faults.Throttle, op, c.account, "throttle"):
		outcome = "throttled"
	}
	req.Outcome = outcome
	c.s.log = append(c.s.log, req)
	c.s.mu.Unlock()
	switch outcome {
	case "denied":
		c.errorf(http.StatusForbidden, c.deniedCode(), fmt.Sprintf("User: arn:aws:iam::%s:role/x is not authorized to perform: %s", c.account, op))
		return false
	case "dropped":
		hj, ok := c.w.(http.Hijacker)
		if ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return false
			}
		}
		panic(http.ErrAbortHandler)
	case "throttled":
		code, status := c.throttleCode()
		c.errorf(status, code, "Rate exceeded")
		return false
	}
	return true
}

// take counts one request against a fault budget; s.mu is held.
func (s *Server) take(budget map[string]int, op, account, kind string) bool {
	for _, k := range []string{account + "/" + op, op} {
		n, ok := budget[k]
		if !ok {
			continue
		}
		key := kind + " " + k
		if s.seen[key] < n {
			s.seen[key]++
			return true
		}
	}
	return false
}

func (c *call) deniedCode() string {
	switch c.service {
	case "ec2":
		return "UnauthorizedOperation"
	case "iam", "sts", "s3", "s3control":
		return "AccessDenied"
	case "sns":
		return "AuthorizationError"
	}
	return "AccessDeniedException"
}

func (c *call) throttleCode() (string, int) {
	switch c.service {
	case "ec2":
		return "RequestLimitExceeded", http.StatusServiceUnavailable
	case "iam", "sts":
		return "Throttling", http.StatusBadRequest
	case "s3", "s3control":
		return "SlowDown", http.StatusServiceUnavailable
	}
	return "ThrottlingException", http.StatusBadRequest
}

// Ops returns the operations of the requests answered, sorted, for tests.
func Ops(reqs []Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Account+" "+r.Region+" "+r.Op+" "+r.Resource+" "+r.Outcome)
	}
	sort.Strings(out)
	return out
}
