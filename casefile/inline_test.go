package casefile_test

import (
	"strings"
	"testing"

	"github.com/sekisho/sekisho/casefile"
)

// ParseInline reads inline cases and refuses anything that would open a
// file: a policy given by path, a case naming a model.
func TestParseInline(t *testing.T) {
	t.Parallel()
	const inline = `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"},
"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}]},"expect":"Allow"}`
	cases, err := casefile.ParseInline([]byte(inline), "request.json")
	if err != nil || len(cases) != 1 || len(cases[0].Policies.Identity) != 1 {
		t.Fatalf("inline case: %v, %v", cases, err)
	}
	tests := []struct {
		name, src, want string
	}{
		{"policy-file", `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{"identity":["/etc/passwd"]}}`,
			"policy files are not read here"},
		{"scp-file", `{"name":"c","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{"scp":[["scp.json"]]}}`,
			"policy files are not read here"},
		{"model", `{"name":"c","model":"../model","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"}}`,
			"cases naming a model are not accepted here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := casefile.ParseInline([]byte(tt.src), "request.json")
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "request.json") {
				t.Errorf("got %v, want an error naming request.json and %q", err, tt.want)
			}
		})
	}
}
