package eventpattern

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// Pattern is a compiled event pattern. It is immutable and safe for
// concurrent use.
type Pattern struct {
	root *object
	src  json.RawMessage
}

// object is the pattern of one JSON object of the event.
type object struct {
	fields []*field    // sorted by key
	ors    [][]*object // each "$or": the alternatives
}

// field is the pattern of one field: a nested object or a leaf.
type field struct {
	key  string
	sub  *object   // nested object pattern, or
	leaf []matcher // leaf matchers, any of which may match
}

// Error is a pattern that breaks the grammar: where, and what was expected.
type Error struct {
	Path string // JSON path of the offending value, such as $.detail.state[0]
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("event pattern %s: %s", e.Path, e.Msg) }

func errorf(path, format string, args ...any) error {
	return &Error{Path: path, Msg: fmt.Sprintf(format, args...)}
}

// Parse compiles an event pattern.
func Parse(src []byte) (*Pattern, error) {
	v, err := decode(src)
	if err != nil {
		return nil, &Error{Path: "$", Msg: "not JSON: " + err.Error()}
	}
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil, errorf("$", "expected a non-empty JSON object, got %s", describe(v))
	}
	root, err := parseObject(m, "$")
	if err != nil {
		return nil, err
	}
	return &Pattern{root: root, src: append(json.RawMessage(nil), bytes.TrimSpace(src)...)}, nil
}

// MustParse is Parse for patterns written in the program; it panics on error.
func MustParse(src string) *Pattern {
	p, err := Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	return p
}

// JSON returns the pattern's source text.
func (p *Pattern) JSON() json.RawMessage { return p.src }

// decode reads one JSON value, keeping numbers as their text.
func decode(src []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("unexpected data after the JSON value at offset %d", dec.InputOffset())
	}
	return v, nil
}

func parseObject(m map[string]any, path string) (*object, error) {
	o := &object{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		fp := path + "." + k
		if k == "$or" {
			alts, err := parseOr(m[k], fp)
			if err != nil {
				return nil, err
			}
			o.ors = append(o.ors, alts)
			continue
		}
		f, err := parseField(k, m[k], fp)
		if err != nil {
			return nil, err
		}
		o.fields = append(o.fields, f)
	}
	return o, nil
}

func parseOr(v any, path string) ([]*object, error) {
	list, ok := v.([]any)
	if !ok || len(list) < 2 {
		return nil, errorf(path, "expected a list of at least two patterns, got %s", describe(v))
	}
	alts := make([]*object, len(list))
	for i, item := range list {
		ip := path + "[" + strconv.Itoa(i) + "]"
		m, ok := item.(map[string]any)
		if !ok || len(m) == 0 {
			return nil, errorf(ip, "expected a non-empty pattern object, got %s", describe(item))
		}
		o, err := parseObject(m, ip)
		if err != nil {
			return nil, err
		}
		alts[i] = o
	}
	return alts, nil
}

func parseField(key string, v any, path string) (*field, error) {
	switch v := v.(type) {
	case map[string]any:
		if len(v) == 0 {
			return nil, errorf(path, "expected a pattern object with fields or a list of values, got an empty object")
		}
		sub, err := parseObject(v, path)
		if err != nil {
			return nil, err
		}
		return &field{key: key, sub: sub}, nil
	case []any:
		if len(v) == 0 {
			return nil, errorf(path, "expected a non-empty list of values to match")
		}
		f := &field{key: key}
		for i, item := range v {
			m, err := parseMatcher(item, path+"["+strconv.Itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			f.leaf = append(f.leaf, m)
		}
		return f, nil
	}
	return nil, errorf(path, "expected a list of values to match (such as [%s]) or a nested pattern object, got %s", jsonText(v), describe(v))
}

// describe names the JSON type of v for error messages.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", v)
	case json.Number:
		return "the number " + v.String()
	case bool:
		return fmt.Sprintf("%t", v)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
