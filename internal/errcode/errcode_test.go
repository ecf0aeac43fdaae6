package errcode_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
)

// TestOf: a code travels through wrapping; a file system error is
// Unreadable; anything else is Input.
func TestOf(t *testing.T) {
	t.Parallel()
	_, notFound := os.ReadFile("no/such/file")
	tests := []struct {
		err  error
		want errcode.Code
	}{
		{errcode.With(errcode.Request, errors.New("principal: malformed")), errcode.Request},
		{fmt.Errorf("case x: %w", errcode.With(errcode.Syntax, errors.New("bad"))), errcode.Syntax},
		{notFound, errcode.Unreadable},
		{errors.New("something"), errcode.Input},
	}
	for _, tc := range tests {
		if got := errcode.Of(tc.err); got != tc.want {
			t.Errorf("Of(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
	if errcode.With(errcode.Request, nil) != nil {
		t.Errorf("With(code, nil) is not nil")
	}
}

// TestTableDocumented: docs/errors.md lists every code with its meaning.
func TestTableDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("../../docs/errors.md")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[errcode.Code]bool{}
	for _, e := range errcode.Table {
		if seen[e.Code] {
			t.Errorf("%s twice in the table", e.Code)
		}
		seen[e.Code] = true
		if row := "| " + string(e.Code) + " | " + e.Meaning + " |"; !strings.Contains(string(doc), row) {
			t.Errorf("docs/errors.md lacks the row %q", row)
		}
	}
}
