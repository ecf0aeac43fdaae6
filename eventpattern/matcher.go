package eventpattern

import (
	"encoding/json"
	"net/netip"
	"strconv"
	"strings"
)

// kind is the closed set of leaf matchers.
type kind uint8

const (
	kindExact       kind = iota // a literal value
	kindPrefix                  // {"prefix": ...}
	kindSuffix                  // {"suffix": ...}
	kindIgnoreCase              // {"equals-ignore-case": ...}
	kindWildcard                // {"wildcard": ...}
	kindNumeric                 // {"numeric": [...]}
	kindExists                  // {"exists": bool}
	kindCIDR                    // {"cidr": ...}
	kindAnythingBut             // {"anything-but": ...}
)

// matcher is one element of a leaf array.
type matcher struct {
	kind   kind
	lit    any          // kindExact: string, json.Number, bool or nil
	text   string       // kindPrefix, kindSuffix, kindIgnoreCase
	fold   bool         // kindPrefix, kindSuffix: compare ignoring case
	wild   []string     // kindWildcard: the literal parts between the stars
	bounds []bound      // kindNumeric
	exists bool         // kindExists
	prefix netip.Prefix // kindCIDR
	not    []matcher    // kindAnythingBut: the excluded values, or one string matcher
}

// bound is one comparison of a numeric matcher.
type bound struct {
	op  string
	val float64
}

// numericLimit is EventBridge's documented range for numeric matching.
const numericLimit = 1.0e9

func parseMatcher(v any, path string) (matcher, error) {
	m, ok := v.(map[string]any)
	if !ok {
		if _, isList := v.([]any); isList {
			return matcher{}, errorf(path, "expected a value or a matcher object, got a nested list")
		}
		return matcher{kind: kindExact, lit: v}, nil
	}
	if len(m) != 1 {
		return matcher{}, errorf(path, "expected a matcher object with exactly one of prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists, cidr; got %d fields", len(m))
	}
	for name, arg := range m {
		return parseNamed(name, arg, path+"."+name)
	}
	panic("unreachable")
}

func parseNamed(name string, arg any, path string) (matcher, error) {
	switch name {
	case "prefix", "suffix":
		return parseAffix(name, arg, path)
	case "equals-ignore-case":
		s, ok := arg.(string)
		if !ok {
			return matcher{}, errorf(path, "expected a string, got %s", describe(arg))
		}
		return matcher{kind: kindIgnoreCase, text: s}, nil
	case "wildcard":
		return parseWildcard(arg, path)
	case "anything-but":
		return parseAnythingBut(arg, path)
	case "numeric":
		return parseNumeric(arg, path)
	case "exists":
		b, ok := arg.(bool)
		if !ok {
			return matcher{}, errorf(path, "expected true or false, got %s", describe(arg))
		}
		return matcher{kind: kindExists, exists: b}, nil
	case "cidr":
		return parseCIDR(arg, path)
	}
	return matcher{}, errorf(path, "unknown matcher %q: expected prefix, suffix, equals-ignore-case, wildcard, anything-but, numeric, exists or cidr", name)
}

// parseAffix reads {"prefix": "x"} or {"prefix": {"equals-ignore-case": "x"}}.
func parseAffix(name string, arg any, path string) (matcher, error) {
	k := kindPrefix
	if name == "suffix" {
		k = kindSuffix
	}
	switch a := arg.(type) {
	case string:
		return matcher{kind: k, text: a}, nil
	case map[string]any:
		s, ok := a["equals-ignore-case"].(string)
		if len(a) == 1 && ok {
			return matcher{kind: k, text: s, fold: true}, nil
		}
	}
	return matcher{}, errorf(path, "expected a string or {\"equals-ignore-case\": \"text\"}, got %s", describe(arg))
}

func parseWildcard(arg any, path string) (matcher, error) {
	s, ok := arg.(string)
	if !ok {
		return matcher{}, errorf(path, "expected a string, got %s", describe(arg))
	}
	parts, err := splitWildcard(s)
	if err != nil {
		return matcher{}, errorf(path, "%v", err)
	}
	return matcher{kind: kindWildcard, wild: parts}, nil
}

// parseAnythingBut reads the argument of anything-but: a value, a list of
// strings or of numbers, or one string matcher.
func parseAnythingBut(arg any, path string) (matcher, error) {
	switch a := arg.(type) {
	case string, json.Number:
		return matcher{kind: kindAnythingBut, not: []matcher{{kind: kindExact, lit: a}}}, nil
	case []any:
		return parseAnythingButList(a, path)
	case map[string]any:
		return parseAnythingButMatcher(a, path)
	}
	return matcher{}, errorf(path, "expected a string, a number, a list of strings or of numbers, or a prefix, suffix, wildcard or equals-ignore-case object; got %s", describe(arg))
}

func parseAnythingButList(list []any, path string) (matcher, error) {
	if len(list) == 0 {
		return matcher{}, errorf(path, "expected a non-empty list")
	}
	m := matcher{kind: kindAnythingBut}
	_, wantString := list[0].(string)
	for i, item := range list {
		_, isString := item.(string)
		_, isNumber := item.(json.Number)
		if (!isString && !isNumber) || isString != wantString {
			return matcher{}, errorf(path+"["+strconv.Itoa(i)+"]", "expected only strings or only numbers, got %s", describe(item))
		}
		m.not = append(m.not, matcher{kind: kindExact, lit: item})
	}
	return m, nil
}

func parseAnythingButMatcher(a map[string]any, path string) (matcher, error) {
	if len(a) != 1 {
		return matcher{}, errorf(path, "expected one of prefix, suffix, wildcard, equals-ignore-case; got %d fields", len(a))
	}
	m := matcher{kind: kindAnythingBut}
	for name, arg := range a {
		p := path + "." + name
		switch name {
		case "prefix", "suffix":
			s, ok := arg.(string)
			if !ok {
				return matcher{}, errorf(p, "expected a string, got %s", describe(arg))
			}
			inner, _ := parseAffix(name, s, p)
			m.not = []matcher{inner}
		case "equals-ignore-case", "wildcard":
			inner, err := parseStringOrList(name, arg, p)
			if err != nil {
				return matcher{}, err
			}
			m.not = inner
		default:
			return matcher{}, errorf(p, "unknown anything-but matcher %q: expected prefix, suffix, wildcard or equals-ignore-case", name)
		}
	}
	return m, nil
}

// parseStringOrList reads the argument of anything-but's equals-ignore-case
// and wildcard: one string or a list of strings.
func parseStringOrList(name string, arg any, path string) ([]matcher, error) {
	items, isList := arg.([]any)
	if !isList {
		items = []any{arg}
	}
	if len(items) == 0 {
		return nil, errorf(path, "expected a string or a non-empty list of strings")
	}
	var out []matcher
	for i, item := range items {
		p := path
		if isList {
			p += "[" + strconv.Itoa(i) + "]"
		}
		m, err := parseNamed(name, item, p)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

func parseNumeric(arg any, path string) (matcher, error) {
	list, ok := arg.([]any)
	if !ok || (len(list) != 2 && len(list) != 4) {
		return matcher{}, errorf(path, "expected [OPERATOR, NUMBER] or [OPERATOR, NUMBER, OPERATOR, NUMBER], got %s", jsonText(arg))
	}
	m := matcher{kind: kindNumeric}
	for i := 0; i < len(list); i += 2 {
		op, ok := list[i].(string)
		if !ok || !validOp(op) {
			return matcher{}, errorf(path+"["+strconv.Itoa(i)+"]", "expected one of \"=\", \"<\", \"<=\", \">\", \">=\", got %s", describe(list[i]))
		}
		n, ok := list[i+1].(json.Number)
		f, err := n.Float64()
		if !ok || err != nil {
			return matcher{}, errorf(path+"["+strconv.Itoa(i+1)+"]", "expected a number, got %s", describe(list[i+1]))
		}
		if f < -numericLimit || f > numericLimit {
			return matcher{}, errorf(path+"["+strconv.Itoa(i+1)+"]", "numeric matching is limited to values between -1.0e9 and 1.0e9, got %s", n)
		}
		m.bounds = append(m.bounds, bound{op: op, val: f})
	}
	if len(m.bounds) == 2 && (!isLower(m.bounds[0].op) || !isUpper(m.bounds[1].op)) {
		return matcher{}, errorf(path, "a range is a lower bound (\">\" or \">=\") followed by an upper bound (\"<\" or \"<=\"), got %s", jsonText(arg))
	}
	return m, nil
}

func validOp(op string) bool {
	switch op {
	case "=", "<", "<=", ">", ">=":
		return true
	}
	return false
}

func isLower(op string) bool { return op == ">" || op == ">=" }
func isUpper(op string) bool { return op == "<" || op == "<=" }

func parseCIDR(arg any, path string) (matcher, error) {
	s, ok := arg.(string)
	if !ok {
		return matcher{}, errorf(path, "expected a CIDR block such as \"10.0.0.0/24\", got %s", describe(arg))
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return matcher{}, errorf(path, "expected a CIDR block such as \"10.0.0.0/24\": %v", err)
	}
	return matcher{kind: kindCIDR, prefix: p.Masked()}, nil
}

// match reports whether one present leaf value v matches. kindExists is
// decided by the caller, which knows whether the field is present.
func (m *matcher) match(v any) bool {
	switch m.kind {
	case kindExact:
		return sameLiteral(m.lit, v)
	case kindPrefix, kindSuffix, kindIgnoreCase, kindWildcard:
		s, ok := v.(string)
		return ok && m.matchString(s)
	case kindNumeric:
		return m.matchNumber(v)
	case kindCIDR:
		s, ok := v.(string)
		if !ok {
			return false
		}
		a, err := netip.ParseAddr(s)
		return err == nil && m.prefix.Contains(a.Unmap())
	case kindAnythingBut:
		return m.matchAnythingBut(v)
	}
	return false
}

func (m *matcher) matchString(s string) bool {
	switch m.kind {
	case kindPrefix:
		if m.fold {
			return len(s) >= len(m.text) && strings.EqualFold(s[:len(m.text)], m.text)
		}
		return strings.HasPrefix(s, m.text)
	case kindSuffix:
		if m.fold {
			return len(s) >= len(m.text) && strings.EqualFold(s[len(s)-len(m.text):], m.text)
		}
		return strings.HasSuffix(s, m.text)
	case kindIgnoreCase:
		return strings.EqualFold(s, m.text)
	case kindWildcard:
		return matchWildcard(m.wild, s)
	}
	return false
}

func (m *matcher) matchNumber(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	f, err := n.Float64()
	if err != nil {
		return false
	}
	for _, b := range m.bounds {
		if !b.holds(f) {
			return false
		}
	}
	return true
}

func (b bound) holds(f float64) bool {
	switch b.op {
	case "=":
		return f == b.val
	case "<":
		return f < b.val
	case "<=":
		return f <= b.val
	case ">":
		return f > b.val
	}
	return f >= b.val
}

func (m *matcher) matchAnythingBut(v any) bool {
	if len(m.not) > 0 && m.not[0].kind != kindExact {
		if _, ok := v.(string); !ok {
			return false // the string forms match string values only
		}
	}
	for i := range m.not {
		if m.not[i].match(v) {
			return false
		}
	}
	return true
}

// sameLiteral compares a pattern literal with an event value: same JSON
// type and, for numbers, the same text ("Number matching is at the string
// representation level").
func sameLiteral(lit, v any) bool {
	switch l := lit.(type) {
	case string:
		s, ok := v.(string)
		return ok && s == l
	case json.Number:
		n, ok := v.(json.Number)
		return ok && n == l
	case bool:
		b, ok := v.(bool)
		return ok && b == l
	case nil:
		return v == nil
	}
	return false
}
