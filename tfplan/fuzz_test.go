package tfplan_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/sekisho/sekisho/tfplan"
)

// FuzzRead: any input is a plan or an error, never a panic; a plan read
// has every document's planned text or says it is unknown or absent.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(plans, "*.json"))
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := tfplan.Read("plan.json", src)
		if err != nil {
			return
		}
		for _, d := range p.Documents {
			if d.Unknown && d.After != nil {
				t.Errorf("%s: unknown with a planned text", d.Name())
			}
		}
	})
}
