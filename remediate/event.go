package remediate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/sekisho/sekisho/eventpattern"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// Event is one event in the EventBridge envelope, as an EventBridge rule
// delivers it to its target. For CloudTrail events ("AWS API Call via
// CloudTrail") Detail is the CloudTrail record.
type Event struct {
	Index      int    `json:"-"` // position in the input, from 1
	Line       int    `json:"-"` // line of the input where the event starts (0: unknown)
	ID         string `json:"id"`
	DetailType string `json:"detail-type"`
	Source     string `json:"source"`
	Account    string `json:"account"`
	Region     string `json:"region"`
	Time       string `json:"time"`
	Detail     Detail `json:"detail"`

	// Form says what the input held: "" for an EventBridge event, or the
	// CloudTrail form it was read from (see ReadEvents).
	Form string `json:"-"`

	raw     json.RawMessage
	decoded *eventpattern.Event
	invalid error // why the event cannot be processed; the others still are
}

// Detail is the part of a CloudTrail record the rules read.
type Detail struct {
	EventSource       string          `json:"eventSource"`
	EventName         string          `json:"eventName"`
	EventID           string          `json:"eventID"`
	ErrorCode         string          `json:"errorCode"`
	ErrorMessage      string          `json:"errorMessage"`
	RequestParameters json.RawMessage `json:"requestParameters"`
	ResponseElements  json.RawMessage `json:"responseElements"`
}

// Label names the event in messages: its position, API call and id.
func (e *Event) Label() string {
	what := e.Detail.EventName
	if what == "" {
		what = e.DetailType
	}
	what = shorten(what)
	if e.ID != "" {
		return fmt.Sprintf("event %d (%s, id %s)", e.Index, what, shorten(e.ID))
	}
	return fmt.Sprintf("event %d (%s)", e.Index, what)
}

// Invalid returns why the event cannot be processed, or nil.
func (e *Event) Invalid() error { return e.invalid }

// ParseEvent reads one event: an EventBridge event, or a bare CloudTrail
// record (see ReadEvents).
func ParseEvent(raw []byte) (*Event, error) {
	raw = bytes.TrimSpace(raw)
	return parseEvent(raw, members(raw))
}

// parseEvent reads an event whose top-level members (nil: not an object)
// are already decoded.
func parseEvent(raw []byte, m map[string]json.RawMessage) (*Event, error) {
	if rec, ok := asCloudTrailRecord(m); ok {
		env, err := envelope(rec)
		if err != nil {
			return nil, err
		}
		e, err := parseEnvelope(env)
		if e != nil {
			e.Form = "CloudTrail record"
		}
		return e, err
	}
	return parseEnvelope(raw)
}

func parseEnvelope(raw []byte) (*Event, error) {
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

// ReadEvents reads the events of a stream (at most readfile.Events bytes).
// It holds EventBridge events (one, a JSON array of them, or one after
// another as JSON lines) or CloudTrail's own forms, each record read as
// the event EventBridge makes of it: a bare CloudTrail record, a trail log
// file ({"Records": [...]}, as CloudTrail delivers to S3) or the output of
// aws cloudtrail lookup-events ({"Events": [{"CloudTrailEvent": "..."}]}).
// name is the stream's name for error messages.
//
// Input that is not JSON is an error. An event that is JSON but cannot be
// read as an event is returned with the reason (Event.Invalid), so that
// the others are still processed.
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
	// encoding/json and eventpattern decode every event whole and keep it
	// (about 45 bytes of memory a value): the values of the whole input
	// are bounded first (readfile.Events.Values, docs/model.md).
	if err := node.CheckJSONValues(src, readfile.Events); err != nil {
		var e *node.Error
		if errors.As(err, &e) {
			e.File = name
		}
		return nil, err
	}
	raws, err := splitEvents(src, &lineCounter{src: src})
	var ee *eventError
	if errors.As(err, &ee) {
		return nil, fmt.Errorf("%s:%d: event %d: %w", name, ee.line, ee.index, ee.err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var out []*Event
	for _, raw := range raws {
		for _, e := range expand(raw) {
			e.Index = len(out) + 1
			out = append(out, e)
		}
	}
	return out, nil
}

// expand reads one JSON value of the input: an event, or a trail log file
// or lookup-events output holding many.
func expand(raw rawEvent) []*Event {
	m := members(raw.text)
	if evs, ok := cloudTrailEvents(m, raw.line); ok {
		return evs
	}
	return []*Event{oneEvent(raw.text, m, raw.line)}
}

// oneEvent parses an event; one that cannot be read is kept, invalid.
func oneEvent(text []byte, m map[string]json.RawMessage, line int) *Event {
	e, err := parseEvent(text, m)
	if err != nil {
		e = &Event{invalid: err}
	}
	e.Line = line
	return e
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

func splitEvents(src []byte, lines *lineCounter) ([]rawEvent, error) {
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 {
		return nil, errors.New("no event: expected an EventBridge event (a JSON object), a JSON array of events, JSON lines, a CloudTrail record or a trail log file")
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	if trimmed[0] == '[' {
		return splitArray(dec, lines)
	}
	var out []rawEvent
	for {
		var raw json.RawMessage
		before := dec.InputOffset()
		err := dec.Decode(&raw)
		if err == io.EOF {
			return out, nil
		}
		line := lines.at(valueStart(src, before))
		if err != nil {
			return nil, &eventError{line: line, index: len(out) + 1, err: err}
		}
		out = append(out, rawEvent{text: raw, line: line})
	}
}

// splitArray reads the events of a JSON array, each with its own line.
func splitArray(dec *json.Decoder, lines *lineCounter) ([]rawEvent, error) {
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading the JSON array of events: %w", err)
	}
	var out []rawEvent
	for dec.More() {
		var raw json.RawMessage
		before := dec.InputOffset()
		err := dec.Decode(&raw)
		line := lines.at(valueStart(lines.src, before))
		if err != nil {
			return nil, &eventError{line: line, index: len(out) + 1, err: err}
		}
		out = append(out, rawEvent{text: raw, line: line})
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("reading the JSON array of events: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("reading the JSON array of events: unexpected data after the array")
	}
	return out, nil
}

// valueStart skips the white space and the comma before a JSON value.
func valueStart(src []byte, off int64) int64 {
	for off < int64(len(src)) && strings.IndexByte(" \t\r\n,", src[off]) >= 0 {
		off++
	}
	return off
}

// lineCounter returns the 1-based line of increasing byte offsets,
// scanning each byte of the input once (offsets come in order).
type lineCounter struct {
	src     []byte
	off     int64 // offset counted up to
	line    int   // line at off, less one
	scanned int64 // bytes scanned, for the tests' step count
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.src)))
	if off < c.off { // not expected: count again from the start
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.src[c.off:off], []byte("\n"))
	c.scanned += off - c.off
	c.off = off
	return c.line + 1
}
