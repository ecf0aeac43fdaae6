package collect_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
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
			newServices(want, dir, id, region, r)
			for _, absent := range []string{"lambda.get-policy.internal.json", "lambda.get-policy.handler.1.json", "secretsmanager.get-resource-policy.api-key.json",
				"ecr.get-repository-policy.base.json", "dynamodb.get-resource-policy.sessions.json",
				"lambda.get-layer-version-policy.shared.1.json", "efs.describe-file-system-policy.fs-0fedcba9876543210.json",
				"backup.get-backup-vault-access-policy.archive.json", "glacier.get-vault-access-policy.cold.json",
				"kinesis.get-resource-policy.events.json", "kinesis.get-resource-policy.clicks%2Fconsumer%2Fidle%3A1711962000.json"} {
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

// newServices adds the files of EventBridge, API Gateway, EFS, OpenSearch,
// Backup, Glacier, Kinesis, Glue and Lambda layer versions that the
// collector must write: the fake's data in the CLI's shapes, timestamps
// (epoch seconds on the wire) as the CLI prints them.
func newServices(want map[string]any, dir, id, region string, r *fakeaws.Region) {
	const at = "2024-04-01T09:00:00+00:00"
	arn := func(service, res string) string { return "arn:aws:" + service + ":" + region + ":" + id + ":" + res }
	var buses, apis, fss, domains, vaults, glaciers, sums, names []any
	for _, b := range r.Buses {
		bus := map[string]any{"Name": b.Name, "Arn": arn("events", "event-bus/"+b.Name), "CreationTime": at, "LastModifiedTime": at}
		if b.Policy != "" {
			bus["Policy"] = b.Policy
		}
		buses = append(buses, bus)
	}
	want[dir+"events.list-event-buses.json"] = map[string]any{"EventBuses": buses}
	for _, a := range r.RestAPIs {
		api := map[string]any{"id": a.Name, "name": a.Extra, "createdDate": at, "apiKeySource": "HEADER",
			"endpointConfiguration": map[string]any{"types": []any{"REGIONAL"}}, "disableExecuteApiEndpoint": false, "rootResourceId": "root" + a.Name}
		if a.Policy != "" {
			api["policy"] = strings.ReplaceAll(a.Policy, `"`, `\"`)
		}
		apis = append(apis, api)
	}
	want[dir+"apigateway.get-rest-apis.json"] = map[string]any{"items": apis}
	for _, f := range r.FileSystems {
		fss = append(fss, map[string]any{"OwnerId": id, "CreationToken": "token-" + f.Name, "FileSystemId": f.Name,
			"FileSystemArn": arn("elasticfilesystem", "file-system/"+f.Name), "CreationTime": at, "LifeCycleState": "available",
			"NumberOfMountTargets": 1, "SizeInBytes": map[string]any{"Value": 6144}, "PerformanceMode": "generalPurpose",
			"Encrypted": true, "ThroughputMode": "bursting", "Tags": []any{}})
		if f.Policy != "" {
			want[dir+"efs.describe-file-system-policy."+f.Name+".json"] = map[string]any{"FileSystemId": f.Name, "Policy": f.Policy}
		}
	}
	want[dir+"efs.describe-file-systems.json"] = map[string]any{"FileSystems": fss}
	for _, d := range r.Domains {
		domains = append(domains, map[string]any{"DomainName": d.Name, "EngineType": "OpenSearch"})
		want[dir+"opensearch.describe-domain."+d.Name+".json"] = map[string]any{"DomainStatus": map[string]any{"DomainId": id + "/" + d.Name,
			"DomainName": d.Name, "ARN": arn("es", "domain/"+d.Name), "Created": true, "Deleted": false, "Processing": false, "UpgradeProcessing": false,
			"Endpoint": "search-" + d.Name + "." + region + ".es.amazonaws.com", "EngineVersion": "OpenSearch_2.13",
			"ClusterConfig": map[string]any{"InstanceType": "t3.small.search", "InstanceCount": 1}, "AccessPolicies": d.Policy}}
	}
	want[dir+"opensearch.list-domain-names.json"] = map[string]any{"DomainNames": domains}
	for _, v := range r.BackupVaults {
		vaultARN := arn("backup", "backup-vault:"+v.Name)
		vaults = append(vaults, map[string]any{"BackupVaultName": v.Name, "BackupVaultArn": vaultARN, "CreationDate": at,
			"EncryptionKeyArn": arn("kms", "key/backup"), "NumberOfRecoveryPoints": 4, "Locked": false, "VaultType": "BACKUP_VAULT", "VaultState": "AVAILABLE"})
		if v.Policy != "" {
			want[dir+"backup.get-backup-vault-access-policy."+v.Name+".json"] = map[string]any{"BackupVaultName": v.Name, "BackupVaultArn": vaultARN, "Policy": v.Policy}
		}
	}
	want[dir+"backup.list-backup-vaults.json"] = map[string]any{"BackupVaultList": vaults}
	for _, v := range r.GlacierVaults {
		glaciers = append(glaciers, map[string]any{"VaultARN": arn("glacier", "vaults/"+v.Name), "VaultName": v.Name,
			"CreationDate": "2024-04-01T09:00:00.000Z", "NumberOfArchives": 2, "SizeInBytes": 4096})
		if v.Policy != "" {
			want[dir+"glacier.get-vault-access-policy."+v.Name+".json"] = map[string]any{"policy": map[string]any{"Policy": v.Policy}}
		}
	}
	want[dir+"glacier.list-vaults.json"] = map[string]any{"VaultList": glaciers}
	for _, s := range r.Streams {
		streamARN := arn("kinesis", "stream/"+s.Name)
		names = append(names, s.Name)
		sums = append(sums, map[string]any{"StreamName": s.Name, "StreamARN": streamARN, "StreamStatus": "ACTIVE",
			"StreamModeDetails": map[string]any{"StreamMode": "ON_DEMAND"}, "StreamCreationTimestamp": at})
		if s.Policy != "" {
			want[dir+"kinesis.get-resource-policy."+s.Name+".json"] = map[string]any{"Policy": s.Policy}
		}
		consumers := []any{}
		for _, k := range s.Sub {
			consumers = append(consumers, map[string]any{"ConsumerName": k.Name, "ConsumerARN": streamARN + "/consumer/" + k.Name + ":1711962000",
				"ConsumerStatus": "ACTIVE", "ConsumerCreationTimestamp": at})
			if k.Policy != "" {
				want[dir+"kinesis.get-resource-policy."+s.Name+"%2Fconsumer%2F"+k.Name+"%3A1711962000.json"] = map[string]any{"Policy": k.Policy}
			}
		}
		want[dir+"kinesis.list-stream-consumers."+s.Name+".json"] = map[string]any{"Consumers": consumers}
	}
	want[dir+"kinesis.list-streams.json"] = map[string]any{"StreamNames": names, "StreamSummaries": sums}
	want[dir+"glue.get-resource-policy.json"] = map[string]any{"PolicyInJson": r.CatalogPolicy, "PolicyHash": "hash-" + id, "CreateTime": at, "UpdateTime": at}
	for _, f := range r.Functions {
		head := arn("lambda", "function:"+f.Name)
		versions := []any{map[string]any{"FunctionName": f.Name, "FunctionArn": head + ":$LATEST", "Version": "$LATEST", "Runtime": "python3.12", "CodeSize": 1024}}
		aliases := []any{}
		for _, q := range f.Sub {
			name := q.Name
			if name == "" {
				name = fmt.Sprint(q.Version)
				versions = append(versions, map[string]any{"FunctionName": f.Name, "FunctionArn": head + ":" + name, "Version": name, "Runtime": "python3.12", "CodeSize": 1024})
			} else {
				aliases = append(aliases, map[string]any{"AliasArn": head + ":" + name, "Name": name, "FunctionVersion": fmt.Sprint(q.Version), "RevisionId": "1"})
			}
			if q.Policy != "" {
				want[dir+"lambda.get-policy."+f.Name+"."+name+".json"] = map[string]any{"Policy": q.Policy, "RevisionId": "1"}
			}
		}
		want[dir+"lambda.list-versions-by-function."+f.Name+".json"] = map[string]any{"Versions": versions}
		want[dir+"lambda.list-aliases."+f.Name+".json"] = map[string]any{"Aliases": aliases}
	}
	for _, l := range r.Layers {
		var versions []any
		for _, v := range append([]*fakeaws.Named{l}, l.Sub...) {
			versions = append(versions, map[string]any{"LayerVersionArn": fmt.Sprintf("%s:%d", arn("lambda", "layer:"+l.Name), v.Version),
				"Version": v.Version, "CreatedDate": "2024-04-01T09:00:00.000+0000", "CompatibleRuntimes": []any{"python3.12"}})
			if v.Policy != "" {
				want[fmt.Sprintf("%slambda.get-layer-version-policy.%s.%d.json", dir, l.Name, v.Version)] = map[string]any{"Policy": v.Policy, "RevisionId": "1"}
			}
		}
		want[dir+"lambda.list-layer-versions."+l.Name+".json"] = map[string]any{"LayerVersions": versions}
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
