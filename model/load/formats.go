package load

import (
	"sort"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// A format is one kind of input file. Adding an input format is one row
// here and one reader function (in the file of its source: native.go,
// awscli_iam.go, awscli_s3.go, ...).
type format struct {
	// kind names the file in messages: "get-bucket-policy", "sqs get-queue-attributes".
	kind string
	// layout is the file's name in the collected layout
	// (docs/collect-layout.md): "<service>.<operation>" under
	// accounts/ACCOUNT/REGION|global/, "organizations/<operation>" under
	// organizations/, "manifest" for DIR/manifest.json; "" when the
	// format has no place there (native files, bare policy documents).
	layout string
	// name is the first dot-separated part of a loose file's name that
	// announces this format (docs/model.md): "bucket-policy" in
	// bucket-policy.prod-data.json. A file so named is read as this format
	// or rejected, never sniffed as something else.
	name string
	// scope says where a collected file may be: global/, a Region's
	// directory, or either.
	scope scope
	// sniff recognizes the format from its shape, for files outside the
	// collected layout; nil when only the layout name says what a file is
	// (many AWS answers are a bare {"Policy": "..."}). Rows are sniffed in
	// order: a shape that another row's shape contains comes later.
	sniff func(*node.Node) bool
	// collects is the resource type this call collects: a manifest that
	// lists the call as denied makes the model report that type as not
	// collected in the account and Region.
	collects model.ResourceType
	// read adds the file's content to the builder.
	read func(b *builder, r *reader, n *node.Node) error
	// docs names the policy documents read parses, for the parsing
	// goroutines to parse ahead (prefetch.go); nil parses them in read.
	docs func(n *node.Node, visit docVisitor)
	// frees says that read keeps no reference into the tree once it
	// returns (no *node.Node, Items or Fields in the builder, the model,
	// a closure run later or an error), so that the tree's memory is
	// reused for the next file's (node.Arena, parseFiles). Set only for a
	// reader checked to keep none; a format that keeps trees for later
	// (iam-collect's directories, AWS managed documents compared across
	// files, bucket policies waiting for their owner) must not set it.
	frees bool
}

// scope is where a collected file lives.
type scope uint8

const (
	anyScope scope = iota
	globalScope
	regionalScope
)

// formats is every input format Sekisho reads.
var formats = []format{
	// native.go keeps strings, positions and paths of the tree, and the
	// policies policy.FromNodeOrFile and the prefetch parse from it
	// (which hold strings and positions too), nothing of the tree itself.
	{kind: "Sekisho model file", sniff: sniffNative, read: (*builder).native, docs: nativeDocs, frees: true},
	{kind: "manifest", layout: "manifest", read: (*builder).manifest},
	// Every file of an iam-collect directory (aws/PARTITION/accounts|organizations/...):
	// its path says what it holds (iamcollect.go, docs/iam-collect.md).
	{kind: iamCollectKind, read: (*builder).iamCollect},

	// IAM (awscli_iam.go)
	{kind: "get-account-authorization-details", layout: "iam.get-account-authorization-details", name: "authorization-details", scope: globalScope,
		sniff: sniffAuthDetails, read: (*builder).authDetails, docs: authDetailsDocs, frees: true}, // awscli_iam.go keeps a clone of the AWS managed documents it compares
	{kind: "iam list-instance-profiles", layout: "iam.list-instance-profiles", scope: globalScope, read: (*builder).listInstanceProfiles},
	{kind: "iam list-open-id-connect-providers", layout: "iam.list-open-id-connect-providers", scope: globalScope, read: (*builder).listOIDCProviders},
	{kind: "iam get-open-id-connect-provider", layout: "iam.get-open-id-connect-provider", scope: globalScope, read: (*builder).getOIDCProvider},
	{kind: "iam list-saml-providers", layout: "iam.list-saml-providers", scope: globalScope, read: (*builder).listSAMLProviders},

	// Organizations (awscli_organizations.go)
	{kind: "describe-organization", layout: "organizations/describe-organization", name: "describe-organization",
		sniff: objectMember("Organization"), read: (*builder).describeOrganization},
	{kind: "list-roots", layout: "organizations/list-roots", name: "list-roots", sniff: has("Roots"), read: (*builder).listRoots},
	{kind: "list-organizational-units-for-parent", layout: "organizations/ous-for-parent", name: "ous-for-parent",
		sniff: has("OrganizationalUnits"), read: (*builder).ousForParent},
	{kind: "list-accounts-for-parent", layout: "organizations/accounts-for-parent", name: "accounts-for-parent",
		sniff: has("Accounts"), read: (*builder).accountsForParent},
	{kind: "list-targets-for-policy", layout: "organizations/targets-for-policy", name: "targets-for-policy",
		sniff: has("Targets"), read: (*builder).targetsForPolicy},
	{kind: "organizations list-delegated-administrators", layout: "organizations/list-delegated-administrators",
		sniff: has("DelegatedAdministrators"), read: (*builder).delegatedAdministrators},
	{kind: "organizations list-tags-for-resource", layout: "organizations/list-tags-for-resource", read: (*builder).orgTags},

	// EC2 (awscli_ec2.go). The readers of the four that sekisho synth and
	// every collected account hold keep strings, positions, paths and the
	// parsed endpoint policies (policy.FromNode keeps no node), nothing of
	// the tree: their trees' memory is reused (frees).
	{kind: "describe-vpc-endpoints", layout: "ec2.describe-vpc-endpoints", name: "describe-vpc-endpoints", scope: regionalScope,
		sniff: has("VpcEndpoints"), read: (*builder).vpcEndpoints, docs: vpcEndpointDocs, frees: true},
	{kind: "describe-instances", layout: "ec2.describe-instances", name: "describe-instances", scope: regionalScope,
		sniff: has("Reservations"), read: (*builder).instances, frees: true},
	{kind: "ec2 describe-vpcs", layout: "ec2.describe-vpcs", scope: regionalScope, sniff: has("Vpcs"), read: (*builder).describeVPCs, frees: true},
	{kind: "ec2 describe-subnets", layout: "ec2.describe-subnets", scope: regionalScope, sniff: has("Subnets"), read: (*builder).describeSubnets},
	{kind: "ec2 describe-route-tables", layout: "ec2.describe-route-tables", scope: regionalScope,
		sniff: has("RouteTables"), read: (*builder).describeRouteTables},
	{kind: "ec2 describe-internet-gateways", layout: "ec2.describe-internet-gateways", scope: regionalScope,
		sniff: has("InternetGateways"), read: (*builder).describeInternetGateways, frees: true},

	// A bare policy document (or get-policy-version output) that native
	// files refer to: read through them; one that none refers to is an
	// error (checkDocuments). Before list-policies and the {"Policy"}
	// shapes, which a document's members never are.
	{kind: "policy document", sniff: sniffDocument, read: (*builder).policyDocument},
	{kind: "list-policies", layout: "organizations/list-policies", name: "list-policies", sniff: arrayMember("Policies"), read: (*builder).listPolicies},
	{kind: "describe-policy", layout: "organizations/describe-policy", name: "describe-policy", sniff: sniffDescribePolicy, read: (*builder).describePolicy,
		docs: describePolicyDocs},

	// S3 (awscli_s3.go)
	{kind: "get-bucket-policy", layout: "s3api.get-bucket-policy", name: "bucket-policy", scope: regionalScope,
		sniff: stringMember("Policy"), collects: model.Bucket, read: (*builder).bucketPolicy, docs: memberDoc("Policy", policy.Resource)},
	{kind: "s3api list-buckets", layout: "s3api.list-buckets", scope: globalScope, collects: model.Bucket, read: (*builder).listBuckets, frees: true},
	{kind: "s3api get-public-access-block", layout: "s3api.get-public-access-block", scope: regionalScope, collects: model.Bucket, read: (*builder).bucketPublicAccessBlock},
	{kind: "s3api get-bucket-ownership-controls", layout: "s3api.get-bucket-ownership-controls", scope: regionalScope, collects: model.Bucket, read: (*builder).bucketOwnership},
	{kind: "s3control get-public-access-block", layout: "s3control.get-public-access-block", scope: globalScope, read: (*builder).accountPublicAccessBlock},
	{kind: "s3control list-access-points", layout: "s3control.list-access-points", scope: regionalScope, collects: model.AccessPoint, read: (*builder).listAccessPoints},
	{kind: "s3control get-access-point-policy", layout: "s3control.get-access-point-policy", scope: regionalScope, collects: model.AccessPoint, read: (*builder).accessPointPolicy},

	// KMS (awscli_kms.go)
	{kind: "kms list-keys", layout: "kms.list-keys", scope: regionalScope, collects: model.Key, read: (*builder).listKeys},
	{kind: "kms get-key-policy", layout: "kms.get-key-policy", scope: regionalScope, collects: model.Key, read: (*builder).keyPolicy,
		docs: memberDoc("Policy", policy.Resource)},
	{kind: "kms list-grants", layout: "kms.list-grants", scope: regionalScope, collects: model.Key, read: (*builder).listGrants},
	{kind: "kms list-aliases", layout: "kms.list-aliases", scope: regionalScope, collects: model.Key, read: (*builder).listAliases},
	// The other resource policies, one file per service.
	{kind: "sqs list-queues", layout: "sqs.list-queues", scope: regionalScope, collects: model.Queue, read: (*builder).listQueues},
	{kind: "sqs get-queue-attributes", layout: "sqs.get-queue-attributes", scope: regionalScope, collects: model.Queue, read: (*builder).queueAttributes},
	{kind: "sns list-topics", layout: "sns.list-topics", scope: regionalScope, collects: model.Topic, read: (*builder).listTopics},
	{kind: "sns get-topic-attributes", layout: "sns.get-topic-attributes", scope: regionalScope, collects: model.Topic, read: (*builder).topicAttributes},
	{kind: "lambda list-functions", layout: "lambda.list-functions", scope: regionalScope, collects: model.Function, read: (*builder).listFunctions},
	{kind: "lambda get-policy", layout: "lambda.get-policy", scope: regionalScope, collects: model.Function, read: (*builder).functionPolicy},
	{kind: "lambda list-versions-by-function", layout: "lambda.list-versions-by-function", scope: regionalScope, collects: model.Function, read: (*builder).listFunctionVersions},
	{kind: "lambda list-aliases", layout: "lambda.list-aliases", scope: regionalScope, collects: model.Function, read: (*builder).listFunctionAliases},
	{kind: "lambda list-layers", layout: "lambda.list-layers", scope: regionalScope, collects: model.LayerVersion, read: (*builder).listLayers},
	{kind: "lambda list-layer-versions", layout: "lambda.list-layer-versions", scope: regionalScope, collects: model.LayerVersion, read: (*builder).listLayerVersions},
	{kind: "lambda get-layer-version-policy", layout: "lambda.get-layer-version-policy", scope: regionalScope, collects: model.LayerVersion, read: (*builder).layerVersionPolicy},
	{kind: "secretsmanager list-secrets", layout: "secretsmanager.list-secrets", scope: regionalScope, collects: model.Secret, read: (*builder).listSecrets},
	{kind: "secretsmanager get-resource-policy", layout: "secretsmanager.get-resource-policy", scope: regionalScope, collects: model.Secret, read: (*builder).secretPolicy},
	{kind: "ecr describe-repositories", layout: "ecr.describe-repositories", scope: regionalScope, collects: model.Repository, read: (*builder).describeRepositories},
	{kind: "ecr get-repository-policy", layout: "ecr.get-repository-policy", scope: regionalScope, collects: model.Repository, read: (*builder).repositoryPolicy},
	{kind: "ecr get-registry-policy", layout: "ecr.get-registry-policy", scope: regionalScope, read: (*builder).registryPolicy},
	{kind: "dynamodb list-tables", layout: "dynamodb.list-tables", scope: regionalScope, collects: model.Table, read: (*builder).listTables},
	{kind: "dynamodb describe-table", layout: "dynamodb.describe-table", scope: regionalScope, collects: model.Table, read: (*builder).describeTable},
	{kind: "dynamodb get-resource-policy", layout: "dynamodb.get-resource-policy", scope: regionalScope, collects: model.Table, read: (*builder).tablePolicy},
	{kind: "events list-event-buses", layout: "events.list-event-buses", scope: regionalScope, collects: model.EventBus, read: (*builder).listEventBuses},
	{kind: "apigateway get-rest-apis", layout: "apigateway.get-rest-apis", scope: regionalScope, collects: model.RestAPI, read: (*builder).restAPIs},
	{kind: "efs describe-file-systems", layout: "efs.describe-file-systems", scope: regionalScope, collects: model.FileSystem, read: (*builder).describeFileSystems},
	{kind: "efs describe-file-system-policy", layout: "efs.describe-file-system-policy", scope: regionalScope, collects: model.FileSystem, read: (*builder).fileSystemPolicy},
	{kind: "opensearch list-domain-names", layout: "opensearch.list-domain-names", scope: regionalScope, collects: model.SearchDomain, read: (*builder).listDomainNames},
	{kind: "opensearch describe-domain", layout: "opensearch.describe-domain", scope: regionalScope, collects: model.SearchDomain, read: (*builder).describeDomain},
	{kind: "backup list-backup-vaults", layout: "backup.list-backup-vaults", scope: regionalScope, collects: model.BackupVault, read: (*builder).listBackupVaults},
	{kind: "backup get-backup-vault-access-policy", layout: "backup.get-backup-vault-access-policy", scope: regionalScope, collects: model.BackupVault, read: (*builder).backupVaultPolicy},
	{kind: "glacier list-vaults", layout: "glacier.list-vaults", scope: regionalScope, collects: model.GlacierVault, read: (*builder).listVaults},
	{kind: "glacier get-vault-access-policy", layout: "glacier.get-vault-access-policy", scope: regionalScope, collects: model.GlacierVault, read: (*builder).vaultPolicy},
	{kind: "kinesis list-streams", layout: "kinesis.list-streams", scope: regionalScope, collects: model.DataStream, read: (*builder).listStreams},
	{kind: "kinesis list-stream-consumers", layout: "kinesis.list-stream-consumers", scope: regionalScope, collects: model.DataStream, read: (*builder).listStreamConsumers},
	{kind: "kinesis get-resource-policy", layout: "kinesis.get-resource-policy", scope: regionalScope, collects: model.DataStream, read: (*builder).streamPolicy},
	{kind: "glue get-resource-policy", layout: "glue.get-resource-policy", scope: regionalScope, collects: model.GlueCatalog, read: (*builder).catalogPolicy},
}

// Sniff names what a file's content holds, recognized from its shape
// ("" when no format has this shape). Files of the collected layout are
// recognized by their names instead.
func Sniff(n *node.Node) string {
	if f := sniff(n); f != nil {
		return f.kind
	}
	return ""
}

func sniff(n *node.Node) *format {
	if n == nil || n.Kind != node.Object || len(n.Fields) == 0 {
		return nil
	}
	for i := range formats {
		if f := &formats[i]; f.sniff != nil && f.sniff(n) {
			return f
		}
	}
	return nil
}

// IsModelSource reports whether a file's content is model material (a
// native model file or AWS CLI output that a model reads) rather than a
// case file. Policy documents are not model sources.
func IsModelSource(n *node.Node) bool {
	f := sniff(n)
	return f != nil && f.kind != "policy document"
}

// byName finds the format a loose file's name announces; byLayout, the
// format of a collected file by its layout name. init builds them, as the
// readers refer back to them.
var byName, byLayout map[string]*format

// iamCollectFormat is the row of the files of an iam-collect directory.
var iamCollectFormat *format

func init() {
	byName, byLayout = map[string]*format{}, map[string]*format{}
	for i := range formats {
		f := &formats[i]
		if f.kind == iamCollectKind {
			iamCollectFormat = f
		}
		if f.name != "" {
			byName[f.name] = f
		}
		if f.layout != "" {
			byLayout[f.layout] = f
		}
	}
}

// layoutNames lists the names a directory may hold, for messages.
func layoutNames(prefix string) string {
	var names []string
	for name := range byLayout {
		if strings.HasPrefix(name, prefix) && (prefix != "" || !strings.HasPrefix(name, "organizations/")) {
			names = append(names, strings.TrimPrefix(name, prefix))
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// nativeKeys are the top-level members of a native model file.
var nativeKeys = map[string]bool{"organization": true, "accounts": true, "awsManagedPolicies": true}

func sniffNative(n *node.Node) bool {
	for _, f := range n.Fields {
		if !nativeKeys[f.Key] {
			return false
		}
	}
	return true
}

// has: the object has one of these members.
func has(keys ...string) func(*node.Node) bool {
	return func(n *node.Node) bool {
		for _, k := range keys {
			if n.Get(k) != nil {
				return true
			}
		}
		return false
	}
}

func member(key string, kind node.Kind) func(*node.Node) bool {
	return func(n *node.Node) bool {
		v := n.Get(key)
		return v != nil && v.Kind == kind
	}
}

func objectMember(key string) func(*node.Node) bool { return member(key, node.Object) }
func arrayMember(key string) func(*node.Node) bool  { return member(key, node.Array) }
func stringMember(key string) func(*node.Node) bool { return member(key, node.String) }

// sniffAuthDetails recognizes get-account-authorization-details output,
// whole or printed with --filter (policy.IsAuthorizationDetails, which
// lint uses too).
func sniffAuthDetails(n *node.Node) bool { return policy.IsAuthorizationDetails(n) }

func sniffDocument(n *node.Node) bool {
	if n.Get("Statement") != nil || objectMember("PolicyVersion")(n) || n.Get("PolicyDocument") != nil {
		return true
	}
	p := n.Get("Policy")
	return p != nil && p.Kind == node.Object && p.Get("PolicySummary") == nil
}

func sniffDescribePolicy(n *node.Node) bool {
	p := n.Get("Policy")
	return p != nil && p.Kind == node.Object && p.Get("PolicySummary") != nil
}

// Layouts lists the file names of the collected layout that Load reads
// ("manifest", "organizations/list-roots", "sqs.get-queue-attributes", ...).
func Layouts() []string {
	var out []string
	for _, f := range formats {
		if f.layout != "" {
			out = append(out, f.layout)
		}
	}
	return out
}
