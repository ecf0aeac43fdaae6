package remediate_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/remediate"
)

// FuzzParseEvents: no input makes the event reader or the rules panic;
// every event read gets one outcome, and no summary spans two lines or
// carries a control or bidi character.
func FuzzParseEvents(f *testing.F) {
	for _, file := range []string{"create-user.json", "create-role-root.json", "update-trust-star.json", "cloudtrail-record.json", "trail-log-file.json", "lookup-events.json", "create-user-failed.json"} {
		src, err := os.ReadFile("testdata/" + file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(`[{"detail": {"eventSource": "iam.amazonaws.com", "eventName": "CreateUser", "requestParameters": {"userName": "a", "UserName": "b\n"}}}, 1]`))
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		evs, err := remediate.ParseEvents(src, "fuzz")
		if err != nil {
			return
		}
		rep := r.Process(context.Background(), evs)
		if len(rep.Outcomes) != len(evs) {
			t.Fatalf("%d outcomes for %d events", len(rep.Outcomes), len(evs))
		}
		for _, o := range rep.Outcomes {
			s := o.Summary()
			if strings.ContainsAny(s, "\n\r\x1b\u202e\u2028") {
				t.Fatalf("summary not escaped: %q", s)
			}
		}
	})
}
