package lint_test

import (
	"testing"

	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// TestParliamentCategories measures lint against the finding categories
// of Parliament (duo-labs/parliament: parliament/config.yaml, its
// community auditors, and UNKNOWN_OPERATOR, which its tests assert), with
// one policy per category written here after what each category means.
// Each row names the Sekisho code that must report it; the categories
// Sekisho does not report are listed in parliamentMissing, with why.
func TestParliamentCategories(t *testing.T) {
	t.Parallel()
	bucket := `"arn:aws:s3:::reports"`
	rows := []struct {
		category, code string
		kind           policy.Kind
		src            string
	}{
		{"MALFORMED", "SK1000", policy.Identity, doc(`"Effect":"Allow","Action":"s3:ListAllMyBuckets","NotAction":"s3:ListAllMyBuckets","Resource":"*"`)},
		{"DUPLICATE_SID", "SK1003", policy.Identity, doc(allow(`"s3:ListAllMyBuckets"`, allRes, `"Sid":"Same"`), allow(`"iam:ListUsers"`, allRes, `"Sid":"Same"`))},
		{"UNKNOWN_PRINCIPAL", "SK1000", policy.Resource, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::reports/*"`, `"Principal":{"AWS":"someone-else"}`))},
		{"MISMATCHED_TYPE_OPERATION_TO_NULL", "SK1000", policy.Identity, doc(allow(`"s3:ListBucket"`, bucket, cond("Null", "s3:prefix", `"sometimes"`)))},
		// Parliament's example is StringEquals on an ARN key, which lint
		// accepts (AWS documents String operators on ARN keys); a String
		// operator on a date key is the same defect lint reports
		{"MISMATCHED_TYPE_BUT_USABLE", "SK3003", policy.Identity, doc(allow(`"s3:ListBucket"`, bucket, cond("StringEquals", "aws:CurrentTime", `"2026-01-01T00:00:00Z"`)))},
		{"MISMATCHED_TYPE", "SK3003", policy.Identity, doc(allow(`"s3:ListBucket"`, bucket, cond("NumericEquals", "s3:prefix", `"7"`)))},
		{"UNKNOWN_ACTION", "SK2002", policy.Identity, doc(allow(`["iam:ListUsers","iam:List"]`, allRes))},
		{"UNKNOWN_PREFIX", "SK2001", policy.Identity, doc(allow(`"s4:GetObject"`, allRes))},
		{"UNKNOWN_CONDITION_FOR_ACTION", "SK3002", policy.Identity, doc(allow(`"s3:ListBucket"`, bucket, cond("StringEquals", "s3:x-amz-storage-class", `"GLACIER"`)))},
		{"UNKNOWN_OPERATOR", "SK1000", policy.Identity, doc(allow(`"s3:ListBucket"`, bucket, cond("StringSimilar", "s3:prefix", `"home/"`)))},
		{"BAD_PATTERN_FOR_MFA", "SK6009", policy.Identity, doc(allow(`"iam:ListUsers"`, allRes, cond("Bool", "aws:MultiFactorAuthPresent", `"false"`)))},
		{"INVALID_SID", "SK1004", policy.Identity, doc(allow(`"s3:ListAllMyBuckets"`, allRes, `"Sid":"read all, please!"`))},
		{"INVALID_ARN", "SK1000", policy.Identity, doc(allow(`"s3:GetObject"`, `"reports/2026.csv"`))},
		{"INVALID_ARN", "SK1008", policy.Identity, doc(allow(`"s3:GetObject"`, `"arn:aws:s3"`))},
		{"NO_VERSION", "SK1001", policy.Identity, `{"Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`},
		{"INVALID_VERSION", "SK1000", policy.Identity, `{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`},
		{"OLD_VERSION", "SK1002", policy.Identity, `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}`},
		{"RESOURCE_MISMATCH", "SK4001", policy.Identity, doc(allow(`"s3:PutObject"`, bucket))},
		{"RESOURCE_STAR", "SK4003", policy.Identity, doc(allow(`"s3:DeleteObject"`, allRes))},
		{"PRIVILEGE_ESCALATION", "SK6010", policy.Identity, doc(allow(`["iam:CreatePolicyVersion"]`, allRes))},
		{"CREDENTIALS_EXPOSURE", "SK6011", policy.Identity, doc(allow(`"iam:CreateAccessKey"`, allRes))},
		{"SENSITIVE_ACCESS", "SK6012", policy.Identity, doc(allow(`"secretsmanager:GetSecretValue"`, allRes))},
		{"NOTPRINCIPAL_WITH_ALLOW", "SK5001", policy.Resource, doc(`"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"`)},
		{"NOTRESOURCE_WITH_ALLOW", "SK6005", policy.Identity, doc(`"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::audit/*"`)},
		{"SINGLE_VALUE_CONDITION_TOO_PERMISSIVE", "SK3005", policy.Identity, doc(allow(`"ec2:RunInstances"`, allRes, cond("ForAllValues:StringEquals", "aws:RequestedRegion", `["eu-west-1","eu-west-2"]`)))},
	}
	for _, r := range rows {
		t.Run(r.category, func(t *testing.T) {
			t.Parallel()
			fs, err := lint.FileWith("policy.json", []byte(r.src), lint.Options{Kind: r.kind})
			if err != nil {
				t.Fatal(err)
			}
			if severityOf(fs, r.code) == "" {
				t.Errorf("%s: no %s; findings:\n%s", r.category, r.code, list(fs))
			}
		})
	}
	// MALFORMED_JSON: not JSON is bad input, the file refused.
	if _, err := lint.FileWith("policy.json", []byte("not json"), lint.Options{}); err == nil {
		t.Error("MALFORMED_JSON: text that is not JSON was linted")
	}
	if got, want := len(rows), 25; got != want { // INVALID_ARN has two rows; MALFORMED_JSON none
		t.Errorf("%d categories reported, the README says %d", got, want)
	}
}

// Parliament's categories lint does not report (with the 25 above they
// make its 28):
//   - RESOURCE_POLICY_PRIVILEGE_ESCALATION (a bucket policy that does not
//     allow s3:Delete* but allows s3:PutBucketPolicy): not a lint check;
//     diff and whatcan answer what a policy could be rewritten to grant.
//   - UNKNOWN_FEDERATION_SOURCE (a Federated principal matching no known
//     identity provider pattern): not checked.
//   - PERMISSIONS_MANAGEMENT_ACTIONS (any Permissions management action on
//     "*"): only the escalation methods among them are reported (SK6010).
