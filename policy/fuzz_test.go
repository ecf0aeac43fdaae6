package policy_test

import (
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// FuzzParse: the parser never panics, and every error it returns says where.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ec2InstanceSourceVpc":"${aws:SourceVpc}"},"Null":{"aws:ec2InstanceSourceVpc":"false"}}}}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := policy.ParseFile(src, policy.Source{File: "fuzz.json"})
		if err == nil && p == nil {
			t.Fatal("nil policy without error")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
	})
}
