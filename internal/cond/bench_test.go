package cond_test

import (
	"testing"

	"github.com/sekisho/sekisho/internal/cond"
)

// BenchmarkTypedOperators measures the operators that read request values
// as numbers, dates and addresses on every evaluation.
func BenchmarkTypedOperators(b *testing.B) {
	cases := []struct{ name, op, key, values, value string }{
		{"numeric", "NumericLessThan", "s3:max-keys", `"1000"`, "250"},
		{"date", "DateLessThan", "aws:CurrentTime", `"2026-01-01T00:00:00Z"`, "2025-06-01T12:00:00Z"},
		{"ip", "IpAddress", "aws:SourceIp", `["10.0.0.0/8","::ffff:192.168.0.0/112"]`, "192.168.1.1"},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			t := &testing.T{}
			c := condition(t, tc.op, tc.key, tc.values)
			ctx := cond.NewContext()
			ctx.Set(tc.key, tc.value)
			sc := cond.GetScratch()
			defer cond.PutScratch(sc)
			b.ReportAllocs()
			for b.Loop() {
				if !c.Eval(ctx, sc) {
					b.Fatal("no match")
				}
			}
		})
	}
}
