package remediate

import (
	"encoding/json"
	"fmt"
	"strings"
)

// CloudTrail's own forms of its records, read as the events EventBridge
// makes of them. EventBridge User Guide, "Events from AWS services" /
// "AWS service events delivered via AWS CloudTrail": an event of a
// CloudTrail record has source "aws." and the service (iam.amazonaws.com:
// aws.iam), detail-type "AWS API Call via CloudTrail" for an API call, and
// the record itself as detail. CloudTrail User Guide, "CloudTrail record
// contents": eventType AwsApiCall, AwsServiceEvent, AwsConsoleAction,
// AwsConsoleSignIn; a log file delivered to S3 is {"Records": [...]}.
var detailTypes = map[string]string{
	"":                 "AWS API Call via CloudTrail",
	"AwsApiCall":       "AWS API Call via CloudTrail",
	"AwsServiceEvent":  "AWS Service Event via CloudTrail",
	"AwsConsoleAction": "AWS Console Action via CloudTrail",
	"AwsConsoleSignIn": "AWS Console Sign In via CloudTrail",
}

// members reads the top-level members of a JSON object, or nil.
func members(raw []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// asCloudTrailRecord reports whether raw is a bare CloudTrail record: an
// object with eventSource and eventName and no EventBridge envelope.
func asCloudTrailRecord(m map[string]json.RawMessage) (map[string]json.RawMessage, bool) {
	if m == nil || m["detail"] != nil || m["detail-type"] != nil {
		return nil, false
	}
	if m["eventSource"] == nil || m["eventName"] == nil {
		return nil, false
	}
	return m, true
}

// envelope wraps a record in the EventBridge envelope.
func envelope(rec map[string]json.RawMessage) ([]byte, error) {
	str := func(k string) string {
		var s string
		_ = json.Unmarshal(rec[k], &s)
		return s
	}
	eventType := str("eventType")
	dt, ok := detailTypes[eventType]
	if !ok {
		dt = "CloudTrail record of eventType " + eventType
	}
	source := str("eventSource")
	if svc, found := strings.CutSuffix(source, ".amazonaws.com"); found {
		source = "aws." + svc
	}
	detail, err := json.Marshal(rec)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]any{
		"version": "0", "id": str("eventID"), "detail-type": dt, "source": source,
		"account": str("recipientAccountId"), "time": str("eventTime"), "region": str("awsRegion"),
		"resources": []string{}, "detail": json.RawMessage(detail),
	})
}

// cloudTrailEvents reads a trail log file or lookup-events output into
// its events; ok is false for any other value.
func cloudTrailEvents(m map[string]json.RawMessage, line int) (events []*Event, ok bool) {
	if m == nil || m["detail"] != nil {
		return nil, false
	}
	recs, form := m["Records"], "trail log file"
	if recs == nil {
		recs, form = m["Events"], "lookup-events output"
	}
	if recs == nil {
		return nil, false
	}
	var list []json.RawMessage
	if err := json.Unmarshal(recs, &list); err != nil {
		return []*Event{{Line: line, Form: form, invalid: fmt.Errorf("a %s whose records are not a list: %w", form, err)}}, true
	}
	for i, rec := range list {
		if form == "lookup-events output" {
			rec = lookupRecord(rec)
		}
		e := oneEvent(rec, members(rec), line)
		e.Form = fmt.Sprintf("%s, record %d", form, i+1)
		events = append(events, e)
	}
	return events, true
}

// lookupRecord returns the CloudTrail record that an element of
// lookup-events output holds as a JSON string (CloudTrailEvent).
func lookupRecord(ev json.RawMessage) json.RawMessage {
	var e struct {
		CloudTrailEvent *string `json:"CloudTrailEvent"`
	}
	if json.Unmarshal(ev, &e) != nil || e.CloudTrailEvent == nil {
		return json.RawMessage(`"an Events element without CloudTrailEvent"`)
	}
	return json.RawMessage(*e.CloudTrailEvent)
}
