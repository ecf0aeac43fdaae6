package load_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// iamCollectDir is an organization in iam-collect's storage layout, written
// by hand from its documentation (docs/iam-collect.md): three accounts, an
// organization with SCPs and RCPs, roles, users, groups, managed policies,
// a bucket, a key, a queue and a VPC endpoint.
const iamCollectDir = "testdata/iamcollect"

// iamCollectFiles reads the directory's files, by their path under it.
func iamCollectFiles(t testing.TB) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(iamCollectDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(iamCollectDir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestIAMCollectModel: what the model gets from each kind of file.
func TestIAMCollectModel(t *testing.T) {
	t.Parallel()
	m, err := load.Load(iamCollectDir, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.AccountIDs(); !slices.Equal(got, []string{"111111111111", "222222222222", "333333333333"}) {
		t.Fatalf("accounts %v", got)
	}
	o := m.Org
	if o == nil || o.ID != "o-ic0example1" || o.ManagementAccount != "111111111111" || o.Root.ID != "r-ic01" || !o.SCPEnabled || !o.RCPEnabled {
		t.Fatalf("organization %+v", o)
	}
	ou := o.Nodes["ou-ic01-workload1"]
	if ou == nil || ou.Name != "Workloads" || ou.Parent != o.Root || !slices.Equal(ou.SCPs, []string{"p-FullAWSAccess", "p-denyregion1"}) {
		t.Errorf("OU %+v", ou)
	}
	if !slices.Equal(o.Root.SCPs, []string{"p-FullAWSAccess", "p-denyleave1"}) || !slices.Equal(o.Root.RCPs, []string{"p-RCPFullAWSAccess", "p-rcporgonly1"}) {
		t.Errorf("root SCPs %v RCPs %v", o.Root.SCPs, o.Root.RCPs)
	}
	if p := o.Policies["p-denyregion1"]; p == nil || p.Name != "deny-outside-regions" || p.Type != model.SCPType || p.Document == nil {
		t.Errorf("SCP %+v", p)
	}
	if p := o.Policies["p-rcporgonly1"]; p == nil || p.Type != model.RCPType {
		t.Errorf("RCP %+v", p)
	}
	prod, part := m.Accounts["222222222222"], m.Accounts["333333333333"]
	if prod.Parent != "ou-ic01-workload1" || prod.Tags["env"] != "prod" || m.Accounts["111111111111"].Parent != "r-ic01" {
		t.Errorf("account placement %q %v", prod.Parent, prod.Tags)
	}
	if !part.DelegatedAdmin || prod.DelegatedAdmin {
		t.Errorf("delegated administrators: 333 %v, 222 %v", part.DelegatedAdmin, prod.DelegatedAdmin)
	}
	if pab := prod.PublicAccessBlock; pab == nil || !pab.BlockPublicPolicy || !pab.RestrictPublicBuckets {
		t.Errorf("account Block Public Access %+v", pab)
	}

	role := prod.Roles["app-role"]
	if role == nil || role.ARN != "arn:aws:iam::222222222222:role/app-role" || role.ID != "AROAAPPROLEXXXXX" || role.Trust == nil ||
		len(role.Inline) != 1 || role.Inline[0].Name != "arn:aws:iam::222222222222:role/app-role inline kms-use" ||
		!slices.Equal(role.Managed, []string{"arn:aws:iam::222222222222:policy/app-data"}) || role.Tags["app"] != "orders" {
		t.Errorf("role %+v", role)
	}
	admin := prod.Roles["admin-role"]
	if admin == nil || admin.Path != "/ops/" || admin.Boundary != "arn:aws:iam::222222222222:policy/ops-boundary" {
		t.Errorf("role with a path and a boundary %+v", admin)
	}
	if ip := prod.InstanceProfiles["app-profile"]; ip == nil || ip.Role != "app-role" {
		t.Errorf("instance profile %+v", ip)
	}
	alice := prod.Users["alice"]
	if alice == nil || alice.Path != "/developers/" || !slices.Equal(alice.Groups, []string{"developers"}) || alice.Tags["team"] != "payments" || len(alice.Inline) != 1 {
		t.Errorf("user %+v", alice)
	}
	if g := prod.Groups["developers"]; g == nil || len(g.Inline) != 1 || !slices.Equal(g.Managed, []string{"arn:aws:iam::222222222222:policy/dev-read"}) {
		t.Errorf("group %+v", g)
	}
	if mp := m.Managed["arn:aws:iam::222222222222:policy/app-data"]; mp == nil || mp.AWSManaged || mp.Document == nil {
		t.Errorf("customer managed policy %+v", mp)
	}
	if mp := m.Managed["arn:aws:iam::aws:policy/AdministratorAccess"]; mp == nil || !mp.AWSManaged || mp.Document == nil {
		t.Errorf("AWS managed policy %+v", mp)
	}

	bucket := m.Resources["arn:aws:s3:::ic-prod-data"]
	if bucket == nil || bucket.Type != model.Bucket || bucket.Account != "222222222222" || bucket.Region != "us-east-1" || bucket.Policy == nil ||
		bucket.PublicAccessBlock == nil || !bucket.PublicAccessBlock.BlockPublicAcls || bucket.Tags["data"] != "orders" {
		t.Errorf("bucket %+v", bucket)
	}
	for arn, typ := range map[string]model.ResourceType{
		"arn:aws:kms:us-east-1:222222222222:key/1111aaaa-bbbb-cccc-dddd-eeeeeeeeeeee": model.Key,
		"arn:aws:sqs:us-east-1:222222222222:orders":                                   model.Queue,
	} {
		if r := m.Resources[arn]; r == nil || r.Type != typ || r.Region != "us-east-1" || r.Policy == nil {
			t.Errorf("%s: %+v", arn, r)
		}
	}
	for arn, typ := range map[string]model.ResourceType{
		"arn:aws:s3:us-east-1:222222222222:accesspoint/ic-data-ap":   model.AccessPoint,
		"arn:aws:events:us-east-1:222222222222:event-bus/orders-bus": model.EventBus,
		"arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5":      model.RestAPI,
		"arn:aws:kinesis:us-east-1:222222222222:stream/clicks":       model.DataStream,
		"arn:aws:glue:us-east-1:222222222222:catalog":                model.GlueCatalog,
	} {
		if r := m.Resources[arn]; r == nil || r.Type != typ || r.Account != "222222222222" || r.Region != "us-east-1" || r.Policy == nil {
			t.Errorf("%s: %+v", arn, r)
		}
	}
	if ap := m.Resources["arn:aws:s3:us-east-1:222222222222:accesspoint/ic-data-ap"]; ap == nil || ap.Bucket != "ic-prod-data" || ap.NetworkOrigin != "Internet" || ap.PublicAccessBlock == nil {
		t.Errorf("access point %+v", ap)
	}
	if api := m.Resources["arn:aws:execute-api:us-east-1:222222222222:a1b2c3d4e5"]; api == nil || api.Name != "orders-api" {
		t.Errorf("REST API %+v", api)
	}
	e := m.Endpoints["vpce-0ics3"]
	if e == nil || e.VPC != "vpc-0icprod" || e.Type != model.Gateway || e.Service != "s3" || e.Region != "us-east-1" || e.Policy == nil {
		t.Errorf("endpoint %+v", e)
	}
	if v := m.VPCs["vpc-0icprod"]; v == nil || v.Account != "222222222222" || len(v.Endpoints) != 1 || v.RoutesKnown {
		t.Errorf("VPC %+v", v)
	}
	if len(m.Gaps) != 0 {
		t.Errorf("gaps %v: every file of the directory is read", m.Gaps)
	}
}

// TestIAMCollectNotRead: data of a kind Sekisho does not read is listed
// among the model's gaps, never dropped in silence.
func TestIAMCollectNotRead(t *testing.T) {
	t.Parallel()
	files := iamCollectFiles(t)
	acct := "aws/aws/accounts/333333333333/"
	files[acct+"eks/us-east-1/cluster/ic-cluster/metadata.json"] = []byte(`{"arn": "arn:aws:eks:us-east-1:333333333333:cluster/ic-cluster"}`)
	files[acct+"eks/us-east-1/cluster/ic-cluster/access-entries.json"] = []byte(`[]`)
	files[acct+"s3/accesspoint/mfzwi23gnjvgw.mrap/metadata.json"] = []byte(`{"arn": "arn:aws:s3::333333333333:accesspoint/mfzwi23gnjvgw.mrap"}`)
	files[acct+"ram/us-east-1/arn-aws-glue-us-east-1-333333333333-catalog.json"] = []byte(`{"shares": []}`)
	files[acct+"s3-mrap.json"] = []byte(`{}`)
	files["aws/aws/organizations/o-ic0example1/policy.json"] = []byte(`{"Version": "2012-10-17", "Statement": []}`)
	m, err := load.LoadFiles(files, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range m.Gaps {
		got = append(got, g.String())
	}
	sort.Strings(got)
	want := []string{
		"the access points of 333333333333 not read: iam-collect s3/accesspoint (Sekisho does not read this kind of iam-collect data)",
		"the data of 333333333333 not read: iam-collect accounts/333333333333/s3-mrap.json (Sekisho does not read this account file)",
		"the eks:cluster/* resources of 333333333333 in us-east-1 not read: iam-collect eks/cluster (Sekisho does not read this kind of iam-collect data)",
		"the organizations:* resources of 111111111111 not read: iam-collect organizations/o-ic0example1/policy.json " +
			"(the organization's resource policy (delegated administration of AWS Organizations) is not modelled)",
		"the ram:* resources of 333333333333 in us-east-1 not read: iam-collect ram/ (RAM resource shares are not modelled)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("gaps\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A question about an access point of that account is refused: the
	// multi-Region access point's data was not read.
	_, _, err = m.Gather(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::333333333333:role/reader"},
		Action: "s3:GetObject", Resource: "arn:aws:s3:us-east-1:333333333333:accesspoint/ap1/object/k"})
	if err == nil || !strings.Contains(err.Error(), "not read: iam-collect s3/accesspoint") {
		t.Errorf("access point question: %v", err)
	}
}

// TestIAMCollectMalformed: a file of the wrong shape, or in the wrong
// place, is an error naming the file, the line and column and the JSON path.
func TestIAMCollectMalformed(t *testing.T) {
	t.Parallel()
	const (
		acct = "aws/aws/accounts/222222222222/"
		org  = "aws/aws/organizations/o-ic0example1/"
	)
	tests := []struct {
		name, file, content string
		want                string // file:line:col: $.path: message part
	}{
		{"role without name", acct + "iam/role/app-role/metadata.json", `{"arn": "arn:aws:iam::222222222222:role/app-role"}`, "metadata.json:1:1: $: missing name"},
		{"role of another name", acct + "iam/role/app-role/metadata.json", `{"arn": "arn:aws:iam::222222222222:role/other", "name": "app-role", "path": "/"}`,
			"metadata.json:1:9: $.arn: the arn arn:aws:iam::222222222222:role/other does not match"},
		{"role in another account", acct + "iam/role/app-role/metadata.json", `{"arn": "arn:aws:iam::333333333333:role/app-role", "name": "app-role"}`,
			"metadata.json:1:9: $.arn: arn:aws:iam::333333333333:role/app-role does not belong in aws/aws/accounts/222222222222/iam/role/app-role/"},
		{"trust not a document", acct + "iam/role/app-role/trust-policy.json", `["sts:AssumeRole"]`, "trust-policy.json:1:1: $: expected a policy document (an object), got list"},
		{"no trust policy", acct + "iam/role/app-role/trust-policy.json", "", "app-role/metadata.json:1:1: $: role arn:aws:iam::222222222222:role/app-role has no trust-policy.json"},
		{"inline without document", acct + "iam/role/app-role/inline-policies.json", `[{"PolicyName": "x"}]`, "inline-policies.json:1:2: $[0]: missing PolicyDocument"},
		{"managed not a list", acct + "iam/role/app-role/managed-policies.json", `{"arn": "x"}`, "managed-policies.json:1:1: $: expected a list of managed policy ARNs, got object"},
		{"tags as a list", acct + "iam/role/app-role/tags.json", `["a"]`, "tags.json:1:1: $: expected tags as {key: value}, got list"},
		{"group of another account", acct + "iam/user/developers%2falice/groups.json", `["arn:aws:iam::333333333333:group/developers"]`,
			"groups.json:1:2: $[0]: expected a group ARN of account 222222222222"},
		{"policy without document", acct + "iam/policy/app-data/current-policy.json", "", "app-data/metadata.json:1:1: $: managed policy arn:aws:iam::222222222222:policy/app-data has no current-policy.json"},
		{"AWS managed policy outside iam/aws", acct + "iam/policy/readonly/metadata.json", `{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "name": "ReadOnlyAccess"}`,
			"readonly/metadata.json:1:9: $.arn: arn:aws:iam::aws:policy/ReadOnlyAccess is not where iam-collect stores it"},
		{"profile with two roles", acct + "iam/instance-profile/app-profile/metadata.json",
			`{"arn": "arn:aws:iam::222222222222:instance-profile/app-profile", "roles": ["arn:aws:iam::222222222222:role/a", "arn:aws:iam::222222222222:role/b"]}`,
			"app-profile/metadata.json:1:76: $.roles: instance profile arn:aws:iam::222222222222:instance-profile/app-profile lists 2 roles"},
		{"bucket without region", acct + "s3/ic-prod-data/metadata.json", `{"arn": "arn:aws:s3:::ic-prod-data", "name": "ic-prod-data"}`, "ic-prod-data/metadata.json:1:1: $: missing region"},
		{"bucket BPA not a boolean", acct + "s3/ic-prod-data/bpa.json", `{"BlockPublicAcls": "yes"}`, "bpa.json:1:21: $.BlockPublicAcls: expected true or false"},
		{"key policy malformed", acct + "kms/us-east-1/key/1111aaaa-bbbb-cccc-dddd-eeeeeeeeeeee/policy.json", `{"Statement": [{"Effect": "Maybe"}]}`,
			"policy.json:1:27: $.Statement[0].Effect:"},
		{"queue in another Region", acct + "sqs/us-east-1/orders/metadata.json", `{"arn": "arn:aws:sqs:eu-west-1:222222222222:orders"}`,
			"orders/metadata.json:1:9: $.arn: arn:aws:sqs:eu-west-1:222222222222:orders does not belong in aws/aws/accounts/222222222222/sqs/us-east-1/orders/"},
		{"unknown file", acct + "sqs/us-east-1/orders/redrive.json", `{}`, "redrive.json:1:1: $: redrive.json in the iam-collect directory of arn:aws:sqs:us-east-1:222222222222:orders: Sekisho reads only"},
		{"no metadata", acct + "kms/us-east-1/key/2222/policy.json", `{"Statement": []}`, "2222/policy.json:1:1: $: this iam-collect resource directory has no metadata.json"},
		{"endpoint VPC not an ARN", acct + "ec2/us-east-1/vpc-endpoint/vpce-0ics3/metadata.json",
			`{"arn": "arn:aws:ec2:us-east-1:222222222222:vpc-endpoint/vpce-0ics3", "id": "vpce-0ics3", "type": "Gateway", "vpc": "vpc-0icprod", "serviceName": "com.amazonaws.us-east-1.s3"}`,
			"vpce-0ics3/metadata.json:1:117: $.vpc: expected the ARN of a VPC of account 222222222222 in us-east-1"},
		{"account BPA not an object", acct + "s3-bpa.json", `true`, "s3-bpa.json:1:1: $: expected a PublicAccessBlockConfiguration object, got boolean true"},
		{"partition", "aws/aws-cn/accounts/222222222222/s3-bpa.json", `{}`, "s3-bpa.json:1:1: $: iam-collect partition aws-cn"},
		{"account directory", "aws/aws/accounts/prod/s3-bpa.json", `{}`, "s3-bpa.json:1:1: $: aws/aws/accounts/prod/: expected a 12-digit account id"},
		{"organization accounts", org + "accounts.json", `{"222222222222": {"ou": ["r-ic01"]}}`, "accounts.json:1:25: $.222222222222.ou: expected a string"},
		{"organization OU without parent", org + "ous.json", `{"ou-ic01-workload1": {"scps": []}}`, "ous.json:1:23: $[\"ou-ic01-workload1\"]: OU ou-ic01-workload1 has no parent"},
		{"SCP attachment not an ARN", org + "ous.json", `{"r-ic01": {"scps": ["p-FullAWSAccess"]}}`, "ous.json:1:22: $[\"r-ic01\"].scps[0]: expected an organization policy ARN"},
		{"SCP of another directory", org + "scps/p-denyleave1/metadata.json", `{"arn": "arn:aws:organizations::111111111111:policy/o-ic0example1/service_control_policy/p-other"}`,
			"p-denyleave1/metadata.json:1:9: $.arn: expected the ARN of the organization policy of this directory"},
		{"organization features", org + "metadata.json", `{"id": "o-ic0example1", "rootOu": "r-ic01", "rootAccountId": "111111111111", "features": {"SERVICE_CONTROL_POLICY": "on"}}`,
			"o-ic0example1/metadata.json:1:117: $.features.SERVICE_CONTROL_POLICY: expected true or false"},
		{"unknown organization file", org + "handshakes.json", `[]`, "handshakes.json:1:1: $: handshakes.json in the iam-collect organization directory"},
	}
	pos := regexp.MustCompile(`\.json:\d+:\d+: \$`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := iamCollectFiles(t)
			if tt.content == "" {
				delete(files, tt.file)
			} else {
				files[tt.file] = []byte(tt.content)
			}
			_, err := load.LoadFiles(files, load.Options{})
			if err == nil {
				t.Fatalf("%s: loaded", tt.file)
			}
			if !strings.Contains(err.Error(), tt.want) || !pos.MatchString(err.Error()) {
				t.Errorf("error\n%v\ndoes not say %q with line:column and a JSON path", err, tt.want)
			}
		})
	}
}

// FuzzIAMCollect: no content of any file of an iam-collect directory makes
// Load panic, whatever the other files hold.
func FuzzIAMCollect(f *testing.F) {
	files := iamCollectFiles(f)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for i, n := range names {
		f.Add(uint(i), files[n])
	}
	f.Fuzz(func(t *testing.T, i uint, src []byte) {
		mutated := make(map[string][]byte, len(files))
		for n, b := range files {
			mutated[n] = b
		}
		mutated[names[i%uint(len(names))]] = src
		m, err := load.LoadFiles(mutated, load.Options{})
		if err != nil {
			return
		}
		_, _, _ = m.Gather(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::333333333333:role/reader"},
			Action: "s3:GetObject", Resource: "arn:aws:s3:::ic-prod-data/x"})
	})
}

// TestIAMCollectFromInside: --model given from within the tree (the
// working directory aws/aws/, the model ".") reads it as iam-collect data.
func TestIAMCollectFromInside(t *testing.T) {
	t.Chdir(filepath.Join(iamCollectDir, "aws", "aws"))
	m, err := load.Load(".", load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Org == nil || len(m.Accounts) != 3 || m.Resources["arn:aws:s3:::ic-prod-data"] == nil {
		t.Errorf("organization %v, %d accounts", m.Org, len(m.Accounts))
	}
}
