package server

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are written in the Prometheus text exposition format by hand:
// a handful of counters, gauges and one histogram do not need a client
// library.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[string]*histogram // by route

	inFlight atomic.Int64
	rejected struct{ busy, wait atomic.Uint64 }
	reloads  struct{ ok, failed atomic.Uint64 }
	decision [3]atomic.Uint64 // simulated decisions by eval.Decision

	generation atomic.Uint64
	loadedAt   atomic.Int64 // unix seconds
}

type reqKey struct {
	route string
	code  int
}

// latencyBuckets are upper bounds in seconds.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, code int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	m.requests[reqKey{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets))}
		m.latency[route] = h
	}
	for i, b := range latencyBuckets {
		if sec <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += sec
	h.n++
	m.mu.Unlock()
}

func (m *metrics) modelLoaded(st *state) {
	m.generation.Store(st.generation)
	m.loadedAt.Store(st.loaded.Unix())
}

func (m *metrics) handler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.write(w)
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	fmt.Fprintln(w, "# HELP sekisho_http_requests_total HTTP requests answered, by route and status code.")
	fmt.Fprintln(w, "# TYPE sekisho_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "sekisho_http_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintln(w, "# HELP sekisho_http_request_duration_seconds Time to answer a request, by route.")
	fmt.Fprintln(w, "# TYPE sekisho_http_request_duration_seconds histogram")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "sekisho_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, formatFloat(b), cum)
		}
		fmt.Fprintf(w, "sekisho_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.n)
		fmt.Fprintf(w, "sekisho_http_request_duration_seconds_sum{route=%q} %s\n", r, formatFloat(h.sum))
		fmt.Fprintf(w, "sekisho_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	m.mu.Unlock()

	gauge(w, "sekisho_http_in_flight", "Requests being evaluated now.", float64(m.inFlight.Load()))
	fmt.Fprintln(w, "# HELP sekisho_http_rejected_total Requests refused by the concurrency limit: busy (queue full, 429) or wait (no slot in time, 503).")
	fmt.Fprintln(w, "# TYPE sekisho_http_rejected_total counter")
	fmt.Fprintf(w, "sekisho_http_rejected_total{reason=\"busy\"} %d\n", m.rejected.busy.Load())
	fmt.Fprintf(w, "sekisho_http_rejected_total{reason=\"wait\"} %d\n", m.rejected.wait.Load())
	fmt.Fprintln(w, "# HELP sekisho_simulate_decisions_total Simulated decisions (Query API and JSON API), by decision.")
	fmt.Fprintln(w, "# TYPE sekisho_simulate_decisions_total counter")
	for i, name := range []string{"ImplicitDeny", "ExplicitDeny", "Allow"} {
		fmt.Fprintf(w, "sekisho_simulate_decisions_total{decision=%q} %d\n", name, m.decision[i].Load())
	}
	fmt.Fprintln(w, "# HELP sekisho_model_reloads_total Model reloads, by result.")
	fmt.Fprintln(w, "# TYPE sekisho_model_reloads_total counter")
	fmt.Fprintf(w, "sekisho_model_reloads_total{result=\"ok\"} %d\n", m.reloads.ok.Load())
	fmt.Fprintf(w, "sekisho_model_reloads_total{result=\"failed\"} %d\n", m.reloads.failed.Load())
	gauge(w, "sekisho_model_generation", "The number of the model serving now (1 at start, +1 per successful reload).", float64(m.generation.Load()))
	gauge(w, "sekisho_model_loaded_timestamp_seconds", "When the model serving now was loaded (Unix time).", float64(m.loadedAt.Load()))
}

func gauge(w io.Writer, name, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, formatFloat(v))
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
