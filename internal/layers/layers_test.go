package layers_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/sekisho/sekisho/"

// layer is every package's layer, as docs/architecture.md draws them, from
// the ground up. A new package must be placed here (and in the picture).
var layer = map[string]int{
	// 0: plain values and readers, standard library only (or the SDK's ARN parser)
	"arn": 0, "internal/wildcard": 0, "internal/memo": 0, "internal/slab": 0, "internal/node": 0, "internal/readfile": 0, "internal/errcode": 0,
	"internal/sarif": 0, "internal/shard": 0, "eventpattern": 0, "awsmanaged": 0, "internal/fakeaws": 0, "internal/gen/npm": 0,
	// 1: the policy language and the service authorization reference
	"policy": 1, "awsref": 1,
	// 2: evaluation
	"internal/cond": 2, "eval": 2, "guardrail": 2,
	"internal/benchbase":  3, // benchmarks' yardstick: one decision
	"internal/benchcases": 3, // benchmarks' random case files
	// 3: inputs beside the engine: case files, lint, remediation, collection
	"casefile": 3, "lint": 3, "remediate": 3, "collect": 3, "diff": 3, "tfplan": 3,
	// 4: the organization model and its loader
	"model": 4, "model/load": 4, "model/synth": 4,
	// 5: analyses and the case runner
	"analysis": 5, "internal/caserun": 5, "modeldiff": 5,
	// 6: answers for people and programs
	"internal/render": 6, "internal/result": 6, "internal/shardfile": 6,
	// 7: interfaces
	"server": 7, "internal/cli": 7, "internal/gen/awsref": 7, "internal/gen/awsmanaged": 7,
	"internal/gen/lintnames": 7, "scripts/iam-simulate-bench/writecases": 7, "cmd/sekisho": 7, "cmd/sekisho-remediate-lambda": 7,
	"internal/layers": 7, // no code: the test of this table
}

// forbidden are imports the layers alone would allow and the architecture
// does not: the model asks the engine nothing (analyses do), the case-file
// reader needs no model (the runner resolves model cases).
var forbidden = map[string][]string{
	"model":      {"eval", "internal/cond", "casefile", "lint"},
	"model/load": {"eval", "internal/cond", "casefile", "lint"},
	"casefile":   {"lint", "remediate", "collect"},
	"eval":       {"guardrail"},
}

func TestImportRule(t *testing.T) {
	t.Parallel()
	imports := map[string]map[string]bool{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() && path != "../.." && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../../")))
		if imports[pkg] == nil {
			imports[pkg] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok {
				imports[pkg][rest] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(imports) < 20 {
		t.Fatalf("read %d packages: is the test run from internal/layers?", len(imports))
	}
	for pkg, deps := range imports {
		l, ok := layer[pkg]
		if !ok {
			t.Errorf("package %s has no layer: place it in docs/architecture.md and in this test's table", pkg)
			continue
		}
		for dep := range deps {
			dl, ok := layer[dep]
			switch {
			case !ok:
				t.Errorf("%s imports %s, which has no layer", pkg, dep)
			case dl > l:
				t.Errorf("%s (layer %d) imports %s (layer %d): imports run down the layers only", pkg, l, dep, dl)
			}
			for _, f := range forbidden[pkg] {
				if dep == f {
					t.Errorf("%s imports %s: docs/architecture.md forbids it", pkg, dep)
				}
			}
		}
	}
}
