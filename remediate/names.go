package remediate

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/node"
)

// validIAMName checks a user or role name from an event against IAM's
// rules before it goes into a call or a report. IAM API Reference,
// CreateUser (UserName) and CreateRole (RoleName): "Length Constraints:
// Minimum length of 1. Maximum length of 64. Pattern: [\w+=,.@-]+", where
// \w is an ASCII letter, digit or underscore.
func validIAMName(what, name string) error {
	if name == "" || len(name) > 64 {
		return fmt.Errorf("%s %s is %d characters: IAM names are 1 to 64 characters (IAM API Reference, CreateUser)", what, quoted(name), utf8.RuneCountInString(name))
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0 {
			continue
		}
		r, _ := utf8.DecodeRuneInString(name[i:])
		return fmt.Errorf("%s %s has the character %s: IAM names are letters, digits and _+=,.@- (IAM API Reference, CreateUser)", what, quoted(name), strconv.QuoteRuneToASCII(r))
	}
	return nil
}

// maxShown is how much of an untrusted value a message shows.
const maxShown = 80

// quoted shows an untrusted value in a message: quoted, with every
// non-ASCII or control character escaped, and cut at maxShown bytes.
func quoted(s string) string {
	if len(s) <= maxShown {
		return strconv.QuoteToASCII(s)
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", strconv.QuoteToASCII(s[:cut]), len(s))
}

// shorten cuts an untrusted value shown in a label; Printable escapes it.
func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d bytes)", s[:cut], len(s))
}

// Printable escapes what could forge or hide text on a terminal or in a
// log: control characters (newlines, ANSI escape sequences), format
// characters (bidirectional overrides, zero-width characters), line and
// paragraph separators, and invalid UTF-8. Other text is unchanged.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if needsEscape(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsEscape(r):
			q := strconv.QuoteRuneToASCII(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func needsEscape(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Zl, unicode.Zp)
}

// parseObject reads a JSON object of a CloudTrail record (nil when absent
// or null). A member given twice is an error (internal/node).
func parseObject(raw []byte, path string) (*node.Node, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	n, err := node.ParseJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if n.Kind != node.Object {
		return nil, fmt.Errorf("%s: expected an object, got %s", path, n.Kind)
	}
	return n, nil
}

// member returns the member name of the object n at path (nil when absent
// or null). JSON member names are case-sensitive, but Go's decoder is
// not: a record with both userName and UserName is ambiguous, and refused,
// rather than one of them being picked. A member spelled otherwise than
// name alone is refused too: CloudTrail spells its members one way.
func member(n *node.Node, path, name string) (*node.Node, error) {
	var found []node.Field
	for _, f := range n.Fields {
		if strings.EqualFold(f.Key, name) {
			found = append(found, f)
		}
	}
	switch {
	case len(found) == 0:
		return nil, nil
	case len(found) > 1:
		return nil, fmt.Errorf("%s: ambiguous: both %s and %s are present; refusing to guess which one to use", path, quoted(found[0].Key), quoted(found[1].Key))
	case found[0].Key != name:
		return nil, fmt.Errorf("%s: member %s: expected %s (CloudTrail's spelling); refusing to guess", path, quoted(found[0].Key), name)
	case found[0].Value.Kind == node.Null:
		return nil, nil
	}
	return found[0].Value, nil
}

// stringAt returns the string at a path of member names below n ("" when
// a member is absent).
func stringAt(n *node.Node, path string, names ...string) (string, error) {
	for i, name := range names {
		if n == nil {
			return "", nil
		}
		if n.Kind != node.Object {
			return "", fmt.Errorf("%s: expected an object, got %s", path, n.Kind)
		}
		var err error
		if n, err = member(n, path, name); err != nil {
			return "", err
		}
		path += "." + name
		if i == len(names)-1 && n != nil && n.Kind != node.String {
			return "", fmt.Errorf("%s: expected a string, got %s", path, n.Kind)
		}
	}
	if n == nil {
		return "", nil
	}
	return n.Text, nil
}
