package collect

// Scope says where a call's file lives.
type Scope uint8

// The scopes of calls.
const (
	AccountGlobal Scope = iota // accounts/ID/global/
	Regional                   // accounts/ID/REGION/
	OrgScope                   // organizations/
)

// Call is one AWS CLI call the collector makes: the file it writes, the
// command it stands for, and the IAM actions it needs. The read-only
// policy (Policy) is derived from this table, so a call the collector
// makes and the permission it asks for cannot drift apart.
type Call struct {
	Stem    string   // file name without ids and extension: "iam.get-account-authorization-details"
	Command string   // the AWS CLI command whose output the file holds
	Actions []string // the IAM actions the call needs (service authorization reference names)
	Scope   Scope
	// Absent are the error codes with which AWS says "there is no such
	// policy/configuration": no file is written and nothing failed.
	Absent []string
}

// The calls, in the order the collector makes them.
var (
	callDescribeOrganization = &Call{Stem: "describe-organization", Command: "aws organizations describe-organization",
		Actions: []string{"organizations:DescribeOrganization"}, Scope: OrgScope}
	callListRoots = &Call{Stem: "list-roots", Command: "aws organizations list-roots",
		Actions: []string{"organizations:ListRoots"}, Scope: OrgScope}
	callOUsForParent = &Call{Stem: "ous-for-parent", Command: "aws organizations list-organizational-units-for-parent",
		Actions: []string{"organizations:ListOrganizationalUnitsForParent"}, Scope: OrgScope}
	callAccountsForParent = &Call{Stem: "accounts-for-parent", Command: "aws organizations list-accounts-for-parent",
		Actions: []string{"organizations:ListAccountsForParent"}, Scope: OrgScope}
	callListPolicies = &Call{Stem: "list-policies", Command: "aws organizations list-policies",
		Actions: []string{"organizations:ListPolicies"}, Scope: OrgScope}
	callDescribePolicy = &Call{Stem: "describe-policy", Command: "aws organizations describe-policy",
		Actions: []string{"organizations:DescribePolicy"}, Scope: OrgScope}
	callTargetsForPolicy = &Call{Stem: "targets-for-policy", Command: "aws organizations list-targets-for-policy",
		Actions: []string{"organizations:ListTargetsForPolicy"}, Scope: OrgScope}
	callDelegatedAdmins = &Call{Stem: "list-delegated-administrators", Command: "aws organizations list-delegated-administrators",
		Actions: []string{"organizations:ListDelegatedAdministrators"}, Scope: OrgScope}
	callAccountTags = &Call{Stem: "list-tags-for-resource", Command: "aws organizations list-tags-for-resource",
		Actions: []string{"organizations:ListTagsForResource"}, Scope: OrgScope}

	callGAAD = &Call{Stem: "iam.get-account-authorization-details", Command: "aws iam get-account-authorization-details",
		Actions: []string{"iam:GetAccountAuthorizationDetails"}, Scope: AccountGlobal}
	callListOIDC = &Call{Stem: "iam.list-open-id-connect-providers", Command: "aws iam list-open-id-connect-providers",
		Actions: []string{"iam:ListOpenIDConnectProviders"}, Scope: AccountGlobal}
	callGetOIDC = &Call{Stem: "iam.get-open-id-connect-provider", Command: "aws iam get-open-id-connect-provider",
		Actions: []string{"iam:GetOpenIDConnectProvider"}, Scope: AccountGlobal}
	callListSAML = &Call{Stem: "iam.list-saml-providers", Command: "aws iam list-saml-providers",
		Actions: []string{"iam:ListSAMLProviders"}, Scope: AccountGlobal}
	callInstanceProfiles = &Call{Stem: "iam.list-instance-profiles", Command: "aws iam list-instance-profiles",
		Actions: []string{"iam:ListInstanceProfiles"}, Scope: AccountGlobal}

	callAccountPAB = &Call{Stem: "s3control.get-public-access-block", Command: "aws s3control get-public-access-block",
		Actions: []string{"s3:GetAccountPublicAccessBlock"}, Scope: AccountGlobal,
		Absent: []string{"NoSuchPublicAccessBlockConfiguration"}}
	callListBuckets = &Call{Stem: "s3api.list-buckets", Command: "aws s3api list-buckets",
		Actions: []string{"s3:ListAllMyBuckets"}, Scope: AccountGlobal}
	// The bucket's Region names the directory of its files; it is asked
	// only when list-buckets does not give it (BucketRegion) and writes no file.
	callBucketLocation = &Call{Stem: "s3api.get-bucket-location", Command: "aws s3api get-bucket-location",
		Actions: []string{"s3:GetBucketLocation"}, Scope: AccountGlobal}
	callBucketPolicy = &Call{Stem: "s3api.get-bucket-policy", Command: "aws s3api get-bucket-policy",
		Actions: []string{"s3:GetBucketPolicy"}, Scope: Regional, Absent: []string{"NoSuchBucketPolicy"}}
	callBucketPAB = &Call{Stem: "s3api.get-public-access-block", Command: "aws s3api get-public-access-block",
		Actions: []string{"s3:GetBucketPublicAccessBlock"}, Scope: Regional,
		Absent: []string{"NoSuchPublicAccessBlockConfiguration"}}
	callBucketOwnership = &Call{Stem: "s3api.get-bucket-ownership-controls", Command: "aws s3api get-bucket-ownership-controls",
		Actions: []string{"s3:GetBucketOwnershipControls"}, Scope: Regional,
		Absent: []string{"OwnershipControlsNotFoundError"}}
	callListAccessPoints = &Call{Stem: "s3control.list-access-points", Command: "aws s3control list-access-points",
		Actions: []string{"s3:ListAccessPoints"}, Scope: Regional}
	callAccessPointPolicy = &Call{Stem: "s3control.get-access-point-policy", Command: "aws s3control get-access-point-policy",
		Actions: []string{"s3:GetAccessPointPolicy"}, Scope: Regional, Absent: []string{"NoSuchAccessPointPolicy"}}

	callDescribeRegions = &Call{Stem: "ec2.describe-regions", Command: "aws ec2 describe-regions",
		Actions: []string{"ec2:DescribeRegions"}, Scope: AccountGlobal}
	callVpcs = &Call{Stem: "ec2.describe-vpcs", Command: "aws ec2 describe-vpcs",
		Actions: []string{"ec2:DescribeVpcs"}, Scope: Regional}
	callSubnets = &Call{Stem: "ec2.describe-subnets", Command: "aws ec2 describe-subnets",
		Actions: []string{"ec2:DescribeSubnets"}, Scope: Regional}
	callRouteTables = &Call{Stem: "ec2.describe-route-tables", Command: "aws ec2 describe-route-tables",
		Actions: []string{"ec2:DescribeRouteTables"}, Scope: Regional}
	callInternetGateways = &Call{Stem: "ec2.describe-internet-gateways", Command: "aws ec2 describe-internet-gateways",
		Actions: []string{"ec2:DescribeInternetGateways"}, Scope: Regional}
	callVpcEndpoints = &Call{Stem: "ec2.describe-vpc-endpoints", Command: "aws ec2 describe-vpc-endpoints",
		Actions: []string{"ec2:DescribeVpcEndpoints"}, Scope: Regional}
	callInstances = &Call{Stem: "ec2.describe-instances", Command: "aws ec2 describe-instances",
		Actions: []string{"ec2:DescribeInstances"}, Scope: Regional}
)

// The regional services' resource policies.
var (
	callListKeys      = regional("kms.list-keys", "aws kms list-keys", "kms:ListKeys")
	callKeyPolicy     = regional("kms.get-key-policy", "aws kms get-key-policy --policy-name default", "kms:GetKeyPolicy", "NotFoundException")
	callListGrants    = regional("kms.list-grants", "aws kms list-grants", "kms:ListGrants")
	callListAliases   = regional("kms.list-aliases", "aws kms list-aliases", "kms:ListAliases")
	callListQueues    = regional("sqs.list-queues", "aws sqs list-queues", "sqs:ListQueues")
	callQueueAttrs    = regional("sqs.get-queue-attributes", "aws sqs get-queue-attributes --attribute-names Policy QueueArn", "sqs:GetQueueAttributes", "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
	callListTopics    = regional("sns.list-topics", "aws sns list-topics", "sns:ListTopics")
	callTopicAttrs    = regional("sns.get-topic-attributes", "aws sns get-topic-attributes", "sns:GetTopicAttributes", "NotFound")
	callFunctions     = regional("lambda.list-functions", "aws lambda list-functions", "lambda:ListFunctions")
	callFuncPolicy    = regional("lambda.get-policy", "aws lambda get-policy", "lambda:GetPolicy", "ResourceNotFoundException")
	callFuncVersions  = regional("lambda.list-versions-by-function", "aws lambda list-versions-by-function", "lambda:ListVersionsByFunction")
	callFuncAliases   = regional("lambda.list-aliases", "aws lambda list-aliases", "lambda:ListAliases")
	callLayers        = regional("lambda.list-layers", "aws lambda list-layers", "lambda:ListLayers")
	callLayerPolicy   = regional("lambda.get-layer-version-policy", "aws lambda get-layer-version-policy", "lambda:GetLayerVersionPolicy", "ResourceNotFoundException")
	callSecrets       = regional("secretsmanager.list-secrets", "aws secretsmanager list-secrets", "secretsmanager:ListSecrets")
	callSecretPolicy  = regional("secretsmanager.get-resource-policy", "aws secretsmanager get-resource-policy", "secretsmanager:GetResourcePolicy", "ResourceNotFoundException")
	callRepos         = regional("ecr.describe-repositories", "aws ecr describe-repositories", "ecr:DescribeRepositories")
	callRepoPolicy    = regional("ecr.get-repository-policy", "aws ecr get-repository-policy", "ecr:GetRepositoryPolicy", "RepositoryPolicyNotFoundException")
	callRegistry      = regional("ecr.get-registry-policy", "aws ecr get-registry-policy", "ecr:GetRegistryPolicy", "RegistryPolicyNotFoundException")
	callTables        = regional("dynamodb.list-tables", "aws dynamodb list-tables", "dynamodb:ListTables")
	callDescribeTable = regional("dynamodb.describe-table", "aws dynamodb describe-table", "dynamodb:DescribeTable")
	callTablePolicy   = regional("dynamodb.get-resource-policy", "aws dynamodb get-resource-policy", "dynamodb:GetResourcePolicy", "PolicyNotFoundException")
	callLayerVersions = regional("lambda.list-layer-versions", "aws lambda list-layer-versions", "lambda:ListLayerVersions")

	callEventBuses         = regional("events.list-event-buses", "aws events list-event-buses", "events:ListEventBuses")
	callRestAPIs           = regional("apigateway.get-rest-apis", "aws apigateway get-rest-apis", "apigateway:GET")
	callFileSystems        = regional("efs.describe-file-systems", "aws efs describe-file-systems", "elasticfilesystem:DescribeFileSystems")
	callFileSystemPolicy   = regional("efs.describe-file-system-policy", "aws efs describe-file-system-policy", "elasticfilesystem:DescribeFileSystemPolicy", "PolicyNotFound")
	callDomainNames        = regional("opensearch.list-domain-names", "aws opensearch list-domain-names", "es:ListDomainNames")
	callDescribeDomain     = regional("opensearch.describe-domain", "aws opensearch describe-domain", "es:DescribeDomain")
	callBackupVaults       = regional("backup.list-backup-vaults", "aws backup list-backup-vaults", "backup:ListBackupVaults")
	callBackupVaultPolicy  = regional("backup.get-backup-vault-access-policy", "aws backup get-backup-vault-access-policy", "backup:GetBackupVaultAccessPolicy", "ResourceNotFoundException")
	callGlacierVaults      = regional("glacier.list-vaults", "aws glacier list-vaults --account-id -", "glacier:ListVaults")
	callGlacierVaultPolicy = regional("glacier.get-vault-access-policy", "aws glacier get-vault-access-policy --account-id -", "glacier:GetVaultAccessPolicy", "ResourceNotFoundException")
	callStreams            = regional("kinesis.list-streams", "aws kinesis list-streams", "kinesis:ListStreams")
	callStreamConsumers    = regional("kinesis.list-stream-consumers", "aws kinesis list-stream-consumers", "kinesis:ListStreamConsumers")
	callStreamPolicy       = regional("kinesis.get-resource-policy", "aws kinesis get-resource-policy", "kinesis:GetResourcePolicy", "ResourceNotFoundException")
	callCatalogPolicy      = regional("glue.get-resource-policy", "aws glue get-resource-policy", "glue:GetResourcePolicy", "EntityNotFoundException")
)

func regional(stem, command, action string, absent ...string) *Call {
	return &Call{Stem: stem, Command: command, Actions: []string{action}, Scope: Regional, Absent: absent}
}

// Calls is every call the collector can make, in order.
var Calls = []*Call{
	callDescribeOrganization, callListRoots, callOUsForParent, callAccountsForParent, callListPolicies,
	callDescribePolicy, callTargetsForPolicy, callDelegatedAdmins, callAccountTags,
	callGAAD, callListOIDC, callGetOIDC, callListSAML, callInstanceProfiles,
	callAccountPAB, callListBuckets, callBucketLocation, callBucketPolicy, callBucketPAB, callBucketOwnership,
	callListAccessPoints, callAccessPointPolicy,
	callDescribeRegions, callVpcs, callSubnets, callRouteTables, callInternetGateways, callVpcEndpoints, callInstances,
	callListKeys, callKeyPolicy, callListGrants, callListAliases, callListQueues, callQueueAttrs, callListTopics, callTopicAttrs,
	callFunctions, callFuncPolicy, callFuncVersions, callFuncAliases, callLayers, callLayerVersions, callLayerPolicy, callSecrets, callSecretPolicy,
	callRepos, callRepoPolicy, callRegistry, callTables, callDescribeTable, callTablePolicy,
	callEventBuses, callRestAPIs, callFileSystems, callFileSystemPolicy, callDomainNames, callDescribeDomain,
	callBackupVaults, callBackupVaultPolicy, callGlacierVaults, callGlacierVaultPolicy,
	callStreams, callStreamConsumers, callStreamPolicy, callCatalogPolicy,
}
