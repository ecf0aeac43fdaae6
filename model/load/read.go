package load

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// reader walks one file's tree. Its helpers return *node.Error values that
// name the file, the JSON path and the line and column.
type reader struct {
	file  string
	dir   string
	place place // where the file sits in the collected layout

	referenced map[string]bool // the builder's: policy files named by model files
	pre        prepared        // the file's documents parsed ahead (prefetch.go)
	// scratch, when set, is where stringDocument parses the document of
	// a string, reset after each: the policy keeps none of its tree. The
	// goroutines that parse files ahead each have one (prefetch).
	scratch *scratch
}

// scratch is the memory a goroutine reuses to parse documents held in
// strings (get-bucket-policy's Policy and the like): 3,000 at 1,000
// accounts of sekisho synth, whose trees and copies were 30 MB of garbage.
type scratch struct {
	arena node.Arena
	src   []byte
}

func (r *reader) errf(n *node.Node, p node.Path, format string, args ...any) *node.Error {
	e := node.Errorf(n, p, format, args...)
	e.File = r.file
	return e
}

func (r *reader) where(n *node.Node, p node.Path) model.Where {
	return model.Where{File: r.file, Path: p, Pos: n.Pos}
}

// object calls fn for each member of an object.
func (r *reader) object(n *node.Node, p node.Path, what string, fn func(f node.Field, fp node.Path) error) error {
	if n.Kind != node.Object {
		return r.errf(n, p, "expected %s (an object), got %s", what, node.Describe(n))
	}
	for _, f := range n.Fields {
		if err := fn(f, p.Key(f.Key)); err != nil {
			return err
		}
	}
	return nil
}

// list calls fn for each item of a list; null is an empty list.
func (r *reader) list(n *node.Node, p node.Path, what string, fn func(item *node.Node, ip node.Path) error) error {
	if n == nil || n.Kind == node.Null {
		return nil
	}
	if n.Kind != node.Array {
		return r.errf(n, p, "expected a list of %s, got %s", what, node.Describe(n))
	}
	for i, item := range n.Items {
		if err := fn(item, p.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

// str reads a string; numbers and booleans are read as their text, since
// YAML reads an unquoted account id as a number.
func (r *reader) str(n *node.Node, p node.Path) (string, error) {
	if s, ok := text(n); ok {
		return s, nil
	}
	return "", r.errf(n, p, "expected a string, got %s", node.Describe(n))
}

// text is what str reads of n, and whether n is such a value: the
// callers that have a member's path to build (p.Key) build it only for
// the error, as a model's files have hundreds of thousands of members.
func text(n *node.Node) (string, bool) {
	switch n.Kind {
	case node.String, node.Number, node.Bool:
		return n.Text, true
	}
	return "", false
}

// strings reads a list of strings; null is an empty list. An item's path
// is built only for its error.
func (r *reader) strings(n *node.Node, p node.Path, what string) ([]string, error) {
	if n == nil || n.Kind == node.Null {
		return nil, nil
	}
	if n.Kind != node.Array {
		return nil, r.errf(n, p, "expected a list of %s, got %s", what, node.Describe(n))
	}
	var out []string
	for i, item := range n.Items {
		s, ok := text(item)
		if !ok {
			_, err := r.str(item, p.Index(i))
			return append(out, s), err
		}
		out = append(out, s)
	}
	return out, nil
}

// plainStrings reports whether strings reads n without an error (and so
// without its path): null, or a list of strings.
func plainStrings(n *node.Node) bool {
	switch n.Kind {
	case node.Null:
		return true
	case node.Array:
		for _, item := range n.Items {
			if _, ok := text(item); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// plainTags reports whether tags reads n without an error (and so without
// its path): null, or an object of strings.
func plainTags(n *node.Node) bool {
	switch n.Kind {
	case node.Null:
		return true
	case node.Object:
		for _, f := range n.Fields {
			if _, ok := text(f.Value); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// optStr reads member key of an object if present.
func (r *reader) optStr(n *node.Node, p node.Path, key string) (string, error) {
	v := n.Get(key)
	if v == nil || v.Kind == node.Null {
		return "", nil
	}
	if s, ok := text(v); ok {
		return s, nil
	}
	return r.str(v, p.Key(key))
}

// optIP reads member key of an object, when present, as an IP address:
// it becomes aws:SourceIp or aws:VpcSourceIp, where a malformed address
// would match no policy value (policy.ParseAddr).
func (r *reader) optIP(n *node.Node, p node.Path, key string) (string, error) {
	v := n.Get(key)
	if v == nil || v.Kind == node.Null {
		return "", nil
	}
	return r.ip(v, p.Key(key))
}

// ip reads an IP address.
func (r *reader) ip(n *node.Node, p node.Path) (string, error) {
	s, err := r.str(n, p)
	if err != nil {
		return "", err
	}
	if _, err := policy.ParseAddr(s); err != nil {
		return "", r.errf(n, p, "%v", err)
	}
	return s, nil
}

// reqStr reads member key of an object, which must be present.
func (r *reader) reqStr(n *node.Node, p node.Path, key string) (string, error) {
	v := n.Get(key)
	if v == nil || v.Kind == node.Null {
		return "", r.errf(n, p, "missing %s", key)
	}
	if s, ok := text(v); ok {
		return s, nil
	}
	return r.str(v, p.Key(key))
}

// tagMap reads tags written as a map {key: value} (native) or as the AWS
// list [{Key, Value}].
func (r *reader) tags(n *node.Node, p node.Path) (map[string]string, error) {
	out := map[string]string{}
	switch n.Kind {
	case node.Null:
		return nil, nil
	case node.Object:
		for _, f := range n.Fields {
			v, ok := text(f.Value)
			if !ok {
				_, err := r.str(f.Value, p.Key(f.Key))
				return nil, err
			}
			out[f.Key] = v
		}
		return out, nil
	case node.Array:
		err := r.list(n, p, "tags", func(item *node.Node, ip node.Path) error {
			k, err := r.reqStr(item, ip, "Key")
			if err != nil {
				return err
			}
			v, err := r.optStr(item, ip, "Value")
			out[k] = v
			return err
		})
		return out, err
	}
	return nil, r.errf(n, p, "expected tags as {key: value} or [{Key, Value}], got %s", node.Describe(n))
}

// document reads a policy document: an inline object, or (native files) a
// string naming a file relative to this one.
func (r *reader) document(n *node.Node, p node.Path, kind policy.Kind, name string) (*policy.Policy, error) {
	if n.Kind == node.String && r.referenced != nil {
		file := n.Text
		if !filepath.IsAbs(file) {
			file = filepath.Join(r.dir, file)
		}
		r.referenced[absPath(file)] = true
	}
	if pol := r.adopt(n, p, kind, name); pol != nil {
		return pol, nil
	}
	return policy.FromNodeOrFile(n, r.dir, policy.Source{File: r.file, Path: p, Kind: kind, Name: name})
}

// awsDocument reads a policy document as AWS CLI output holds it: a JSON
// object (the CLI decodes documents), or a string holding the JSON,
// URL-encoded as the IAM API returns it or not.
func (r *reader) awsDocument(n *node.Node, p node.Path, kind policy.Kind, name string) (*policy.Policy, error) {
	switch n.Kind {
	case node.Object, node.String:
		if pol := r.adopt(n, p, kind, name); pol != nil {
			return pol, nil
		}
	}
	switch n.Kind {
	case node.Object:
		return policy.FromNode(n, policy.Source{File: r.file, Path: p, Kind: kind, Name: name})
	case node.String:
		return r.stringDocument(n, p, kind, name)
	}
	return nil, r.errf(n, p, "expected a policy document (object or JSON string), got %s", node.Describe(n))
}

// stringDocument reads a policy document held in a JSON string.
func (r *reader) stringDocument(n *node.Node, p node.Path, kind policy.Kind, name string) (*policy.Policy, error) {
	text := n.Text
	if strings.HasPrefix(text, "%7B") || strings.HasPrefix(text, "%7b") {
		dec, err := url.QueryUnescape(text)
		if err != nil {
			return nil, r.errf(n, p, "cannot URL-decode the policy document: %v", err)
		}
		text = dec
	}
	var doc *node.Node
	var err error
	if sc := r.scratch; sc != nil {
		// the tree holds copies of its strings, not the bytes: both are
		// reused for the next document
		sc.src = append(sc.src[:0], text...)
		doc, err = node.ParseJSONIn(sc.src, readfile.Limit{}, &sc.arena)
		defer sc.arena.Reset()
	} else {
		doc, err = node.ParseJSON([]byte(text))
	}
	if err != nil {
		return nil, r.errf(n, p, "policy document in this string: %v", err)
	}
	pol, err := policy.FromNode(doc, policy.Source{File: r.file, Path: p, Kind: kind, Name: name})
	if err != nil {
		if e, ok := err.(*node.Error); ok {
			return nil, r.errf(n, p, "policy document in this string, at %s: %s", e.Pos, e.Msg)
		}
		return nil, err
	}
	pol.InString = n.Pos
	return pol, nil
}

// unknownField is the error for a member a native file does not define.
func (r *reader) unknownField(f node.Field, fp node.Path, what, expected string) error {
	e := &node.Error{File: r.file, Path: fp, Pos: f.KeyPos, Msg: fmt.Sprintf("unknown %s field %q: expected %s", what, f.Key, expected)}
	return e
}
