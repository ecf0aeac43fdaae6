package synth_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

// The size of the organization the benchmarks load. The default keeps CI
// fast; the target size is
//
//	go test ./model/synth -run '^$' -bench Load -benchtime 1x -synth.accounts 1000 -synth.roles 100
var (
	benchAccounts = flag.Int("synth.accounts", 50, "member accounts of the synthetic organization")
	benchRoles    = flag.Int("synth.roles", 100, "roles per account")
)

func benchConfig() synth.Config {
	return synth.Config{Seed: 1, Accounts: *benchAccounts, RolesPerAccount: *benchRoles}
}

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	cfg := synth.Config{Seed: 7, Accounts: 12, RolesPerAccount: 9}
	a, b := synth.Generate(cfg), synth.Generate(cfg)
	if len(a) != 14 {
		t.Fatalf("%d files, want 14 (organization, management account, 12 members)", len(a))
	}
	for name, src := range a {
		if !bytes.Equal(src, b[name]) {
			t.Fatalf("%s differs between two runs", name)
		}
	}
	first := "accounts/" + synth.AccountID(0) + ".json"
	if bytes.Equal(a[first], synth.Generate(synth.Config{Seed: 8, Accounts: 12, RolesPerAccount: 9})[first]) {
		t.Error("another seed gives the same organization")
	}
}

// TestQueriesGather: the generated model loads and answers its queries.
func TestQueriesGather(t *testing.T) {
	t.Parallel()
	cfg := synth.Config{Seed: 3, Accounts: 30, RolesPerAccount: 12}
	m, err := load.LoadFiles(synth.Generate(cfg), load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := m.Stats(); s.Roles != 30*12+1 || s.Accounts != 31 {
		t.Errorf("stats %+v", s)
	}
	counts := map[eval.Decision]int{}
	for _, q := range synth.Queries(cfg, 200) {
		prepared, req := gatherQuery(t, m, q)
		counts[prepared.Evaluate(req).Decision]++
	}
	if counts[eval.Allow] == 0 || counts[eval.ImplicitDeny]+counts[eval.ExplicitDeny] == 0 {
		t.Errorf("decisions %v: want both allows and denies", counts)
	}
}

func gatherQuery(tb testing.TB, m *model.Model, q synth.Query) (*eval.Prepared, *eval.Request) {
	tb.Helper()
	creds, err := model.ParseCredentials(q.Credentials)
	if err != nil {
		tb.Fatal(err)
	}
	from, err := model.ParseVantage(q.From)
	if err != nil {
		tb.Fatal(err)
	}
	ps, in, err := m.Gather(model.Query{Credentials: creds, Action: q.Action, Resource: q.Resource, From: from})
	if err != nil {
		tb.Fatalf("%+v: %v", q, err)
	}
	d, err := eval.Decide(ps, in, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	return d.Prepared, d.Request
}

// BenchmarkLoad loads a synthetic organization from disk; it reports the
// heap the loaded model holds, the memory the process took and the CPU
// time of a load (every thread's, garbage collection included), which a
// busy machine does not inflate as it does the wall time, and the part of
// it the runtime counts as garbage collection. It measures what a command
// gets: load.Load sets the collector for the load (model/load/gc.go).
func BenchmarkLoad(b *testing.B) {
	for _, f := range []struct {
		name  string
		write func(dir string, cfg synth.Config) error
	}{
		// native: the model files of synth.Write.
		{"native", synth.Write},
		// awscli: what `sekisho synth` writes (AWS CLI output in the collect
		// layout), the files a user's `--model DIR` loads.
		{"awscli", synth.WriteAWSCLI},
	} {
		b.Run(f.name, func(b *testing.B) { benchLoad(b, f.write) })
	}
}

func benchLoad(b *testing.B, write func(dir string, cfg synth.Config) error) {
	cfg := benchConfig()
	dir := b.TempDir()
	if err := write(dir, cfg); err != nil {
		b.Fatal(err)
	}
	var m *model.Model
	var peak uint64
	cpu, gc := 0.0, 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		m = nil
		runtime.GC()
		start, gcStart := cpuTime(), gcCPU()
		if m, err = load.Load(dir, load.Options{}); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - start
		gc += gcCPU() - gcStart
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.Sys)
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := m.Stats()
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(peak)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(s.Roles), "roles")
	b.ReportMetric(float64(s.Accounts), "accounts")
	if cpu > 0 {
		b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(gc/float64(b.N), "gc-cpu-s/op")
	runtime.KeepAlive(m)
}

// gcCPU is the runtime's estimate of the CPU time spent collecting
// garbage so far, in seconds (runtime/metrics; updated at each collection).
func gcCPU() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return s[0].Value.Float64()
}

// BenchmarkModelEvaluate evaluates requests against the synthetic model:
// each (principal, resource) is gathered and prepared once, the loop
// measures Evaluate. "gather-ns" is the one-time cost of Gather, Prepare
// and NewRequest per query.
func BenchmarkModelEvaluate(b *testing.B) {
	cfg := benchConfig()
	m, err := load.LoadFiles(synth.Generate(cfg), load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	queries := synth.Queries(cfg, 256)
	prepared := make([]*eval.Prepared, len(queries))
	reqs := make([]*eval.Request, len(queries))
	start := time.Now()
	for i, q := range queries {
		prepared[i], reqs[i] = gatherQuery(b, m, q)
	}
	gather := time.Since(start) / time.Duration(len(queries))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(queries)
		prepared[j].Evaluate(reqs[j])
	}
	b.ReportMetric(float64(gather.Nanoseconds()), "gather-ns")
}

// BenchmarkSeedsModelVsCase evaluates the seed scenarios twice: as case
// files that list their policies (examples/seeds) and as cases that
// reference a model (examples/seeds-model), each prepared once. It reports
// the nanoseconds per decision of each and their ratio.
func BenchmarkSeedsModelVsCase(b *testing.B) {
	caseSets := loadPrepared(b, "../../examples/seeds")
	modelSets := loadPrepared(b, "../../examples/seeds-model")
	b.ResetTimer()
	caseNs := timeDecisions(b.N, caseSets)
	modelNs := timeDecisions(b.N, modelSets)
	b.ReportMetric(caseNs, "case-ns/decision")
	b.ReportMetric(modelNs, "model-ns/decision")
	b.ReportMetric(modelNs/caseNs, "model/case")
}

type preparedCase struct {
	p   *eval.Prepared
	req *eval.Request
}

func loadPrepared(b *testing.B, dir string) []preparedCase {
	b.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*", "cases.yaml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no cases under %s: %v", dir, err)
	}
	var out []preparedCase
	run := caserun.New(time.Time{})
	for _, f := range files {
		cases, err := casefile.Load(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range cases {
			d, err := run.Decide(c)
			if err != nil {
				b.Fatal(err)
			}
			out = append(out, preparedCase{d.Prepared, d.Request})
		}
	}
	return out
}

func timeDecisions(n int, cases []preparedCase) float64 {
	start := time.Now()
	for i := 0; i < n; i++ {
		for _, c := range cases {
			c.p.Evaluate(c.req)
		}
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n*len(cases))
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(m.Run())
}
