package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/policy"
)

// perimeterExamples are AWS's data-perimeter guardrails (MIT-0, see its
// LICENSE-SAMPLECODE), shipped with the repository.
const perimeterExamples = "../testdata/data-perimeter-examples"

// TestRealPolicies parses every AWS managed policy (the built-in set) and
// every data-perimeter guardrail: the parser must read all of them
// without error.
func TestRealPolicies(t *testing.T) {
	t.Parallel()
	statements, n := 0, 0
	for _, p := range awsmanaged.All() {
		pol, err := policy.Parse(p.Document, policy.Source{File: p.ARN, Kind: policy.Identity, Name: p.ARN})
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		statements += len(pol.Statements)
		n++
	}
	var files []string
	err := filepath.WalkDir(perimeterExamples, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", perimeterExamples, err)
	}
	if n < 1500 || len(files) < 20 {
		t.Fatalf("found %d AWS managed policies and %d guardrails, want at least 1,500 and 20", n, len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := policy.ParseFile(src, policy.Source{File: f, Kind: kindOf(f)})
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		statements += len(p.Statements)
	}
	t.Logf("parsed %d AWS managed policies and %d files, %d statements", n, len(files), statements)
}

func kindOf(file string) policy.Kind {
	switch {
	case strings.Contains(file, "service_control_policies"):
		return policy.SCP
	case strings.Contains(file, "resource_control_policies"):
		return policy.RCP
	case strings.Contains(file, "vpc_endpoint_policies"):
		return policy.Endpoint
	}
	return policy.Identity
}
