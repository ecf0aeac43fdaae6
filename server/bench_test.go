package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sekisho/sekisho/server"
)

// The load benchmarks: sustained simulate calls through the Query API and
// the JSON API on loopback, with their latency percentiles and the heap
// they leave in use. Bounded: -benchtime decides the count (e.g. 20000x),
// and each call is limited by the server's request timeout.
//
//	go test ./server -run '^$' -bench Load -benchtime 20000x

func BenchmarkLoadSimulateCustomPolicy(b *testing.B) {
	form := url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {allowS3}, "ActionNames.member.1": {"s3:ListBucket"},
		"ResourceArns.member.1": {"arn:aws:s3:::app-bucket"},
		"OrderedOrganizationPolicyInputList.member.1.ServiceControlPolicyInputList.member.1": {fullAccess},
		"ContextEntries.member.1.ContextKeyName":                                             {"aws:ec2InstanceSourceVpc"},
		"ContextEntries.member.1.ContextKeyValues.member.1":                                  {"vpc-abc123"},
		"ContextEntries.member.1.ContextKeyType":                                             {"string"},
	}
	load(b, "/", "application/x-www-form-urlencoded", []byte(form.Encode()), "<EvalDecision>allowed</EvalDecision>")
}

func BenchmarkLoadSimulatePrincipalPolicy(b *testing.B) {
	form := url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
		"PolicySourceArn":      {"arn:aws:iam::111111111111:user/alice"},
		"ActionNames.member.1": {"ec2:RunInstances"},
	}
	load(b, "/", "application/x-www-form-urlencoded", []byte(form.Encode()), "<EvalDecision>allowed</EvalDecision>")
}

func BenchmarkLoadJSONEval(b *testing.B) {
	body := `{"name":"stolen","request":{"principal":"arn:aws:sts::111111111111:assumed-role/app-instance-role/i-0abc123def4567890",
"action":"s3:ListBucket","resource":"arn:aws:s3:::app-bucket","context":{"aws:ec2InstanceSourceVpc":"vpc-abc123","aws:SourceIp":"203.0.113.50"}},
"policies":{"identity":[` + allowS3 + `],"scp":[[` + fullAccess + `,{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*",
"Condition":{"StringNotEquals":{"aws:ec2InstanceSourceVpc":"${aws:SourceVpc}"},"Null":{"aws:ec2InstanceSourceVpc":"false"}}}]}]]}}`
	load(b, "/api/v1/eval", "application/json", []byte(body), `"decision": "ExplicitDeny"`)
}

// load posts body b.N times from 4×GOMAXPROCS client goroutines over
// kept-alive connections to a server in this process and reports calls/s,
// p50 and p99 in microseconds, the heap in use after the run, and the
// process's CPU time per call (server and client together).
func load(b *testing.B, path, contentType string, body []byte, want string) {
	s, err := server.New(server.Config{ModelDir: testModel, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	ts := newLoopbackServer(b, s.Handler())
	loadAt(b, ts, nil, path, contentType, body, want)
}

// loadAt is load against the server at ts; serverCPU, when not nil, is
// the CPU time the server's own process has used, reported per call
// (server-cpu-µs/call) beside the whole of this process's.
func loadAt(b *testing.B, ts string, serverCPU func() time.Duration, path, contentType string, body []byte, want string) {
	workers := 4 * runtime.GOMAXPROCS(0)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers, MaxConnsPerHost: workers}, Timeout: 30 * time.Second}
	check := func() string {
		resp, err := client.Post(ts+path, contentType, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		out, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return fmt.Sprintf("%d %s", resp.StatusCode, out)
	}
	if got := check(); !bytes.Contains([]byte(got), []byte(want)) {
		b.Fatalf("the call does not answer %s: %s", want, got)
	}
	runtime.GC()
	var mu sync.Mutex
	var all []time.Duration
	var failures int
	b.SetParallelism(4)
	b.ReportAllocs()
	b.ResetTimer()
	var server0 time.Duration
	if serverCPU != nil {
		server0 = serverCPU()
	}
	cpu0 := cpuTime()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		lat := make([]time.Duration, 0, 1024)
		bad := 0
		for pb.Next() {
			t0 := time.Now()
			resp, err := client.Post(ts+path, contentType, bytes.NewReader(body))
			if err != nil {
				bad++
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				bad++
			}
			lat = append(lat, time.Since(t0))
		}
		mu.Lock()
		all = append(all, lat...)
		failures += bad
		mu.Unlock()
	})
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if serverCPU != nil {
		// The server alone: what a call costs it when its clients run
		// elsewhere; GOMAXPROCS cores serve at most GOMAXPROCS/that.
		perCall := (serverCPU() - server0).Seconds() / float64(b.N)
		b.ReportMetric(perCall*1e6, "server-cpu-µs/call")
		b.ReportMetric(float64(runtime.GOMAXPROCS(0))/perCall, "server-calls/s-at-full-cpu")
	}
	if failures > 0 {
		b.Errorf("%d of %d calls failed", failures, b.N)
	}
	slices.Sort(all)
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(p*float64(len(all)-1))].Microseconds())
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "calls/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	// CPU time of the whole process (server and client) per call: what a
	// call costs whatever else the machine runs; GOMAXPROCS cores give at
	// most GOMAXPROCS/cpu calls per second.
	perCall := cpu.Seconds() / float64(b.N)
	b.ReportMetric(perCall*1e6, "cpu-µs/call")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0))/perCall, "calls/s-at-full-cpu")
}

// cpuTime is the CPU time (user and system) this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkHandlerSimulateCustomPolicy is one call through every wrapper
// of the Query API route, in process (no network): the server's own cost.
func BenchmarkHandlerSimulateCustomPolicy(b *testing.B) {
	s, err := server.New(server.Config{ModelDir: testModel, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {allowS3}, "ActionNames.member.1": {"s3:ListBucket"},
		"ResourceArns.member.1": {"arn:aws:s3:::app-bucket"}}.Encode())
	h := s.Handler()
	b.ReportAllocs()
	cpu0 := cpuTime()
	defer func() {
		b.ReportMetric((cpuTime()-cpu0).Seconds()*1e6/float64(b.N), "cpu-µs/call")
	}()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	})
}

// BenchmarkLoadProcess... run the same loads against `sekisho serve`
// itself, built and started as its own process (JSON access log on, as
// users run it), so that the server's CPU time per call is measured apart
// from the client's: server-cpu-µs/call, from the process's
// /proc/PID/stat.
//
//	go test ./server -run '^$' -bench LoadProcess -benchtime 10000x

func BenchmarkLoadProcessSimulateCustomPolicy(b *testing.B) {
	form := url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {allowS3}, "ActionNames.member.1": {"s3:ListBucket"},
		"ResourceArns.member.1": {"arn:aws:s3:::app-bucket"},
		"OrderedOrganizationPolicyInputList.member.1.ServiceControlPolicyInputList.member.1": {fullAccess},
		"ContextEntries.member.1.ContextKeyName":                                             {"aws:ec2InstanceSourceVpc"},
		"ContextEntries.member.1.ContextKeyValues.member.1":                                  {"vpc-abc123"},
		"ContextEntries.member.1.ContextKeyType":                                             {"string"},
	}
	url, cpu := serveProcess(b)
	loadAt(b, url, cpu, "/", "application/x-www-form-urlencoded", []byte(form.Encode()), "<EvalDecision>allowed</EvalDecision>")
}

func BenchmarkLoadProcessSimulatePrincipalPolicy(b *testing.B) {
	form := url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
		"PolicySourceArn":      {"arn:aws:iam::111111111111:user/alice"},
		"ActionNames.member.1": {"ec2:RunInstances"},
	}
	url, cpu := serveProcess(b)
	loadAt(b, url, cpu, "/", "application/x-www-form-urlencoded", []byte(form.Encode()), "<EvalDecision>allowed</EvalDecision>")
}

// serveProcess builds cmd/sekisho, runs `sekisho serve` on the test model
// on a free loopback port, and returns its URL and a function that reads
// the CPU time the process has used. The process is stopped when b ends.
func serveProcess(b *testing.B) (string, func() time.Duration) {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "sekisho")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/sekisho/sekisho/cmd/sekisho").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--model", testModel, "--listen", "127.0.0.1:0", "--max-queue", "1024")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		// The first line names the address; the access log after it is
		// read and dropped, so that the pipe never fills.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var line struct{ Msg, Address string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				addr <- line.Address
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	var url string
	select {
	case url = <-addr:
	case <-time.After(60 * time.Second):
		b.Fatal("sekisho serve did not say where it listens within 60s")
	}
	stat := fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid)
	return url, func() time.Duration {
		d, err := procCPU(stat)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
}

// procCPU reads a process's user and system time from /proc/PID/stat
// (proc(5): fields 14 and 15, in clock ticks; Linux's USER_HZ is 100).
func procCPU(path string) (time.Duration, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	rest := raw[bytes.LastIndexByte(raw, ')')+2:]
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return 0, fmt.Errorf("%s: %d fields after the command name", path, len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%s: utime %q stime %q", path, f[11], f[12])
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

// BenchmarkWrk... send the same calls to `sekisho serve` from wrk (the
// HTTP load generator in C, Debian's package wrk), a process of its own
// whose CPU time per call is small beside the server's: what the server
// sustains when the client costs little. calls/s is wrk's count
// over the run's wall time; server-cpu-µs/call and wrk-cpu-µs/call are
// each process's CPU time (user and system) per call; their sum is what a
// call costs the machine. The benchmark is skipped where wrk is not
// installed (apt-get install wrk).
//
//	go test ./server -run '^$' -bench Wrk -benchtime 100000x

func BenchmarkWrkSimulateCustomPolicy(b *testing.B) {
	wrkLoad(b, url.Values{"Action": {"SimulateCustomPolicy"}, "Version": {"2010-05-08"},
		"PolicyInputList.member.1": {allowS3}, "ActionNames.member.1": {"s3:ListBucket"},
		"ResourceArns.member.1": {"arn:aws:s3:::app-bucket"},
		"OrderedOrganizationPolicyInputList.member.1.ServiceControlPolicyInputList.member.1": {fullAccess},
		"ContextEntries.member.1.ContextKeyName":                                             {"aws:ec2InstanceSourceVpc"},
		"ContextEntries.member.1.ContextKeyValues.member.1":                                  {"vpc-abc123"},
		"ContextEntries.member.1.ContextKeyType":                                             {"string"},
	})
}

func BenchmarkWrkSimulatePrincipalPolicy(b *testing.B) {
	wrkLoad(b, url.Values{"Action": {"SimulatePrincipalPolicy"}, "Version": {"2010-05-08"},
		"PolicySourceArn":      {"arn:aws:iam::111111111111:user/alice"},
		"ActionNames.member.1": {"ec2:RunInstances"},
	})
}

// wrkDone is the line the wrk script writes when b.N calls are answered.
const wrkDone = "sekisho: b.N calls answered"

// wrkConnections is how many connections wrk keeps open, as many as the
// Go client's goroutines in loadAt.
const wrkConnections = 16

// wrkLoad posts form b.N times from one wrk thread over wrkConnections
// kept-alive connections (wrk stops itself after b.N responses; 120 s at
// most) and reports calls/s, p50/p99 as wrk measures them, and the CPU
// time per call of the server and of wrk.
func wrkLoad(b *testing.B, form url.Values) {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		b.Skip("wrk is not installed (apt-get install wrk): the Load benchmarks measure with Go's client instead")
	}
	ts, serverCPU := serveProcess(b)
	script := filepath.Join(b.TempDir(), "post.lua")
	lua := fmt.Sprintf(`wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = [==[%s]==]
local n = 0
response = function(status, headers, body)
  n = n + 1
  if n == %d then
    io.write("%s\n")
    io.flush()
    wrk.thread:stop()
  end
end
`, form.Encode(), b.N, wrkDone)
	if err := os.WriteFile(script, []byte(lua), 0o600); err != nil {
		b.Fatal(err)
	}
	// A short run first, so that the first measured call finds the
	// policies compiled and the connections' buffers allocated.
	if out, err := exec.Command(wrk, "-t1", "-c2", "-d1s", "-s", script, ts+"/").CombinedOutput(); err != nil {
		b.Fatalf("wrk: %v\n%s", err, out)
	}
	b.ResetTimer()
	server0 := serverCPU()
	cmd := exec.Command(wrk, "-t1", "-c"+strconv.Itoa(wrkConnections), "-d120s", "--latency", "-s", script, ts+"/")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	// wrk runs for its -d whatever its threads do; on the line that says
	// b.N calls were answered it is interrupted, and then reports.
	var out strings.Builder
	elapsed := time.Duration(0)
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if sc.Text() == wrkDone && elapsed == 0 {
			elapsed = time.Since(start)
			_ = cmd.Process.Signal(os.Interrupt)
		}
		out.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	b.StopTimer()
	if err != nil || elapsed == 0 {
		b.Fatalf("wrk (%v) did not answer %d calls:\n%s", err, b.N, out.String())
	}
	calls, bad, p50, p99, err := wrkFigures(out.String())
	if err != nil || calls < b.N {
		b.Fatalf("wrk's report (%v), %d calls:\n%s", err, calls, out.String())
	}
	if bad > 0 {
		b.Errorf("%d of %d calls were not answered 200:\n%s", bad, calls, out.String())
	}
	serverPer := (serverCPU() - server0).Seconds() / float64(calls)
	wrkPer := (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds() / float64(calls)
	b.ReportMetric(float64(calls)/elapsed.Seconds(), "calls/s")
	b.ReportMetric(p50, "p50-µs")
	b.ReportMetric(p99, "p99-µs")
	b.ReportMetric(serverPer*1e6, "server-cpu-µs/call")
	b.ReportMetric(wrkPer*1e6, "wrk-cpu-µs/call")
	b.ReportMetric(float64(runtime.NumCPU())/(serverPer+wrkPer), "calls/s-at-full-cpu")
}

// wrkFigures reads wrk's report: the calls answered ("N requests in"),
// those not 2xx or 3xx, and the 50% and 99% latencies in µs.
func wrkFigures(out string) (calls, bad int, p50, p99 float64, err error) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[1] == "requests" && f[2] == "in":
			calls, err = strconv.Atoi(f[0])
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:"):
			bad, err = strconv.Atoi(f[len(f)-1])
		case len(f) == 2 && f[0] == "50%":
			p50, err = wrkDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			p99, err = wrkDuration(f[1])
		}
		if err != nil {
			return 0, 0, 0, 0, fmt.Errorf("%q: %v", line, err)
		}
	}
	return calls, bad, p50, p99, nil
}

// wrkDuration reads a wrk duration (850.00us, 1.20ms, 2.00s) in µs.
func wrkDuration(s string) (float64, error) {
	for _, u := range []struct {
		suffix string
		µs     float64
	}{{"us", 1}, {"ms", 1e3}, {"s", 1e6}, {"m", 60e6}} {
		if v, ok := strings.CutSuffix(s, u.suffix); ok {
			f, err := strconv.ParseFloat(v, 64)
			return f * u.µs, err
		}
	}
	return 0, fmt.Errorf("unknown unit in %q", s)
}
