package remediate_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/remediate"
)

// TestEventsValueLimit: an events input holds at most
// readfile.Events.Values values over all its events together (each event
// alone is far under any bound here), in every form: JSON lines, an
// array, a trail log file; past it, SE1003 names the input and the
// position of the first value past the bound. Not parallel: it sets
// readfile.Events.
func TestEventsValueLimit(t *testing.T) {
	old := readfile.Events
	defer func() { readfile.Events = old }()
	readfile.Events.Values = 40
	ev := createUserEvent("e1", `{"userName":"alice"}`, `null`) // 16 values
	for _, tc := range []struct{ form, at, over string }{
		{"lines", "", ev + "\n" + ev + "\n"},
		{"array", "", "[" + ev + "," + ev + "]"},
		{"trail", "", `{"Records": [` + strings.Repeat(`{"eventVersion": "1.08", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"}, `, 9) + `{}]}`},
	} {
		if _, err := remediate.ParseEvents([]byte(tc.over), "in.json"); err != nil {
			t.Errorf("%s within the bound: %v", tc.form, err)
		}
	}
	for _, tc := range []struct{ form, src, pos string }{
		{"lines", ev + "\n" + ev + "\n" + ev + "\n", "3:266"},
		{"array", "[" + ev + ",\n" + ev + ",\n" + ev + "]", "3:254"},
		{"trail", `{"Records": [` + strings.Repeat(`{"eventVersion": "1.08", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser"}, `, 10) + `{}]}`, "1:855"},
	} {
		_, err := remediate.ParseEvents([]byte(tc.src), "in.json")
		var e *node.Error
		want := "in.json:" + tc.pos + ": more than 40 values, over the events file limit of 40 values: split the events into several files"
		if !errors.As(err, &e) || errcode.Of(err) != errcode.Refused || err.Error() != want {
			t.Errorf("%s: %v (code %s), want SE1003 %q", tc.form, err, errcode.Of(err), want)
		}
	}
}
