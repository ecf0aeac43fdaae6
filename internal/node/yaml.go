package node

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
	"io"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// ParseYAML reads a YAML file that holds exactly one document into a tree.
// Mapping keys must be scalars; anchors and aliases are resolved. A file
// with a second document is an error, never read in part: for a policy or
// a model file, the rest would be lost in silence.
func ParseYAML(src []byte) (*Node, error) { return ParseYAMLAs(src, readfile.Limit{}) }

// oneDocument is the document of a stream that must hold one.
func oneDocument(docs []*Node) (*Node, error) {
	if len(docs) > 1 {
		return nil, &Error{Pos: docs[1].Pos, Msg: fmt.Sprintf("the file holds %d YAML documents (separated by ---): expected one", len(docs)), Code: errcode.Syntax}
	}
	return docs[0], nil
}

// ParseYAMLDocuments reads every document of a YAML stream, in order; a
// file with none, or with an empty document, is an error.
func ParseYAMLDocuments(src []byte) ([]*Node, error) {
	return ParseYAMLDocumentsAs(src, readfile.Limit{})
}

func (b *yamlBuilder) documents(src []byte) ([]*Node, error) {
	b.limit = valueLimit(b.limit)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var out []*Node
	for seen := 0; ; seen++ {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(err)
		}
		if seen == MaxYAMLDocuments {
			return nil, &Error{Pos: ypos(&doc), Msg: fmt.Sprintf("the file holds more than %d YAML documents (separated by ---): split it into several files", MaxYAMLDocuments), Code: errcode.Syntax}
		}
		if isEmptyDocument(&doc) {
			continue // a bare "---" or "..." at the end: nothing to lose
		}
		n, err := b.build(&doc, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, &Error{Msg: "empty YAML document"}
	}
	return out, nil
}

// MaxYAMLDocuments bounds the documents of one YAML stream, empty ones
// included: yaml.v3 sets up a decoder for each, so a stream of tiny
// documents ("--- a" repeated) costs about five times the CPU per byte of
// one document of the same size, and eleven times the memory allocated
// (8 MiB: 2.8-3.7 s of CPU and 1,171 MiB against 0.6 s and 107 MiB). A
// case file holds at most casefile.MaxCases (20,000) cases, one or more
// per document; any other file one document.
const MaxYAMLDocuments = 100_000

// MaxAliasNodes bounds the nodes that alias expansion may add to one
// file's tree: each alias is expanded into a copy, so a few lines of
// nested aliases ("billion laughs") would otherwise grow exponentially.
const MaxAliasNodes = 1_000_000

// yamlBuilder turns yaml.v3 nodes into a tree, counting the nodes that
// alias expansion adds.
type yamlBuilder struct {
	aliasNodes int // nodes built inside alias expansions
	inAlias    int // depth of alias expansions being built
	keyProbes  int // steps of duplicate-key detection

	limit  readfile.Limit // the file's kind, which bounds its values
	values int            // values built, of every document
}

// isEmptyDocument reports whether a document has no content at all (not
// even an explicit null such as "~").
func isEmptyDocument(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	c := doc.Content[0]
	return c.Kind == yaml.ScalarNode && c.Value == "" && c.ShortTag() == "!!null" && c.Style == 0 && c.Anchor == ""
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError turns a yaml.v3 error into an *Error with a position.
func yamlError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return &Error{Msg: te.Errors[0]}
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Pos: Pos{Line: line, Col: 1}, Msg: m[2]}
	}
	return &Error{Msg: err.Error()}
}

func (b *yamlBuilder) build(y *yaml.Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, &Error{Pos: ypos(y), Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	if b.inAlias > 0 {
		if b.aliasNodes++; b.aliasNodes > MaxAliasNodes {
			return nil, &Error{Pos: ypos(y), Msg: fmt.Sprintf("YAML aliases expand to more than %d nodes: refusing the file (an alias bomb?)", MaxAliasNodes)}
		}
	}
	if y.Kind != yaml.DocumentNode && y.Kind != yaml.AliasNode {
		if b.values++; b.values > b.limit.Values {
			return nil, tooManyValues(ypos(y), b.limit)
		}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil, &Error{Pos: ypos(y), Msg: "empty YAML document"}
		}
		return b.build(y.Content[0], depth)
	case yaml.AliasNode:
		b.inAlias++
		defer func() { b.inAlias-- }()
		return b.build(y.Alias, depth+1)
	case yaml.SequenceNode:
		n := &Node{Kind: Array, Pos: ypos(y)}
		for _, c := range y.Content {
			item, err := b.build(c, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, item)
		}
		return n, nil
	case yaml.MappingNode:
		return b.mapping(y, depth)
	case yaml.ScalarNode:
		if len(y.Value) > MaxString {
			return nil, &Error{Pos: ypos(y), Msg: fmt.Sprintf("string longer than %d bytes: %s", MaxString, stringLimitWhy)}
		}
		return yamlScalar(y), nil
	}
	return nil, &Error{Pos: ypos(y), Msg: "unsupported YAML node"}
}

func (b *yamlBuilder) mapping(y *yaml.Node, depth int) (*Node, error) {
	n := &Node{Kind: Object, Pos: ypos(y)}
	keys := keySet{probes: &b.keyProbes}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Pos: ypos(k), Msg: "expected a plain key in a mapping"}
		}
		if keys.seen(n.Fields, k.Value) {
			return nil, &Error{Pos: ypos(k), Msg: fmt.Sprintf("duplicate key %q in the same mapping", k.Value)}
		}
		val, err := b.build(v, depth+1)
		if err != nil {
			return nil, err
		}
		n.Fields = append(n.Fields, Field{Key: k.Value, KeyPos: ypos(k), Value: val})
	}
	return n, nil
}

func yamlScalar(y *yaml.Node) *Node {
	n := &Node{Pos: ypos(y), Text: y.Value}
	switch y.ShortTag() {
	case "!!null":
		n.Kind, n.Text = Null, ""
	case "!!bool":
		var b bool
		if y.Decode(&b) == nil {
			n.Kind, n.Text = Bool, strconv.FormatBool(b)
		} else {
			n.Kind = String
		}
	case "!!int", "!!float":
		n.Kind = Number
	default:
		n.Kind = String
	}
	return n
}

func ypos(y *yaml.Node) Pos { return Pos{Line: y.Line, Col: y.Column} }
