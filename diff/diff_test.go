package diff_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

func parse(t *testing.T, name, src string, kind policy.Kind) *policy.Policy {
	t.Helper()
	if src == "" {
		return nil
	}
	p, err := policy.Parse([]byte(src), policy.Source{File: name, Name: name, Kind: kind})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return p
}

func doc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

// pair is one change and the access it must add (want) and must not.
type pair struct {
	name     string
	kind     policy.Kind
	old, new string
	want     []string // "principal action" or "action" that must be added
	not      []string // actions that must not be added
	none     bool     // no difference at all
}

func TestPolicyPairs(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::111111111111:role/app"
	pairs := []pair{
		{name: "condition constant changed", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"}}}`),
			new:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-2"}}}`),
			want: []string{"s3:GetObject aws:SourceVpc=vpc-2"}},
		{name: "wildcard widened", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			new:  doc(`{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}`),
			want: []string{"s3:GetObjectAcl", "s3:GetObjectTagging"}, not: []string{"s3:GetObject", "s3:PutObject"}},
		{name: "resource widened", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/public/*"}`),
			new:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`),
			want: []string{"s3:GetObject"}},
		{name: "NotAction", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"}`),
			new:  doc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`),
			want: []string{"sts:GetSessionToken"}, not: []string{"iam:CreateUser", "s3:GetObject", "sts:AssumeRole"}}, // AssumeRole also needs the trust policy
		{name: "Deny removed", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"ec2:*","Resource":"*"}`, `{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"ap-northeast-1"}}}`),
			new:  doc(`{"Effect":"Allow","Action":"ec2:*","Resource":"*"}`),
			want: []string{"ec2:RunInstances"}, not: []string{"ec2:DescribeInstances"}},
		{name: "numeric bound moved", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThanEquals":{"s3:max-keys":"10"}}}`),
			new:  doc(`{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"NumericLessThanEquals":{"s3:max-keys":"100"}}}`),
			want: []string{"s3:ListBucket s3:max-keys=55"}}, // between the two bounds
		{name: "CIDR widened", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/25"}}}`),
			new:  doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`),
			want: []string{"s3:GetObject aws:SourceIp=203.0.113.128"}},
		{name: "trust widened to the account root", kind: policy.Trust,
			old:  doc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/deployer"},"Action":"sts:AssumeRole"}`),
			new:  doc(`{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}`),
			want: []string{"arn:aws:iam::111111111111:role/sekisho-diff-other sts:AssumeRole"}, not: []string{"sts:TagSession"}},
		{name: "SCP Deny narrowed", kind: policy.SCP,
			old:  doc(`{"Effect":"Allow","Action":"*","Resource":"*"}`, `{"Effect":"Deny","Action":"ec2:*","Resource":"*"}`),
			new:  doc(`{"Effect":"Allow","Action":"*","Resource":"*"}`, `{"Effect":"Deny","Action":"ec2:Run*","Resource":"*"}`),
			want: []string{"ec2:StopInstances"}, not: []string{"ec2:RunInstances", "s3:GetObject"}},
		{name: "same meaning, other text", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}`),
			new:  doc(`{"Sid":"Split1","Effect":"Allow","Action":"s3:PutObject","Resource":["arn:aws:s3:::b/*"]}`, `{"Sid":"Split2","Effect":"Allow","Action":"S3:getobject","Resource":"arn:aws:s3:::b/*"}`),
			none: true},
		{name: "same meaning, wildcards", kind: policy.Identity,
			old:  doc(`{"Effect":"Allow","Action":"s3:*","Resource":"*"}`, `{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}`),
			new:  doc(`{"Effect":"Allow","Action":["s3:*"],"Resource":["*"]}`, `{"Effect":"Deny","Action":["s3:Delete*"],"Resource":"*"}`),
			none: true},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			in, err := diff.Policies(p.kind, parse(t, "old.json", p.old, p.kind), parse(t, "new.json", p.new, p.kind), role)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := diff.Compare(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Undecided) > 0 {
				t.Errorf("undecided: %+v", rep.Undecided)
			}
			if p.none {
				if len(rep.Added)+len(rep.Removed) > 0 {
					t.Errorf("want no difference, got %s", summary(rep.Added))
				}
				return
			}
			for _, w := range p.want {
				if !hasChange(rep.Added, w) {
					t.Errorf("want added %q; got %s", w, summary(rep.Added))
				}
			}
			for _, n := range p.not {
				if hasChange(rep.Added, n) {
					t.Errorf("%s must not be added; got %s", n, summary(rep.Added))
				}
			}
			confirm(t, in, rep)
		})
	}
}

// confirm decides every witness again through eval.Decide, the pipeline
// every command uses: new allows, old does not.
func confirm(t *testing.T, in diff.Input, rep *diff.Report) {
	t.Helper()
	for _, c := range rep.Added {
		if c.Old.Decision == eval.Allow || c.New.Decision != eval.Allow {
			t.Errorf("witness %s %s %s: old %s, new %s", c.Principal, c.Action, c.Resource, c.Old.Decision, c.New.Decision)
		}
	}
}

// hasChange matches "action", "principal action" or "action key=value".
func hasChange(cs []diff.Change, want string) bool {
	fields := strings.Fields(want)
	for _, c := range cs {
		ok := true
		for _, f := range fields {
			switch {
			case strings.HasPrefix(f, "arn:"):
				ok = ok && c.Principal == f
			case strings.Contains(f, "="):
				k, v, _ := strings.Cut(f, "=")
				ok = ok && len(c.Context[k]) == 1 && c.Context[k][0] == v
			default:
				ok = ok && strings.EqualFold(c.Action, f)
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func summary(cs []diff.Change) string {
	var b strings.Builder
	for i, c := range cs {
		if i == 12 {
			b.WriteString(" ...")
			break
		}
		b.WriteString(" [" + c.Principal + " " + c.Action + " " + c.Resource)
		for k, v := range c.Context {
			b.WriteString(" " + k + "=" + strings.Join(v, ","))
		}
		b.WriteString("]")
	}
	return b.String()
}

// TestSecretNamesWithSlash: a secret's name may hold '/', so widening
// "prod/a*" to "prod/*" is new access (the ARN format's last placeholder
// is not one segment).
func TestSecretNamesWithSlash(t *testing.T) {
	t.Parallel()
	old := parse(t, "old.json", doc(`{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/a*"}`), policy.Identity)
	new := parse(t, "new.json", doc(`{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/*"}`), policy.Identity)
	in, err := diff.Policies(policy.Identity, old, new, "arn:aws:iam::111111111111:role/app")
	if err != nil {
		t.Fatal(err)
	}
	in.Actions = []string{"secretsmanager:GetSecretValue"}
	rep, err := diff.Compare(in)
	if err != nil {
		t.Fatal(err)
	}
	if !hasChange(rep.Added, "secretsmanager:GetSecretValue") {
		t.Errorf("widening prod/a* to prod/* is new access; got %s", summary(rep.Added))
	}
}

// TestImpossibleWitnesses: a witness no real request looks like is never
// reported as new access (IAM User Guide, "AWS global condition context
// keys", availability): an anonymous caller or an AWS service carries no
// aws:PrincipalOrgID or aws:PrincipalTag/, an IAM user no EC2 role
// credentials' keys. The key absent is still tried, so access they gain
// without it is still found.
func TestImpossibleWitnesses(t *testing.T) {
	t.Parallel()
	const bucket = `"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`
	for _, tc := range []struct {
		name, new string
		gains     []string // principals that must gain s3:GetObject
		never     []string // principals that must not
	}{
		{"org id for everyone", doc(`{"Effect":"Allow","Principal":"*",` + bucket + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`),
			[]string{"arn:aws:iam::999999999999:role/sekisho-diff-foreign"}, []string{"anonymous"}},
		{"principal tag for everyone", doc(`{"Effect":"Allow","Principal":{"AWS":"*"},` + bucket + `,"Condition":{"StringEquals":{"aws:PrincipalTag/team":"data"}}}`),
			[]string{"arn:aws:iam::999999999999:role/sekisho-diff-foreign"}, []string{"anonymous"}},
		{"org id for a service", doc(`{"Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},` + bucket + `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}`),
			nil, []string{"cloudtrail.amazonaws.com"}},
		{"instance credentials for a user and a role", doc(`{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:user/bob","arn:aws:iam::111111111111:role/app"]},` + bucket + `,"Condition":{"StringEquals":{"aws:Ec2InstanceSourceVpc":"vpc-1"}}}`),
			[]string{"arn:aws:iam::111111111111:role/app"}, []string{"arn:aws:iam::111111111111:user/bob"}},
		{"org id or absent: anonymous gains without the key", doc(`{"Effect":"Allow","Principal":"*",` + bucket + `,"Condition":{"StringEqualsIfExists":{"aws:PrincipalOrgID":"o-abc123"}}}`),
			[]string{"anonymous"}, nil},
		{"no condition", doc(`{"Effect":"Allow","Principal":"*",` + bucket + `}`),
			[]string{"anonymous"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in, err := diff.Policies(policy.Resource, nil, parse(t, "new.json", tc.new, policy.Resource), "arn:aws:iam::111111111111:role/app")
			if err != nil {
				t.Fatal(err)
			}
			in.Actions = []string{"s3:GetObject"}
			rep, err := diff.Compare(in)
			if err != nil {
				t.Fatal(err)
			}
			gained := map[string]bool{}
			for _, c := range rep.Added {
				gained[c.Principal] = true
			}
			for _, p := range tc.gains {
				if !gained[p] {
					t.Errorf("%s must gain s3:GetObject; got %s", p, summary(rep.Added))
				}
			}
			for _, p := range tc.never {
				if gained[p] {
					t.Errorf("%s gains only with a key it never carries; got %s", p, summary(rep.Added))
				}
			}
			confirm(t, in, rep)
		})
	}
}
