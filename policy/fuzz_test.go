package policy_test

import (
	"math/big"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// FuzzParse: the parser never panics, and every error it returns says where.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ec2InstanceSourceVpc":"${aws:SourceVpc}"},"Null":{"aws:ec2InstanceSourceVpc":"false"}}}}`))
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:Delete\u200bObject","Resource":"arn:aws:s3:::b\u0000/*"}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		// Any kind, and identity, whose parse also refuses the characters
		// IAM does not store.
		for _, kind := range []policy.Kind{policy.AnyKind, policy.Identity} {
			p, err := policy.ParseFile(src, policy.Source{File: "fuzz.json", Kind: kind})
			if err == nil && p == nil {
				t.Fatal("nil policy without error")
			}
			if err != nil && err.Error() == "" {
				t.Fatal("empty error message")
			}
		}
	})
}

// FuzzValues: the condition value parsers never panic; a number they
// accept is the rational number big.Rat reads from the same text, and two
// numbers compare as big.Rat compares them.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"10", "-0.50", "9007199254740993", "0x1p4", "1e400", ".5", "5.", "+7", "9223372036854775807", "::ffff:10.0.0.0/104", "fe80::1%eth0", "2025-01-31T12:00:00Z"} {
		f.Add(s, "9007199254740992")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		_, _ = policy.ParseDate(a)
		_, _ = policy.ParseCIDR(a)
		_, _ = policy.ParseAddr(a)
		da, okA := policy.ParseDecimal(a)
		db, okB := policy.ParseDecimal(b)
		if !okA || !okB {
			return
		}
		ra, ok1 := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(a), "+"))
		rb, ok2 := new(big.Rat).SetString(strings.TrimPrefix(strings.TrimSpace(b), "+"))
		if !ok1 || !ok2 {
			t.Fatalf("ParseDecimal accepted %q, %q that big.Rat refuses", a, b)
		}
		if got, want := da.Cmp(db), ra.Cmp(rb); got != want {
			t.Fatalf("Cmp(%q, %q) = %d, big.Rat says %d", a, b, got, want)
		}
	})
}
