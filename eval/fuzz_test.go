package eval_test

import (
	"github.com/sekisho/sekisho/arn"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// fuzzCompiler decides FuzzEvaluate's inputs as sekisho test does: sharing
// statements by content with the inputs before, each decision in the
// memory of the one before (DecideTransient).
var fuzzCompiler = eval.NewCompilerSharing(64, 256)

// FuzzEvaluate: any policy the parser accepts compiles, and evaluating any
// request against it in any role never panics; Evaluate and Explain agree,
// and so does fuzzCompiler.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:Get*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}}`),
		"arn:aws:iam::111111111111:user/alice", "s3:GetObject", "arn:aws:s3:::b/alice/x", "aws:SourceIp", "10.1.2.3", uint8(0))
	f.Fuzz(func(t *testing.T, src []byte, principal, action, resource, key, value string, role uint8) {
		p, err := policy.ParseFile(src, policy.Source{File: "fuzz.json"})
		if err != nil {
			return
		}
		var ps eval.PolicySet
		switch role % 5 {
		case 0:
			ps.Identity = []*policy.Policy{p}
		case 1:
			ps.Resource = p
		case 2:
			ps.SCP = [][]*policy.Policy{{p}}
		case 3:
			ps.Endpoint = p
		case 4:
			ps.Boundary, ps.Session = []*policy.Policy{p}, []*policy.Policy{p}
		}
		prepared, err := eval.Prepare(ps)
		if err != nil {
			t.Fatalf("parsed policy does not compile: %v", err)
		}
		who, err := arn.ParsePrincipal(principal)
		if err != nil {
			return
		}
		req, err := eval.NewRequest(eval.RequestInput{Principal: who, Action: action, Resource: resource,
			Context: map[string][]string{key: {value}}}, time.Time{})
		if err != nil {
			return
		}
		got := prepared.Evaluate(req)
		traced, _ := prepared.Explain(req)
		if got.Decision != traced.Decision {
			t.Fatalf("Evaluate %s, Explain %s", got.Decision, traced.Decision)
		}
		in, now := eval.RequestInput{Principal: who, Action: action, Resource: resource,
			Context: map[string][]string{key: {value}}}, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		want, err := prepared.Decide(in, now)
		if err != nil {
			t.Fatalf("NewRequest accepted the input, Decide: %v", err)
		}
		err = fuzzCompiler.DecideTransient(ps, in, now, func(d *eval.Decided) error {
			if d.Result.Decision != want.Result.Decision || d.Result.Reason != want.Result.Reason {
				t.Fatalf("sharing and transient: %s (%s), alone %s (%s)", d.Result.Decision, d.Result.Reason, want.Result.Decision, want.Result.Reason)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("DecideTransient: %v", err)
		}
	})
}
