package tfplan

import "github.com/sekisho/sekisho/policy"

// docAttr is one attribute of a resource type that holds a policy document.
type docAttr struct {
	attr   string
	kind   policy.Kind
	holder string // how an identity policy is stored: managed, role, user, group
	note   string // what AWS does when the attribute is empty
}

// documents are the resource types whose attributes hold policy documents
// (Terraform AWS provider's resource docs), with the kind of policy each is
// in AWS. aws_organizations_policy and aws_iam_role's inline_policy blocks
// are read apart (kindOfOrgPolicy, inlinePolicies).
var documents = map[string][]docAttr{
	"aws_iam_policy":       {{attr: "policy", kind: policy.Identity, holder: "managed"}},
	"aws_iam_role":         {{attr: "assume_role_policy", kind: policy.Trust}},
	"aws_iam_role_policy":  {{attr: "policy", kind: policy.Identity, holder: "role"}},
	"aws_iam_user_policy":  {{attr: "policy", kind: policy.Identity, holder: "user"}},
	"aws_iam_group_policy": {{attr: "policy", kind: policy.Identity, holder: "group"}},
	"aws_s3_bucket_policy": {{attr: "policy", kind: policy.Resource}},
	// Amazon VPC, "Control access to VPC endpoints using endpoint
	// policies": an endpoint without a policy has the default policy,
	// which allows full access through the endpoint.
	"aws_vpc_endpoint":        {{attr: "policy", kind: policy.Endpoint, note: "no policy: AWS applies the default endpoint policy, full access"}},
	"aws_vpc_endpoint_policy": {{attr: "policy", kind: policy.Endpoint, note: "no policy: AWS applies the default endpoint policy, full access"}},
	// AWS KMS Developer Guide, "Default key policy": a key created without
	// a policy gets the default one, which gives the account full access.
	"aws_kms_key":                      {{attr: "policy", kind: policy.Resource, note: "no policy: AWS applies the default key policy (the account's IAM policies decide)"}},
	"aws_kms_key_policy":               {{attr: "policy", kind: policy.Resource}},
	"aws_sqs_queue_policy":             {{attr: "policy", kind: policy.Resource}},
	"aws_sns_topic_policy":             {{attr: "policy", kind: policy.Resource}},
	"aws_secretsmanager_secret_policy": {{attr: "policy", kind: policy.Resource}},
	"aws_ecr_repository_policy":        {{attr: "policy", kind: policy.Resource}},
}

// attachment describes a resource type that attaches a policy to targets.
type attachment struct {
	kind       policy.Kind // Identity for IAM policies, AnyKind for organization policies (SCP or RCP by the policy)
	policy     string      // the attribute naming the policy (ARN or ID)
	targets    []string    // the attributes naming what it is attached to
	policyType string      // the resource type the policy attribute refers to
	idAttrs    []string    // the attributes of that resource the policy attribute may hold
}

var attachments = map[string]attachment{
	"aws_iam_role_policy_attachment":      {kind: policy.Identity, policy: "policy_arn", targets: []string{"role"}, policyType: "aws_iam_policy", idAttrs: []string{"arn", "id"}},
	"aws_iam_user_policy_attachment":      {kind: policy.Identity, policy: "policy_arn", targets: []string{"user"}, policyType: "aws_iam_policy", idAttrs: []string{"arn", "id"}},
	"aws_iam_group_policy_attachment":     {kind: policy.Identity, policy: "policy_arn", targets: []string{"group"}, policyType: "aws_iam_policy", idAttrs: []string{"arn", "id"}},
	"aws_iam_policy_attachment":           {kind: policy.Identity, policy: "policy_arn", targets: []string{"users", "roles", "groups"}, policyType: "aws_iam_policy", idAttrs: []string{"arn", "id"}},
	"aws_organizations_policy_attachment": {kind: policy.AnyKind, policy: "policy_id", targets: []string{"target_id"}, policyType: "aws_organizations_policy", idAttrs: []string{"id", "arn"}},
}

// others are the IAM resource types whose changes are listed with their
// planned values (who is created, joined to a group, put in a profile).
var others = map[string][]string{
	"aws_iam_user":                  {"name", "path", "permissions_boundary"},
	"aws_iam_group_membership":      {"group", "users"},
	"aws_iam_user_group_membership": {"user", "groups"},
	"aws_iam_instance_profile":      {"name", "role"},
}

// kindOfOrgPolicy is the policy kind of an aws_organizations_policy's
// type: only service and resource control policies are IAM policy
// documents (AWS Organizations User Guide, "Managing organization
// policies"); the provider's default type is SERVICE_CONTROL_POLICY.
func kindOfOrgPolicy(t string) (policy.Kind, bool) {
	switch t {
	case "", "SERVICE_CONTROL_POLICY":
		return policy.SCP, true
	case "RESOURCE_CONTROL_POLICY":
		return policy.RCP, true
	}
	return policy.AnyKind, false
}
