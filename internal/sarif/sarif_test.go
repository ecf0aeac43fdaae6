package sarif_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/sarif"
)

// TestNew: a log of one run whose results are an empty list, not null
// (code-scanning tools reject a run without results), and optional fields
// left out.
func TestNew(t *testing.T) {
	t.Parallel()
	log := sarif.New("", []sarif.Rule{{ID: "r", ShortDescription: sarif.Text{Text: "a rule"}, DefaultConfiguration: sarif.Config{Level: "error"}}})
	b, err := json.Marshal(log)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{`"$schema":"` + sarif.Schema + `"`, `"version":"2.1.0"`, `"results":[]`, `"name":"sekisho"`} {
		if !strings.Contains(got, want) {
			t.Errorf("log %s lacks %s", got, want)
		}
	}
	for _, absent := range []string{"informationUri", "helpUri", "properties", "ruleIndex"} {
		if strings.Contains(got, absent) {
			t.Errorf("log %s has %s, which was not given", got, absent)
		}
	}
}
