package load_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model/load"
)

var update = flag.Bool("update", false, "rewrite testdata/golden files")

// errorCases are broken models, each a set of files; the errors they
// produce are in testdata/golden/errors.txt.
var errorCases = []struct {
	name  string
	files map[string]string
}{
	{"malformed-json", map[string]string{"m/a.json": `{"accounts": [ {"id": "111111111111",} ]}`}},
	{"unknown-shape", map[string]string{"m/a.json": `{"Buckets": []}`}},
	{"native-unknown-field", map[string]string{"m/a.yaml": "accounts:\n  - id: \"111111111111\"\n    userz: []\n"}},
	{"native-bad-account-id", map[string]string{"m/a.yaml": "accounts:\n  - id: \"1111\"\n"}},
	{"inline-policy-bad-effect", map[string]string{"m/a.yaml": `
accounts:
  - id: "111111111111"
    users:
      - name: bob
        inline:
          p: {Version: "2012-10-17", Statement: [{Effect: Permit, Action: "*", Resource: "*"}]}
`}},
	{"dangling-managed-policy", map[string]string{"m/a.yaml": `
accounts:
  - id: "111111111111"
    roles:
      - name: app
        trust: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: "sts:AssumeRole"}]}
        managed: ["arn:aws:iam::111111111111:policy/missing", "arn:aws:iam::aws:policy/ReadOnlyAcess"]
`}},
	{"dangling-group-and-boundary", map[string]string{"m/a.yaml": `
accounts:
  - id: "111111111111"
    users:
      - {name: bob, groups: [admins], boundary: "arn:aws:iam::111111111111:policy/boundary"}
`}},
	{"profile-missing-role", map[string]string{"m/a.yaml": `
accounts:
  - id: "111111111111"
    instanceProfiles:
      - {name: web, role: web-role}
    vpcs:
      - {id: vpc-1, region: ap-northeast-1}
    instances:
      - {id: i-1, vpc: vpc-1, instanceProfile: nothere}
      - {id: i-2, vpc: vpc-2}
`}},
	{"profile-two-roles", map[string]string{"m/a.json": `{
  "RoleDetailList": [
    {"RoleName": "a", "Arn": "arn:aws:iam::111111111111:role/a", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
     "InstanceProfileList": [{"InstanceProfileName": "shared", "Path": "/"}]},
    {"RoleName": "b", "Arn": "arn:aws:iam::111111111111:role/b", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []},
     "InstanceProfileList": [{"InstanceProfileName": "shared", "Path": "/"}]}
  ]}`}},
	{"auth-details-two-accounts", map[string]string{"m/a.json": `{"UserDetailList": [
    {"UserName": "a", "Arn": "arn:aws:iam::111111111111:user/a"},
    {"UserName": "b", "Arn": "arn:aws:iam::222222222222:user/b"}]}`}},
	{"auth-details-url-encoded-bad", map[string]string{"m/a.json": `{"UserDetailList": [
    {"UserName": "a", "Arn": "arn:aws:iam::111111111111:user/a", "UserPolicyList": [
      {"PolicyName": "p", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%7D%5D%7D"}]}]}`}},
	{"accounts-for-parent-unnamed", map[string]string{"m/accounts.json": `{"Accounts": [{"Id": "111111111111"}]}`}},
	{"targets-unknown-policy", map[string]string{
		"m/describe-organization.json":        `{"Organization": {"Id": "o-abc", "MasterAccountId": "000000000001"}}`,
		"m/list-roots.json":                   `{"Roots": [{"Id": "r-ab12", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]}`,
		"m/accounts-for-parent.r-ab12.json":   `{"Accounts": [{"Id": "111111111111"}]}`,
		"m/targets-for-policy.p-nothere.json": `{"Targets": [{"TargetId": "r-ab12", "Type": "ROOT"}]}`,
	}},
	{"org-missing-management", map[string]string{
		"m/list-roots.json": `{"Roots": [{"Id": "r-ab12"}]}`,
	}},
	{"scp-in-rcp-list-and-missing-scp", map[string]string{"m/org.yaml": `
organization:
  id: o-abc
  managementAccount: "000000000001"
  scps: [FullAWSAccess]
  ous:
    - name: Empty
      scps: []
      rcps: [FullAWSAccess]
accounts:
  - {id: "111111111111", ou: Nowhere}
`}},
	{"bucket-policy-undeclared-bucket", map[string]string{"m/bucket-policy.lost-bucket.json": `{"Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}`}},
	// A file whose name says what it is, is read as that or rejected: never
	// skipped as a policy document (issue 14).
	{"bucket-policy-bare-document", map[string]string{"m/bucket-policy.111111111111.us-east-1.b.json": `{"Version": "2012-10-17", "Statement": []}`}},
	{"bucket-policy-object-with-other-members", map[string]string{"m/bucket-policy.111111111111.us-east-1.b.json": `{"Policy": {"Version": "2012-10-17", "Statement": []}, "Extra": 1}`}},
	{"bucket-policy-object-bad-document", map[string]string{"m/bucket-policy.111111111111.us-east-1.b.json": `{"Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resuorce": "*"}]}}`}},
	{"ous-for-parent-holding-accounts", map[string]string{"m/ous-for-parent.r-ab12.json": `{"Accounts": []}`}},
	{"describe-policy-named-holding-document", map[string]string{"m/describe-policy.p-1.json": `{"Policy": {"Version": "2012-10-17", "Statement": []}}`}},
	// An instance address becomes aws:SourceIp or aws:VpcSourceIp: a
	// malformed one is an error, not a value that matches nothing (issue 14).
	{"instance-bad-public-ip", map[string]string{"m/a.yaml": "accounts:\n  - id: \"111111111111\"\n    vpcs: [{id: vpc-1, region: us-east-1}]\n    instances: [{id: i-1, vpc: vpc-1, publicIp: not-an-ip}]\n"}},
	{"describe-instances-zoned-ip", map[string]string{"m/describe-instances.json": `{"Reservations": [{"OwnerId": "111111111111", "Instances": [{"InstanceId": "i-1", "VpcId": "vpc-1",
  "PrivateIpAddress": "fe80::1%eth0", "Placement": {"AvailabilityZone": "us-east-1a"}}]}]}`}},
	// Nothing that could hold a policy is skipped in silence (issue 14): a
	// policy document no model file refers to, in any of the shapes a
	// document comes in, is an error.
	{"unreferenced-documents", map[string]string{
		"m/a.yaml":              "accounts:\n  - id: \"111111111111\"\n",
		"m/deny-all.json":       `{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}`,
		"m/bucket-guard.json":   `{"Policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}}`,
		"m/policy-version.json": `{"PolicyVersion": {"Document": {"Version": "2012-10-17", "Statement": []}, "VersionId": "v1", "IsDefaultVersion": true}}`,
	}},
	{"describe-policy-bad-content", map[string]string{"m/p.json": `{"Policy": {"PolicySummary": {"Id": "p-1", "Name": "x", "Type": "SERVICE_CONTROL_POLICY"},
  "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resuorce\":\"*\"}]}"}}`}},
	{"duplicate-user", map[string]string{
		"m/a.yaml": "accounts:\n  - id: \"111111111111\"\n    users: [{name: bob}]\n",
		"m/b.yaml": "accounts:\n  - id: \"111111111111\"\n    users: [{name: bob}]\n",
	}},
	{"missing-policy-file", map[string]string{"m/a.yaml": "accounts:\n  - id: \"111111111111\"\n    buckets: [{name: b, region: us-east-1, policy: nothere.json}]\n"}},
	{"ou-cycle", map[string]string{
		"m/describe-organization.json":           `{"Organization": {"Id": "o-abc", "MasterAccountId": "000000000001"}}`,
		"m/list-roots.json":                      `{"Roots": [{"Id": "r-ab12"}]}`,
		"m/ous-for-parent.ou-ab12-aaaaaaaa.json": `{"OrganizationalUnits": [{"Id": "ou-ab12-bbbbbbbb", "Name": "B"}]}`,
		"m/ous-for-parent.ou-ab12-bbbbbbbb.json": `{"OrganizationalUnits": [{"Id": "ou-ab12-aaaaaaaa", "Name": "A"}]}`,
	}},
}

func TestLoadErrors(t *testing.T) {
	var b strings.Builder
	for _, tc := range errorCases {
		files := map[string][]byte{}
		for name, src := range tc.files {
			files[name] = []byte(src)
		}
		_, err := load.LoadFiles(files, load.Options{})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		b.WriteString("== " + tc.name + "\n" + err.Error() + "\n")
	}
	checkGolden(t, "errors.txt", b.String())
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
