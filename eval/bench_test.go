package eval_test

import (
	"fmt"
	"github.com/sekisho/sekisho/arn"
	"strings"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// realisticSet builds the benchmark's policy set: 5 identity policies of 10
// statements with wildcards and conditions, 3 SCP levels, a bucket policy
// and a VPC endpoint policy.
func realisticSet(tb testing.TB) eval.PolicySet {
	var ps eval.PolicySet
	for i := 0; i < 5; i++ {
		ps.Identity = append(ps.Identity, mustParse(tb, identityPolicy(i), policy.Identity))
	}
	ps.SCP = [][]*policy.Policy{
		{mustParse(tb, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, policy.SCP)},
		{mustParse(tb, regionLockSCP, policy.SCP), mustParse(tb, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, policy.SCP)},
		{mustParse(tb, instanceCredsSCP, policy.SCP), mustParse(tb, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:*","ec2:*","sqs:*","kms:*"],"Resource":"*"}}`, policy.SCP)},
	}
	ps.Resource = mustParse(tb, bucketPolicy, policy.Resource)
	ps.Endpoint = mustParse(tb, endpointPolicy, policy.Endpoint)
	return ps
}

func identityPolicy(i int) string {
	services := []string{"ec2", "sqs", "dynamodb", "lambda", "logs", "sns", "kms", "iam", "sts", "s3"}
	var stmts []string
	for j := 0; j < 10; j++ {
		svc := services[(i+j)%len(services)]
		effect := "Allow"
		if j == 9 {
			effect = "Deny"
		}
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d%d","Effect":%q,"Action":["%s:Get*","%s:List*","%s:Describe*"],
			"Resource":"arn:aws:%s:*:111111111111:*/team-${aws:PrincipalTag/team}/*",
			"Condition":{"StringEquals":{"aws:RequestedRegion":["ap-northeast-1","us-east-1"]},"Bool":{"aws:SecureTransport":"true"}}}`,
			i, j, effect, svc, svc, svc, svc))
	}
	if i == 4 {
		stmts[0] = `{"Sid":"ReadBucket","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::data-bucket","arn:aws:s3:::data-bucket/*"],
			"Condition":{"StringLike":{"aws:PrincipalArn":"arn:aws:iam::111111111111:role/app-*"},"IpAddress":{"aws:VpcSourceIp":"10.0.0.0/8"}}}`
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

const regionLockSCP = `{"Version":"2012-10-17","Statement":[{"Sid":"RegionLock","Effect":"Deny",
	"NotAction":["iam:*","sts:*","organizations:*","support:*"],"Resource":"*",
	"Condition":{"StringNotEquals":{"aws:RequestedRegion":["ap-northeast-1","us-east-1"]}}}]}`

const instanceCredsSCP = `{"Version":"2012-10-17","Statement":[{"Sid":"PinInstanceCreds","Effect":"Deny","Action":"*","Resource":"*",
	"Condition":{"StringNotEquals":{"aws:ec2InstanceSourceVpc":"${aws:SourceVpc}"},"Null":{"aws:ec2InstanceSourceVpc":"false"}}}]}`

const bucketPolicy = `{"Version":"2012-10-17","Statement":[
	{"Sid":"DenyInsecure","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::data-bucket","arn:aws:s3:::data-bucket/*"],
	 "Condition":{"Bool":{"aws:SecureTransport":"false"}}},
	{"Sid":"AllowOrg","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::data-bucket/*",
	 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}`

const endpointPolicy = `{"Version":"2012-10-17","Statement":[
	{"Sid":"OwnPrincipals","Effect":"Allow","Principal":"*","Action":"*","Resource":"*",
	 "Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}]}`

func mustParse(tb testing.TB, src string, k policy.Kind) *policy.Policy {
	tb.Helper()
	p, err := policy.Parse([]byte(src), policy.Source{File: "bench.json", Kind: k})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func benchRequest(tb testing.TB) *eval.Request {
	r, err := eval.NewRequest(eval.RequestInput{
		Principal: mustPrincipal(tb, "arn:aws:sts::111111111111:assumed-role/app-reader/i-0abc"),
		Action:    "s3:GetObject",
		Resource:  "arn:aws:s3:::data-bucket/reports/2024.csv",
		Context: map[string][]string{
			"aws:ec2InstanceSourceVpc": {"vpc-abc123"},
			"aws:SourceVpc":            {"vpc-abc123"},
			"aws:VpcSourceIp":          {"10.1.2.3"},
			"aws:SecureTransport":      {"true"},
			"aws:RequestedRegion":      {"ap-northeast-1"},
			"aws:PrincipalTag/team":    {"data"},
		},
	}, time.Time{})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// BenchmarkEvaluate measures one decision over the realistic set, tracing off.
func BenchmarkEvaluate(b *testing.B) {
	prepared, err := eval.Prepare(realisticSet(b))
	if err != nil {
		b.Fatal(err)
	}
	req := benchRequest(b)
	if got := prepared.Evaluate(req).Decision; got != eval.Allow {
		b.Fatalf("benchmark request: got %v, want Allow", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		prepared.Evaluate(req)
	}
}

// BenchmarkExplain measures the same decision with tracing on.
func BenchmarkExplain(b *testing.B) {
	prepared, err := eval.Prepare(realisticSet(b))
	if err != nil {
		b.Fatal(err)
	}
	req := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		prepared.Explain(req)
	}
}

// BenchmarkEvaluateBaseline is the reference the other figures are read
// against: one identity policy with one unconditional statement.
func BenchmarkEvaluateBaseline(b *testing.B) {
	prepared, err := eval.Prepare(eval.PolicySet{Identity: []*policy.Policy{
		mustParse(b, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, policy.Identity)}})
	if err != nil {
		b.Fatal(err)
	}
	req := benchRequest(b)
	b.ReportAllocs()
	for b.Loop() {
		prepared.Evaluate(req)
	}
}

// BenchmarkEvaluateScale grows the identity side to 10, 100 and 1,000
// policies of 10 statements (prepared once, evaluated in the loop).
func BenchmarkEvaluateScale(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("policies=%d", n), func(b *testing.B) {
			ps := realisticSet(b)
			ps.Identity = nil
			for i := 0; i < n; i++ {
				ps.Identity = append(ps.Identity, mustParse(b, identityPolicy(i), policy.Identity))
			}
			prepared, err := eval.Prepare(ps)
			if err != nil {
				b.Fatal(err)
			}
			req := benchRequest(b)
			b.ReportAllocs()
			for b.Loop() {
				prepared.Evaluate(req)
			}
		})
	}
}

// mustPrincipal parses a principal of a test.
func mustPrincipal(tb testing.TB, s string) arn.Principal {
	tb.Helper()
	p, err := arn.ParsePrincipal(s)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
