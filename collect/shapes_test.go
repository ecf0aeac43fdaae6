package collect_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/collect"
	"github.com/sekisho/sekisho/internal/fakeaws"
)

// TestFilesAreCLIShapes: what the fake holds is written in the AWS CLI's
// output shapes, the fake encodes it to each service's wire protocol, the
// real SDK decodes it, and the collector must write back exactly the CLI
// shapes: a member the converter names wrongly, or that the fake's wire
// encoding names wrongly, is lost on the way and fails the comparison.
func TestFilesAreCLIShapes(t *testing.T) {
	t.Parallel()
	w := fakeaws.SampleOrg(3)
	srv := fakeaws.Start(w, fakeaws.Faults{})
	defer srv.Close()
	out := t.TempDir()
	o := options(srv, out)
	o.Org = true
	if err := collect.Run(context.Background(), baseConfig(), o); err != nil {
		t.Fatal(err)
	}
	for id, a := range w.Accounts {
		g := "accounts/" + id + "/global/"
		want := map[string]any{
			g + "iam.get-account-authorization-details.json":                                a.GAAD,
			g + "iam.list-saml-providers.json":                                              map[string]any{"SAMLProviderList": a.SAML},
			g + "iam.list-instance-profiles.json":                                           map[string]any{"InstanceProfiles": a.InstanceProfiles},
			g + "s3control.get-public-access-block.json":                                    map[string]any{"PublicAccessBlockConfiguration": a.PAB},
			g + "iam.get-open-id-connect-provider.token.actions.githubusercontent.com.json": a.OIDC["arn:aws:iam::"+id+":oidc-provider/token.actions.githubusercontent.com"],
		}
		var buckets []any
		for _, b := range a.Buckets {
			buckets = append(buckets, map[string]any{"Name": b.Name, "CreationDate": "2024-04-01T09:00:00+00:00", "BucketRegion": b.Region})
			dir := "accounts/" + id + "/" + b.Region + "/"
			if b.Policy != "" {
				want[dir+"s3api.get-bucket-policy."+b.Name+".json"] = map[string]any{"Policy": b.Policy}
			}
			if b.PAB != nil {
				want[dir+"s3api.get-public-access-block."+b.Name+".json"] = map[string]any{"PublicAccessBlockConfiguration": b.PAB}
			}
			if b.Ownership != "" {
				want[dir+"s3api.get-bucket-ownership-controls."+b.Name+".json"] = fakeaws.J(`{"OwnershipControls": {"Rules": [{"ObjectOwnership": "` + b.Ownership + `"}]}}`)
			}
		}
		want[g+"s3api.list-buckets.json"] = map[string]any{"Buckets": buckets, "Owner": map[string]any{"ID": "fakecanonicalid" + id}}
		for region, r := range a.Regions {
			dir := "accounts/" + id + "/" + region + "/"
			for list, items := range r.EC2 {
				want[dir+"ec2.describe-"+ec2Files[list]+".json"] = map[string]any{list: items}
			}
			arn := func(service, res string) string { return "arn:aws:" + service + ":" + region + ":" + id + ":" + res }
			key := r.Keys[0].Name
			want[dir+"kms.get-key-policy."+key+".json"] = map[string]any{"Policy": r.Keys[0].Policy, "PolicyName": "default"}
			want[dir+"sqs.get-queue-attributes.jobs.json"] = map[string]any{"Attributes": map[string]any{"Policy": r.Queues[0].Policy, "QueueArn": arn("sqs", "jobs")}}
			want[dir+"sqs.get-queue-attributes.private.json"] = map[string]any{"Attributes": map[string]any{"QueueArn": arn("sqs", "private")}}
			want[dir+"sns.get-topic-attributes.alerts.json"] = map[string]any{"Attributes": map[string]any{"Owner": id, "Policy": r.Topics[0].Policy, "TopicArn": arn("sns", "alerts")}}
			want[dir+"lambda.get-policy.handler.json"] = map[string]any{"Policy": r.Functions[0].Policy, "RevisionId": "1"}
			want[dir+"lambda.get-layer-version-policy.shared.3.json"] = map[string]any{"Policy": r.Layers[0].Policy, "RevisionId": "1"}
			want[dir+"secretsmanager.get-resource-policy.db%2Fpassword.json"] = map[string]any{"ARN": arn("secretsmanager", "secret:db/password-AbCdEf"),
				"Name": "db/password", "ResourcePolicy": r.Secrets[0].Policy}
			want[dir+"ecr.get-repository-policy.team%2Fapp.json"] = map[string]any{"registryId": id, "repositoryName": "team/app", "policyText": r.Repos[0].Policy}
			want[dir+"ecr.get-registry-policy.json"] = map[string]any{"registryId": id, "policyText": r.RegistryPolicy}
			want[dir+"dynamodb.get-resource-policy.orders.json"] = map[string]any{"Policy": r.Tables[0].Policy, "RevisionId": "1"}
			want[dir+"dynamodb.get-resource-policy.orders.stream.json"] = map[string]any{"Policy": r.Tables[0].Extra, "RevisionId": "1"}
			want[dir+"dynamodb.list-tables.json"] = map[string]any{"TableNames": []any{"orders", "sessions"}}
			want[dir+"ecr.describe-repositories.json"] = fakeaws.J(`{"repositories": [
				{"repositoryName": "team/app", "repositoryArn": "` + arn("ecr", "repository/team/app") + `", "registryId": "` + id + `",
				 "repositoryUri": "` + id + `.dkr.ecr.` + region + `.amazonaws.com/team/app", "imageTagMutability": "IMMUTABLE"},
				{"repositoryName": "base", "repositoryArn": "` + arn("ecr", "repository/base") + `", "registryId": "` + id + `",
				 "repositoryUri": "` + id + `.dkr.ecr.` + region + `.amazonaws.com/base", "imageTagMutability": "IMMUTABLE"}]}`)
			for _, absent := range []string{"lambda.get-policy.internal.json", "secretsmanager.get-resource-policy.api-key.json",
				"ecr.get-repository-policy.base.json", "dynamodb.get-resource-policy.sessions.json"} {
				if _, err := os.Stat(filepath.Join(out, dir, absent)); err == nil {
					t.Errorf("%s%s written for a resource without a policy", dir, absent)
				}
			}
		}
		for file, v := range want {
			got := readJSON(t, filepath.Join(out, file))
			if !reflect.DeepEqual(got, normal(t, v)) {
				g, _ := json.MarshalIndent(got, "", " ")
				wv, _ := json.MarshalIndent(normal(t, v), "", " ")
				t.Errorf("%s:\n got %s\nwant %s", file, g, wv)
			}
		}
	}
}

var ec2Files = map[string]string{"Vpcs": "vpcs", "Subnets": "subnets", "RouteTables": "route-tables",
	"InternetGateways": "internet-gateways", "VpcEndpoints": "vpc-endpoints", "Reservations": "instances"}

func readJSON(t *testing.T, path string) any {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(src, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func normal(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	json.Unmarshal(b, &out)
	return out
}
