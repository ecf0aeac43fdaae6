package analysis_test

import (
	"flag"
	"github.com/sekisho/sekisho/internal/benchbase"
	"runtime"
	"sync"
	"testing"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/model/synth"
)

// The issue-11 benchmarks run on what `sekisho synth` writes (AWS CLI
// output in the collect layout), loaded as `--model DIR` loads it. Each
// reports, beside its time, "baselines": its time divided by the time of
// one decision of a one-statement policy measured in the same run, so
// figures from machines of different speeds compare. The default size
// keeps a run short; the size is
//
//	go test ./analysis -run '^$' -bench Scale -benchtime 1x -scale.accounts 1000
var scaleAccounts = flag.Int("scale.accounts", 10, "member accounts of the synthetic organization (sekisho synth)")

// scaleRoles is the roles per account (0: synth's default, 20): the
// issue's size is about 100,000 principals, -scale.roles 100 at 1,000
// accounts.
var scaleRoles = flag.Int("scale.roles", 0, "roles per account of the synthetic organization (0: sekisho synth's default)")

var (
	scaleOnce sync.Once
	scaleDir  string
	scaleErr  error
	baseline  float64 // ns per one-statement decision
)

// scaleModel writes the synthetic organization once per run and loads it.
func scaleModel(b *testing.B) *model.Model {
	b.Helper()
	scaleOnce.Do(func() {
		scaleDir, scaleErr = writeScaleOrg()
		baseline = benchbase.DecisionNs()
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	m, err := load.Load(scaleDir, load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func writeScaleOrg() (string, error) {
	dir, err := tempDir()
	if err != nil {
		return "", err
	}
	return dir, synth.WriteAWSCLI(dir, synth.Config{Seed: 1, Accounts: *scaleAccounts, RolesPerAccount: *scaleRoles})
}

func reportBaselines(b *testing.B) {
	if baseline > 0 && b.N > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/baseline, "baselines")
	}
}

// BenchmarkScaleLoad: load the organization (target: < 1 s, < 500 MiB).
func BenchmarkScaleLoad(b *testing.B) {
	scaleModel(b)
	var m *model.Model
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	clock := startCPU()
	for b.Loop() {
		var err error
		if m, err = load.Load(scaleDir, load.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	runtime.ReadMemStats(&after)
	reportBaselines(b)
	b.ReportMetric(float64(after.HeapInuse)/(1<<20), "MiB-heap")
	// MiB-model is what the model alone keeps: the live heap after a
	// collection, less the one before the loads. MiB-heap also counts the
	// load's garbage not yet collected and everything the process held
	// before, such as the service reference decoded for the baseline
	// decision (6.5 MB since that decision looks its action up in it),
	// which read as a regression of the model's size.
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "MiB-model")
	b.ReportMetric(float64(m.Stats().Roles+m.Stats().Users), "principals")
}

// BenchmarkScaleAudit: audit the whole organization (target: < 10 s).
func BenchmarkScaleAudit(b *testing.B) {
	m := scaleModel(b)
	var res *analysis.AuditResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).Audit(analysis.AuditOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	reportBaselines(b)
	b.ReportMetric(float64(len(res.Findings)), "findings")
}

// BenchmarkScaleWhatCanReadOnly: whatcan for a role with ReadOnlyAccess,
// all services (target: < 1 s).
func BenchmarkScaleWhatCanReadOnly(b *testing.B) {
	m := scaleModel(b)
	creds := model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::" + synth.AccountID(1) + ":role/app-3"}
	var res *analysis.WhatCanResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).WhatCan(creds, analysis.WhatCanOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	reportBaselines(b)
	b.ReportMetric(float64(res.Allowed), "allowed")
}

// BenchmarkScaleLeakInstance: leak for one instance's credentials, with
// AssumeRole chains (target: < 1 s). The tooling account's instance role
// reaches every account's administrator roles.
func BenchmarkScaleLeakInstance(b *testing.B) {
	m := scaleModel(b)
	var res *analysis.LeakResult
	clock := startCPU()
	for b.Loop() {
		var err error
		if res, err = analysis.New(m).Leak(synth.InstanceID(1, 0), analysis.WhatCanOptions{FollowAssume: true}); err != nil {
			b.Fatal(err)
		}
	}
	clock.report(b)
	reportBaselines(b)
	b.ReportMetric(float64(len(res.Legitimate.Allowed)), "allowed")
}

// BenchmarkScaleWhoCanWorst: who can read an object of a bucket whose
// policy grants reads to the whole organization, where every ReadOnlyAccess
// role is allowed (target: < 1 s).
func BenchmarkScaleWhoCanWorst(b *testing.B) {
	m := scaleModel(b)
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
	reportBaselines(b)
	b.ReportMetric(float64(len(res.Allowed)), "allowed")
}
