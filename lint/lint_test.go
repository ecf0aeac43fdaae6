package lint_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// doc builds a 2012-10-17 policy from statement bodies.
func doc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(wrap(stmts), ",") + `]}`
}

func wrap(stmts []string) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = "{" + s + "}"
	}
	return out
}

// allow and deny build statements with the usual elements.
func allow(action, resource string, rest ...string) string {
	return stmtOf("Allow", action, resource, rest)
}

func deny(action, resource string, rest ...string) string {
	return stmtOf("Deny", action, resource, rest)
}

func stmtOf(effect, action, resource string, rest []string) string {
	parts := []string{`"Effect":"` + effect + `"`, `"Action":` + action}
	if resource != "" {
		parts = append(parts, `"Resource":`+resource)
	}
	return strings.Join(append(parts, rest...), ",")
}

func cond(op, key, value string) string {
	return fmt.Sprintf(`"Condition":{%q:{%q:%s}}`, op, key, value)
}

const (
	anyone  = `"Principal":"*"`
	allRes  = `"*"`
	bigList = 700 // actions in a policy that exceeds 6,144 characters
)

// lintCase is one policy and what a check must say about it: want is the
// severity of the finding with the code, or "" when there must be none.
type lintCase struct {
	name string
	code string
	kind policy.Kind
	file string
	opts lint.Options
	src  string
	want string
}

func runCases(t *testing.T, cases []lintCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.code+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			file := tc.file
			if file == "" {
				file = "policy.json"
			}
			opts := tc.opts
			opts.Kind = tc.kind
			fs, err := lint.FileWith(file, []byte(tc.src), opts)
			if err != nil {
				t.Fatalf("FileWith: %v", err)
			}
			got := severityOf(fs, tc.code)
			if got != tc.want {
				t.Errorf("%s: got %q, want %q; findings:\n%s", tc.code, got, tc.want, list(fs))
			}
		})
	}
}

func severityOf(fs []lint.Finding, code string) string {
	for _, f := range fs {
		if f.Code == code {
			return f.Severity.String()
		}
	}
	return ""
}

func list(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	return b.String()
}

func TestDocumentChecks(t *testing.T) {
	t.Parallel()
	runCases(t, []lintCase{
		{"bad effect", "SK1000", policy.Identity, "", lint.Options{}, `{"Version":"2012-10-17","Statement":{"Effect":"Permit","Action":"s3:*","Resource":"*"}}`, "error"},
		{"principal in identity policy", "SK1000", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, anyone)), "error"},
		{"valid", "SK1000", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes)), ""},
		{"no version", "SK1001", policy.Identity, "", lint.Options{}, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, "warning"},
		{"version", "SK1001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes)), ""},
		{"2008 with variable", "SK1002", policy.Identity, "", lint.Options{}, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:username}/*"}}`, "error"},
		{"no version with variable in condition", "SK1002", policy.Identity, "", lint.Options{}, `{"Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"StringLike":{"s3:prefix":"${aws:username}/*"}}}}`, "error"},
		{"2012 with variable", "SK1002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, `"arn:aws:s3:::b/${aws:username}/*"`)), ""},
		{"duplicate sid", "SK1003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, `"Sid":"A"`), allow(`"ec2:*"`, allRes, `"Sid":"A"`)), "warning"},
		{"unique sids", "SK1003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, `"Sid":"A"`), allow(`"ec2:*"`, allRes, `"Sid":"B"`)), ""},
		{"space in identity sid", "SK1004", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, `"Sid":"Read all"`)), "error"},
		{"ARN of three parts", "SK1008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3"`)), "error"},
		{"bucket ARN", "SK1008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBucket"`, `"arn:aws:s3:::reports"`)), ""},
		{"wildcard for the parts", "SK1008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBucket"`, `"arn:aws:s3*"`)), ""},
		{"space in key policy sid", "SK1004", policy.Resource, "", lint.Options{}, doc(allow(`"kms:*"`, allRes, `"Sid":"Enable IAM User Permissions"`, `"Principal":{"AWS":"arn:aws:iam::111122223333:role/admin"}`)), ""},
	})
}

func TestActionChecks(t *testing.T) {
	t.Parallel()
	runCases(t, []lintCase{
		{"typo of a service in a deny", "SK2001", policy.Identity, "", lint.Options{}, doc(deny(`"lamda:InvokeFunction"`, allRes)), "error"},
		{"typo of a service in an allow", "SK2001", policy.Identity, "", lint.Options{}, doc(allow(`"lamda:InvokeFunction"`, allRes)), "error"},
		{"service only AWS's managed policies still name", "SK2001", policy.Identity, "", lint.Options{}, doc(allow(`"deepcomposer:ListModels"`, allRes)), "warning"},
		{"retired service in a deny", "SK2001", policy.Identity, "", lint.Options{}, doc(deny(`"deepracer:*"`, allRes)), "warning"},
		{"typo of a service in an allow's NotAction", "SK2001", policy.SCP, "", lint.Options{}, doc(allow(`"*"`, allRes), `"Effect":"Allow","NotAction":["iam:*","acount:*"],"Resource":"*"`), "error"},
		{"known service", "SK2001", policy.Identity, "", lint.Options{}, doc(deny(`"lambda:InvokeFunction"`, allRes)), ""},
		{"typo of an action in a deny", "SK2002", policy.Identity, "", lint.Options{}, doc(deny(`"s3:DeleteObjekt"`, allRes)), "error"},
		{"action only AWS's managed policies still name", "SK2002", policy.Identity, "", lint.Options{}, doc(allow(`"cloud9:ValidateEnvironmentName"`, allRes)), "warning"},
		{"s3:ListBuckets, a near miss no managed policy names any more", "SK2002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBuckets"`, allRes)), "error"},
		{"real action", "SK2002", policy.Identity, "", lint.Options{}, doc(deny(`"s3:DeleteObject"`, allRes)), ""},
		{"pattern typo in a deny", "SK2003", policy.Identity, "", lint.Options{}, doc(deny(`"ec2:Rn*"`, allRes)), "error"},
		{"pattern that matches nothing", "SK2003", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:Zzzz*"`, allRes)), "error"},
		{"unknown action in an allow", "SK2002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObjekt"`, allRes)), "error"},
		{"pattern", "SK2003", policy.Identity, "", lint.Options{}, doc(deny(`"ec2:Run*"`, allRes)), ""},
	})
}

func TestConditionChecks(t *testing.T) {
	t.Parallel()
	vpcTypo := deny(`"*"`, allRes, cond("StringNotEquals", "aws:ec2InstanceSourceVPCs", `"${aws:SourceVpc}"`))
	runCases(t, []lintCase{
		{"misspelt key in seed 000's guardrail", "SK3001", policy.SCP, "", lint.Options{}, doc(vpcTypo), "error"},
		{"undocumented key AWS uses", "SK3001", policy.Identity, "", lint.Options{}, doc(allow(`"iam:CreateRole"`, allRes, cond("StringNotEquals", "aws:PrincipalOrgMasterAccountId", `"${aws:PrincipalAccount}"`))), "warning"},
		{"real key", "SK3001", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringNotEquals", "aws:ec2InstanceSourceVpc", `"${aws:SourceVpc}"`))), ""},
		{"identity provider key", "SK3001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRoleWithWebIdentity"`, "", `"Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}`, cond("StringLike", "token.actions.githubusercontent.com:sub", `"repo:org/*"`))), ""},
		{"service tag key written tag-key", "SK3001", policy.Identity, "", lint.Options{}, doc(allow(`"secretsmanager:GetSecretValue"`, allRes, cond("StringEquals", "secretsmanager:ResourceTag/team", `"a"`))), ""},
		{"s3 key on ec2 actions", "SK3002", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:RunInstances"`, allRes, cond("StringLike", "s3:prefix", `"home/*"`))), "warning"},
		{"s3 key on s3 action", "SK3002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBucket"`, allRes, cond("StringLike", "s3:prefix", `"home/*"`))), ""},
		{"key on a resource type", "SK3002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, allRes, cond("StringEquals", "s3:BucketTag/team", `"a"`))), ""},
		{"date operator on an IP key in a deny", "SK3003", policy.Identity, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("DateGreaterThan", "aws:SourceIp", `"2025-01-01"`))), "error"},
		{"numeric operator on a string key in an allow", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("NumericLessThan", "aws:SourceVpc", `"3"`))), "warning"},
		{"String operator on a Bool key", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("StringEquals", "aws:SecureTransport", `"true"`))), "warning"},
		{"ARN operator on a String key holding ARNs", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"kms:Decrypt"`, allRes, cond("ArnLike", "kms:EncryptionContext:aws:s3:arn", `"arn:aws:s3:::b/*"`))), ""},
		{"variable with a numeric operator", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("NumericLessThan", "aws:MultiFactorAuthAge", `"${aws:userid}"`))), "error"},
		{"IP operator on an IP key", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("IpAddress", "aws:SourceIp", `"203.0.113.0/24"`))), ""},
		{"string operator comparing two IP keys", "SK3003", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringNotEquals", "aws:ec2InstanceSourcePrivateIPv4", `"${aws:VpcSourceIp}"`))), ""},
		{"string operator on an ARN key", "SK3003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("StringLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/x"`))), ""},
		{"Null with a variable", "SK3004", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("Null", "aws:TokenIssueTime", `"${aws:username}"`))), "error"},
		{"Null with a set operator", "SK3004", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAnyValue:Null", "aws:TagKeys", `"false"`))), "warning"},
		{"Null", "SK3004", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("Null", "aws:TokenIssueTime", `"true"`))), ""},
		{"ForAllValues on a single-valued key", "SK3005", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAllValues:StringEquals", "aws:PrincipalOrgID", `"o-1"`))), "security-warning"},
		{"ForAllValues on a multivalued key", "SK3005", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAllValues:StringEquals", "aws:TagKeys", `["a"]`))), ""},
		{"ForAnyValue with a negated operator in an allow", "SK3006", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAnyValue:StringNotEquals", "aws:TagKeys", `["admin"]`))), "warning"},
		{"ForAllValues with a negated operator in an allow", "SK3006", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAllValues:StringNotLike", "aws:TagKeys", `["admin*"]`))), "warning"},
		{"ForAnyValue with a negated operator in a deny", "SK3006", policy.Identity, "", lint.Options{}, doc(deny(`"ses:SendEmail"`, allRes, cond("ForAnyValue:StringNotLike", "ses:Recipients", `["*@example.com"]`))), ""},
		{"ForAnyValue with a positive operator", "SK3006", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAnyValue:StringEquals", "aws:TagKeys", `["a"]`))), ""},
		{"multivalued key without set operator", "SK3007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("StringEquals", "aws:TagKeys", `"a"`))), "warning"},
		{"multivalued key with set operator", "SK3007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("ForAllValues:StringEquals", "aws:TagKeys", `"a"`))), ""},
		{"wildcard in StringEquals", "SK3008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("StringEquals", "aws:PrincipalTag/team", `"dev-*"`))), "warning"},
		{"wildcard in StringLike", "SK3008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("StringLike", "aws:PrincipalTag/team", `"dev-*"`))), ""},
	})
}

func TestResourceChecks(t *testing.T) {
	t.Parallel()
	runCases(t, []lintCase{
		{"bucket ARN for an object action in a deny", "SK4001", policy.Identity, "", lint.Options{}, doc(deny(`"s3:GetObject"`, `"arn:aws:s3:::bucket"`)), "security-warning"},
		{"bucket ARN for an object action in an allow", "SK4001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::bucket"`)), "warning"},
		{"object ARN", "SK4001", policy.Identity, "", lint.Options{}, doc(deny(`"s3:GetObject"`, `"arn:aws:s3:::bucket/*"`)), ""},
		{"log group with slashes", "SK4001", policy.Identity, "", lint.Options{}, doc(allow(`"logs:CreateLogStream"`, `"arn:aws:logs:*:*:log-group:/aws/eks/*"`)), ""},
		{"ARN for a star-only action", "SK4002", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:DescribeInstances"`, `"arn:aws:ec2:*:*:instance/*"`)), "warning"},
		{"star-only action beside an object action", "SK4002", policy.Identity, "", lint.Options{}, doc(deny(`["s3:GetObject","s3:ListAllMyBuckets"]`, `"arn:aws:s3:::b/*"`)), "security-warning"},
		{"star for a star-only action", "SK4002", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:DescribeInstances"`, allRes)), ""},
	})
}

func TestKindChecks(t *testing.T) {
	t.Parallel()
	rcpDeny := deny(`"s3:*"`, allRes, anyone, cond("StringNotEqualsIfExists", "aws:PrincipalOrgID", `"o-1"`))
	fullAccess := allow(`"*"`, allRes, anyone)
	runCases(t, []lintCase{
		{"Allow with NotPrincipal", "SK5001", policy.Resource, "", lint.Options{}, doc(`"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`), "security-warning"},
		{"Deny with NotPrincipal", "SK5001", policy.Resource, "", lint.Options{}, doc(`"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"`), ""},
		{"RCP allow", "SK5002", policy.RCP, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, anyone, cond("StringEquals", "aws:PrincipalOrgID", `"o-1"`))), "error"},
		{"RCP named principal", "SK5002", policy.RCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, `"Principal":{"AWS":"arn:aws:iam::111122223333:root"}`)), "error"},
		{"RCP NotAction", "SK5002", policy.RCP, "", lint.Options{}, doc(`"Effect":"Deny","Principal":"*","NotAction":"s3:GetObject","Resource":"*"`), "error"},
		{"RCP deny", "SK5002", policy.RCP, "", lint.Options{}, doc(rcpDeny), ""},
		{"RCPFullAWSAccess", "SK5002", policy.RCP, "", lint.Options{}, doc(fullAccess), ""},
		{"RCP for SNS", "SK5003", policy.RCP, "", lint.Options{}, doc(deny(`"sns:Publish"`, allRes, anyone)), "warning"},
		{"RCP for S3", "SK5003", policy.RCP, "", lint.Options{}, doc(rcpDeny), ""},
		{"SCP deny only for service principals", "SK5004", policy.SCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, cond("Bool", "aws:PrincipalIsAWSService", `"true"`))), "warning"},
		{"SCP guard that is always true", "SK5004", policy.SCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, cond("BoolIfExists", "aws:PrincipalIsAWSService", `"false"`))), "suggestion"},
		{"RCP with the same guard", "SK5004", policy.RCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, anyone, cond("BoolIfExists", "aws:PrincipalIsAWSService", `"false"`))), ""},
	})
}

// sized returns an identity policy with n actions, about 20 characters each.
func sized(n int) string {
	actions := make([]string, n)
	for i := range actions {
		actions[i] = fmt.Sprintf(`"s3:GetObject%05d"`, i)
	}
	return doc(allow("["+strings.Join(actions, ",")+"]", allRes))
}

// spaced indents a small SCP with so much white space that only the
// white space puts it over 5,120 characters.
func spaced() string {
	return `{"Version":"2012-10-17",` + strings.Repeat(" ", 6000) + `"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}`
}

func TestSizeChecks(t *testing.T) {
	t.Parallel()
	trust := func(n int) string {
		return doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"AWS":"arn:aws:iam::111122223333:role/`+strings.Repeat("r", n)+`"}`))
	}
	runCases(t, []lintCase{
		{"identity over the managed quota", "SK5005", policy.Identity, "", lint.Options{}, sized(bigList / 2), "warning"},
		{"inline user policy over 2,048", "SK5005", policy.Identity, "", lint.Options{Attachment: lint.AttachUser}, sized(150), "error"},
		{"managed policy within quota", "SK5005", policy.Identity, "", lint.Options{Attachment: lint.AttachManaged}, sized(150), ""},
		{"trust policy over the default quota", "SK5005", policy.Trust, "", lint.Options{}, trust(2100), "warning"},
		{"trust policy over the maximum", "SK5005", policy.Trust, "", lint.Options{}, trust(8200), "error"},
		{"SCP over 5,120 without white space", "SK5006", policy.SCP, "", lint.Options{}, sized(bigList / 2), "error"},
		{"SCP over 5,120 only with white space", "SK5006", policy.SCP, "", lint.Options{}, spaced(), "warning"},
		{"small SCP", "SK5006", policy.SCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes)), ""},
		{"endpoint policy over 20,480", "SK5007", policy.Endpoint, "", lint.Options{}, strings.Replace(sized(1100), `"Effect"`, anyone+`,"Effect"`, 1), "error"},
		{"endpoint policy", "SK5007", policy.Endpoint, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, anyone)), ""},
		{"non-Latin-1 character", "SK5008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/日本/*"`)), "error"},
		{"Latin-1 character", "SK5008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/café/*"`)), ""},
	})
}

func TestSecurityChecks(t *testing.T) {
	t.Parallel()
	root := `"Principal":{"AWS":"arn:aws:iam::111122223333:root"}`
	runCases(t, []lintCase{
		{"trusts an account root", "SK6001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", root)), "security-warning"},
		{"trusts an account id", "SK6001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"AWS":"111122223333"}`)), "security-warning"},
		{"trusts everyone", "SK6001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", anyone)), "security-warning"},
		{"trusts a root with a condition", "SK6001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", root, cond("ArnEquals", "aws:PrincipalArn", `"arn:aws:iam::111122223333:role/ci"`))), ""},
		{"trusts a role", "SK6001", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"}`)), ""},
		{"public bucket", "SK6002", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone)), "security-warning"},
		{"default endpoint policy", "SK6002", policy.Endpoint, "", lint.Options{}, doc(allow(`"*"`, allRes, anyone)), "security-warning"},
		{"endpoint policy reading named public buckets", "SK6002", policy.Endpoint, "", lint.Options{}, doc(allow(`["s3:GetObject","s3:ListBucket"]`, `["arn:aws:s3:::amazonlinux-2-repos-ap-northeast-1","arn:aws:s3:::amazonlinux-2-repos-ap-northeast-1/*"]`, anyone)), ""},
		{"endpoint policy writing named buckets", "SK6002", policy.Endpoint, "", lint.Options{}, doc(allow(`"s3:PutObject"`, `"arn:aws:s3:::drop-box/*"`, anyone)), "security-warning"},
		{"endpoint policy reading any bucket", "SK6002", policy.Endpoint, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::*/*"`, anyone)), "security-warning"},
		{"own-account endpoint policy", "SK6002", policy.Endpoint, "", lint.Options{}, doc(allow(`"*"`, allRes, anyone, cond("StringEquals", "aws:PrincipalAccount", `"111122223333"`))), ""},
		{"PassRole on star", "SK6003", policy.Identity, "", lint.Options{}, doc(allow(`"iam:PassRole"`, allRes)), "security-warning"},
		{"iam:* on every role", "SK6003", policy.Identity, "", lint.Options{}, doc(allow(`"iam:*"`, `"arn:aws:iam::*:role/*"`)), "security-warning"},
		{"PassRole with PassedToService", "SK6003", policy.Identity, "", lint.Options{}, doc(allow(`"iam:PassRole"`, allRes, cond("StringEquals", "iam:PassedToService", `"ec2.amazonaws.com"`))), ""},
		{"PassRole on one role", "SK6003", policy.Identity, "", lint.Options{}, doc(allow(`"iam:PassRole"`, `"arn:aws:iam::111122223333:role/app"`)), ""},
		{"Allow with NotAction", "SK6004", policy.Identity, "", lint.Options{}, doc(`"Effect":"Allow","NotAction":"iam:*","Resource":"*"`), "security-warning"},
		{"Deny with NotAction", "SK6004", policy.Identity, "", lint.Options{}, doc(`"Effect":"Deny","NotAction":"iam:*","Resource":"*"`), ""},
		{"Allow with NotResource", "SK6005", policy.Identity, "", lint.Options{}, doc(`"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::secret/*"`), "security-warning"},
		{"Deny with NotResource", "SK6005", policy.Identity, "", lint.Options{}, doc(`"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::open/*"`), ""},
		{"Deny on a misspelt key", "SK6006", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringEquals", "aws:ec2InstanceSourceVPCs", `"vpc-1"`))), "security-warning"},
		{"Deny on another service's key", "SK6006", policy.SCP, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, cond("StringEquals", "ec2:Region", `"us-east-1"`))), "security-warning"},
		{"Deny with a negated operator", "SK6006", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringNotEquals", "aws:SourceVpc", `"vpc-1"`))), ""},
		{"placeholder", "SK6007", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringNotEqualsIfExists", "aws:SourceVpc", `"<my-vpc>"`))), "warning"},
		{"filled in", "SK6007", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("StringNotEqualsIfExists", "aws:SourceVpc", `"vpc-1"`))), ""},
		{"private aws:SourceIp", "SK6008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("IpAddress", "aws:SourceIp", `"10.0.0.0/8"`))), "security-warning"},
		{"public aws:SourceIp", "SK6008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("IpAddress", "aws:SourceIp", `"203.0.113.0/24"`))), ""},
		{"private aws:VpcSourceIp", "SK6008", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("IpAddress", "aws:VpcSourceIp", `"10.0.0.0/8"`))), ""},
		{"deleted role in a bucket policy", "SK6013", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, `"Principal":{"AWS":["arn:aws:iam::111122223333:role/app","AROADBQP57FF2AEXAMPLE"]}`)), "warning"},
		{"deleted user in a trust policy", "SK6013", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"AWS":"AIDAJQABLZS4A3QDU576Q"}`)), "warning"},
		{"deleted role in a Deny's NotPrincipal", "SK6013", policy.Resource, "", lint.Options{}, doc(deny(`"s3:*"`, `"arn:aws:s3:::b/*"`, `"NotPrincipal":{"AWS":"AROADBQP57FF2AEXAMPLE"}`)), "warning"},
		{"principals by ARN", "SK6013", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, `"Principal":{"AWS":["arn:aws:iam::111122223333:role/AROA","111122223333"]}`)), ""},
		{"aws:VpcSourceIp alone in an allow", "SK6014", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone, cond("IpAddress", "aws:VpcSourceIp", `"10.1.0.0/16"`))), "security-warning"},
		{"aws:VpcSourceIp with aws:SourceVpc", "SK6014", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone, `"Condition":{"IpAddress":{"aws:VpcSourceIp":"10.1.0.0/16"},"StringEquals":{"aws:SourceVpc":"vpc-1"}}`)), ""},
		{"aws:VpcSourceIp with aws:SourceVpce", "SK6014", policy.Resource, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone, `"Condition":{"IpAddress":{"aws:VpcSourceIp":"10.1.0.0/16"},"StringEquals":{"aws:SourceVpce":"vpce-1"}}`)), ""},
		{"aws:SourceVpc in another allow statement", "SK6014", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, allRes, cond("IpAddress", "aws:VpcSourceIp", `"10.1.0.0/16"`)), allow(`"s3:ListBucket"`, allRes, cond("StringEquals", "aws:SourceVpc", `"vpc-1"`))), "security-warning"},
		{"private IPv4 alone in an allow", "SK6014", policy.Identity, "", lint.Options{}, doc(allow(`"s3:*"`, allRes, cond("IpAddress", "aws:Ec2InstanceSourcePrivateIPv4", `"10.1.2.3/32"`))), "security-warning"},
		{"deny excluding addresses with no VPC anywhere", "SK6014", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("NotIpAddress", "aws:VpcSourceIp", `"10.1.0.0/16"`))), "suggestion"},
		{"deny of one address", "SK6014", policy.SCP, "", lint.Options{}, doc(deny(`"*"`, allRes, cond("IpAddress", "aws:VpcSourceIp", `"10.1.2.3/32"`))), ""},
		{"AWS's example SCP: the pair in two Deny statements", "SK6014", policy.SCP, "", lint.Options{}, doc(
			deny(`"*"`, allRes, `"Condition":{"StringNotEquals":{"aws:Ec2InstanceSourceVpc":"${aws:SourceVpc}"},"Null":{"ec2:SourceInstanceARN":"false"}}`),
			deny(`"*"`, allRes, `"Condition":{"StringNotEquals":{"aws:Ec2InstanceSourcePrivateIPv4":"${aws:VpcSourceIp}"},"Null":{"ec2:SourceInstanceARN":"false"}}`)), ""},
		{"private IPv4 deny, VPC named only in a variable of another statement", "SK6014", policy.SCP, "", lint.Options{}, doc(
			deny(`"*"`, allRes, cond("StringNotEquals", "aws:SourceVpc", `"${aws:Ec2InstanceSourceVpc}"`)),
			deny(`"*"`, allRes, cond("StringNotEquals", "aws:Ec2InstanceSourcePrivateIPv4", `"${aws:VpcSourceIp}"`))), ""},
	})
}

func TestRedundancyChecks(t *testing.T) {
	t.Parallel()
	runCases(t, []lintCase{
		{"duplicate statement", "SK7001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`), allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`)), "suggestion"},
		{"covered by a wider statement", "SK7001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/x/*"`), allow(`"s3:Get*"`, `"arn:aws:s3:::b/*"`)), "suggestion"},
		{"covered only under a condition", "SK7001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/x/*"`), allow(`"s3:Get*"`, `"arn:aws:s3:::b/*"`, cond("Bool", "aws:SecureTransport", `"true"`))), ""},
		{"different resources", "SK7001", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::a/*"`), allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`)), ""},
		{"allow under an unconditional deny", "SK7002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`), deny(`"s3:*"`, allRes)), "warning"},
		{"allow under a conditional deny", "SK7002", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`), deny(`"s3:*"`, allRes, cond("Bool", "aws:SecureTransport", `"false"`))), ""},
		{"action under a wildcard", "SK7003", policy.Identity, "", lint.Options{}, doc(allow(`["iam:Get*","iam:GetRole"]`, allRes)), "suggestion"},
		{"object under a bucket wildcard", "SK7003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `["arn:aws:s3:::b*","arn:aws:s3:::b/x"]`)), "suggestion"},
		{"distinct actions", "SK7003", policy.Identity, "", lint.Options{}, doc(allow(`["iam:GetRole","iam:ListRoles"]`, allRes)), ""},
		{"wildcard in the middle of a segment does not cross ':'", "SK7003", policy.Identity, "", lint.Options{}, doc(allow(`"logs:*"`, `["arn:aws:logs:*:*:log-group:a*b","arn:aws:logs:*:*:log-group:a:b"]`)), ""},
	})
}

// TestPracticeChecks covers the checks of IAM Access Analyzer and
// Parliament that go beyond the grammar: Regions, service principals,
// variable syntax, keys, Resource "*", MFA, escalation, credentials and
// sensitive data.
func TestPracticeChecks(t *testing.T) {
	t.Parallel()
	const mfa = "aws:MultiFactorAuthPresent"
	runCases(t, []lintCase{
		{"region typo in an ARN", "SK1005", policy.Identity, "", lint.Options{}, doc(allow(`"sqs:SendMessage"`, `"arn:aws:sqs:ap-northeast1:111122223333:q"`)), "error"},
		{"region typo in RequestedRegion", "SK1005", policy.SCP, "", lint.Options{}, doc(deny(`"ec2:*"`, allRes, cond("StringNotEquals", "aws:RequestedRegion", `["ap-northeast-1","us-east-one"]`))), "error"},
		{"region-shaped but unknown", "SK1005", policy.SCP, "", lint.Options{}, doc(deny(`"ec2:*"`, allRes, cond("StringNotEquals", "aws:RequestedRegion", `"ap-north-9"`))), "warning"},
		{"real regions", "SK1005", policy.SCP, "", lint.Options{}, doc(deny(`"ec2:*"`, `"arn:aws:ec2:us-gov-west-1:*:instance/*"`, cond("StringNotEquals", "aws:RequestedRegion", `["ap-northeast-1","eu-west-1"]`))), ""},
		{"like pattern on RequestedRegion", "SK1005", policy.SCP, "", lint.Options{}, doc(deny(`"ec2:*"`, allRes, cond("StringNotLike", "aws:RequestedRegion", `"eu-*"`))), ""},
		{"service principal as an ARN", "SK1006", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"Service":"arn:aws:iam::aws:ec2"}`)), "error"},
		{"service principal without domain", "SK1006", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"Service":"lambda"}`)), "error"},
		{"service principals", "SK1006", policy.Trust, "", lint.Options{}, doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"Service":["ec2.amazonaws.com","elasticmapreduce.amazonaws.com.cn"]}`)), ""},
		{"unclosed variable", "SK1007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/${aws:username/*"`)), "error"},
		{"variable lookalike", "SK1007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/$(aws:username)/*"`)), "error"},
		{"default without quotes", "SK1007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/${aws:username, nobody}/*"`)), "error"},
		{"variables", "SK1007", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/*"`)), ""},
		{"keys differing in case", "SK3009", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, allRes, `"Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1","aws:sourcevpc":"vpc-2"}}`)), "error"},
		{"same key under two operators", "SK3009", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, allRes, `"Condition":{"StringEquals":{"aws:SourceVpc":"vpc-1"},"StringLike":{"aws:sourcevpc":"vpc-*"}}`)), ""},
		{"aws:ARN", "SK3010", policy.Resource, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, anyone, cond("ArnNotEquals", "aws:ARN", `"arn:aws:iam::111122223333:role/r"`))), "warning"},
		{"aws:PrincipalArn", "SK3010", policy.Resource, "", lint.Options{}, doc(deny(`"s3:*"`, allRes, anyone, cond("ArnNotEquals", "aws:PrincipalArn", `"arn:aws:iam::111122223333:role/r"`))), ""},
		{"write actions on star", "SK4003", policy.Identity, "", lint.Options{}, doc(allow(`["s3:PutObject","s3:DeleteObject"]`, allRes)), "warning"},
		{"write actions on arn:*:*", "SK4003", policy.Identity, "", lint.Options{}, doc(allow(`"sqs:DeleteQueue"`, `"arn:*:*"`)), "warning"},
		{"read actions on star", "SK4003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, allRes)), "suggestion"},
		{"star-only actions", "SK4003", policy.Identity, "", lint.Options{}, doc(allow(`["s3:ListAllMyBuckets","ec2:DescribeInstances"]`, allRes)), ""},
		{"named resources", "SK4003", policy.Identity, "", lint.Options{}, doc(allow(`"s3:PutObject"`, `"arn:aws:s3:::b/*"`)), ""},
		{"MFA false in an allow", "SK6009", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:StopInstances"`, allRes, cond("Bool", mfa, `"false"`))), "security-warning"},
		{"MFA false in a deny without IfExists", "SK6009", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:*"`, allRes), deny(`"ec2:StopInstances"`, allRes, cond("Bool", mfa, `"false"`))), "security-warning"},
		{"MFA BoolIfExists false in a deny", "SK6009", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:*"`, allRes), deny(`"ec2:StopInstances"`, allRes, cond("BoolIfExists", mfa, `"false"`))), ""},
		{"MFA true in an allow", "SK6009", policy.Identity, "", lint.Options{}, doc(allow(`"ec2:StopInstances"`, allRes, cond("Bool", mfa, `"true"`))), ""},
		{"CreatePolicyVersion", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"iam:CreatePolicyVersion"`, allRes)), "security-warning"},
		{"PassRole with RunInstances", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"iam:PassRole"`, allRes), allow(`"ec2:RunInstances"`, allRes)), "security-warning"},
		{"own access keys", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"iam:CreateAccessKey"`, `"arn:aws:iam::*:user/${aws:username}"`)), ""},
		{"administrator", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"*"`, allRes)), ""},
		{"PassRole alone", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"iam:PassRole"`, `"arn:aws:iam::111122223333:role/app"`)), ""},
		{"escalation denied outright", "SK6010", policy.Identity, "", lint.Options{}, doc(allow(`"iam:*"`, allRes), deny(`["iam:Create*","iam:Put*","iam:Attach*","iam:Update*","iam:Set*","iam:Add*","iam:Delete*"]`, allRes)), ""},
		{"access keys of anyone", "SK6011", policy.Identity, "", lint.Options{}, doc(allow(`"iam:CreateAccessKey"`, allRes)), "suggestion"},
		{"own access keys", "SK6011", policy.Identity, "", lint.Options{}, doc(allow(`"iam:CreateAccessKey"`, `"arn:aws:iam::*:user/${aws:username}"`)), ""},
		{"no credentials", "SK6011", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBucket"`, `"arn:aws:s3:::b"`)), ""},
		{"secrets", "SK6012", policy.Identity, "", lint.Options{}, doc(allow(`"secretsmanager:GetSecretValue"`, allRes)), "suggestion"},
		{"no sensitive reads", "SK6012", policy.Identity, "", lint.Options{}, doc(allow(`"s3:ListBucket"`, `"arn:aws:s3:::b"`)), ""},
		{"objects of one bucket", "SK6012", policy.Identity, "", lint.Options{}, doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`)), ""},
	})
}

func TestEveryRuleHasDocAndTest(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("lint_test.go")
	if err != nil {
		t.Fatal(err)
	}
	docText, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range lint.Rules() {
		if !strings.HasPrefix(r.Doc, "https://docs.aws.amazon.com/") || r.Summary == "" {
			t.Errorf("%s: doc %q, summary %q", r.Code, r.Doc, r.Summary)
		}
		if !strings.Contains(string(docText), "//\t"+r.Code+"  ") {
			t.Errorf("%s is missing from the table in doc.go", r.Code)
		}
		if strings.Count(string(src), `"`+r.Code+`"`) < 2 {
			t.Errorf("%s needs a failing and a passing case in lint_test.go", r.Code)
		}
	}
}

func TestFileErrors(t *testing.T) {
	t.Parallel()
	for name, src := range map[string]string{
		"not JSON":      `{"Version":`,
		"not an object": `["a"]`,
		"no Statement":  `{"Version":"2012-10-17"}`,
		"bad envelope":  `{"Policy":"{not json"}`,
	} {
		if _, err := lint.File("p.json", []byte(src), policy.AnyKind); err == nil || !strings.Contains(err.Error(), "p.json") {
			t.Errorf("%s: error %v, want one naming the file", name, err)
		}
	}
}

func TestInferKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file, src string
		want            policy.Kind
	}{
		{"identity", "p.json", doc(allow(`"s3:*"`, allRes)), policy.Identity},
		{"resource", "p.json", doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone)), policy.Resource},
		{"trust", "p.json", doc(allow(`["sts:AssumeRole","sts:TagSession"]`, "", `"Principal":{"Service":"ec2.amazonaws.com"}`)), policy.Trust},
		{"scp by name", "deny-regions-scp.json", doc(deny(`"*"`, allRes)), policy.SCP},
		{"endpoint by name", "vpce-s3.json", doc(allow(`"*"`, allRes, anyone)), policy.Endpoint},
		{"name contradicted by content", "trust.json", doc(allow(`"sts:AssumeRole"`, allRes)), policy.Identity},
		{"inline by name, with Principal", "app-inline.json", doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone)), policy.Identity},
		{"policy in a role's folder, with Principal", "org/roles/app/s3-policy.json", doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone)), policy.Identity},
		{"trust policy in a role's folder", "org/roles/app/trust.json", doc(allow(`"sts:AssumeRole"`, "", `"Principal":{"Service":"ec2.amazonaws.com"}`)), policy.Trust},
		{"boundary by name", "dev-boundary.json", doc(allow(`"s3:*"`, allRes)), policy.Boundary},
	}
	for _, tt := range tests {
		p, err := policy.Parse([]byte(tt.src), policy.Source{File: tt.file})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := lint.InferKind(p, tt.file); got != tt.want {
			t.Errorf("%s: InferKind = %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestIdentityByPlace lints a policy with a Principal whose place says it
// is attached to a role: the Principal is a grammar error there.
func TestIdentityByPlace(t *testing.T) {
	t.Parallel()
	fs, err := lint.File("roles/app/s3-policy.json", []byte(doc(allow(`"s3:GetObject"`, `"arn:aws:s3:::b/*"`, anyone))), policy.AnyKind)
	if err != nil {
		t.Fatal(err)
	}
	if severityOf(fs, "SK1000") != "error" {
		t.Errorf("want SK1000 error for a Principal in an identity policy; got\n%s", list(fs))
	}
}

// TestPositions checks that findings point into AWS CLI envelopes.
func TestPositions(t *testing.T) {
	t.Parallel()
	src := "{\"PolicyVersion\": {\"Document\": {\"Version\": \"2012-10-17\", \"Statement\": [\n" +
		"  {\"Effect\": \"Deny\", \"Action\": [\"s3:GetObject\", \"s3:DeleteObjekt\"], \"Resource\": \"*\"}]}}}"
	fs, err := lint.File("get-policy-version.json", []byte(src), policy.AnyKind)
	if err != nil {
		t.Fatal(err)
	}
	want := lint.Finding{Code: "SK2002", Severity: lint.Error, File: "get-policy-version.json", Line: 2, Column: 49,
		Path: "$.PolicyVersion.Document.Statement[0].Action[1]"}
	for _, f := range fs {
		if f.Code == want.Code {
			f.Message, f.Doc = "", ""
			if f != want {
				t.Errorf("got %+v, want %+v", f, want)
			}
			return
		}
	}
	t.Errorf("no %s finding:\n%s", want.Code, list(fs))
}

// TestCheckParsed lints an already parsed policy: positions are the
// statement's.
func TestCheckParsed(t *testing.T) {
	t.Parallel()
	p, err := policy.Parse([]byte(doc(deny(`"s3:DeleteObjekt"`, allRes))), policy.Source{File: "p.json", Kind: policy.Identity})
	if err != nil {
		t.Fatal(err)
	}
	fs := lint.Check(p, lint.Options{})
	if len(fs) != 1 || fs[0].Code != "SK2002" || fs[0].Line != 1 || fs[0].Path != "$.Statement[0].Action[0]" {
		t.Errorf("got:\n%s", list(fs))
	}
}
