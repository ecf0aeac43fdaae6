package analysis_test

import (
	"flag"
	"runtime"
	"testing"
	"time"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

// The synthetic organization's size. The default keeps CI fast; the
// issue's sizes are
//
//	go test ./analysis -run '^$' -bench WhoCan -benchtime 1x -analysis.accounts 1000 -analysis.roles 100
//	go test ./analysis -run '^$' -bench AssumeGraph -benchtime 1x -analysis.accounts 1000 -analysis.roles 100
var (
	benchAccounts = flag.Int("analysis.accounts", 20, "member accounts of the synthetic organization")
	benchRoles    = flag.Int("analysis.roles", 100, "roles per account")
)

// cpuClock measures the CPU time of a benchmark's loop: start it just
// before the loop, report after. It collects the garbage of loading first,
// so that the loop pays only for its own.
type cpuClock time.Duration

func startCPU() cpuClock {
	runtime.GC()
	return cpuClock(cpuTime())
}

// report adds "cpu-s/op": CPU seconds per iteration, every thread.
func (c cpuClock) report(b *testing.B) {
	if used := cpuTime() - time.Duration(c); used > 0 && b.N > 0 {
		b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	}
}

// synthModel loads the synthetic organization. Each benchmark iteration
// makes a new Analyzer, so that nothing is cached from one answer to the
// next: an iteration costs what one command costs after loading.
func synthModel(b *testing.B) *model.Model {
	b.Helper()
	cfg := synth.Config{Seed: 1, Accounts: *benchAccounts, RolesPerAccount: *benchRoles}
	m, err := load.LoadFiles(synth.Generate(cfg), load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkWhoCan: who can read an object of one bucket, over every user
// and role of the organization. Reports principals per second.
func BenchmarkWhoCan(b *testing.B) {
	m := synthModel(b)
	resource := "arn:aws:s3:::synth-" + synth.AccountID(0) + "-data-0/data/file.csv"
	var res *analysis.WhoCanResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).WhoCan("s3:GetObject", resource, analysis.WhoCanOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	b.ReportMetric(float64(res.Principals), "principals")
	b.ReportMetric(float64(res.Evaluated), "evaluated")
	b.ReportMetric(float64(len(res.Allowed)), "allowed")
}

// BenchmarkWhoCanWrite: who can write an object of one bucket: the bucket
// policy grants reads to the organization, not writes, so only principals
// of the bucket's account can be allowed.
func BenchmarkWhoCanWrite(b *testing.B) {
	m := synthModel(b)
	resource := "arn:aws:s3:::synth-" + synth.AccountID(0) + "-data-0/data/file.csv"
	var res *analysis.WhoCanResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).WhoCan("s3:PutObject", resource, analysis.WhoCanOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	b.ReportMetric(float64(res.Principals), "principals")
	b.ReportMetric(float64(res.Evaluated), "evaluated")
	b.ReportMetric(float64(len(res.Allowed)), "allowed")
}

// BenchmarkWhatCan: everything one instance role can do.
func BenchmarkWhatCan(b *testing.B) {
	m := synthModel(b)
	creds := model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::" + synth.AccountID(1) + ":role/app-0"}
	var res *analysis.WhatCanResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).WhatCan(creds, analysis.WhatCanOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	b.ReportMetric(float64(res.Evaluated), "evaluated")
	b.ReportMetric(float64(res.Allowed), "allowed")
}

// BenchmarkAssumeGraph: every allowed AssumeRole of the organization.
func BenchmarkAssumeGraph(b *testing.B) {
	m := synthModel(b)
	var g *analysis.Graph
	clock := startCPU()
	for b.Loop() {
		var err error
		if g, err = analysis.New(m).AssumeGraph(model.Vantage{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	b.ReportMetric(float64(len(g.Nodes)), "nodes")
	b.ReportMetric(float64(len(g.Edges)), "edges")
}
