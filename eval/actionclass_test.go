package eval_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// TestActionClasses holds ActionClasses to its promise: actions of one
// class get the same Result as WithAction gives each, for requests on
// resources that service rules concern (an AWS managed policy, a role
// trust, a KMS key) and on others, under identity policies, SCPs and a
// resource policy whose Action elements tell actions apart. The classes
// must also merge something: a numbering of one class per action would
// pass the first check and save nothing.
func TestActionClasses(t *testing.T) {
	t.Parallel()
	id := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["s3:Get*","s3:List*","iam:*","sts:*","kms:*","ec2:Describe*"],"Resource":"*"},
		{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"},
		{"Effect":"Allow","NotAction":["ec2:*","s3:*"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, policy.Identity)
	scp := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
		{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"us-east-1"}}}]}`, policy.SCP)
	res := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
		"Action":["sts:AssumeRole","kms:Decrypt","s3:GetObject"],"Resource":"*"}]}`, policy.Resource)
	actions := []string{"s3:GetObject", "s3:GetObjectAcl", "s3:GetBucketPolicy", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject",
		"iam:CreatePolicyVersion", "iam:GetPolicy", "iam:DeletePolicy", "iam:ListPolicies", "iam:PutRolePolicy", "iam:GetRole",
		"sts:AssumeRole", "sts:TagSession", "sts:GetCallerIdentity", "sts:GetSessionToken", "kms:Decrypt", "kms:Encrypt",
		"kms:CreateAlias", "ec2:DescribeInstances", "ec2:DescribeVpcs", "ec2:RunInstances", "sqs:SendMessage", "sqs:ReceiveMessage", "s3:Get*"}
	alice := mustPrincipal(t, "arn:aws:iam::111111111111:user/alice")
	resources := []string{"*", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::222222222222:role/aws-service-role/x.amazonaws.com/r",
		"arn:aws:iam::111111111111:role/app", "arn:aws:kms:us-east-1:111111111111:key/k", "arn:aws:kms:us-east-1:111111111111:alias/aws/s3",
		"arn:aws:s3:::b/k"}
	merged := false
	for _, withResource := range []bool{false, true} {
		set := eval.PolicySet{Identity: []*policy.Policy{id}, SCP: [][]*policy.Policy{{scp}}}
		if withResource {
			set.Resource = res
		}
		p, err := eval.NewCompiler().Prepare(set)
		if err != nil {
			t.Fatal(err)
		}
		classes := p.ActionClasses(actions)
		for _, resource := range resources {
			for _, ctx := range []map[string][]string{nil, {"aws:MultiFactorAuthPresent": {"true"}, "aws:RequestedRegion": {"us-east-1"}}} {
				d, err := p.Decide(eval.RequestInput{Principal: alice, Action: "s3:GetObject", Resource: resource, Context: ctx}, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				first := map[int32]eval.Result{}
				for i, action := range actions {
					got, err := d.WithAction(action)
					if (classes[i] < 0) != (err != nil) {
						t.Fatalf("%s: class %d, WithAction error %v", action, classes[i], err)
					}
					res, resErr := d.ResultFor(action)
					if fmt.Sprint(resErr) != fmt.Sprint(err) || err == nil && res != got.Result {
						t.Fatalf("%s: ResultFor %+v %v, WithAction %+v %v", action, res, resErr, got, err)
					}
					if err != nil {
						continue
					}
					if r, ok := first[classes[i]]; !ok {
						first[classes[i]] = got.Result
					} else if r != got.Result {
						t.Errorf("%s on %s: %+v, but its class (%d) was decided %+v", action, resource, got.Result, classes[i], r)
					} else {
						merged = true
					}
				}
			}
		}
	}
	if !merged {
		t.Error("no two actions shared a class")
	}
}

// TestActionClassesAcross holds ActionClassesAcross to the same promise
// across services, numbered into one map over two lists: with an RCP in
// the set, an action of a service RCPs apply to (sqs) must not share a
// class with one of a service they do not (sns), and KMS actions on a key
// (whose key policy must grant) none with others'; actions of services
// that only the same statements match must share one.
func TestActionClassesAcross(t *testing.T) {
	t.Parallel()
	id := mustParse(t, `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["s3:Get*","sqs:*","sns:*","lambda:*","kms:*","ec2:Describe*","iam:*","sts:*"],"Resource":"*"},
		{"Effect":"Deny","Action":"sns:DeleteTopic","Resource":"*"}]}`, policy.Identity)
	scp := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, policy.SCP)
	rcp := mustParse(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},
		{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-x"}}}]}`, policy.RCP)
	lists := [][]string{
		{"sqs:SendMessage", "sns:Publish", "lambda:InvokeFunction", "sns:DeleteTopic", "kms:Decrypt", "kms:ListKeys", "s3:GetObject"},
		{"ec2:DescribeVpcs", "lambda:GetFunction", "sqs:ReceiveMessage", "sns:DeleteTopic", "iam:CreatePolicyVersion", "iam:GetRole",
			"sts:AssumeRole", "sts:GetCallerIdentity", "s3:PutObject", "kms:Encrypt"},
	}
	alice := mustPrincipal(t, "arn:aws:iam::111111111111:user/alice")
	resources := []string{"*", "arn:aws:kms:us-east-1:111111111111:key/k", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:sqs:us-east-1:111111111111:q"}
	p, err := eval.NewCompiler().Prepare(eval.PolicySet{Identity: []*policy.Policy{id}, SCP: [][]*policy.Policy{{scp}}, RCP: [][]*policy.Policy{{rcp}}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int32{}
	classes := [][]int32{p.ActionClassesAcross(lists[0], ids), p.ActionClassesAcross(lists[1], ids)}
	if classes[0][1] != classes[0][2] || classes[0][1] != classes[1][1] {
		t.Errorf("sns:Publish, lambda:InvokeFunction and lambda:GetFunction are in classes %d, %d and %d, want one", classes[0][1], classes[0][2], classes[1][1])
	}
	for _, in := range requestsOn(alice, resources, nil, map[string][]string{"aws:PrincipalOrgID": {"o-x"}}) {
		d, err := p.Decide(in, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		first := map[int32]string{}
		for l, list := range lists {
			for i, action := range list {
				got, err := d.ResultFor(action)
				if err != nil {
					t.Fatal(err)
				}
				k := classes[l][i]
				a, ok := first[k]
				if !ok {
					first[k] = action
					continue
				}
				if want, _ := d.ResultFor(a); want != got {
					t.Errorf("%s on %s (%v): %+v, but %s of its class (%d) is %+v", action, in.Resource, in.Context, got, a, k, want)
				}
			}
		}
	}
}

// requestsOn is a request of who on each resource with each context.
func requestsOn(who arn.Principal, resources []string, contexts ...map[string][]string) []eval.RequestInput {
	var out []eval.RequestInput
	for _, r := range resources {
		for _, ctx := range contexts {
			out = append(out, eval.RequestInput{Principal: who, Action: "s3:GetObject", Resource: r, Context: ctx})
		}
	}
	return out
}

// TestPolicyKeyByActions: a Compiler keys sets by their documents'
// Action elements, so copies of a document (an endpoint policy each
// account has) key alike whatever their resources and conditions, and
// number actions alike; a document whose actions differ in any way (a
// NotAction, one action more, the same text split otherwise) keys apart.
func TestPolicyKeyByActions(t *testing.T) {
	t.Parallel()
	doc := func(stmts string) *policy.Policy {
		return mustParse(t, `{"Version":"2012-10-17","Statement":[`+stmts+`]}`, policy.Identity)
	}
	base := doc(`{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"}`)
	same := []*policy.Policy{
		doc(`{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`),
	}
	other := []*policy.Policy{
		doc(`{"Effect":"Allow","NotAction":["s3:Get*","ec2:Describe*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"}`),
		doc(`{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*","sqs:*"],"Resource":"*"},{"Effect":"Deny","Action":"s3:GetObjectAcl","Resource":"*"}`),
		doc(`{"Effect":"Allow","Action":["s3:Get*"],"Resource":"*"},{"Effect":"Deny","Action":["ec2:Describe*","s3:GetObjectAcl"],"Resource":"*"}`),
		doc(`{"Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"*"}`),
	}
	actions := []string{"s3:GetObject", "s3:GetObjectAcl", "ec2:DescribeVpcs", "sqs:SendMessage", "iam:GetRole"}
	c := eval.NewCompiler()
	prepare := func(p *policy.Policy) *eval.Prepared {
		t.Helper()
		set, err := c.Prepare(eval.PolicySet{Identity: []*policy.Policy{p}})
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	want := prepare(base)
	for i, p := range same {
		got := prepare(p)
		if got.PolicyKey() != want.PolicyKey() {
			t.Errorf("copy %d: key %q, the document's %q", i, got.PolicyKey(), want.PolicyKey())
		}
		if g, w := got.ActionClasses(actions), want.ActionClasses(actions); fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("copy %d: classes %v, the document's %v", i, g, w)
		}
	}
	for i, p := range other {
		if got := prepare(p); got.PolicyKey() == want.PolicyKey() {
			t.Errorf("other %d: the document's key %q", i, got.PolicyKey())
		}
	}
}
