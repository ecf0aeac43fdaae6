package eval_test

import (
	"testing"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestSharedStatementsOnlyAlike: a sharing Compiler (NewCompilerSharing)
// that compiled a statement first gives a statement differing from it in
// one thing (effect, action, resource, principal, condition operator,
// key, value, IfExists, qualifier, version) the decision compiling that
// one alone gives. Each pair decides the request differently, so a key
// (statementKey) missing that thing fails here.
func TestSharedStatementsOnlyAlike(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	alice, err := arn.ParsePrincipal("arn:aws:iam::111111111111:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	req := policy.Request{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/alice/k",
		Context: map[string][]string{"aws:TagKeys": {"a", "b"}, "aws:PrincipalTag/team": {"red"}, "aws:SourceIp": {"10.0.0.1"}},
		Lists:   map[string]bool{"aws:TagKeys": true}}
	stmt := func(s string) string { return `{"Version":"2012-10-17","Statement":[` + s + `]}` }
	allowAll := stmt(`{"Effect":"Allow","Action":"*","Resource":"*"}`)
	tests := []struct {
		name, first, second string
		kind                policy.Kind
	}{
		{"effect", `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"a"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"a"}}}`, policy.Identity},
		{"action", `{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}`, `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, policy.Identity},
		{"NotAction", `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`, `{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"*"}`, policy.Identity},
		{"resource", `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/alice/k"}`, `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/bob/k"}`, policy.Identity},
		// Statements of different keys whose one Resource differs: the
		// second's is not the first's shared list (Compiler.resources).
		{"resource list", `{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/alice/k"}`, `{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/bob/k"}`, policy.Identity},
		{"resource list of two", `{"Effect":"Allow","Action":"s3:Put*","Resource":"arn:aws:s3:::b/bob/k"}`, `{"Effect":"Allow","Action":"s3:Get*","Resource":["arn:aws:s3:::b/bob/k","arn:aws:s3:::b/alice/k"]}`, policy.Identity},
		{"NotResource", `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/alice/k"}`, `{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::b/alice/k"}`, policy.Identity},
		{"variable", `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/k"}`, `{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:userid}/k"}`, policy.Identity},
		{"principal", `{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111111111111:user/alice"},"Action":"*","Resource":"*"}`,
			`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::222222222222:user/bob"},"Action":"*","Resource":"*"}`, policy.Resource},
		{"NotPrincipal", `{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::222222222222:user/bob"},"Action":"*","Resource":"*"}`,
			`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::222222222222:user/bob"},"Action":"*","Resource":"*"}`, policy.Resource},
		{"operator", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"r*"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalTag/team":"r*"}}}`, policy.Identity},
		{"condition key", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":"red"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"red"}}}`, policy.Identity},
		{"condition value", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}`, policy.Identity},
		{"IfExists", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/dept":"x"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:PrincipalTag/dept":"x"}}}`, policy.Identity},
		{"qualifier", `{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":"a"}}}`,
			`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":"a"}}}`, policy.Identity},
	}
	decide := func(c *eval.Compiler, kind policy.Kind, doc string) eval.Decision {
		t.Helper()
		p, err := policy.Parse([]byte(doc), policy.Source{File: "p.json", Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		set := eval.PolicySet{Identity: []*policy.Policy{p}}
		if kind == policy.Resource {
			id, err := policy.Parse([]byte(allowAll), policy.Source{File: "id.json", Kind: policy.Identity})
			if err != nil {
				t.Fatal(err)
			}
			set = eval.PolicySet{Identity: []*policy.Policy{id}, Resource: p}
		}
		d, err := c.Decide(set, req, now)
		if err != nil {
			t.Fatal(err)
		}
		return d.Result.Decision
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			first, second := stmt(tc.first), stmt(tc.second)
			alone, other := decide(nil, tc.kind, second), decide(nil, tc.kind, first)
			if alone == other {
				t.Fatalf("both statements decide %s: the pair tests nothing", alone)
			}
			c := eval.NewCompilerSharing(16, 16)
			decide(c, tc.kind, first)
			if got := decide(c, tc.kind, second); got != alone {
				t.Errorf("after the first statement, the second decides %s; alone %s", got, alone)
			}
		})
	}
	// The version decides whether ${...} is a variable.
	t.Run("version", func(t *testing.T) {
		t.Parallel()
		v2012 := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/k"}}`
		v2008 := `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username}/k"}}`
		alone := decide(nil, policy.Identity, v2008)
		if alone == decide(nil, policy.Identity, v2012) {
			t.Fatalf("both versions decide %s", alone)
		}
		c := eval.NewCompilerSharing(16, 16)
		decide(c, policy.Identity, v2012)
		if got := decide(c, policy.Identity, v2008); got != alone {
			t.Errorf("2008 after 2012: %s, alone %s", got, alone)
		}
	})
}
