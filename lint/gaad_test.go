package lint_test

import (
	"os"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/lint"
)

// FuzzGAAD checks that no authorization-details file makes GAAD panic, and
// that an accepted file's findings all name it.
func FuzzGAAD(f *testing.F) {
	for _, name := range []string{"../internal/cli/testdata/lint-sources/authorization-details.json",
		"../model/load/testdata/aws/authorization-details.111111111111.json"} {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(`{"RoleDetailList":[{"AssumeRolePolicyDocument":"%7B%7D"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		root, err := node.ParseJSON(src)
		if err != nil || !lint.IsGAAD(root) {
			return
		}
		rep, err := lint.GAAD("gaad.json", root, true)
		if err != nil {
			return
		}
		for _, fd := range rep.Findings {
			if fd.File != "gaad.json" || fd.Path == "" {
				t.Fatalf("finding without its place: %+v", fd)
			}
		}
	})
}
