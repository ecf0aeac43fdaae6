package policy

import (
	"testing"
	"unsafe"
)

// A case file of 10,000 cases holds ~47,000 statements and ~23,000
// policies, made in fresh memory whose page faults are much of sekisho
// test's time: their one-byte fields are kept together so that padding
// does not give each a word. A field added or moved carelessly fails
// here; raise the figure only knowingly.
func TestPolicySizes(t *testing.T) {
	t.Parallel()
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	tests := []struct {
		name      string
		got, want uintptr
	}{
		{"Statement", unsafe.Sizeof(Statement{}), 128},
		{"Policy", unsafe.Sizeof(Policy{}), 128},
	}
	for _, tt := range tests {
		if tt.got > tt.want {
			t.Errorf("%s is %d bytes, want at most %d", tt.name, tt.got, tt.want)
		}
	}
}
