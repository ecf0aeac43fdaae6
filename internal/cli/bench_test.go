package cli_test

import (
	"flag"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/internal/benchbase"
	"github.com/sekisho/sekisho/internal/benchcases"
)

func TestBenchCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("bench", "--time", "5ms", "testdata/cases/seed000.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"baseline (one statement):", "legitimate-call-from-instance:", "stolen-from-internet:", "× baseline"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run("bench", "--time", "0s", "testdata/cases/seed000.yaml"); code != 2 {
		t.Errorf("--time 0s: exit %d, want 2", code)
	}
}

// The case-runner benchmark's size: the 10,000 random cases.
var benchCases = flag.Int("bench.cases", 10_000, "random cases in BenchmarkTestCommand's case file")

// BenchmarkTestCommand runs `sekisho test` end to end on one file of
// random cases (benchcases.Random, seed 1: the same every run, and the
// file scripts/iam-simulate-bench reads): as a program, process
// start, reading and parsing the file and a line per case (--verbose)
// included ("process"), and through
// cli.Main in this process, where a CPU profile sees it ("in-process"),
// all passing or one in a hundred failing (each failure is explained and
// printed). It reports cases/s and "baselines/case": the time per case
// divided by that of one bare decision (a one-statement identity policy,
// prepared once) measured in the same run, so that figures from machines
// of different speeds, or a busy machine, compare; "cpu-ms/op" is the
// program's CPU time.
func BenchmarkTestCommand(b *testing.B) {
	n := *benchCases
	dir := b.TempDir()
	write := func(name string, failEvery int) string {
		file, err := benchcases.Write(dir, name, 1, n, failEvery)
		if err != nil {
			b.Fatal(err)
		}
		return file
	}
	passing, failing := write("passing.json", 0), write("failing.json", 100)
	base := benchbase.DecisionNs()
	want := fmt.Sprintf("%d passed, 0 failed\n", n)
	wantFailing := fmt.Sprintf("%d passed, %d failed\n", n-n/100, n/100)
	args := func(file string) []string { return []string{"test", "--now", "2026-01-01T00:00:00Z", file} }
	report := func(b *testing.B) {
		perCase := float64(b.Elapsed().Nanoseconds()) / float64(b.N*n)
		b.ReportMetric(1e9/perCase, "cases/s")
		b.ReportMetric(perCase/base, "baselines/case")
		b.ReportMetric(base, "bare-decision-ns")
	}
	b.Run("process", func(b *testing.B) {
		bin, err := sekishoBinary()
		if err != nil {
			b.Fatal(err)
		}
		var cpu time.Duration
		for b.Loop() {
			cmd := exec.Command(bin, append(args(passing), "--verbose")...) // a line per case
			out, err := cmd.Output()
			if err != nil || !strings.HasSuffix(string(out), want) {
				b.Fatalf("%v: %s", err, out)
			}
			cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		report(b)
		b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("in-process", func(b *testing.B) {
		for b.Loop() {
			if code, out, errOut := run(args(passing)...); code != 0 || out != want {
				b.Fatalf("exit %d: %s%s", code, out, errOut)
			}
		}
		report(b)
	})
	b.Run("in-process-1pct-failing", func(b *testing.B) {
		for b.Loop() {
			if code, out, errOut := run(args(failing)...); code != 1 || !strings.HasSuffix(out, wantFailing) {
				b.Fatalf("exit %d: %s%s", code, out[max(0, len(out)-200):], errOut)
			}
		}
		report(b)
	})
}
