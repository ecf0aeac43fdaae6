package node

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// ParseYAML reads the first YAML document in src into a tree. Mapping keys
// must be scalars; anchors and aliases are resolved.
func ParseYAML(src []byte) (*Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(err)
	}
	if doc.Kind == 0 {
		return nil, &Error{Msg: "empty YAML document"}
	}
	return fromYAML(&doc, 0)
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

func fromYAML(y *yaml.Node, depth int) (*Node, error) {
	if depth > maxDepth {
		return nil, &Error{Pos: ypos(y), Msg: fmt.Sprintf("nesting deeper than %d levels", maxDepth)}
	}
	switch y.Kind {
	case yaml.DocumentNode:
		if len(y.Content) == 0 {
			return nil, &Error{Msg: "empty YAML document"}
		}
		return fromYAML(y.Content[0], depth)
	case yaml.AliasNode:
		return fromYAML(y.Alias, depth+1)
	case yaml.SequenceNode:
		n := &Node{Kind: Array, Pos: ypos(y)}
		for _, c := range y.Content {
			item, err := fromYAML(c, depth+1)
			if err != nil {
				return nil, err
			}
			n.Items = append(n.Items, item)
		}
		return n, nil
	case yaml.MappingNode:
		return yamlMapping(y, depth)
	case yaml.ScalarNode:
		return yamlScalar(y), nil
	}
	return nil, &Error{Pos: ypos(y), Msg: "unsupported YAML node"}
}

func yamlMapping(y *yaml.Node, depth int) (*Node, error) {
	n := &Node{Kind: Object, Pos: ypos(y)}
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, &Error{Pos: ypos(k), Msg: "expected a plain key in a mapping"}
		}
		if n.Get(k.Value) != nil {
			return nil, &Error{Pos: ypos(k), Msg: fmt.Sprintf("duplicate key %q in the same mapping", k.Value)}
		}
		val, err := fromYAML(v, depth+1)
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
