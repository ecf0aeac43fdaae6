package analysis_test

import (
	"sync"
	"testing"

	"github.com/sekisho/sekisho/analysis"
)

// TestProgress: a question reports its progress to the hook, ending with
// every step done (the CLI shows it on a terminal only).
func TestProgress(t *testing.T) {
	t.Parallel()
	a := loadOrg(t, true)
	var mu sync.Mutex
	last := map[string][2]int{}
	a.Progress = func(stage string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		last[stage] = [2]int{done, total}
	}
	if _, err := a.WhoCan("s3:ListBucket", "arn:aws:s3:::data-bucket/report.csv", analysis.WhoCanOptions{}); err != nil {
		t.Fatal(err)
	}
	got, ok := last["principals evaluated"]
	if !ok || got[0] != got[1] || got[1] == 0 {
		t.Fatalf("progress %v, want every principal evaluated reported", last)
	}
}
