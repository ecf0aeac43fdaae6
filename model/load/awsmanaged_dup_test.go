package load_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/model/load"
)

// gaad is one account's get-account-authorization-details output with a
// role attaching the AWS managed policy ReadOnlyAccess, whose document is
// doc, listed in Policies as the AWS CLI prints it.
func gaad(account, doc string) []byte {
	return []byte(`{
  "RoleDetailList": [{"RoleName": "r", "Path": "/", "Arn": "arn:aws:iam::` + account + `:role/r",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
    "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}],
  "Policies": [{"PolicyName": "ReadOnlyAccess", "Arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "DefaultVersionId": "v9",
    "PolicyVersionList": [{"VersionId": "v9", "IsDefaultVersion": true, "Document": ` + doc + `}]}]
}`)
}

// TestAWSManagedReadOncePerDocument: the same AWS managed policy in every
// account's output is read once, and checked as strictly: a later
// account's copy that differs is parsed, so a malformed one is still an
// error, at its own place.
func TestAWSManagedReadOncePerDocument(t *testing.T) {
	t.Parallel()
	good := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*"], "Resource": "*"}]}`
	other := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}`
	bad := `{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:Get*", "Resource": "*"}]}`
	for _, tc := range []struct {
		name, second, err string
	}{
		{"same document", good, ""},
		{"another document", other, ""},
		{"malformed copy", bad, `authorization-details.222222222222.json:6:`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := load.LoadFiles(map[string][]byte{
				"authorization-details.111111111111.json": gaad("111111111111", good),
				"authorization-details.222222222222.json": gaad("222222222222", tc.second),
			}, load.Options{})
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), `expected "Allow" or "Deny"`) {
					t.Fatalf("got %v, want the malformed Effect in %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			mp := m.Managed["arn:aws:iam::aws:policy/ReadOnlyAccess"]
			if mp == nil || mp.Document == nil || len(mp.Document.Statements[0].Actions) != 2 {
				t.Fatalf("ReadOnlyAccess: %+v, want the first account's document", mp)
			}
		})
	}
}

// BenchmarkAWSManagedEveryAccount loads 100 accounts' outputs, each
// listing the real ReadOnlyAccess document (about 100 KB of JSON) as the
// AWS CLI does for every account that attaches it.
func BenchmarkAWSManagedEveryAccount(b *testing.B) {
	p, ok := awsmanaged.Document("arn:aws:iam::aws:policy/ReadOnlyAccess")
	if !ok {
		b.Fatal("no built-in ReadOnlyAccess")
	}
	files := map[string][]byte{}
	for i := range 100 {
		account := fmt.Sprintf("1000000000%02d", i)
		files["authorization-details."+account+".json"] = gaad(account, string(p.Document))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := load.LoadFiles(files, load.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
