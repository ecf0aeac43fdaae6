package load_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/policy"
)

// collectedDir is a small collected organization in the layout of
// docs/collect-layout.md: two accounts, two Regions, one resource of every
// type, each file in the shape its AWS CLI call prints.
const collectedDir = "testdata/collected"

const (
	mgmt = "111111111111"
	work = "222222222222"
	use1 = "us-east-1"
)

var (
	collectedOnce  sync.Once
	collectedModel *model.Model
	collectedErr   error
)

func loadCollected(t *testing.T) *model.Model {
	t.Helper()
	collectedOnce.Do(func() { collectedModel, collectedErr = load.Load(collectedDir, load.Options{}) })
	if collectedErr != nil {
		t.Fatal(collectedErr)
	}
	return collectedModel
}

func res(t *testing.T, m *model.Model, arn string, typ model.ResourceType, withPolicy bool) *model.Resource {
	t.Helper()
	r := m.Resources[arn]
	switch {
	case r == nil:
		t.Errorf("%s is not in the model", arn)
	case r.Type != typ:
		t.Errorf("%s is a %s, want a %s", arn, r.Type, typ)
	case withPolicy && (r.Policy == nil || len(r.Policy.Statements) == 0):
		t.Errorf("%s has no policy", arn)
	case !withPolicy && r.Policy != nil:
		t.Errorf("%s has a policy", arn)
	}
	return r
}

// TestCollectedLayout: every format of the collected layout has a file in
// collectedDir, and what each file says is in the model.
func TestCollectedLayout(t *testing.T) {
	t.Parallel()
	m := loadCollected(t)
	head := func(service string) string { return "arn:aws:" + service + ":" + use1 + ":" + mgmt + ":" }
	checks := map[string]func(t *testing.T){
		"manifest": func(t *testing.T) {
			if g := m.NotCollected(work, "eu-west-1", model.DataStream); g == nil || g.Reason != "denied" || g.Call != "kinesis.list-streams" {
				t.Errorf("kinesis gap: %+v", g)
			}
			if g := m.NotCollected(work, "eu-west-1", model.GlueCatalog); g == nil || g.Reason != "failed" {
				t.Errorf("glue gap: %+v", g)
			}
			if g := m.NotCollected(mgmt, use1, model.DataStream); g != nil {
				t.Errorf("unexpected gap %+v", g)
			}
		},
		"iam.get-account-authorization-details": func(t *testing.T) {
			if m.Accounts[mgmt].Users["bob"] == nil || m.Accounts[work].Users["alice"] == nil || m.Accounts[mgmt].Roles["app-role"] == nil {
				t.Error("users and roles missing")
			}
			if mp := m.Managed["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]; mp == nil || !strings.HasPrefix(mp.Where.File, "built-in ") {
				t.Errorf("the attached AWS managed policy is not loaded from the built-in set: %+v", mp)
			}
		},
		"iam.list-instance-profiles": func(t *testing.T) {
			if p := m.Accounts[mgmt].InstanceProfiles["app-profile"]; p == nil || p.Role != "app-role" {
				t.Errorf("instance profile: %+v", p)
			}
		},
		"iam.list-open-id-connect-providers": func(t *testing.T) {
			if got := m.Accounts[mgmt].OIDCProviders; len(got) != 1 || got[0] != "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" {
				t.Errorf("OIDC providers %v", got)
			}
		},
		"iam.get-open-id-connect-provider": func(t *testing.T) {}, // the same provider: no duplicate (checked above)
		"iam.list-saml-providers": func(t *testing.T) {
			if got := m.Accounts[mgmt].SAMLProviders; len(got) != 1 {
				t.Errorf("SAML providers %v", got)
			}
		},
		"organizations/describe-organization": func(t *testing.T) {
			if m.Org == nil || m.Org.ID != "o-exampleorg1" || m.Org.ManagementAccount != mgmt {
				t.Errorf("organization %+v", m.Org)
			}
		},
		"organizations/list-roots": func(t *testing.T) {},
		"organizations/ous-for-parent": func(t *testing.T) {
			if got := m.OrgPath(work); got != "o-exampleorg1/r-ex01/ou-ex01-workload/" {
				t.Errorf("OrgPath(%s) = %q", work, got)
			}
		},
		"organizations/accounts-for-parent": func(t *testing.T) {
			if m.Accounts[work].Parent != "ou-ex01-workload" || m.Accounts[mgmt].Parent != "r-ex01" {
				t.Errorf("parents %q %q", m.Accounts[work].Parent, m.Accounts[mgmt].Parent)
			}
		},
		"organizations/list-policies":   func(t *testing.T) {},
		"organizations/describe-policy": func(t *testing.T) {},
		"organizations/targets-for-policy": func(t *testing.T) {
			if got := m.Org.Nodes["ou-ex01-workload"].SCPs; len(got) != 2 {
				t.Errorf("SCPs of the OU: %v", got)
			}
		},
		"organizations/list-delegated-administrators": func(t *testing.T) {
			if !m.Accounts[work].DelegatedAdmin || m.Accounts[mgmt].DelegatedAdmin {
				t.Error("delegated administrator not recorded")
			}
		},
		"organizations/list-tags-for-resource": func(t *testing.T) {
			if m.Accounts[work].Tags["env"] != "prod" {
				t.Errorf("account tags %v", m.Accounts[work].Tags)
			}
		},
		"s3control.get-public-access-block": func(t *testing.T) {
			if p := m.Accounts[mgmt].PublicAccessBlock; p == nil || !p.BlockPublicPolicy || !p.RestrictPublicBuckets {
				t.Errorf("account Block Public Access %+v", p)
			}
		},
		"s3api.list-buckets": func(t *testing.T) {
			if b := res(t, m, "arn:aws:s3:::example.logs", model.Bucket, true); b != nil && b.Region != "eu-west-1" {
				t.Errorf("bucket Region %q", b.Region)
			}
		},
		"s3api.get-bucket-policy": func(t *testing.T) { res(t, m, "arn:aws:s3:::example-data", model.Bucket, true) },
		"s3api.get-public-access-block": func(t *testing.T) {
			if b := m.Resources["arn:aws:s3:::example-data"]; b == nil || b.PublicAccessBlock == nil || b.PublicAccessBlock.RestrictPublicBuckets || !b.PublicAccessBlock.BlockPublicAcls {
				t.Errorf("bucket Block Public Access %+v", b)
			}
		},
		"s3api.get-bucket-ownership-controls": func(t *testing.T) {
			if b := m.Resources["arn:aws:s3:::example-data"]; b == nil || b.ObjectOwnership != "BucketOwnerEnforced" {
				t.Errorf("object ownership %+v", b)
			}
		},
		"s3control.list-access-points": func(t *testing.T) {
			if ap := m.Resources[head("s3")+"accesspoint/data-ap"]; ap == nil || ap.Bucket != "example-data" || ap.AccessPointVPC != "vpc-0a1b2c3d4e5f60001" {
				t.Errorf("access point %+v", ap)
			}
		},
		"s3control.get-access-point-policy": func(t *testing.T) { res(t, m, head("s3")+"accesspoint/data-ap", model.AccessPoint, true) },
		"kms.list-keys":                     func(t *testing.T) {},
		"kms.get-key-policy":                func(t *testing.T) { res(t, m, head("kms")+"key/1234abcd-12ab-34cd-56ef-1234567890ab", model.Key, true) },
		"kms.list-grants": func(t *testing.T) {
			if k := m.Resources[head("kms")+"key/1234abcd-12ab-34cd-56ef-1234567890ab"]; k == nil || len(k.Grants) != 1 || k.Grants[0].Grantee != "arn:aws:iam::222222222222:user/alice" {
				t.Errorf("grants %+v", k)
			}
		},
		"kms.list-aliases": func(t *testing.T) {
			if k := m.Resources[head("kms")+"key/1234abcd-12ab-34cd-56ef-1234567890ab"]; k == nil || len(k.Aliases) != 1 || k.Aliases[0] != "app" {
				t.Errorf("aliases %+v", k)
			}
		},
		"sqs.list-queues": func(t *testing.T) {
			res(t, m, "arn:aws:sqs:eu-west-1:111111111111:eu-orders", model.Queue, false)
		},
		"sqs.get-queue-attributes": func(t *testing.T) { res(t, m, head("sqs")+"orders", model.Queue, true) },
		"sns.list-topics":          func(t *testing.T) {},
		"sns.get-topic-attributes": func(t *testing.T) {
			res(t, m, head("sns")+"alerts", model.Topic, true)
			res(t, m, "arn:aws:sns:us-east-1:222222222222:member-topic", model.Topic, true)
		},
		"lambda.list-functions": func(t *testing.T) {},
		"lambda.get-policy": func(t *testing.T) {
			res(t, m, head("lambda")+"function:processor", model.Function, true)
			res(t, m, head("lambda")+"function:processor:live", model.Function, true)
			res(t, m, head("lambda")+"function:processor:2", model.Function, true)
		},
		"lambda.list-versions-by-function": func(t *testing.T) {
			if r := res(t, m, head("lambda")+"function:processor:1", model.Function, false); r != nil && r.Name != "processor:1" {
				t.Errorf("version named %q", r.Name)
			}
		},
		"lambda.list-aliases": func(t *testing.T) { res(t, m, head("lambda")+"function:processor:live", model.Function, true) },
		"lambda.list-layers":  func(t *testing.T) {},
		"lambda.get-layer-version-policy": func(t *testing.T) {
			res(t, m, head("lambda")+"layer:shared-libs:3", model.LayerVersion, true)
			res(t, m, head("lambda")+"layer:shared-libs:2", model.LayerVersion, true)
		},
		"lambda.list-layer-versions": func(t *testing.T) {
			if r := res(t, m, head("lambda")+"layer:shared-libs:2", model.LayerVersion, true); r != nil && r.Name != "shared-libs:2" {
				t.Errorf("older layer version named %q", r.Name)
			}
		},
		"secretsmanager.list-secrets": func(t *testing.T) {
			if s := m.Resources[head("secretsmanager")+"secret:prod-db-AbCdEf"]; s == nil || s.Tags["team"] != "payments" {
				t.Errorf("secret tags %+v", s)
			}
		},
		"secretsmanager.get-resource-policy": func(t *testing.T) { res(t, m, head("secretsmanager")+"secret:prod-db-AbCdEf", model.Secret, true) },
		"ecr.describe-repositories":          func(t *testing.T) {},
		"ecr.get-repository-policy":          func(t *testing.T) { res(t, m, head("ecr")+"repository/team/app", model.Repository, true) },
		"ecr.get-registry-policy": func(t *testing.T) {
			if m.Accounts[mgmt].RegistryPolicies["eu-west-1"] == nil {
				t.Error("registry policy missing")
			}
		},
		"dynamodb.list-tables":    func(t *testing.T) {},
		"dynamodb.describe-table": func(t *testing.T) {},
		"dynamodb.get-resource-policy": func(t *testing.T) {
			res(t, m, head("dynamodb")+"table/Orders", model.Table, true)
			res(t, m, head("dynamodb")+"table/Orders/stream/2024-06-01T10:00:00.000", model.TableStream, true)
		},
		"events.list-event-buses":   func(t *testing.T) { res(t, m, head("events")+"event-bus/default", model.EventBus, true) },
		"apigateway.get-rest-apis":  func(t *testing.T) { res(t, m, head("execute-api")+"a1b2c3d4e5", model.RestAPI, true) },
		"efs.describe-file-systems": func(t *testing.T) {},
		"efs.describe-file-system-policy": func(t *testing.T) {
			res(t, m, head("elasticfilesystem")+"file-system/fs-0123456789abcdef0", model.FileSystem, true)
		},
		"opensearch.list-domain-names":          func(t *testing.T) {},
		"opensearch.describe-domain":            func(t *testing.T) { res(t, m, head("es")+"domain/search", model.SearchDomain, true) },
		"backup.list-backup-vaults":             func(t *testing.T) {},
		"backup.get-backup-vault-access-policy": func(t *testing.T) { res(t, m, head("backup")+"backup-vault:Default", model.BackupVault, true) },
		"glacier.list-vaults":                   func(t *testing.T) {},
		"glacier.get-vault-access-policy":       func(t *testing.T) { res(t, m, head("glacier")+"vaults/archive", model.GlacierVault, true) },
		"kinesis.list-streams":                  func(t *testing.T) {},
		"kinesis.get-resource-policy": func(t *testing.T) {
			res(t, m, head("kinesis")+"stream/clicks", model.DataStream, true)
			// A consumer's policy is its own, under the consumer's ARN.
			consumer := head("kinesis") + "stream/clicks/consumer/analytics:1717236000"
			res(t, m, consumer, model.DataStream, true)
			if r := m.ResourceOf(consumer); r == nil || r.ARN != consumer {
				t.Errorf("ResourceOf(%s) = %+v", consumer, r)
			}
		},
		"kinesis.list-stream-consumers": func(t *testing.T) {
			if r := res(t, m, head("kinesis")+"stream/clicks/consumer/archiver:1717236001", model.DataStream, false); r != nil && r.Name != "archiver" {
				t.Errorf("consumer named %q", r.Name)
			}
		},
		"glue.get-resource-policy": func(t *testing.T) { res(t, m, head("glue")+"catalog", model.GlueCatalog, true) },
		"ec2.describe-vpcs": func(t *testing.T) {
			if v := m.VPCs["vpc-0b1b2c3d4e5f60002"]; v == nil || v.Account != work || v.Region != use1 {
				t.Errorf("VPC %+v", v)
			}
		},
		"ec2.describe-subnets": func(t *testing.T) {
			if s := m.Subnets["subnet-0public000000001"]; s == nil || s.VPC != "vpc-0a1b2c3d4e5f60001" {
				t.Errorf("subnet %+v", s)
			}
		},
		"ec2.describe-route-tables": func(t *testing.T) {
			private, public := m.Subnets["subnet-0private00000001"], m.Subnets["subnet-0public000000001"]
			if private == nil || public == nil || !private.Gateways["vpce-0s3gateway0000001"] || public.Gateways["vpce-0s3gateway0000001"] || public.RouteTable != "rtb-0main000000000001" {
				t.Errorf("routes: private %+v public %+v", private, public)
			}
		},
		"ec2.describe-internet-gateways": func(t *testing.T) {
			if v := m.VPCs["vpc-0a1b2c3d4e5f60001"]; v == nil || v.InternetGateway != "igw-0a1b2c3d4e5f60001" || !v.RoutesKnown {
				t.Errorf("VPC %+v", v)
			}
		},
		"ec2.describe-vpc-endpoints": func(t *testing.T) {
			if e := m.Endpoints["vpce-0s3gateway0000001"]; e == nil || e.Policy == nil || len(e.RouteTables) != 1 {
				t.Errorf("endpoint %+v", e)
			}
		},
		"ec2.describe-instances": func(t *testing.T) {
			in, v1, off := m.Instances["i-0private000000001"], m.Instances["i-0public0000000001"], m.Instances["i-0noimds0000000001"]
			if in == nil || in.IMDS != model.IMDSv2Only || in.HopLimit != 1 || in.Subnet != "subnet-0private00000001" ||
				v1 == nil || v1.IMDS != model.IMDSv1v2 || v1.HopLimit != 2 || off == nil || !off.IMDSDisabled {
				t.Errorf("instances %+v %+v %+v", in, v1, off)
			}
		},
	}
	present := collectedLayouts(t)
	for _, layout := range load.Layouts() {
		check := checks[layout]
		if check == nil {
			t.Errorf("no check for %s", layout)
			continue
		}
		if !present[layout] {
			t.Errorf("no file of %s in %s", layout, collectedDir)
		}
		t.Run(strings.ReplaceAll(layout, "/", "."), check)
	}
}

// collectedLayouts lists the layout names of the files in collectedDir.
func collectedLayouts(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(collectedDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(collectedDir, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		stem := strings.TrimSuffix(parts[len(parts)-1], ".json")
		switch {
		case rel == "manifest.json":
			out["manifest"] = true
		case parts[0] == "organizations":
			op, _, _ := strings.Cut(stem, ".")
			out["organizations/"+op] = true
		default:
			service, rest, _ := strings.Cut(stem, ".")
			op, _, _ := strings.Cut(rest, ".")
			out[service+"."+op] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCollectedDecisions: questions about a queue, a key, a secret and
// the network are decided with what the collected files say.
func TestCollectedDecisions(t *testing.T) {
	t.Parallel()
	m := loadCollected(t)
	alice, bob := "arn:aws:iam::222222222222:user/alice", "arn:aws:iam::111111111111:user/bob"
	key := "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	secret := "arn:aws:secretsmanager:us-east-1:111111111111:secret:prod-db-AbCdEf"
	tests := []struct {
		name, creds, action, resource, from string
		want                                eval.Decision
		gate                                string // a policy the explanation must name
	}{
		{"queue-policy-admits-the-workload", alice, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:orders", "", eval.Allow, "orders queue policy"},
		{"queue-without-policy-cross-account", alice, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:111111111111:eu-orders", "", eval.ImplicitDeny, ""},
		{"secret-policy-denies-bob", bob, "secretsmanager:GetSecretValue", secret, "", eval.ExplicitDeny, "prod-db-AbCdEf resource policy"},
		{"secret-policy-admits-alice", alice, "secretsmanager:GetSecretValue", secret, "", eval.Allow, "prod-db-AbCdEf resource policy"},
		{"key-policy-enables-iam", bob, "kms:Decrypt", key, "", eval.Allow, "key policy"},
		{"key-policy-not-cross-account", alice, "kms:Decrypt", key, "", eval.ImplicitDeny, "key policy"},
		{"bucket-denies-insecure-transport", bob, "s3:GetObject", "arn:aws:s3:::example-data/a.csv", "", eval.ExplicitDeny, "example-data bucket policy"},
		{"access-point-policy", alice, "s3:GetObject", "arn:aws:s3:us-east-1:111111111111:accesspoint/data-ap/object/a.csv", "", eval.Allow, "data-ap access point policy"},
		{"api-under-its-policy", alice, "execute-api:Invoke", "arn:aws:execute-api:us-east-1:111111111111:a1b2c3d4e5/prod/GET/orders", "", eval.ImplicitDeny, "a1b2c3d4e5 resource policy"},
		{"table-index-under-table-policy", alice, "dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:111111111111:table/Orders/index/byDate", "", eval.ImplicitDeny, "table/Orders resource policy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			creds, err := model.ParseCredentials(tc.creds)
			if err != nil {
				t.Fatal(err)
			}
			q := model.Query{Credentials: creds, Action: tc.action, Resource: tc.resource,
				Context: map[string][]string{"aws:SecureTransport": {"true"}}}
			if strings.Contains(tc.name, "insecure") {
				q.Context = map[string][]string{"aws:SecureTransport": {"false"}}
			}
			g, err := m.GatherAll(q)
			if err != nil {
				t.Fatal(err)
			}
			d, err := eval.Decide(g.Set, g.Request, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			if err != nil {
				t.Fatal(err)
			}
			if d.Result.Decision != tc.want {
				t.Errorf("decision %s, want %s: %s", d.Result.Decision, tc.want, d.Explain().Summary)
			}
			if tc.gate != "" && (g.Set.Resource == nil || !strings.Contains(g.Set.Resource.Name, tc.gate)) {
				t.Errorf("resource policy %v, want one named %q", g.Set.Resource, tc.gate)
			}
		})
	}
}

// TestCollectedRoutes: a gateway endpoint serves the subnets whose route
// table routes to it, not the whole VPC; IMDS settings decide whether an
// instance has credentials at all.
func TestCollectedRoutes(t *testing.T) {
	t.Parallel()
	m := loadCollected(t)
	route := func(instance string) *model.Route {
		t.Helper()
		g, err := m.GatherAll(model.Query{Credentials: model.Credentials{Type: model.InstanceCredentials, Instance: instance},
			From: model.Vantage{Kind: model.FromInstance, ID: instance}, Action: "s3:GetObject", Resource: "arn:aws:s3:::example-data/a"})
		if err != nil {
			t.Fatal(err)
		}
		return g.Route
	}
	if rt := route("i-0private000000001"); rt.Endpoint == nil || rt.Endpoint.ID != "vpce-0s3gateway0000001" || rt.Context["aws:SourceVpc"] == nil {
		t.Errorf("the private subnet routes to the S3 gateway endpoint: %+v", rt)
	}
	if rt := route("i-0public0000000001"); rt.Endpoint != nil || rt.Context["aws:SourceIp"][0] != "203.0.113.10" {
		t.Errorf("the public subnet's route table has no route to the endpoint: %+v", rt)
	}
	g, err := m.GatherAll(model.Query{Credentials: model.Credentials{Type: model.InstanceCredentials, Instance: "i-0private000000001"},
		Action: "s3:GetObject", Resource: "arn:aws:s3:::example-data/a"})
	if err != nil || !hasKey(g.Request, "aws:ec2InstanceSourceVpc") {
		t.Errorf("IMDSv2 credentials carry aws:ec2InstanceSourceVpc: %v %v", err, g)
	}
	for _, c := range []model.Credentials{
		{Type: model.InstanceCredentials, Instance: "i-0private000000001", IMDSv1: true}, // HttpTokens required
		{Type: model.InstanceCredentials, Instance: "i-0noimds0000000001"},               // HttpEndpoint disabled
	} {
		if _, err := m.GatherAll(model.Query{Credentials: c, Action: "s3:GetObject", Resource: "*"}); err == nil {
			t.Errorf("%v: credentials the instance cannot fetch were used", c)
		}
	}
}

// TestCollectedNotCollected: a question about a resource type the
// manifest says was denied is not answered as "no policy".
func TestCollectedNotCollected(t *testing.T) {
	t.Parallel()
	m := loadCollected(t)
	_, err := m.GatherAll(model.Query{Credentials: model.Credentials{Principal: "arn:aws:iam::222222222222:user/alice"},
		Action: "kinesis:GetRecords", Resource: "arn:aws:kinesis:eu-west-1:222222222222:stream/clicks"})
	if err == nil || !strings.Contains(err.Error(), "not collected") || !strings.Contains(err.Error(), "kinesis.list-streams was denied") {
		t.Errorf("error %v, want one saying the streams were not collected", err)
	}
}

// TestCollectedMalformed: a malformed file of every format is bad input
// naming the file, the JSON path, the line and the column.
func TestCollectedMalformed(t *testing.T) {
	t.Parallel()
	pos := regexp.MustCompile(`^(\S+\.json):(\d+):(\d+): (\$\S*): `)
	for _, layout := range load.Layouts() {
		file, content := malformed(layout)
		t.Run(strings.ReplaceAll(layout, "/", "."), func(t *testing.T) {
			t.Parallel()
			_, err := load.LoadFiles(map[string][]byte{file: []byte(content)}, load.Options{})
			if err == nil {
				t.Fatalf("%s: %s loaded", file, content)
			}
			first := strings.SplitN(err.Error(), "\n", 2)[0]
			if m := pos.FindStringSubmatch(first); m == nil || m[1] != file {
				t.Errorf("error %q does not name %s with line:column and a JSON path", first, file)
			}
		})
	}
}

// malformed is a file of a format whose content has a member of the wrong
// type (a string where the CLI prints a list or an object).
func malformed(layout string) (file, content string) {
	switch {
	case layout == "manifest":
		return "c/manifest.json", `{"version": 1, "denied": [{"account": "222222222222", "call": 7}]}`
	case strings.HasPrefix(layout, "organizations/"):
		op := strings.TrimPrefix(layout, "organizations/")
		body := map[string]string{
			"describe-organization":         `{"Organization": {"Id": 5}}`,
			"list-roots":                    `{"Roots": "r-1"}`,
			"ous-for-parent":                `{"OrganizationalUnits": "ou-1"}`,
			"accounts-for-parent":           `{"Accounts": [{"Id": "12"}]}`,
			"list-policies":                 `{"Policies": [{"Id": "p-1", "Type": "TAG_POLICY"}]}`,
			"describe-policy":               `{"Policy": {"PolicySummary": {"Id": "p-1", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{\"Statement\": 3}"}}`,
			"targets-for-policy":            `{"Targets": "all"}`,
			"list-delegated-administrators": `{"DelegatedAdministrators": [{"Id": "1"}]}`,
			"list-tags-for-resource":        `{"Tags": "env"}`,
		}[op]
		id := map[string]string{"ous-for-parent": ".r-ab12", "accounts-for-parent": ".r-ab12", "describe-policy": ".p-1",
			"targets-for-policy": ".p-1", "list-tags-for-resource": ".111111111111"}[op]
		return "c/organizations/" + op + id + ".json", body
	}
	dir := "c/accounts/111111111111/us-east-1/"
	if strings.HasPrefix(layout, "iam.") || layout == "s3api.list-buckets" || layout == "s3control.get-public-access-block" {
		dir = "c/accounts/111111111111/global/"
	}
	body := map[string]string{
		"iam.get-account-authorization-details": `{"UserDetailList": {"UserName": "bob"}}`,
		"iam.list-instance-profiles":            `{"InstanceProfiles": [{"Arn": "arn:aws:iam::111111111111:instance-profile/p", "InstanceProfileName": "p", "Roles": "r"}]}`,
		"iam.list-open-id-connect-providers":    `{"OpenIDConnectProviderList": [{"Arn": 1}]}`,
		"iam.get-open-id-connect-provider":      `{"Url": ["x"]}`,
		"iam.list-saml-providers":               `{"SAMLProviderList": "x"}`,
		"s3api.list-buckets":                    `{"Buckets": [{"Name": {}}]}`,
		"s3api.get-bucket-policy":               `{"Policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Maybe\"}]}"}`,
		"s3api.get-public-access-block":         `{"PublicAccessBlockConfiguration": {"BlockPublicAcls": "yes"}}`,
		"s3api.get-bucket-ownership-controls":   `{"OwnershipControls": {"Rules": [{"ObjectOwnership": "Anyone"}]}}`,
		"s3control.get-public-access-block":     `{"PublicAccessBlockConfiguration": {"RestrictPublicBuckets": 1}}`,
		"s3control.list-access-points":          `{"AccessPointList": [{"Name": "ap", "AccessPointArn": "arn:aws:s3:us-east-1:999999999999:accesspoint/ap"}]}`,
		"s3control.get-access-point-policy":     `{"Policy": 42}`,
		"kms.list-keys":                         `{"Keys": [{"KeyId": "k"}]}`,
		"kms.get-key-policy":                    `{"Policy": ["x"], "PolicyName": "default"}`,
		"kms.list-grants":                       `{"Grants": [{"GrantId": "g", "Operations": "Decrypt"}]}`,
		"kms.list-aliases":                      `{"Aliases": "alias/app"}`,
		"sqs.list-queues":                       `{"QueueUrls": ["https://sqs.us-east-1.amazonaws.com/999999999999/q"]}`,
		"sqs.get-queue-attributes":              `{"Attributes": {"QueueArn": "arn:aws:sqs:eu-west-1:111111111111:q"}}`,
		"sns.list-topics":                       `{"Topics": [{"TopicArn": "not-an-arn"}]}`,
		"sns.get-topic-attributes":              `{"Attributes": "x"}`,
		"lambda.list-functions":                 `{"Functions": [{"FunctionName": "f"}]}`,
		"lambda.get-policy":                     `{"RevisionId": "r"}`,
		"lambda.list-versions-by-function":      `{"Versions": [{"FunctionArn": "arn:aws:lambda:us-east-1:111111111111:function:other:1", "Version": "1"}]}`,
		"lambda.list-aliases":                   `{"Aliases": [{"AliasArn": "arn:aws:lambda:us-east-1:111111111111:function:f:live", "Name": 3}]}`,
		"lambda.list-layers":                    `{"Layers": [{"LayerName": "l"}]}`,
		"lambda.get-layer-version-policy":       `{"Policy": ""}`,
		"secretsmanager.list-secrets":           `{"SecretList": [{"ARN": "arn:aws:secretsmanager:us-east-1:111111111111:secret:s-abcdef", "Tags": "t"}]}`,
		"secretsmanager.get-resource-policy":    `{"ARN": "arn:aws:secretsmanager:us-east-1:111111111111:secret:s-abcdef", "ResourcePolicy": "{"}`,
		"ecr.describe-repositories":             `{"repositories": [{"repositoryName": "r"}]}`,
		"ecr.get-repository-policy":             `{"policyText": {"Statement": "x"}}`,
		"ecr.get-registry-policy":               `{"registryId": "111111111111"}`,
		"dynamodb.list-tables":                  `{"TableNames": [1, {}]}`,
		"dynamodb.describe-table":               `{"Table": {"TableName": "t", "TableArn": "arn:aws:dynamodb:us-east-1:222222222222:table/t"}}`,
		"dynamodb.get-resource-policy":          `{"Policy": true}`,
		"events.list-event-buses":               `{"EventBuses": [{"Name": "default"}]}`,
		"apigateway.get-rest-apis":              `{"items": [{"id": "a", "policy": "{\\\"Statement\\\": 1}"}]}`,
		"efs.describe-file-systems":             `{"FileSystems": "fs"}`,
		"efs.describe-file-system-policy":       `{"FileSystemId": "fs-1"}`,
		"opensearch.list-domain-names":          `{"DomainNames": [{"EngineType": "OpenSearch"}]}`,
		"opensearch.describe-domain":            `{"DomainStatus": "search"}`,
		"backup.list-backup-vaults":             `{"BackupVaultList": [{"BackupVaultName": "v"}]}`,
		"backup.get-backup-vault-access-policy": `{"Policy": {"Statement": [{"Effect": "Allow"}]}}`,
		"glacier.list-vaults":                   `{"VaultList": [{"VaultName": "v"}]}`,
		"glacier.get-vault-access-policy":       `{"policy": "x"}`,
		"kinesis.list-streams":                  `{"StreamNames": "clicks"}`,
		"kinesis.list-stream-consumers":         `{"Consumers": [{"ConsumerName": "c", "ConsumerARN": 7}]}`,
		"lambda.list-layer-versions":            `{"LayerVersions": [{"LayerVersionArn": "arn:aws:lambda:us-east-1:111111111111:layer:other:1"}]}`,
		"kinesis.get-resource-policy":           `{"Policy": "[]"}`,
		"glue.get-resource-policy":              `{"PolicyHash": "h"}`,
		"ec2.describe-vpcs":                     `{"Vpcs": [{"OwnerId": "111111111111"}]}`,
		"ec2.describe-subnets":                  `{"Subnets": [{"SubnetId": "subnet-1"}]}`,
		"ec2.describe-route-tables":             `{"RouteTables": [{"RouteTableId": "rtb-1", "VpcId": "vpc-1", "Routes": "all"}]}`,
		"ec2.describe-internet-gateways":        `{"InternetGateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"State": "available"}]}]}`,
		"ec2.describe-vpc-endpoints":            `{"VpcEndpoints": [{"VpcEndpointId": "vpce-1"}]}`,
		"ec2.describe-instances":                `{"Reservations": [{"OwnerId": "111111111111", "Instances": [{"InstanceId": "i-1", "VpcId": "vpc-1", "Placement": {"AvailabilityZone": "us-east-1a"}, "MetadataOptions": {"HttpTokens": "sometimes"}}]}]}`,
	}[layout]
	id := map[string]string{
		"iam.get-open-id-connect-provider": ".token.example.com", "s3api.get-bucket-policy": ".b", "s3api.get-public-access-block": ".b",
		"s3api.get-bucket-ownership-controls": ".b", "s3control.get-access-point-policy": ".ap", "kms.get-key-policy": ".k", "kms.list-grants": ".k",
		"sqs.get-queue-attributes": ".q", "sns.get-topic-attributes": ".t", "lambda.get-policy": ".f", "lambda.get-layer-version-policy": ".l.1",
		"lambda.list-versions-by-function": ".f", "lambda.list-aliases": ".f",
		"secretsmanager.get-resource-policy": ".s", "ecr.get-repository-policy": ".r", "dynamodb.describe-table": ".t", "dynamodb.get-resource-policy": ".t",
		"efs.describe-file-system-policy": ".fs-1", "opensearch.describe-domain": ".search", "backup.get-backup-vault-access-policy": ".v",
		"glacier.get-vault-access-policy": ".v", "kinesis.get-resource-policy": ".clicks",
	}[layout]
	if body == "" {
		body = `{"unexpected": "` + layout + `"}`
	}
	return dir + layout + id + ".json", body
}

// TestManifestWithoutFiles: the collector's calls that write no file
// (bucket location, the account's Regions) and accounts it could not
// collect at all make the model say what is missing.
func TestManifestWithoutFiles(t *testing.T) {
	t.Parallel()
	m, err := load.LoadFiles(map[string][]byte{"c/manifest.json": []byte(`{"version": 1,
  "accounts": [{"id": "111111111111", "error": "sts AssumeRole: AccessDenied"}, {"id": "222222222222", "regions": ["us-east-1"]}],
  "denied": [{"account": "222222222222", "region": "global", "call": "s3api.get-bucket-location", "id": "b", "error": "AccessDenied"}],
  "failed": [{"account": "333333333333", "region": "global", "call": "ec2.describe-regions", "error": "throttled"},
             {"call": "organizations.list-roots", "error": "throttled"}]}`)}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		account, region string
		typ             model.ResourceType
		missing         bool
	}{
		{"111111111111", "us-east-1", model.Queue, true}, // nothing of the account
		{"222222222222", "", model.Bucket, true},
		{"222222222222", "us-east-1", model.Queue, false},
		{"333333333333", "eu-west-1", model.Key, true},
	} {
		if g := m.NotCollected(tc.account, tc.region, tc.typ); (g != nil) != tc.missing {
			t.Errorf("NotCollected(%s, %s, %s) = %v, want missing %v", tc.account, tc.region, tc.typ, g, tc.missing)
		}
	}
	if _, err := load.LoadFiles(map[string][]byte{"c/manifest.json": []byte(`{"version": 1, "denied": [{"call": "sqs.list-queue"}]}`)}, load.Options{}); err == nil {
		t.Error("an unknown call in the manifest loaded")
	}
}

// hasKey reports whether a gathered request holds a condition key.
func hasKey(r policy.Request, key string) bool {
	v, _ := r.Value(key)
	return v != nil
}
