package awsref

import (
	"regexp"
	"slices"
	"testing"

	"github.com/sekisho/sekisho/internal/wildcard"
)

// TestLiteralARNsMatchAsIntersected: for ARNs without wildcards,
// ResourceTypesForARN matches each format against the ARN; the answer is
// the intersection's, for an example ARN of every format of the reference
// (placeholders filled in two ways) and a few that are nothing.
func TestLiteralARNsMatchAsIntersected(t *testing.T) {
	t.Parallel()
	placeholder := regexp.MustCompile(`\$\{[^}]*\}`)
	n := 0
	for _, svc := range Services() {
		var arns []string
		for _, rt := range svc.ResourceTypes {
			for _, f := range rt.ARNFormats {
				arns = append(arns, placeholder.ReplaceAllString(f, "x1"), placeholder.ReplaceAllString(f, "a/b:c"))
			}
		}
		arns = append(arns, "arn:aws:"+svc.Prefix+":us-east-1:111111111111:", "arn:aws:s3:::bucket/key", "nothing")
		for _, arn := range arns {
			if slices.ContainsFunc([]byte(arn), func(c byte) bool { return c == '*' || c == '?' || c == '$' }) {
				continue // not literal: intersected either way
			}
			n++
			got, want := names(ResourceTypesForARN(svc.Prefix, arn)), names(intersected(svc, arn))
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: %v, intersected %v", svc.Prefix, arn, got, want)
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d ARNs compared", n)
	}
}

func intersected(s Service, arn string) []ResourceType {
	in := compileARNPattern(arn)
	var out []ResourceType
	for _, t := range s.ResourceTypes {
		for _, f := range t.ARNFormats {
			if wildcard.Intersects(compiledFormat(f), in) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func names(ts []ResourceType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}
