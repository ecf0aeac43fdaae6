package casefile_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/casefile"
)

// FuzzParse: case files in JSON or YAML never make the reader panic, and
// reading them one case at a time (Each) accepts what Parse accepts, with
// the same cases, and rejects what it rejects (the first error may be
// another: Each reads the cases before a syntax error further on).
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"name":"a","request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject"},"policies":{"identity":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}]},"expect":"Allow"}`), false)
	f.Add([]byte("- name: a\n  request: {principal: anonymous, action: 's3:GetObject'}\n  expect: ImplicitDeny\n"), true)
	// Typed context values (issue 14): the checks run on every value read.
	f.Add([]byte(`{"name":"c","request":{"principal":"anonymous","action":"s3:GetObject","context":{"aws:SourceIp":["10.0.0.1","fe80::1%eth0"],"aws:EpochTime":"9223372036854775807","s3:max-keys":"1e400","aws:SecureTransport":"nope"}}}`), false)
	f.Add([]byte("name: c\nrequest: {principal: anonymous, action: 's3:GetObject', context: {aws:CurrentTime: yesterday, aws:PrincipalArn: x}}\npolicies: {identity: [{Statement: {Effect: Deny, Action: \"s3:\\u200b*\", Resource: '*'}}]}\n"), true)
	// Lists of one value, time keys that must agree, the CloudFront origin
	// access identity (issue 14, section 3).
	f.Add([]byte("name: l\nrequest: {principal: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QW', action: 's3:GetObject', context: {aws:TagKeys: [env], aws:CurrentTime: '2020-06-01T00:00:00Z', aws:EpochTime: '1590969600'}}\n"), true)
	f.Add([]byte(`[{"name":"a","request":{"action":"s3:GetObject"},"expect":"ImplicitDeny"},{"name":"b","request":{"action":"s3:PutObject"},"policies":{"identity":[{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}]},"expect":"Allow"}]`), false)
	f.Add([]byte(`[{"name":"a","request":{"action":"s3:GetObject"}},{"name":"a","request":{"action":"s3:GetObject"}}]`), false)
	f.Fuzz(func(t *testing.T, src []byte, yaml bool) {
		name := "fuzz.json"
		if yaml {
			name = "fuzz.yaml"
		}
		cases, err := casefile.Parse(src, name)
		var each []*casefile.Case
		eachErr := casefile.Each(src, name, func(c *casefile.Case) error {
			each = append(each, c)
			return nil
		})
		if (err == nil) != (eachErr == nil) {
			t.Fatalf("Parse: %v; Each: %v", err, eachErr)
		}
		if err == nil && !reflect.DeepEqual(cases, each) {
			t.Fatalf("Each read other cases than Parse")
		}
		// On several goroutines, the same cases in the same order and
		// the same error as Each.
		var conc []*casefile.Case
		concErr := casefile.EachConcurrent(src, name, 3, func(c *casefile.Case) (*casefile.Case, error) { return c, nil },
			func(_ *casefile.Case, c *casefile.Case) error {
				conc = append(conc, c)
				return nil
			})
		if fmt.Sprint(concErr) != fmt.Sprint(eachErr) || !reflect.DeepEqual(conc, each) {
			t.Fatalf("EachConcurrent: %d cases, %v; Each: %d cases, %v", len(conc), concErr, len(each), eachErr)
		}
	})
}
