package cli_test

import (
	"strings"
	"testing"
)

// serve refuses what would open the model to the network or mix flags.
func TestServeFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no-model", []string{"serve"}, "--model DIR is required"},
		{"open-without-token", []string{"serve", "--model", "testdata/model", "--listen", "0.0.0.0:0"}, "not a loopback address"},
		{"hostname-without-token", []string{"serve", "--model", "testdata/model", "--listen", "example.com:8080"}, "not a loopback address"},
		{"both-tokens", []string{"serve", "--model", "testdata/model", "--token", "a", "--token-file", "f"}, "not both"},
		{"half-a-key", []string{"serve", "--model", "testdata/model", "--access-key-id", "AKIA1"}, "go together"},
		{"bad-listen", []string{"serve", "--model", "testdata/model", "--listen", "8080"}, "expected HOST:PORT"},
		{"missing-token-file", []string{"serve", "--model", "testdata/model", "--token-file", "testdata/nope"}, "--token-file"},
		{"broken-model", []string{"serve", "--model", "testdata/cases/bad-field.yaml", "--listen", "127.0.0.1:0"}, "bad-field.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := run(tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
}
