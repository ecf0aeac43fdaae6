package policy_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestDocumentSizeQuota: a document larger than any policy AWS can hold
// (131,072 characters without white space) is refused, with the quotas;
// one the size of the largest AWS managed policy is read. White space
// does not count.
func TestDocumentSizeQuota(t *testing.T) {
	t.Parallel()
	doc := func(action string) []byte {
		return []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "` + action + `", "Resource": "*"}]}`)
	}
	_, err := policy.Parse(doc("s3:"+strings.Repeat("a*", 70_000)), policy.Source{File: "big.json", Kind: policy.Identity})
	if err == nil || !strings.Contains(err.Error(), "big.json:1:1: $: policy document of more than 131072 characters (not counting white space): no policy that large can exist in AWS") {
		t.Errorf("140,000-character action: got %v", err)
	}
	if _, err := policy.Parse(doc("s3:"+strings.Repeat("a*", 55_000)), policy.Source{Kind: policy.Identity}); err != nil {
		t.Errorf("110,000 characters (AWS managed policies reach 113,000): %v", err)
	}
	padded := []byte(strings.Replace(string(doc("s3:"+strings.Repeat("a*", 55_000))), " ", strings.Repeat(" ", 10_000), -1))
	if _, err := policy.Parse(padded, policy.Source{Kind: policy.Identity}); err != nil {
		t.Errorf("white space counted: %v", err)
	}
	var many strings.Builder
	for i := range 30_000 {
		if i > 0 {
			many.WriteString(",")
		}
		many.WriteString(`"s3:GetObject"`)
	}
	_, err = policy.Parse([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [`+many.String()+`], "Resource": "*"}]}`), policy.Source{Kind: policy.Identity})
	if err == nil || !strings.Contains(err.Error(), "more than 131072 characters") {
		t.Errorf("30,000 actions: got %v", err)
	}
}
