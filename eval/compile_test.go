package eval_test

import (
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
