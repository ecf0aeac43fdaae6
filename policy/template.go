package policy

import (
	"strings"
)

// Template is a Resource or condition value that may hold policy variables.
// IAM User Guide, "IAM policy elements: Variables and tags".
type Template struct {
	Raw   string
	Parts []Part // nil when the value holds no variable: then Raw is the value
}

// IsPlaceholder reports whether s is a fill-in placeholder such as
// "<my-corporate-cidr>", as AWS's published policy examples use them. Such a
// value is read without error so that the examples can be loaded as they
// are; it matches nothing when evaluated, and lint reports it.
func IsPlaceholder(s string) bool {
	return len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>' && !strings.ContainsAny(s[1:len(s)-1], "<>")
}

// IsLiteral reports whether the template holds no variable.
func (t Template) IsLiteral() bool { return t.Parts == nil }

// PartKind is the kind of a template part.
type PartKind uint8

// The template part kinds.
const (
	Text     PartKind = iota // literal text; in patterns '*' and '?' are wildcards
	Variable                 // ${key} or ${key, 'default'}
	Escape                   // ${*}, ${?} or ${$}: the character itself, never a wildcard
)

// Part is one piece of a template.
type Part struct {
	Kind       PartKind
	Text       string // Text: the text; Escape: "*", "?" or "$"
	Key        string // Variable: the context key, lower-cased (keys are case-insensitive)
	Name       string // Variable: the context key as written
	Default    string // Variable: the default value
	HasDefault bool
}

// ParseTemplate splits s into text and variables. With variables disabled
// (policy Version other than 2012-10-17) the whole value is literal text.
// A "${" without a closing "}" is literal text.
func ParseTemplate(s string, variables bool) Template {
	t := Template{Raw: s}
	if !variables || !strings.Contains(s, "${") {
		return t
	}
	rest := s
	for rest != "" {
		i := strings.Index(rest, "${")
		if i < 0 {
			t.Parts = appendText(t.Parts, rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			t.Parts = appendText(t.Parts, rest)
			break
		}
		t.Parts = appendText(t.Parts, rest[:i])
		t.Parts = append(t.Parts, parseVariable(rest[i+2:i+j]))
		rest = rest[i+j+1:]
	}
	return t
}

func appendText(parts []Part, s string) []Part {
	if s == "" {
		return parts
	}
	return append(parts, Part{Kind: Text, Text: s})
}

// parseVariable parses the inside of ${...}: "*", "?", "$", "key" or
// "key, 'default'". IAM User Guide, "Specifying default values": the key
// and default are separated by a comma and a space, the default is in single
// quotes; white space around them is ignored.
func parseVariable(inner string) Part {
	in := strings.TrimSpace(inner)
	switch in {
	case "*", "?", "$":
		return Part{Kind: Escape, Text: in}
	}
	key, def, hasDef := strings.Cut(in, ",")
	name := strings.TrimSpace(key)
	p := Part{Kind: Variable, Key: strings.ToLower(name), Name: name}
	if hasDef {
		d := strings.TrimSpace(def)
		if len(d) >= 2 && d[0] == '\'' && d[len(d)-1] == '\'' {
			p.Default, p.HasDefault = d[1:len(d)-1], true
		} else {
			p.Default, p.HasDefault = d, true
		}
	}
	return p
}
