package eval_test

import (
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestDecide checks the one pipeline: the decision, the explanation on
// demand (the same result), the request time, another action on the same
// policies, and the errors of a malformed request.
func TestDecide(t *testing.T) {
	t.Parallel()
	id, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
	  "Condition":{"DateLessThan":{"aws:CurrentTime":"2026-06-01T00:00:00Z"}}}}`), policy.Source{File: "id.json", Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	set := eval.PolicySet{Identity: []*policy.Policy{id}}
	before := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	after := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	alice := mustPrincipal(t, "arn:aws:iam::111111111111:user/alice")
	tests := []struct {
		name    string
		in      eval.RequestInput
		now     time.Time
		want    eval.Decision
		wantErr bool
	}{
		{"allowed before the date", eval.RequestInput{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, before, eval.Allow, false},
		{"denied after the date", eval.RequestInput{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, after, eval.ImplicitDeny, false},
		{"other action", eval.RequestInput{Principal: alice, Action: "s3:PutObject", Resource: "arn:aws:s3:::b/k"}, before, eval.ImplicitDeny, false},
		{"malformed resource", eval.RequestInput{Principal: alice, Action: "s3:GetObject", Resource: "bucket/key"}, before, 0, true},
		{"malformed action", eval.RequestInput{Principal: alice, Action: "s3:Get*"}, before, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := eval.NewCompiler().Decide(set, tc.in, tc.now)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Decide: no error, want one")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Result.Decision != tc.want {
				t.Errorf("decision %s, want %s", d.Result.Decision, tc.want)
			}
			exp := d.Explain()
			if exp == nil || exp.Decision != d.Result.Decision.String() {
				t.Errorf("explanation %+v does not match the decision %s", exp, d.Result.Decision)
			}
			if got := d.Request.Context.Get("aws:CurrentTime"); len(got) != 1 || got[0] != tc.now.Format(time.RFC3339) {
				t.Errorf("aws:CurrentTime = %v, want %s", got, tc.now.Format(time.RFC3339))
			}
		})
	}
}

// TestDecideWithAction checks that asking the same policies for another
// action decides that action, and leaves the first decision alone.
func TestDecideWithAction(t *testing.T) {
	t.Parallel()
	id, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}`),
		policy.Source{File: "id.json", Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	d, err := eval.Decide(eval.PolicySet{Identity: []*policy.Policy{id}},
		eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	put, err := d.WithAction("s3:PutObject")
	if err != nil {
		t.Fatal(err)
	}
	if d.Result.Decision != eval.Allow || put.Result.Decision != eval.ImplicitDeny {
		t.Errorf("GetObject %s, PutObject %s; want Allow, ImplicitDeny", d.Result.Decision, put.Result.Decision)
	}
	if _, err := d.WithAction("s3:*"); err == nil {
		t.Errorf("WithAction(s3:*): no error, want one")
	}
	if d.Request.Action != "s3:GetObject" || put.Request.Action != "s3:PutObject" {
		t.Errorf("requests of %s and %s, want s3:GetObject and s3:PutObject", d.Request.Action, put.Request.Action)
	}
}

// TestResultForAllocates: re-aiming a decision for its Result alone
// allocates nothing (an organization-wide question asks it of every
// action), and WithAction once, the decision with its request.
func TestResultForAllocates(t *testing.T) { // not parallel: AllocsPerRun
	id, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}`),
		policy.Source{File: "id.json", Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	d, err := eval.Decide(eval.PolicySet{Identity: []*policy.Policy{id}},
		eval.RequestInput{Principal: mustPrincipal(t, "arn:aws:iam::111111111111:user/alice"), Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = d.ResultFor("s3:PutObject") }); n != 0 {
		t.Errorf("ResultFor allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _, _ = d.WithAction("s3:PutObject") }); n != 1 {
		t.Errorf("WithAction allocates %v times, want 1", n)
	}
}
