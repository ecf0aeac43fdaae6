package eval_test

import (
	"sync"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestCompilerSharesDocuments: a Compiler decides exactly as Prepare does
// while compiling a shared document once per place it is used.
func TestCompilerSharesDocuments(t *testing.T) {
	t.Parallel()
	shared := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"},{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"}]}`, policy.Identity)
	c := eval.NewCompiler()
	req := func(res string) *eval.Request {
		r, err := eval.NewRequest(eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/a"), Action: "s3:GetObject", Resource: res}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for i := 0; i < 3; i++ {
		ps := eval.PolicySet{Identity: []*policy.Policy{shared}}
		viaCompiler, err := c.Prepare(ps)
		if err != nil {
			t.Fatal(err)
		}
		direct, _ := eval.Prepare(ps)
		for _, res := range []string{"arn:aws:s3:::public/x", "arn:aws:s3:::secret/x"} {
			a, b := viaCompiler.Evaluate(req(res)), direct.Evaluate(req(res))
			if a.Decision != b.Decision {
				t.Errorf("%s: compiler %s, prepare %s", res, a.Decision, b.Decision)
			}
		}
	}
}

// TestCompilerConcurrent: one Compiler shared by goroutines that prepare
// sets naming new services while others evaluate decides as a fresh
// Prepare does (run with -race to check the service table and the cache).
func TestCompilerConcurrent(t *testing.T) {
	t.Parallel()
	c := eval.NewCompiler()
	services := []string{"s3", "sqs", "kms", "dynamodb", "sns", "lambda", "ec2", "iam"}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				svc := services[(g+i)%len(services)]
				doc := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"`+svc+`:Get*","Resource":"*"}}`, policy.Identity)
				set := eval.PolicySet{Identity: []*policy.Policy{doc}}
				in := eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/a"), Action: svc + ":GetThing", Resource: "*"}
				shared, err := c.Decide(set, in, time.Time{})
				if err != nil {
					t.Error(err)
					return
				}
				alone, err := eval.Decide(set, in, time.Time{})
				if err != nil {
					t.Error(err)
					return
				}
				if shared.Result.Decision != eval.Allow || alone.Result.Decision != eval.Allow {
					t.Errorf("%s: shared compiler %s, alone %s; want Allow", svc, shared.Result.Decision, alone.Result.Decision)
				}
			}
		}(g)
	}
	wg.Wait()
}
