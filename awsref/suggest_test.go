package awsref_test

import (
	"slices"
	"testing"

	"github.com/sekisho/sekisho/awsref"
)

func TestSuggest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"action typo", awsref.SuggestAction("s3:GetObjekt"), []string{"s3:GetObject"}},
		{"service typo in an action", awsref.SuggestAction("s4:GetObject"), []string{"s3:GetObject"}},
		{"short service", awsref.SuggestService("s4"), []string{"s3"}},
		{"key typo", awsref.SuggestConditionKey("aws:SecureTransprt"), []string{"aws:SecureTransport"}},
		{"nothing near", awsref.SuggestService("zzzzzzzz"), nil},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestResolveConditionKey(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name           string
		ok, isProvider bool
	}{
		{"aws:SecureTransport", true, false},
		{"aws:RequestTag/CostCenter", true, false},
		{"token.actions.githubusercontent.com:sub", true, true},
		{"aws:SecureTransprt", false, false},
	} {
		_, provider, ok := awsref.ResolveConditionKey(tt.name)
		if ok != tt.ok || provider != tt.isProvider {
			t.Errorf("%s: ok %v provider %v, want %v %v", tt.name, ok, provider, tt.ok, tt.isProvider)
		}
	}
}
