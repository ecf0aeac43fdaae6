package analysis_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
)

// TestAnalyzerConcurrent: one Analyzer answers questions from many
// goroutines at once (as a server shares it) exactly as it answers them
// one at a time on a fresh Analyzer; run with -race to check its caches.
func TestAnalyzerConcurrent(t *testing.T) {
	t.Parallel()
	questions := map[string]func(a *analysis.Analyzer) (any, error){
		"whocan": func(a *analysis.Analyzer) (any, error) {
			return a.WhoCan("s3:GetObject", "arn:aws:s3:::data-bucket/report.csv", analysis.WhoCanOptions{})
		},
		"whatcan": func(a *analysis.Analyzer) (any, error) {
			return a.WhatCan(model.Credentials{Type: model.ByPrincipal, Principal: "arn:aws:iam::111111111111:role/broad-role"}, analysis.WhatCanOptions{})
		},
		"graph":   func(a *analysis.Analyzer) (any, error) { return a.AssumeGraph(model.Vantage{}) },
		"privesc": func(a *analysis.Analyzer) (any, error) { return a.PrivescGraph() },
	}
	want := map[string]string{}
	for name, q := range questions {
		want[name] = answer(t, loadOrg(t, true), q)
	}
	shared := loadOrg(t, true)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		for name, q := range questions {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := answer(t, shared, q); got != want[name] {
					t.Errorf("%s on a shared Analyzer:\n%s\nalone:\n%s", name, got, want[name])
				}
			}()
		}
	}
	wg.Wait()
}

func answer(t *testing.T, a *analysis.Analyzer, q func(a *analysis.Analyzer) (any, error)) string {
	v, err := q(a)
	if err != nil {
		t.Error(err)
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Error(err)
	}
	return string(b)
}
