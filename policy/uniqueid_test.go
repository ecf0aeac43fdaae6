package policy_test

import (
	"regexp"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// TestIsUniqueID: IsUniqueID accepts what the form of IAM unique IDs,
// `^A(IDA|ROA)[A-Z0-9]{12,}$`, accepts, and nothing else.
func TestIsUniqueID(t *testing.T) {
	t.Parallel()
	form := regexp.MustCompile(`^A(IDA|ROA)[A-Z0-9]{12,}$`)
	for _, s := range []string{
		"AROA2000000000010000", "AIDA2000000000010000", "AROA123456789012", "AROA12345678901", "AROA12345678901a",
		"AIPA2000000000010000", "aroa2000000000010000", "AROA", "", "AROA1234567890123-", "AROA123456789012\n",
		"AROAÉ23456789012345", "arn:aws:iam::111122223333:role/a", "111122223333", "*", "AROAAAAAAAAAAAAAAAAAAAAAAAAAA",
	} {
		if got, want := policy.IsUniqueID(s), form.MatchString(s); got != want {
			t.Errorf("IsUniqueID(%q) = %v, want %v", s, got, want)
		}
	}
}
