package load_test

import (
	"testing"

	"github.com/sekisho/sekisho/model/load"
)

// TestAuthDetailsOfSomeLists: get-account-authorization-details with
// --filter prints only the lists asked for (IAM API Reference,
// GetAccountAuthorizationDetails): a file of groups only, or of managed
// policies only, is still authorization details. A Policies list without
// PolicyVersionList (organizations or iam list-policies) is not.
func TestAuthDetailsOfSomeLists(t *testing.T) {
	t.Parallel()
	groups := `{"GroupDetailList": [{"GroupName": "ops", "Path": "/", "Arn": "arn:aws:iam::111111111111:group/ops",
  "GroupPolicyList": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
  "AttachedManagedPolicies": []}], "IsTruncated": false}`
	policies := `{"Policies": [{"PolicyName": "deploy", "Arn": "arn:aws:iam::111111111111:policy/deploy", "DefaultVersionId": "v1",
  "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}}]}],
  "IsTruncated": false}`
	m, err := load.LoadFiles(map[string][]byte{"groups.json": []byte(groups)}, load.Options{})
	if err != nil {
		t.Fatalf("groups only: %v", err)
	}
	if a := m.Accounts["111111111111"]; a == nil || a.Groups["ops"] == nil {
		t.Fatalf("groups only: no group ops in %+v", m.Accounts)
	}
	m, err = load.LoadFiles(map[string][]byte{"policies.json": []byte(policies)}, load.Options{})
	if err != nil {
		t.Fatalf("policies only: %v", err)
	}
	if m.Managed["arn:aws:iam::111111111111:policy/deploy"] == nil {
		t.Fatalf("policies only: no managed policy deploy in %v", m.Managed)
	}
	iamList := `{"Policies": [{"PolicyName": "deploy", "Arn": "arn:aws:iam::111111111111:policy/deploy", "DefaultVersionId": "v1"}], "IsTruncated": false}`
	if _, err := load.LoadFiles(map[string][]byte{"iam-list.json": []byte(iamList)}, load.Options{}); err == nil {
		t.Fatal("iam list-policies output (no documents) was read as a model")
	}
}
