package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/policy"
)

// sharedData is where the project's shared test data lives (beside the repo).
const sharedData = "../../shared/data"

// TestRealPolicies parses every AWS managed policy and every data-perimeter
// guardrail: the parser must read all of them without error.
func TestRealPolicies(t *testing.T) {
	t.Parallel()
	var files []string
	err := filepath.WalkDir(sharedData, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("reading %s: %v", sharedData, err)
	}
	if len(files) < 1388 {
		t.Fatalf("found %d policy files under %s, want at least 1388", len(files), sharedData)
	}
	statements := 0
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
	t.Logf("parsed %d files, %d statements", len(files), statements)
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
