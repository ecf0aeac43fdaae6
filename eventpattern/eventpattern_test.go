package eventpattern_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/sekisho/sekisho/eventpattern"
)

// Events from the EventBridge User Guide ("Amazon EventBridge event
// patterns", "Matching null values and empty strings", "Content filtering").
const (
	ec2Termination = `{
	  "version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
	  "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
	  "account": "111122223333", "time": "2017-12-22T18:43:48Z", "region": "us-west-1",
	  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
	  "detail": {"instance-id": "i-1234567890abcdef0", "state": "terminated"}}`
	autoScaling = `{
	  "version": "0", "id": "3e3c153a-8339-4e30-8c35-687ebef853fe",
	  "detail-type": "EC2 Instance Launch Successful", "source": "aws.autoscaling",
	  "account": "123456789012", "time": "2015-11-11T21:31:47Z", "region": "us-east-1",
	  "resources": [], "detail": {"eventVersion": "", "responseElements": null}}`
	macie = `{
	  "version": "0", "id": "3e355723-fca9-4de3-9fd7-154c289d6b59",
	  "detail-type": "Macie Alert", "source": "aws.macie", "account": "123456789012",
	  "time": "2017-04-24T22:28:49Z", "region": "us-east-1",
	  "resources": ["arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
	                "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id"],
	  "detail": {"notification-type": "ALERT_CREATED", "name": "Scanning bucket policies",
	    "tags": ["Custom_Alert", "Insider"], "risk-score": 80,
	    "trigger": {"alert-type": "basic", "risk": 8}}}`
	ec2Pending = `{
	  "version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602",
	  "detail-type": "EC2 Instance State-change Notification", "source": "aws.ec2",
	  "account": "123456789012", "time": "2015-11-11T21:29:54Z", "region": "us-east-1",
	  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
	  "detail": {"instance-id": "i-abcd1111", "state": "pending"}}`
	ec2NoState = `{
	  "detail-type": ["EC2 Instance State-change Notification"],
	  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
	  "detail": {"c-count": {"c1": 100}}}`
	ec2StateList = `{
	  "detail-type": ["EC2 Instance State-change Notification"],
	  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
	  "detail": {"state": ["initializing", "running"]}}`
	// seed 001's trigger: a CloudTrail CreateUser event in the EventBridge envelope.
	createUser = `{
	  "version": "0", "id": "1", "detail-type": "AWS API Call via CloudTrail", "source": "aws.iam",
	  "account": "111111111111", "time": "2024-05-01T00:00:00Z", "region": "us-east-1", "resources": [],
	  "detail": {"eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
	    "sourceIPAddress": "10.0.0.17",
	    "requestParameters": {"userName": "alice"},
	    "responseElements": {"user": {"userName": "alice", "arn": "arn:aws:iam::111111111111:user/alice"}}}}`
)

func TestDocumentedExamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		event   string
		want    bool
	}{
		// "Amazon EventBridge event patterns"
		{"ec2 termination", `{"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], "detail": {"state": ["terminated"]}}`, ec2Termination, true},
		{"ec2 termination, other state", `{"source": ["aws.ec2"], "detail": {"state": ["terminated"]}}`, ec2Pending, false},
		{"one of two sources", `{"source": ["aws.ec2", "aws.fargate"]}`, ec2Termination, true},
		{"field missing from the event", `{"source": ["aws.ec2"], "detail": {"reason": ["x"]}}`, ec2Termination, false},
		{"case-sensitive strings", `{"source": ["AWS.EC2"]}`, ec2Termination, false},
		{"null value", `{"source": ["aws.autoscaling"], "detail-type": ["EC2 Instance Launch Successful"], "detail": {"responseElements": [null]}}`, autoScaling, true},
		{"empty string", `{"detail": {"eventVersion": [""]}}`, autoScaling, true},
		{"empty string does not match null", `{"detail": {"responseElements": [""]}}`, autoScaling, false},
		{"null does not match empty string", `{"detail": {"eventVersion": [null]}}`, autoScaling, false},
		{"numbers", `{"source": ["aws.macie"], "detail-type": ["Macie Alert"], "detail": {"risk-score": [80], "trigger": {"risk": [8]}}}`, macie, true},
		{"numbers compare as text", `{"detail": {"risk-score": [80.0]}}`, macie, false},
		{"number is not a string", `{"detail": {"risk-score": ["80"]}}`, macie, false},
		// "Arrays in Amazon EventBridge event patterns"
		{"array intersection", `{"resources": ["arn:aws:macie:us-east-1:123456789012:trigger/trigger_id", "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, macie, true},
		{"array without intersection", `{"resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f"]}`, macie, false},
		{"event array element", `{"detail": {"tags": ["Insider"]}}`, macie, true},
		// "Content filtering": prefix
		{"prefix", `{"time": [{"prefix": "2017-12-22"}]}`, ec2Termination, true},
		{"prefix, other day", `{"time": [{"prefix": "2017-10-02"}]}`, ec2Termination, false},
		{"prefix ignore case", `{"source": [{"prefix": {"equals-ignore-case": "AWS."}}]}`, ec2Termination, true},
		// suffix
		{"suffix", `{"detail": {"instance-id": [{"suffix": "def0"}]}}`, ec2Termination, true},
		{"suffix ignore case", `{"detail": {"instance-id": [{"suffix": {"equals-ignore-case": "DEF0"}}]}}`, ec2Termination, true},
		{"suffix mismatch", `{"detail": {"instance-id": [{"suffix": ".png"}]}}`, ec2Termination, false},
		// equals-ignore-case
		{"equals ignore case", `{"detail": {"state": [{"equals-ignore-case": "TERMINATED"}]}}`, ec2Termination, true},
		{"equals ignore case, other", `{"detail": {"state": [{"equals-ignore-case": "RUNNING"}]}}`, ec2Termination, false},
		// wildcard
		{"wildcard", `{"resources": [{"wildcard": "arn:aws:ec2:*:123456789012:instance/*"}]}`, ec2Termination, true},
		{"wildcard, other account", `{"resources": [{"wildcard": "arn:aws:ec2:*:999999999999:instance/*"}]}`, ec2Termination, false},
		{"wildcard without star is exact", `{"detail": {"state": [{"wildcard": "terminated"}]}}`, ec2Termination, true},
		{"wildcard in the middle", `{"detail": {"instance-id": [{"wildcard": "i-*abcdef*"}]}}`, ec2Termination, true},
		// anything-but
		{"anything-but string", `{"detail": {"state": [{"anything-but": "initializing"}]}}`, ec2Pending, true},
		{"anything-but string, excluded", `{"detail": {"state": [{"anything-but": "pending"}]}}`, ec2Pending, false},
		{"anything-but list of strings", `{"detail": {"state": [{"anything-but": ["stopped", "overloaded"]}]}}`, ec2Pending, true},
		{"anything-but list, excluded", `{"detail": {"state": [{"anything-but": ["stopped", "pending"]}]}}`, ec2Pending, false},
		{"anything-but number", `{"detail": {"risk-score": [{"anything-but": 123}]}}`, macie, true},
		{"anything-but numbers, excluded", `{"detail": {"risk-score": [{"anything-but": [80, 90]}]}}`, macie, false},
		{"anything-but prefix", `{"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}`, ec2Pending, true},
		{"anything-but prefix, excluded", `{"detail": {"state": [{"anything-but": {"prefix": "pend"}}]}}`, ec2Pending, false},
		{"anything-but suffix", `{"detail": {"instance-id": [{"anything-but": {"suffix": ".png"}}]}}`, ec2Pending, true},
		{"anything-but ignore case, excluded", `{"detail": {"state": [{"anything-but": {"equals-ignore-case": "PENDING"}}]}}`, ec2Pending, false},
		{"anything-but ignore case list", `{"detail": {"state": [{"anything-but": {"equals-ignore-case": ["RUNNING", "STOPPED"]}}]}}`, ec2Pending, true},
		{"anything-but wildcard, excluded", `{"resources": [{"anything-but": {"wildcard": "*/i-abcd*"}}]}`, ec2Pending, false},
		{"anything-but needs the field", `{"detail": {"reason": [{"anything-but": "x"}]}}`, ec2Pending, false},
		{"anything-but over an event array", `{"detail": {"state": [{"anything-but": "initializing"}]}}`, ec2StateList, true},
		// numeric
		{"numeric range", `{"detail": {"risk-score": [{"numeric": [">", 0, "<=", 80]}]}}`, macie, true},
		{"numeric range, above", `{"detail": {"risk-score": [{"numeric": [">", 0, "<", 80]}]}}`, macie, false},
		{"numeric equals", `{"detail": {"risk-score": [{"numeric": ["=", 8.0e1]}]}}`, macie, true},
		{"numeric on a string", `{"detail": {"state": [{"numeric": [">", 0]}]}}`, macie, false},
		{"numeric, nested", `{"detail": {"trigger": {"risk": [{"numeric": ["<", 10]}]}}}`, macie, true},
		// exists
		{"exists true", `{"detail": {"state": [{"exists": true}]}}`, ec2Pending, true},
		{"exists true, absent", `{"detail": {"state": [{"exists": true}]}}`, ec2NoState, false},
		{"exists false", `{"detail": {"c-count": [{"exists": false}]}}`, ec2StateList, true},
		{"exists false on a non-leaf", `{"detail": {"c-count": [{"exists": false}]}}`, ec2NoState, true},
		{"exists false, present", `{"detail": {"state": [{"exists": false}]}}`, ec2Pending, false},
		{"exists false under an absent parent", `{"detail": {"errorCode": [{"exists": false}]}, "nothing": {"here": [{"exists": false}]}}`, ec2Pending, true},
		// cidr
		{"cidr", `{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/24"}]}}`, createUser, true},
		{"cidr, outside", `{"detail": {"sourceIPAddress": [{"cidr": "10.0.1.0/24"}]}}`, createUser, false},
		// $or
		{"$or, second", `{"source": ["aws.ec2"], "$or": [{"detail": {"state": ["running"]}}, {"detail": {"state": ["pending"]}}]}`, ec2Pending, true},
		{"$or, none", `{"$or": [{"detail": {"state": ["running"]}}, {"region": ["eu-west-1"]}]}`, ec2Pending, false},
		{"$or nested", `{"detail": {"$or": [{"state": ["stopped"]}, {"instance-id": [{"prefix": "i-abcd"}]}]}}`, ec2Pending, true},
		// and: every field must match
		{"and", `{"source": ["aws.ec2"], "region": ["us-west-1"]}`, ec2Pending, false},
		// seed 001's rule
		{"seed 001 CreateUser", `{"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventSource": ["iam.amazonaws.com"], "eventName": ["CreateUser"]}}`, createUser, true},
		{"seed 001 CreateUser, other event", `{"source": ["aws.iam"], "detail": {"eventName": ["CreateUser"]}}`, ec2Termination, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := eventpattern.Parse([]byte(tt.pattern))
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Match([]byte(tt.event))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("pattern %s: got %v, want %v", tt.pattern, got, tt.want)
			}
		})
	}
}

func TestEventArrayOfObjects(t *testing.T) {
	t.Parallel()
	p := eventpattern.MustParse(`{"detail": {"items": {"name": ["b"], "size": [{"numeric": [">", 1]}]}}}`)
	tests := []struct {
		event string
		want  bool
	}{
		{`{"detail": {"items": [{"name": "a", "size": 5}, {"name": "b", "size": 2}]}}`, true},
		// both fields must match the same element
		{`{"detail": {"items": [{"name": "a", "size": 5}, {"name": "b", "size": 1}]}}`, false},
	}
	for _, tt := range tests {
		got, err := p.Match([]byte(tt.event))
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.event, got, tt.want)
		}
	}
}

func TestWildcardEscapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		wildcard, value string
		want            bool
	}{
		{`a\\*b`, `a*b`, true},
		{`a\\*b`, `axb`, false},
		{`a\\\\*`, `a\xyz`, true},
		{`*.png`, `x.png`, true},
		{`*.png`, `.png`, true},
		{`a*a`, `a`, false},
		{`a*b*c`, `abc`, true},
		{`a*b*c`, `acb`, false},
	}
	for _, tt := range tests {
		p := eventpattern.MustParse(`{"k": [{"wildcard": "` + tt.wildcard + `"}]}`)
		got, err := p.Match([]byte(`{"k": "` + strings.ReplaceAll(tt.value, `\`, `\\`) + `"}`))
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("wildcard %s on %q: got %v, want %v", tt.wildcard, tt.value, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern string
		path    string
		msg     string
	}{
		{`[]`, "$", "expected a non-empty JSON object"},
		{`{}`, "$", "expected a non-empty JSON object"},
		{`{"source": "aws.ec2"}`, "$.source", "expected a list of values to match"},
		{`{"source": []}`, "$.source", "non-empty list"},
		{`{"detail": {"state": [{"prefx": "a"}]}}`, "$.detail.state[0].prefx", "unknown matcher"},
		{`{"a": [{"prefix": "a", "suffix": "b"}]}`, "$.a[0]", "exactly one"},
		{`{"a": [{"numeric": [">", "5"]}]}`, "$.a[0].numeric[1]", "expected a number"},
		{`{"a": [{"numeric": ["<", 5, ">", 1]}]}`, "$.a[0].numeric", "lower bound"},
		{`{"a": [{"numeric": [">", 2e9]}]}`, "$.a[0].numeric[1]", "-1.0e9 and 1.0e9"},
		{`{"a": [{"numeric": ["~", 1]}]}`, "$.a[0].numeric[0]", "expected one of"},
		{`{"a": [{"exists": "yes"}]}`, "$.a[0].exists", "true or false"},
		{`{"a": [{"anything-but": ["a", 1]}]}`, "$.a[0].anything-but[1]", "only strings or only numbers"},
		{`{"a": [{"anything-but": {"prefix": ["a", "b"]}}]}`, "$.a[0].anything-but.prefix", "expected a string"},
		{`{"a": [{"wildcard": "a**b"}]}`, "$.a[0].wildcard", "consecutive"},
		{`{"a": [{"wildcard": "a\\b"}]}`, "$.a[0].wildcard", "backslash"},
		{`{"a": [{"cidr": "10.0.0.0/33"}]}`, "$.a[0].cidr", "CIDR"},
		{`{"$or": [{"a": ["x"]}]}`, "$.$or", "at least two"},
		{`{"a": [["x"]]}`, "$.a[0]", "nested list"},
		{`{"a": ["x"]} trailing`, "$", "not JSON"},
	}
	for _, tt := range tests {
		_, err := eventpattern.Parse([]byte(tt.pattern))
		var pe *eventpattern.Error
		if !errors.As(err, &pe) {
			t.Errorf("%s: expected *eventpattern.Error, got %v", tt.pattern, err)
			continue
		}
		if pe.Path != tt.path || !strings.Contains(pe.Msg, tt.msg) {
			t.Errorf("%s: got %v, want path %s and message containing %q", tt.pattern, err, tt.path, tt.msg)
		}
	}
}

func TestParseEventErrors(t *testing.T) {
	t.Parallel()
	for _, src := range []string{`[1]`, `{"a":`, `"x"`} {
		if _, err := eventpattern.ParseEvent([]byte(src)); err == nil {
			t.Errorf("%s: expected an error", src)
		}
	}
}

func FuzzMatch(f *testing.F) {
	f.Add(`{"detail": {"state": [{"anything-but": {"prefix": "init"}}]}}`, ec2Pending)
	f.Add(`{"$or": [{"a": [{"wildcard": "x*y"}]}, {"b": [{"numeric": [">", 1, "<", 5]}]}]}`, `{"a": "xzy", "b": [1, 2]}`)
	f.Add(`{"a": {"b": [{"exists": false}]}}`, `{"a": [[{"b": 1}], "c"]}`)
	f.Fuzz(func(t *testing.T, pattern, event string) {
		p, err := eventpattern.Parse([]byte(pattern))
		if err != nil {
			return
		}
		_, _ = p.Match([]byte(event))
	})
}
