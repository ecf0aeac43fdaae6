package remediate_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/remediate"
)

// createUserEvent is a CreateUser event with the given requestParameters
// and responseElements (raw JSON).
func createUserEvent(id, params, response string) string {
	return fmt.Sprintf(`{"version":"0","id":%q,"detail-type":"AWS API Call via CloudTrail","source":"aws.iam","account":"111111111111","time":"2024-05-01T01:02:03Z","region":"us-east-1","detail":{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","requestParameters":%s,"responseElements":%s}}`, id, params, response)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestHostileUserNames: user names from events are checked against IAM's
// rules (CreateUser: 1-64 characters of [\w+=,.@-]); a bad name or an
// ambiguous record fails its event with the reason, printed escaped, and
// the other events are still processed.
func TestHostileUserNames(t *testing.T) {
	t.Parallel()
	name := func(n string) string { return `{"userName":` + jsonString(n) + `}` }
	tests := []struct {
		params, response string
		status           remediate.Status
		want             string // in the Summary
	}{
		{name(strings.Repeat("a", 1<<20)), "null", remediate.StatusFailed, `is 1048576 characters: IAM names are 1 to 64 characters`},
		{name("alice\nevent 9 (CreateUser): attach-region-lock: applied: forged"), "null", remediate.StatusFailed, `has the character '\n'`},
		{name("\x1b[2Jalice"), "null", remediate.StatusFailed, `has the character '\x1b'`},
		{name("alice\u202egnp.exe"), "null", remediate.StatusFailed, `has the character '\u202e'`},
		{name("../../etc/passwd"), "null", remediate.StatusFailed, `has the character '/'`},
		{name(""), "null", remediate.StatusFailed, `names no user`},
		{name(strings.Repeat("b", 65)), "null", remediate.StatusFailed, `is 65 characters`},
		{`{"userName":"alice","UserName":"root-admin"}`, "null", remediate.StatusFailed, `ambiguous: both "userName" and "UserName" are present`},
		{`{"UserName":"alice"}`, "null", remediate.StatusFailed, `member "UserName": expected userName`},
		{`{"userName":"alice","userName":"bob"}`, "null", remediate.StatusFailed, `duplicate member "userName"`},
		{name("alice"), `{"user":{"userName":"bob"}}`, remediate.StatusFailed, `ambiguous: detail.responseElements.user.userName "bob" and detail.requestParameters.userName "alice" differ`},
		{name("alice"), `{"user":{"userName":"alice","UserName":"bob"}}`, remediate.StatusFailed, `detail.responseElements.user: ambiguous`},
		{`{"userName":5}`, "null", remediate.StatusFailed, `detail.requestParameters.userName: expected a string, got number`},
		{name("a+b=c,d.e@f-g_h"), "null", remediate.StatusPlanned, `UserName=a+b=c,d.e@f-g_h`},
		{name(strings.Repeat("c", 64)), "null", remediate.StatusPlanned, `UserName=` + strings.Repeat("c", 64)},
	}
	var lines []string
	for i, tt := range tests {
		lines = append(lines, createUserEvent(fmt.Sprintf("id-%d", i), tt.params, tt.response))
	}
	evs, err := remediate.ReadEvents(strings.NewReader(strings.Join(lines, "\n")), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Process(context.Background(), evs)
	if len(rep.Outcomes) != len(tests) {
		t.Fatalf("%d outcomes for %d events", len(rep.Outcomes), len(tests))
	}
	for i, tt := range tests {
		o := rep.Outcomes[i]
		s := o.Summary()
		if o.Status != tt.status || !strings.Contains(s, tt.want) {
			t.Errorf("event %d: %s %q; want %s and %q", i+1, o.Status, s, tt.status, tt.want)
		}
		if strings.ContainsAny(s, "\n\x1b\u202e") || len(s) > 1000 {
			t.Errorf("event %d: the summary is not safe to print (%d bytes): %q", i+1, len(s), s)
		}
		if o.Status == remediate.StatusFailed && o.Call != nil {
			t.Errorf("event %d: a call was planned for a refused name: %+v", i+1, o.Call)
		}
	}
	if err := rep.Err(); err == nil || strings.ContainsAny(err.Error(), "\n\x1b\u202e") {
		t.Errorf("Report.Err: %q, want the failures, escaped", err)
	}
}

// TestHostileRoleNames: the role name of a trust change is checked as a
// user name is.
func TestHostileRoleNames(t *testing.T) {
	t.Parallel()
	doc := jsonString(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}]}`)
	ev := func(params string) string {
		return `{"id":"x","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":{"eventSource":"iam.amazonaws.com","eventName":"CreateRole","requestParameters":` + params + `}}`
	}
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ params, want string }{
		{`{"roleName":"app\nforged","assumeRolePolicyDocument":` + doc + `}`, `has the character '\n'`},
		{`{"roleName":"app","RoleName":"other","assumeRolePolicyDocument":` + doc + `}`, `ambiguous`},
		{`{"roleName":"app","assumeRolePolicyDocument":` + doc + `}`, `role app: statement #0 trusts "*"`},
	} {
		rep, err := r.Handle(context.Background(), json.RawMessage(ev(tt.params)))
		s := rep.Outcomes[0].Summary()
		if !strings.Contains(s, tt.want) || strings.Contains(s, "\n") {
			t.Errorf("%s: %q (%v); want %q", tt.params, s, err, tt.want)
		}
	}
}

// TestPrintable: what could forge or hide report text is escaped.
func TestPrintable(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"plain text: alice@example.com": "plain text: alice@example.com",
		"a\nb\r\tc":                     `a\nb\r\tc`,
		"\x1b[31mred":                   `\x1b[31mred`,
		"x\u202ey\u2066z\u200b":         `x\u202ey\u2066z\u200b`,
		"line\u2028sep":                 `line\u2028sep`,
		"bad\xffutf8":                   `bad\xffutf8`,
		"日本語":                           "日本語",
	} {
		if got := remediate.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCloudTrailForms: a bare CloudTrail record, a trail log file and
// lookup-events output are read as the events EventBridge makes of their
// records; a failed call is skipped with its errorCode.
func TestCloudTrailForms(t *testing.T) {
	t.Parallel()
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file string
		want []string // each outcome's summary contains this
	}{
		{"cloudtrail-record.json", []string{"event 1 (CreateUser, id c7b9e0a1-0000-4000-8000-000000000001): attach-region-lock: planned: would call iam:PutUserPolicy UserName=alice"}},
		{"trail-log-file.json", []string{
			"planned: would call iam:PutUserPolicy UserName=alice",
			"planned: would call iam:PutUserPolicy UserName=bob",
			`ignored: no rule matches (source "aws.s3", detail-type "AWS API Call via CloudTrail", eventName "GetObject"); read from a trail log file, record 3`,
			"event 4 (CreateUser, id c7b9e0a1-0000-4000-8000-000000000004): skipped: the CreateUser call failed with errorCode AccessDenied (User is not authorized to perform iam:CreateUser)",
		}},
		{"lookup-events.json", []string{"planned: would call iam:PutUserPolicy UserName=bob"}},
	}
	for _, tt := range tests {
		f, err := os.Open("testdata/" + tt.file)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := remediate.ReadEvents(f, tt.file)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		rep := r.Process(context.Background(), evs)
		if len(rep.Outcomes) != len(tt.want) {
			t.Fatalf("%s: %d outcomes, want %d", tt.file, len(rep.Outcomes), len(tt.want))
		}
		for i, w := range tt.want {
			if s := rep.Outcomes[i].Summary(); !strings.Contains(s, w) {
				t.Errorf("%s: outcome %d: %q, want %q", tt.file, i+1, s, w)
			}
		}
	}
}

// TestMalformedEventDoesNotStopOthers: an event that is JSON but not an
// event fails on its own; the events around it are processed.
func TestMalformedEventDoesNotStopOthers(t *testing.T) {
	t.Parallel()
	good := createUserEvent("ok", `{"userName":"alice"}`, "null")
	input := "[" + good + `, 1, {"id": 5, "detail": {}}, {"Records": 7}, ` + good + "]"
	evs, err := remediate.ReadEvents(strings.NewReader(input), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	r, err := remediate.New(remediate.Config{DryRun: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := r.Process(context.Background(), evs)
	want := []remediate.Status{remediate.StatusPlanned, remediate.StatusFailed, remediate.StatusFailed, remediate.StatusFailed, remediate.StatusPlanned}
	for i, o := range rep.Outcomes {
		if i >= len(want) || o.Status != want[i] {
			t.Errorf("outcome %d: %s", i+1, o.Summary())
		}
	}
	if len(rep.Outcomes) != len(want) {
		t.Errorf("%d outcomes, want %d", len(rep.Outcomes), len(want))
	}
	if s := rep.Outcomes[1].Summary(); !strings.Contains(s, "event 2 (): failed: the event at line 1 cannot be read as an event: event: expected a JSON object") {
		t.Errorf("not an object: %q", s)
	}
}

// TestManyEventsLinear: the lines of 80,000 JSON-lines events are counted
// in one pass over the input (it was a count from the start for each
// event: quadratic).
func TestManyEventsLinear(t *testing.T) {
	t.Parallel()
	const n = 80_000
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"e%d","source":"aws.s3","detail-type":"Object Created","detail":{}}`+"\n", i)
	}
	src := []byte(b.String())
	got, scanned, err := remediate.SplitSteps(src)
	if err != nil || got != n {
		t.Fatalf("%d events, %v", got, err)
	}
	if scanned > int64(len(src)) {
		t.Errorf("line counting scanned %d bytes of a %d-byte input", scanned, len(src))
	}
	// Each event still gets its own line, in JSON lines and in arrays.
	for input, want := range map[string][]int{
		"{}\n\n{}\n{\n}\n":     {1, 3, 4},
		"[\n{},\n\n {}, {}\n]": {2, 4, 4},
	} {
		evs, err := remediate.ReadEvents(strings.NewReader(input), "stdin")
		if err != nil || len(evs) != len(want) {
			t.Fatalf("%q: %d events, %v", input, len(evs), err)
		}
		for i, e := range evs {
			if e.Line != want[i] {
				t.Errorf("%q: event %d at line %d, want %d", input, i+1, e.Line, want[i])
			}
		}
	}
}
