package policy_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestDocumentSizeQuota: a string longer than the largest policy quota
// (32,768) and a document larger than any AWS policy (262,144 characters
// without white space) are refused, with the reason; the largest AWS
// managed policy's size is read; white space does not count.
func TestDocumentSizeQuota(t *testing.T) {
	t.Parallel()
	doc := func(action string) string {
		return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "` + action + `", "Resource": "*"}]}`
	}
	_, err := policy.Parse([]byte(doc("s3:"+strings.Repeat("a*", 20_000))), policy.Source{File: "big.json", Kind: policy.Identity})
	if err == nil || !strings.Contains(err.Error(), "big.json:1:71: $.Statement[0].Action: a string of 40003 characters: no value of an AWS policy is longer than 32768") {
		t.Errorf("40,003-character action: got %v", err)
	}
	if _, err := policy.Parse([]byte(doc("s3:"+strings.Repeat("a*", 16_000))), policy.Source{Kind: policy.Identity}); err != nil {
		t.Errorf("32,003-character action: %v", err)
	}
	// Characters, not bytes, written as themselves or escaped: 20,000
	// two-byte characters (40,000 bytes) are within the bound, and 33,000
	// are past it, whether the JSON reader read them as themselves (not
	// printable ASCII, counted) or through escapes.
	for _, e := range []string{"é", `\u00e9`} {
		if _, err := policy.Parse([]byte(doc("s3:"+strings.Repeat(e, 20_000))), policy.Source{Kind: policy.Identity}); err != nil {
			t.Errorf("20,003 characters %s: %v", e, err)
		}
		_, err := policy.Parse([]byte(doc("s3:"+strings.Repeat(e, 33_000))), policy.Source{Kind: policy.Identity})
		if err == nil || !strings.Contains(err.Error(), "a string of 33003 characters") {
			t.Errorf("33,003 characters %s: got %v", e, err)
		}
	}
	// A member name (a condition key) is counted alike, in an object
	// marked printable ASCII or not.
	keyed := func(key string) string {
		return `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"StringEquals": {"` + key + `": "v"}}}}`
	}
	for _, k := range []struct {
		key string
		ok  bool
	}{{strings.Repeat("é", 20_000), true}, {strings.Repeat("é", 33_000), false}, {strings.Repeat("a", 33_000), false}} {
		_, err := policy.Parse([]byte(keyed(k.key)), policy.Source{Kind: policy.AnyKind})
		if (err == nil) != k.ok || err != nil && !strings.Contains(err.Error(), "a string of 33000 characters") {
			t.Errorf("member name of %d bytes: got %v, want ok %v", len(k.key), err, k.ok)
		}
	}
	many := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"s3:GetObject"`)
		}
		return `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [` + b.String() + `], "Resource": "*"}]}`
	}
	_, err = policy.Parse([]byte(many(20_000)), policy.Source{Kind: policy.Identity})
	if err == nil || !strings.Contains(err.Error(), "policy document of more than 262144 characters (not counting white space)") {
		t.Errorf("20,000 actions (300,000 characters): got %v", err)
	}
	if _, err := policy.Parse([]byte(many(10_000)), policy.Source{Kind: policy.Identity}); err != nil {
		t.Errorf("10,000 actions (150,000 characters, as the largest AWS managed policy): %v", err)
	}
	padded := strings.ReplaceAll(many(10_000), ",", strings.Repeat(" ", 100)+",")
	if _, err := policy.Parse([]byte(padded), policy.Source{Kind: policy.Identity}); err != nil {
		t.Errorf("white space counted: %v", err)
	}
}
