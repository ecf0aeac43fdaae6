package eval_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestAbsentKeysLinear: a statement testing 3,000 absent keys (each twice,
// in two letter cases) lists each once, in a number of steps linear in the
// keys (the list was scanned for every key: quadratic; the policy size
// quota allows some 10,000 keys a policy, and a request has many policies).
func TestAbsentKeysLinear(t *testing.T) {
	t.Parallel()
	const n = 3_000
	var conds []string
	for i := range n {
		conds = append(conds, fmt.Sprintf(`"t:k%d":"v"`, i))
	}
	var upper []string
	for i := range n {
		upper = append(upper, fmt.Sprintf(`"T:K%d":"v"`, i))
	}
	doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {` +
		strings.Join(conds, ",") + `}, "StringLike": {` + strings.Join(upper, ",") + `}}}, {"Effect": "Allow", "Action": "*", "Resource": "*"}]}`
	pol, err := policy.Parse([]byte(doc), policy.Source{File: "keys.json", Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	p, err := eval.Prepare(eval.PolicySet{Identity: []*policy.Policy{pol}})
	if err != nil {
		t.Fatal(err)
	}
	user, err := arn.ParsePrincipal("arn:aws:iam::111111111111:user/a")
	if err != nil {
		t.Fatal(err)
	}
	r, err := eval.NewRequest(eval.RequestInput{Principal: user, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, time.Unix(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	keys, steps := eval.AbsentKeyProbes(p, r)
	if len(keys) != n {
		t.Errorf("%d absent keys, want %d", len(keys), n)
	}
	if steps > 4*n {
		t.Errorf("%d steps for %d keys: want at most %d", steps, 2*n, 4*n)
	}
	if _, exp := p.Explain(r); len(exp.AbsentKeys) != n {
		t.Errorf("Explain: %d absent keys, want %d", len(exp.AbsentKeys), n)
	}
}
