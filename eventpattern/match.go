package eventpattern

import (
	"fmt"
)

// Event is a decoded event, ready to be matched against many patterns.
type Event struct {
	root map[string]any
}

// ParseEvent decodes an event: a JSON object.
func ParseEvent(src []byte) (*Event, error) {
	v, err := decode(src)
	if err != nil {
		return nil, fmt.Errorf("event: not JSON: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("event: expected a JSON object, got %s", describe(v))
	}
	return &Event{root: m}, nil
}

// Match decodes the event and reports whether the pattern matches it.
func (p *Pattern) Match(event []byte) (bool, error) {
	ev, err := ParseEvent(event)
	if err != nil {
		return false, err
	}
	return p.Matches(ev), nil
}

// Matches reports whether the pattern matches the event.
func (p *Pattern) Matches(ev *Event) bool { return p.root.matches(ev.root) }

// matches reports whether every field and one alternative of every "$or"
// match the event object (nil: the object is absent).
func (o *object) matches(ev map[string]any) bool {
	for _, f := range o.fields {
		if !f.matches(ev) {
			return false
		}
	}
	for _, alts := range o.ors {
		if !anyMatches(alts, ev) {
			return false
		}
	}
	return true
}

func anyMatches(alts []*object, ev map[string]any) bool {
	for _, a := range alts {
		if a.matches(ev) {
			return true
		}
	}
	return false
}

func (f *field) matches(ev map[string]any) bool {
	v, present := ev[f.key]
	if f.sub != nil {
		return f.matchesObject(v)
	}
	leaves := leafValues(v, present)
	for i := range f.leaf {
		if matchLeaf(&f.leaf[i], leaves) {
			return true
		}
	}
	return false
}

// matchesObject descends into a nested object, or into each object of an
// event array. An absent or scalar value is an object without fields.
func (f *field) matchesObject(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		return f.sub.matches(v)
	case []any:
		objects := 0
		for _, item := range flatten(v) {
			if m, ok := item.(map[string]any); ok {
				objects++
				if f.sub.matches(m) {
					return true
				}
			}
		}
		return objects == 0 && f.sub.matches(nil)
	}
	return f.sub.matches(nil)
}

// leafValues returns the leaf values of a field: the value itself, or the
// scalar elements of an array. Objects are not leaves.
func leafValues(v any, present bool) []any {
	if !present {
		return nil
	}
	switch v := v.(type) {
	case map[string]any:
		return nil
	case []any:
		var out []any
		for _, item := range flatten(v) {
			if _, isObject := item.(map[string]any); !isObject {
				out = append(out, item)
			}
		}
		return out
	}
	return []any{v}
}

// flatten expands nested arrays.
func flatten(list []any) []any {
	var out []any
	for _, item := range list {
		if inner, ok := item.([]any); ok {
			out = append(out, flatten(inner)...)
			continue
		}
		out = append(out, item)
	}
	return out
}

// matchLeaf reports whether one matcher matches any of the leaf values.
func matchLeaf(m *matcher, leaves []any) bool {
	if m.kind == kindExists {
		return (len(leaves) > 0) == m.exists
	}
	for _, v := range leaves {
		if m.match(v) {
			return true
		}
	}
	return false
}
