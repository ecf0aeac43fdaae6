package node

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
)

// checkStringDocuments refuses the trees of a file of kind l when their
// values, with those of the JSON documents their strings hold, are more
// than l allows. AWS CLI output and Terraform plans hold policy documents
// as JSON strings (PolicyDocument, "policy"), URL-encoded as the IAM API
// returns them or not, which their readers parse later, each alone within
// the default bound: a model file of 128 strings of 1 MiB (MaxString)
// each held half a million values the file's bound never saw. A string
// counts as the values of the JSON in it when it starts with "{" or a
// URL-encoded "{" (%7B), as the readers tell a document; the count is a
// scan of its bytes (jsonValues), exact for the JSON a reader accepts.
// The first string past the bound is refused, at its position.
func checkStringDocuments(trees []*Node, l readfile.Limit) error {
	c := &docCounter{limit: l}
	for _, n := range trees {
		if err := c.walk(n); err != nil {
			return err
		}
	}
	return nil
}

type docCounter struct {
	limit  readfile.Limit
	values int
}

func (c *docCounter) walk(n *Node) error {
	c.values++
	switch n.Kind {
	case String:
		if inner := stringDocumentValues(n.Text); inner > 0 {
			if c.values += inner; c.values > c.limit.Values {
				return &Error{Pos: n.Pos, Code: errcode.Refused,
					Msg: fmt.Sprintf("more than %d values with those of the policy documents its strings hold (this string's: %d), over the %s limit of %d values: %s", c.limit.Values, inner, c.limit.What, c.limit.Values, c.limit.Why)}
			}
		}
	case Array:
		for _, it := range n.Items {
			if err := c.walk(it); err != nil {
				return err
			}
		}
	case Object:
		for i := range n.Fields {
			if err := c.walk(n.Fields[i].Value); err != nil {
				return err
			}
		}
	}
	return nil
}

// mayHoldDocument reports whether stringDocumentValues may find a
// document in s: its first byte is one of the document's ("{", "%" of
// "%7B") or white space before them. Most strings (names, ARNs, actions)
// start with a letter, and need not be trimmed.
func mayHoldDocument(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '{', '%', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

// stringDocumentValues is the values of the JSON document a string holds
// (0: it holds none).
func stringDocumentValues(s string) int {
	if !mayHoldDocument(s) {
		return 0
	}
	t := strings.TrimLeft(s, " \t\r\n")
	switch {
	case strings.HasPrefix(t, "{"):
	case strings.HasPrefix(t, "%7B"), strings.HasPrefix(t, "%7b"):
		dec, err := url.QueryUnescape(t)
		if err != nil {
			return 0 // its reader refuses it
		}
		t = dec
	default:
		return 0
	}
	n, _ := jsonValues([]byte(t), len(t))
	return n
}
