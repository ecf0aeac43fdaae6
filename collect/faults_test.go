package collect_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
)

// TestFaults: throttling and a dropped connection are retried by the SDK
// and the files are written; AccessDenied is recorded in the manifest and
// the run goes on; a bucket without a policy is absent, not failed.
func TestFaults(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(3)
	srv := fakeaws.Start(w, fakeaws.Faults{
		Throttle: map[string]int{"iam:GetAccountAuthorizationDetails": 3, "organizations:ListAccountsForParent": 1,
			"apigateway:GET": 1, "glue:GetResourcePolicy": 1},
		Drop: map[string]int{"ec2:DescribeVpcs": 2, "s3:GetBucketPolicy": 1, "kinesis:ListStreams": 1, "backup:ListBackupVaults": 1},
		Deny: map[string]bool{"222222222222/s3:GetBucketPolicy": true, "333333333333/ec2:DescribeInstances": true,
			"222222222222/glacier:ListVaults": true, "333333333333/elasticfilesystem:DescribeFileSystemPolicy": true},
	})
	defer srv.Close()
	out := t.TempDir()
	o := options(srv, out)
	o.Org = true
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	m, err := collect.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Complete || len(m.Failed) != 0 {
		t.Fatalf("complete %v, failed %+v", m.Complete, m.Failed)
	}
	var denied []string
	for _, e := range m.Denied {
		denied = append(denied, e.File+" "+e.Code)
	}
	wantDenied := []string{
		"accounts/222222222222/ap-northeast-1/glacier.list-vaults.json AccessDeniedException",
		"accounts/222222222222/ap-northeast-1/s3api.get-bucket-policy.data-222222222222.json AccessDenied",
		"accounts/222222222222/us-east-1/glacier.list-vaults.json AccessDeniedException",
		"accounts/222222222222/us-east-1/s3api.get-bucket-policy.logs-222222222222.json AccessDenied",
		"accounts/333333333333/ap-northeast-1/ec2.describe-instances.json UnauthorizedOperation",
		"accounts/333333333333/ap-northeast-1/efs.describe-file-system-policy.fs-0123456789abcdef0.json AccessDeniedException",
		"accounts/333333333333/ap-northeast-1/efs.describe-file-system-policy.fs-0fedcba9876543210.json AccessDeniedException",
		"accounts/333333333333/us-east-1/ec2.describe-instances.json UnauthorizedOperation",
		"accounts/333333333333/us-east-1/efs.describe-file-system-policy.fs-0123456789abcdef0.json AccessDeniedException",
		"accounts/333333333333/us-east-1/efs.describe-file-system-policy.fs-0fedcba9876543210.json AccessDeniedException",
	}
	if !reflect.DeepEqual(denied, wantDenied) {
		t.Errorf("denied:\n%s\nwant\n%s", strings.Join(denied, "\n"), strings.Join(wantDenied, "\n"))
	}
	for _, f := range wantDenied {
		if _, err := os.Stat(filepath.Join(out, strings.Fields(f)[0])); err == nil {
			t.Errorf("%s was written", f)
		}
	}
	absent := map[string]string{}
	for _, e := range m.Absent {
		absent[e.File] = e.Code
	}
	if got := absent["accounts/111111111111/us-east-1/s3api.get-bucket-policy.logs-111111111111.json"]; got != "NoSuchBucketPolicy" {
		t.Errorf("the bucket without a policy: absent code %q, want NoSuchBucketPolicy", got)
	}
	for _, f := range []string{
		"accounts/111111111111/global/iam.get-account-authorization-details.json",
		"accounts/222222222222/ap-northeast-1/ec2.describe-vpcs.json",
		"accounts/111111111111/ap-northeast-1/s3api.get-bucket-policy.data-111111111111.json",
		"organizations/accounts-for-parent.r-fake.json",
		"accounts/111111111111/us-east-1/apigateway.get-rest-apis.json",
		"accounts/222222222222/ap-northeast-1/glue.get-resource-policy.json",
		"accounts/333333333333/us-east-1/kinesis.list-streams.json",
		"accounts/111111111111/ap-northeast-1/backup.list-backup-vaults.json",
	} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("after the retried fault: %v", err)
		}
	}
	outcomes := map[string]int{}
	for _, r := range srv.Requests() {
		outcomes[r.Outcome]++
	}
	if outcomes["throttled"] != 6 || outcomes["dropped"] != 5 {
		t.Errorf("faults injected: %v", outcomes)
	}
	for _, n := range srv.SessionNames {
		if n != collect.SessionName {
			t.Errorf("AssumeRole session name %q, want %q", n, collect.SessionName)
		}
	}
	if len(srv.SessionNames) == 0 {
		t.Error("no AssumeRole into the member accounts")
	}
}

// TestResume kills a run part way (its context is cancelled after a
// number of calls), then resumes: the resumed run makes only the calls
// whose files the first run did not record, and the directory ends as an
// uninterrupted run leaves it.
func TestResume(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(3)

	full := t.TempDir()
	ref := fakeaws.Start(w, fakeaws.Faults{})
	defer ref.Close()
	fo := options(ref, full)
	fo.Org = true
	if err := collect.Run(context.Background(), baseConfig(), fo); err != nil {
		t.Fatal(err)
	}

	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	srv.OnRequest = func(r fakeaws.Request) {
		if n.Add(1) == 60 {
			cancel()
		}
	}
	o := options(srv, out)
	o.Org = true
	o.Concurrency = 4
	if err := collect.Run(ctx, baseConfig(), o); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted run: %v", err)
	}
	first, err := collect.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if first.Complete || len(first.Collected) == 0 {
		t.Fatalf("interrupted manifest: complete %v, %d collected", first.Complete, len(first.Collected))
	}
	had := map[string]bool{}
	for _, e := range append(first.Collected, first.Absent...) {
		had[e.File] = true
	}

	srv.OnRequest = nil
	srv.ResetLog()
	var mu sync.Mutex
	var made []string
	o = options(srv, out)
	o.Org, o.Resume = true, true
	o.Events = func(e collect.Event) {
		if e.Kind == collect.CallDone && e.Outcome != "skipped" {
			mu.Lock()
			made = append(made, e.File)
			mu.Unlock()
		}
	}
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	for _, f := range made {
		if had[f] {
			t.Errorf("resumed run made %s again", f)
		}
	}
	if len(made) == 0 {
		t.Error("resumed run made no call")
	}
	// The fake's own log agrees: no request for a file the first run had.
	for _, r := range srv.Requests() {
		if f := fileOf(r); f != "" && had[f] {
			t.Errorf("resumed run asked AWS again for %s (%s %s)", f, r.Op, r.Resource)
		}
	}
	if got, want := files(t, out), files(t, full); !reflect.DeepEqual(got, want) {
		t.Errorf("resumed directory:\n%s\nuninterrupted:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range files(t, full) {
		if f == collect.ManifestFile {
			continue
		}
		a, _ := os.ReadFile(filepath.Join(full, f))
		b, _ := os.ReadFile(filepath.Join(out, f))
		if string(a) != string(b) {
			t.Errorf("%s differs after resume", f)
		}
	}
	last, err := collect.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if !last.Complete || len(last.Collected) != len(mustManifest(t, full).Collected) {
		t.Errorf("resumed manifest: complete %v, %d collected", last.Complete, len(last.Collected))
	}
}

func mustManifest(t *testing.T, dir string) *collect.Manifest {
	t.Helper()
	m, err := collect.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fileOf names the file a request to the fake is for ("" for calls that
// write none: STS, Region discovery).
func fileOf(r fakeaws.Request) string {
	acct := "accounts/" + r.Account + "/"
	g := acct + "global/"
	reg := acct + r.Region + "/"
	switch r.Op {
	case "iam:GetAccountAuthorizationDetails":
		return g + "iam.get-account-authorization-details.json"
	case "iam:ListOpenIDConnectProviders":
		return g + "iam.list-open-id-connect-providers.json"
	case "iam:GetOpenIDConnectProvider":
		_, name, _ := strings.Cut(r.Resource, ":oidc-provider/")
		return g + "iam.get-open-id-connect-provider." + name + ".json"
	case "iam:ListSAMLProviders":
		return g + "iam.list-saml-providers.json"
	case "iam:ListInstanceProfiles":
		return g + "iam.list-instance-profiles.json"
	case "s3:GetAccountPublicAccessBlock":
		return g + "s3control.get-public-access-block.json"
	case "s3:ListAllMyBuckets":
		return g + "s3api.list-buckets.json"
	case "s3:GetBucketPolicy":
		return reg + "s3api.get-bucket-policy." + r.Resource + ".json"
	case "s3:GetBucketPublicAccessBlock":
		return reg + "s3api.get-public-access-block." + r.Resource + ".json"
	case "s3:GetBucketOwnershipControls":
		return reg + "s3api.get-bucket-ownership-controls." + r.Resource + ".json"
	case "s3:ListAccessPoints":
		return reg + "s3control.list-access-points.json"
	case "s3:GetAccessPointPolicy":
		return reg + "s3control.get-access-point-policy." + r.Resource + ".json"
	case "events:ListEventBuses":
		return reg + "events.list-event-buses.json"
	case "apigateway:GET":
		return reg + "apigateway.get-rest-apis.json"
	case "elasticfilesystem:DescribeFileSystems":
		return reg + "efs.describe-file-systems.json"
	case "elasticfilesystem:DescribeFileSystemPolicy":
		return reg + "efs.describe-file-system-policy." + r.Resource + ".json"
	case "es:ListDomainNames":
		return reg + "opensearch.list-domain-names.json"
	case "es:DescribeDomain":
		return reg + "opensearch.describe-domain." + r.Resource + ".json"
	case "backup:ListBackupVaults":
		return reg + "backup.list-backup-vaults.json"
	case "backup:GetBackupVaultAccessPolicy":
		return reg + "backup.get-backup-vault-access-policy." + r.Resource + ".json"
	case "glacier:ListVaults":
		return reg + "glacier.list-vaults.json"
	case "glacier:GetVaultAccessPolicy":
		return reg + "glacier.get-vault-access-policy." + r.Resource + ".json"
	case "kinesis:ListStreams":
		return reg + "kinesis.list-streams.json"
	case "glue:GetResourcePolicy":
		return reg + "glue.get-resource-policy.json"
	case "lambda:GetPolicy":
		return reg + "lambda.get-policy." + strings.Replace(r.Resource, ":", ".", 1) + ".json"
	case "lambda:ListVersionsByFunction":
		return reg + "lambda.list-versions-by-function." + r.Resource + ".json"
	case "lambda:ListAliases":
		return reg + "lambda.list-aliases." + r.Resource + ".json"
	case "lambda:ListLayerVersions":
		return reg + "lambda.list-layer-versions." + r.Resource + ".json"
	case "organizations:DescribeOrganization":
		return "organizations/describe-organization.json"
	case "organizations:ListRoots":
		return "organizations/list-roots.json"
	case "organizations:ListOrganizationalUnitsForParent":
		return "organizations/ous-for-parent." + r.Resource + ".json"
	case "organizations:ListAccountsForParent":
		return "organizations/accounts-for-parent." + r.Resource + ".json"
	case "organizations:ListPolicies":
		return "organizations/list-policies." + r.Resource + ".json"
	case "organizations:DescribePolicy":
		return "organizations/describe-policy." + r.Resource + ".json"
	case "organizations:ListTargetsForPolicy":
		return "organizations/targets-for-policy." + r.Resource + ".json"
	case "organizations:ListDelegatedAdministrators":
		return "organizations/list-delegated-administrators.json"
	case "organizations:ListTagsForResource":
		return "organizations/list-tags-for-resource." + r.Resource + ".json"
	}
	if name, ok := strings.CutPrefix(r.Op, "ec2:Describe"); ok && name != "Regions" {
		return reg + "ec2.describe-" + map[string]string{"Vpcs": "vpcs", "Subnets": "subnets", "RouteTables": "route-tables",
			"InternetGateways": "internet-gateways", "VpcEndpoints": "vpc-endpoints", "Instances": "instances"}[name] + ".json"
	}
	return ""
}
