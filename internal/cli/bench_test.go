package cli_test

import (
	"strings"
	"testing"
)

func TestBenchCommand(t *testing.T) {
	t.Parallel()
	code, out, errOut := run("bench", "--time", "5ms", "testdata/cases/seed000.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"baseline (one statement):", "legitimate-call-from-instance:", "stolen-from-internet:", "× baseline"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if code, _, _ := run("bench", "--time", "0s", "testdata/cases/seed000.yaml"); code != 2 {
		t.Errorf("--time 0s: exit %d, want 2", code)
	}
}
