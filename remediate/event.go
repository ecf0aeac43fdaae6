package remediate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sekisho/sekisho/eventpattern"
	"github.com/sekisho/sekisho/internal/readfile"
)

// Event is one event in the EventBridge envelope, as an EventBridge rule
// delivers it to its target. For CloudTrail events ("AWS API Call via
// CloudTrail") Detail is the CloudTrail record.
type Event struct {
	Index      int    `json:"-"` // position in the input, from 1
	ID         string `json:"id"`
	DetailType string `json:"detail-type"`
	Source     string `json:"source"`
	Account    string `json:"account"`
	Region     string `json:"region"`
	Time       string `json:"time"`
	Detail     Detail `json:"detail"`

	raw     json.RawMessage
	decoded *eventpattern.Event
}

// Detail is the part of a CloudTrail record the rules read.
type Detail struct {
	EventSource       string          `json:"eventSource"`
	EventName         string          `json:"eventName"`
	EventID           string          `json:"eventID"`
	ErrorCode         string          `json:"errorCode"`
	RequestParameters json.RawMessage `json:"requestParameters"`
	ResponseElements  json.RawMessage `json:"responseElements"`
}

// Label names the event in messages: its position, API call and id.
func (e *Event) Label() string {
	what := e.Detail.EventName
	if what == "" {
		what = e.DetailType
	}
	if e.ID != "" {
		return fmt.Sprintf("event %d (%s, id %s)", e.Index, what, e.ID)
	}
	return fmt.Sprintf("event %d (%s)", e.Index, what)
}

// ParseEvent reads one event.
func ParseEvent(raw []byte) (*Event, error) {
	raw = bytes.TrimSpace(raw)
	decoded, err := eventpattern.ParseEvent(raw)
	if err != nil {
		return nil, err
	}
	e := &Event{raw: append(json.RawMessage(nil), raw...), decoded: decoded}
	if err := json.Unmarshal(raw, e); err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	return e, nil
}

// ReadEvents reads the events of a stream: one event, a JSON array of
// events, or events one after another (JSON lines). name is the stream's
// name for error messages.
func ReadEvents(r io.Reader, name string) ([]*Event, error) {
	src, err := readfile.ReadAll(r, name, readfile.Events)
	if err != nil {
		return nil, err
	}
	return ParseEvents(src, name)
}

// ReadEventsFile reads the events of a file (see ReadEvents); a file that
// is not a regular file is refused before it is read.
func ReadEventsFile(file string) ([]*Event, error) {
	src, err := readfile.Read(file, readfile.Events)
	if err != nil {
		return nil, err
	}
	return ParseEvents(src, file)
}

// ParseEvents reads the events of a stream's content (see ReadEvents).
func ParseEvents(src []byte, name string) ([]*Event, error) {
	raws, err := splitEvents(src)
	var ee *eventError
	if errors.As(err, &ee) {
		return nil, fmt.Errorf("%s:%d: event %d: %w", name, ee.line, ee.index, ee.err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []*Event
	for i, raw := range raws {
		e, err := ParseEvent(raw.text)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: event %d: %w", name, raw.line, i+1, err)
		}
		e.Index = i + 1
		out = append(out, e)
	}
	return out, nil
}

// eventError is an event that is not JSON, and where it starts.
type eventError struct {
	line, index int
	err         error
}

func (e *eventError) Error() string {
	return fmt.Sprintf("line %d: event %d: %v", e.line, e.index, e.err)
}

type rawEvent struct {
	text json.RawMessage
	line int // line of the event's first character
}

func splitEvents(src []byte) ([]rawEvent, error) {
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 {
		return nil, errors.New("no event: expected an EventBridge event (a JSON object), a JSON array of events, or JSON lines")
	}
	if trimmed[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(trimmed, &list); err != nil {
			return nil, fmt.Errorf("reading the JSON array of events: %w", err)
		}
		start := lineAt(src, int64(bytes.Index(src, trimmed)))
		out := make([]rawEvent, len(list))
		for i, l := range list {
			out[i] = rawEvent{text: l, line: start}
		}
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	var out []rawEvent
	for {
		var raw json.RawMessage
		before := dec.InputOffset()
		err := dec.Decode(&raw)
		if err == io.EOF {
			return out, nil
		}
		line := lineAt(src, before+int64(len(src[before:])-len(bytes.TrimLeft(src[before:], " \t\r\n"))))
		if err != nil {
			return nil, &eventError{line: line, index: len(out) + 1, err: err}
		}
		out = append(out, rawEvent{text: raw, line: line})
	}
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(src []byte, off int64) int {
	if off < 0 || off > int64(len(src)) {
		return 1
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}
