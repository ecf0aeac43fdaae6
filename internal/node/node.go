// Package node is a positioned tree of JSON values. Policies and case files
// are read into it first (from JSON or YAML), so that every later error can
// name the line, column and JSON path of the value it is about.
package node

import (
	"fmt"
	"github.com/sekisho/sekisho/internal/errcode"
	"strconv"
	"strings"
)

// Kind is the JSON type of a node.
type Kind uint8

// The JSON types.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "list"
	case Object:
		return "object"
	}
	return "unknown"
}

// Pos is a 1-based line and column in a source file. The zero Pos means unknown.
type Pos struct {
	Line, Col int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return ""
	}
	return fmt.Sprintf("%d:%d", p.Line, p.Col)
}

// Node is one JSON value with its position.
type Node struct {
	Kind Kind
	// ascii is set by the JSON reader on a value whose strings and member
	// names, all of them, it read without an escape, every byte printable
	// ASCII (U+0020 to U+007F), so that the checks that walk a policy's
	// strings again (IAM's refused characters, the size quotas counting
	// characters) need not read them. Unset means unknown: a node built
	// otherwise (YAML, a literal) is read in full. It takes the padding
	// after Kind: a node is no larger.
	ascii  bool
	Pos    Pos
	Text   string  // String: the value; Number: the literal; Bool: "true" or "false"
	Items  []*Node // Array
	Fields []Field // Object, in source order
}

// Field is one member of an object.
type Field struct {
	Key    string
	KeyPos Pos
	Value  *Node
}

// PrintableASCII reports whether every string and member name of n (n
// itself when a string) is known to hold printable ASCII only (U+0020 to
// U+007F: no control character, nothing past U+007F): the JSON reader read
// them without an escape. A number, a boolean and null read from JSON are
// marked. False means unknown, not the contrary. Text set after reading
// (as the AWS CLI reader unquotes an API Gateway policy, which has a
// backslash, and so was read through an escape, it and the values around
// it unmarked) keeps it false.
func (n *Node) PrintableASCII() bool { return n.ascii }

// Get returns the value of the member named key (exact match), or nil.
func (n *Node) Get(key string) *Node {
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return n.Fields[i].Value
		}
	}
	return nil
}

// keySet finds repeated member names in one object in time linear in the
// number of members: small objects are scanned, larger ones indexed.
type keySet struct {
	index  map[string]struct{}
	probes *int // comparisons and lookups made, for the tests' step count
}

// smallObject is the member count up to which a scan beats a map.
const smallObject = 16

// seen reports whether key is already among fields, the members of an
// object read so far; the caller appends key afterwards.
func (ks *keySet) seen(fields []Field, key string) bool {
	if len(fields) < smallObject {
		*ks.probes += len(fields)
		for i := range fields {
			if fields[i].Key == key {
				return true
			}
		}
		return false
	}
	if ks.index == nil {
		ks.index = make(map[string]struct{}, 2*len(fields))
		for _, f := range fields {
			ks.index[f.Key] = struct{}{}
		}
		*ks.probes += len(fields)
	}
	*ks.probes++
	if _, dup := ks.index[key]; dup {
		return true
	}
	ks.index[key] = struct{}{}
	return false
}

// MaxString bounds one string (or YAML scalar) of any input. No value that
// Sekisho reads is legitimately longer: the longest is a policy document
// the AWS CLI prints as a string (URL-encoded by the IAM API, up to three
// times its length), and the largest policy, an AWS managed one, is about
// 152,000 characters.
const MaxString = 1 << 20

const stringLimitWhy = "no policy, case or model value is that long (the largest AWS policy is about 152,000 characters)"

// Path is a JSON path such as $.Statement[0].Condition, built while walking a tree.
type Path string

// Root is the path of a document's top value.
const Root Path = "$"

// Key returns the path of member k of the value at p.
func (p Path) Key(k string) Path {
	if isIdent(k) {
		return p + "." + Path(k)
	}
	return p + "[" + Path(strconv.Quote(k)) + "]"
}

// Index returns the path of item i of the list at p.
func (p Path) Index(i int) Path { return p + Path("["+strconv.Itoa(i)+"]") }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Error is a problem found at a place in a file.
type Error struct {
	File string
	Path Path
	Pos  Pos
	Msg  string
	Code errcode.Code // "" means errcode.Schema: the value is not what was expected
}

// ErrorCode is the error's stable code (docs/errors.md).
func (e *Error) ErrorCode() errcode.Code {
	if e.Code == "" {
		return errcode.Schema
	}
	return e.Code
}

// syntaxError marks the errors of the JSON and YAML readers as syntax
// errors: the file is not well-formed.
func syntaxError(err error) error {
	if e, ok := err.(*Error); ok && e.Code == "" {
		e.Code = errcode.Syntax
	}
	return err
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Pos.Line > 0 {
		b.WriteString(e.Pos.String())
		b.WriteString(":")
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Path != "" {
		b.WriteString(string(e.Path))
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errorf returns an *Error for the value n found at path p.
func Errorf(n *Node, p Path, format string, args ...any) *Error {
	e := &Error{Path: p, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Pos = n.Pos
	}
	return e
}

// Describe names a value for an error message: its type and, for scalars, its text.
func Describe(n *Node) string {
	switch n.Kind {
	case String:
		return "string " + strconv.Quote(n.Text)
	case Number, Bool:
		return n.Kind.String() + " " + n.Text
	}
	return n.Kind.String()
}

// Equal reports whether a and b are the same JSON value: the same kinds,
// texts, items and members in the same order; positions aside.
func Equal(a, b *Node) bool {
	if a.Kind != b.Kind || a.Text != b.Text || len(a.Items) != len(b.Items) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Items {
		if !Equal(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Fields {
		if a.Fields[i].Key != b.Fields[i].Key || !Equal(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}
