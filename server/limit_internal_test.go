package server

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// slowServer serves a handler that blocks until release is closed, behind
// the same wrappers as every API route.
func slowServer(t *testing.T, cfg Config) (*Server, *httptest.Server, chan struct{}, chan struct{}) {
	t.Helper()
	cfg.ModelDir = "testdata/model"
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}, 16), make(chan struct{})
	mux := http.NewServeMux()
	mux.Handle("/slow", s.api("slow", styleJSON, func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		select {
		case <-release:
		case <-time.After(10 * time.Second):
		}
		w.Write([]byte("done"))
	}))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return s, ts, started, release
}

func getCode(t *testing.T, url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var e jsonError
	_ = json.Unmarshal(b, &e)
	return resp.StatusCode, e.Error.Code
}

// One slot and one queue place: the third request is refused at once
// with 429; the queued one waits past QueueWait and gets 503.
func TestLimiterBusyAndWait(t *testing.T) {
	t.Parallel()
	_, ts, started, release := slowServer(t, Config{MaxInFlight: 1, MaxQueue: 1, QueueWait: 300 * time.Millisecond})
	var wg sync.WaitGroup
	results := make(chan [2]any, 3)
	wg.Add(1)
	go func() { defer wg.Done(); c, code := getCode(t, ts.URL+"/slow"); results <- [2]any{c, code} }()
	<-started // the slot is taken
	wg.Add(1)
	go func() { defer wg.Done(); c, code := getCode(t, ts.URL+"/slow"); results <- [2]any{c, code} }()
	time.Sleep(50 * time.Millisecond) // the second waits in the queue
	if c, code := getCode(t, ts.URL+"/slow"); c != http.StatusTooManyRequests || code != "busy" {
		t.Errorf("third request: %d %s, want 429 busy", c, code)
	}
	time.Sleep(400 * time.Millisecond) // the queued request gave up
	close(release)
	wg.Wait()
	close(results)
	var got []int
	for r := range results {
		got = append(got, r[0].(int))
	}
	if len(got) != 2 || got[0]+got[1] != 200+503 {
		t.Errorf("first two requests: %v, want 200 and 503", got)
	}
}

// A request that runs past the request timeout gets 503 timeout.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	_, ts, _, release := slowServer(t, Config{RequestTimeout: 100 * time.Millisecond})
	defer close(release)
	if c, code := getCode(t, ts.URL+"/slow"); c != http.StatusServiceUnavailable || code != "timeout" {
		t.Errorf("got %d %s, want 503 timeout", c, code)
	}
}

// Serve stops on cancel and lets the request in flight finish.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	s, err := New(Config{ModelDir: "testdata/model"})
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}, 1), make(chan struct{})
	inner := s.handler
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			started <- struct{}{}
			<-release
			w.Write([]byte("finished"))
			return
		}
		inner.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/slow")
		if err != nil {
			body <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body <- string(b)
	}()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v with a request in flight", err)
	default:
	}
	close(release)
	if b := <-body; b != "finished" {
		t.Errorf("in-flight request got %q", b)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		t.Error("the server still accepts after shutdown")
	}
}
