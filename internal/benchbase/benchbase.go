// Package benchbase is the common yardstick of Sekisho's benchmarks: the
// time of one decision of a one-statement identity policy, measured in the
// same run, so that a benchmark can report its figure as a ratio
// ("baselines") that compares across machines and loads.
package benchbase

import (
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// DecisionNs times one decision of a one-statement identity policy,
// prepared once, over a fixed count (testing.Benchmark cannot run inside
// a benchmark).
func DecisionNs() float64 {
	doc, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`),
		policy.Source{Kind: policy.Identity, Name: "baseline"})
	if err != nil {
		panic(err)
	}
	p, err := eval.Prepare(eval.PolicySet{Identity: []*policy.Policy{doc}})
	if err != nil {
		panic(err)
	}
	who, err := arn.ParsePrincipal("arn:aws:iam::111111111111:user/u")
	if err != nil {
		panic(err)
	}
	req, err := eval.NewRequest(eval.RequestInput{Principal: who, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, time.Time{})
	if err != nil {
		panic(err)
	}
	const count = 200_000
	start := time.Now()
	for range count {
		p.Evaluate(req)
	}
	return float64(time.Since(start).Nanoseconds()) / count
}
