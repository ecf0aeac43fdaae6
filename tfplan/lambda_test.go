package tfplan_test

import (
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestLambdaPermission: an aws_lambda_permission is the statement
// AddPermission adds to the function's policy, a resource policy on
// each side.
func TestLambdaPermission(t *testing.T) {
	t.Parallel()
	p := read(t, "lambda-permission.json")
	if len(p.Documents) != 2 || len(p.Others) != 0 {
		t.Fatalf("%d documents, %d others: want the two permissions as documents", len(p.Documents), len(p.Others))
	}
	s3, org := p.Documents[0], p.Documents[1]
	want := `{"Statement":[{"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::uploads"},"StringEquals":{"AWS:SourceAccount":"111111111111"}},"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Resource":"arn:aws:lambda:us-east-1:111111111111:function:thumbs","Sid":"AllowS3"}],"Version":"2012-10-17"}`
	if s3.Kind != policy.Resource || s3.Before == nil || *s3.Before != want {
		t.Errorf("prior statement:\n%v\nwant:\n%s", deref(s3.Before), want)
	}
	want = `{"Statement":[{"Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}},"Effect":"Allow","Principal":"*","Resource":"arn:aws:lambda:*:*:function:thumbs","Sid":"OrgInvoke"}],"Version":"2012-10-17"}`
	if org.Before != nil || org.After == nil || *org.After != want || org.Target != "arn:aws:lambda:*:*:function:thumbs" {
		t.Errorf("created statement:\n%v (target %s)\nwant:\n%s", deref(org.After), org.Target, want)
	}
	for _, d := range p.Documents {
		if _, err := policy.Parse([]byte(*d.After), policy.Source{Kind: policy.Resource}); err != nil {
			t.Errorf("%s: %v", d.Name(), err)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
