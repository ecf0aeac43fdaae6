package eval_test

import (
	"strconv"
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

// TestCompilerLimit: a bounded Compiler never holds more documents than
// its limit and decides as an unbounded one, a shared document included
// after the cache started over.
func TestCompilerLimit(t *testing.T) {
	t.Parallel()
	shared := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}}`, policy.SCP)
	full := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, policy.SCP)
	bounded, unbounded := eval.NewCompilerLimit(5), eval.NewCompiler()
	for i := range 40 {
		action := []string{"s3:GetObject", "s3:DeleteObject"}[i%2]
		doc := mustParse(t, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b`+strconv.Itoa(i%3)+`/*"}}`, policy.Identity)
		set := eval.PolicySet{Identity: []*policy.Policy{doc}, SCP: [][]*policy.Policy{{full}, {full, shared}}}
		in := eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/a"), Action: action, Resource: "arn:aws:s3:::b1/k"}
		a, err := bounded.Decide(set, in, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := unbounded.Decide(set, in, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Result.Decision != b.Result.Decision {
			t.Errorf("case %d: bounded %s, unbounded %s", i, a.Result.Decision, b.Result.Decision)
		}
		if n := eval.CachedDocuments(bounded); n > 5 {
			t.Fatalf("case %d: %d documents cached, limit 5", i, n)
		}
	}
	if n := eval.CachedDocuments(unbounded); n < 40 {
		t.Errorf("unbounded compiler holds %d documents, want every one (40 and the SCPs)", n)
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
