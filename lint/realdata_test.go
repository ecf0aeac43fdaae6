package lint_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// perimeterExamples are AWS's data-perimeter guardrails (MIT-0, see its
// LICENSE-SAMPLECODE), shipped with the repository.
const perimeterExamples = "../testdata/data-perimeter-examples"

// TestRealPolicies lints every AWS managed policy (the built-in set), AWS's data-perimeter
// guardrails and the seed documents' policies: none may have an
// error-level finding. Lower findings are counted per code in the log.
func TestRealPolicies(t *testing.T) {
	t.Parallel()
	var files []realFile
	for _, p := range awsmanaged.All() {
		files = append(files, realFile{path: p.ARN, kind: policy.Identity, src: p.Document})
	}
	files = append(files, walk(t, perimeterExamples, perimeterKind)...)
	files = append(files, walk(t, filepath.Join("..", "examples", "seeds"), func(string) policy.Kind { return policy.AnyKind })...)
	if len(files) < 1500 {
		t.Fatalf("found %d policies, want at least the 1,500 AWS managed policies", len(files))
	}
	counts := map[string]int{}
	for _, f := range files {
		src := f.src
		if src == nil {
			var err error
			if src, err = os.ReadFile(f.path); err != nil {
				t.Fatal(err)
			}
		}
		findings, err := lint.File(f.path, src, f.kind)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		for _, fd := range findings {
			if fd.Severity == lint.Error {
				t.Errorf("%s", fd)
			}
			counts[fd.Code+" "+fd.Severity.String()]++
		}
	}
	logCounts(t, len(files), counts)
}

type realFile struct {
	path string
	kind policy.Kind
	src  []byte // nil: read path
}

func walk(t *testing.T, dir string, kind func(string) policy.Kind) []realFile {
	t.Helper()
	var out []realFile
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			out = append(out, realFile{path: p, kind: kind(p)})
		}
		return err
	})
	if err != nil && !(os.IsNotExist(err) && strings.Contains(dir, "examples")) {
		t.Fatalf("reading %s: %v", dir, err)
	}
	return out
}

// perimeterKind is the kind of a data-perimeter example, from its directory.
func perimeterKind(p string) policy.Kind {
	switch {
	case strings.Contains(p, "service_control_policies"):
		return policy.SCP
	case strings.Contains(p, "resource_control_policies"):
		return policy.RCP
	case strings.Contains(p, "vpc_endpoint_policies"):
		return policy.Endpoint
	}
	return policy.AnyKind
}

func logCounts(t *testing.T, files int, counts map[string]int) {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("linted %d files", files)
	for _, k := range keys {
		t.Logf("  %-28s %5d", k, counts[k])
	}
}
