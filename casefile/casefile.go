// Package casefile reads Sekisho case files: one AWS request, the policies
// that apply to it, and optionally the expected decision (docs/casefile.md).
// Files are JSON or YAML and hold one case or a list of cases. Every error
// names the file, the JSON path, the line and column, and what was expected.
package casefile

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/policy"
)

// Case is one case of a case file.
type Case struct {
	Name        string
	Doc         string
	Description string
	File        string
	Pos         node.Pos
	// Request's Context and Lists are read only: the cases of a file
	// that give the same context may share its maps (eachItem).
	Request  eval.RequestInput
	Policies eval.PolicySet
	Expect   *eval.Decision // nil when the case has no expectation

	// Model is set for a case that names a model instead of policies:
	// Request and Policies are then empty, and the runner gathers them
	// from the model (internal/caserun).
	Model *ModelQuery
}

// Load reads every case of one file.
func Load(file string) ([]*Case, error) {
	src, err := readfile.Read(file, readfile.Cases)
	if err != nil {
		return nil, err
	}
	return Parse(src, file)
}

// MaxCases bounds the cases of one file, so that a hostile file cannot
// make a run evaluate without end: a larger suite is split into files.
const MaxCases = 20_000

// Parse reads the cases of a file's content; the file name decides between
// YAML (.yaml, .yml) and JSON, and anchors relative policy file paths. A
// YAML file may hold several documents (separated by ---): each is a case
// or a list of cases, and every one is read. Case names are unique in a
// file.
func Parse(src []byte, file string) ([]*Case, error) {
	docs, err := Decode(src, file)
	if err != nil {
		return nil, err
	}
	return FromNodes(docs, file)
}

// Decode reads a file's content into its documents' node trees (YAML or
// JSON by the file name), so that a caller can look at them
// (LooksLikePolicy) and read the cases of them (FromNodes) with one parse.
func Decode(src []byte, file string) ([]*node.Node, error) {
	docs, err := documents(src, file)
	if err != nil {
		return nil, fileErr(err, file)
	}
	return docs, nil
}

// FromNodes reads the cases of a decoded file.
func FromNodes(docs []*node.Node, file string) ([]*Case, error) {
	return parseDocs(docs, &reader{file: file, dir: filepath.Dir(file)})
}

// ParseInline reads cases that must be self-contained: every policy is
// written inline and no case names a model, so that reading them opens no
// file. Servers use it for case files sent by their clients. name is used
// in messages and decides between YAML and JSON as in Parse.
func ParseInline(src []byte, name string) ([]*Case, error) {
	docs, err := documents(src, name)
	if err != nil {
		return nil, fileErr(err, name)
	}
	return parseDocs(docs, &reader{file: name, inline: true})
}

func parseDocs(docs []*node.Node, r *reader) ([]*Case, error) {
	file := r.file
	var out []*Case
	names := map[string]bool{}
	for _, n := range docs {
		if n.Kind == node.Array && len(out)+len(n.Items) > MaxCases {
			return nil, fileErr(node.Errorf(n, node.Root, "more than %d cases in one file: split the cases into several files", MaxCases), file)
		}
		cases, err := r.cases(n)
		if err != nil {
			return nil, fileErr(err, file)
		}
		for _, c := range cases {
			if names[c.Name] {
				return nil, fileErr(&node.Error{Pos: c.Pos, Msg: fmt.Sprintf("duplicate case name %q in this file", c.Name)}, file)
			}
			names[c.Name] = true
		}
		out = append(out, cases...)
	}
	return out, nil
}

func documents(src []byte, file string) ([]*node.Node, error) {
	if isYAML(file) {
		return node.ParseYAMLDocumentsAs(src, readfile.Cases)
	}
	n, err := node.ParseJSONAs(src, readfile.Cases)
	if err != nil {
		return nil, err
	}
	return []*node.Node{n}, nil
}

func isYAML(file string) bool {
	ext := strings.ToLower(filepath.Ext(file))
	return ext == ".yaml" || ext == ".yml"
}

// IsCaseFile reports whether a file name has a case file extension.
func IsCaseFile(file string) bool {
	ext := strings.ToLower(filepath.Ext(file))
	return ext == ".json" || isYAML(file)
}

func fileErr(err error, file string) error {
	if e, ok := err.(*node.Error); ok && e.File == "" {
		e.File = file
	}
	return err
}

type reader struct {
	file   string
	dir    string
	inline bool // ParseInline: no policy files, no models

	mu    sync.Mutex                 // guards files
	files map[fileKey]*policy.Policy // the policy files read so far

	scan scanMemory // the fast reader's (eachItem's goroutine only)
}

func (r *reader) cases(n *node.Node) ([]*Case, error) {
	switch n.Kind {
	case node.Object:
		c, err := r.oneCase(n, node.Root)
		if err != nil {
			return nil, err
		}
		return []*Case{c}, nil
	case node.Array:
		var out []*Case
		names := map[string]bool{}
		for i, item := range n.Items {
			p := node.Root.Index(i)
			c, err := r.oneCase(item, p)
			if err != nil {
				return nil, err
			}
			if names[c.Name] {
				return nil, node.Errorf(item, p.Key("name"), "duplicate case name %q in this file", c.Name)
			}
			names[c.Name] = true
			out = append(out, c)
		}
		return out, nil
	}
	return nil, node.Errorf(n, node.Root, "expected a case (an object with name, request, policies) or a list of cases, got %s", node.Describe(n))
}

func (r *reader) oneCase(n *node.Node, path node.Path) (*Case, error) {
	if n.Kind != node.Object {
		return nil, node.Errorf(n, path, "expected a case object, got %s", node.Describe(n))
	}
	c := &Case{File: r.file, Pos: n.Pos}
	if m := n.Get("model"); m != nil {
		if r.inline {
			return nil, node.Errorf(m, path.Key("model"), "this case must be self-contained: cases naming a model are not accepted here")
		}
		return c, r.modelCase(c, n, path)
	}
	// The places below are written out only for an error, or for a
	// policy, which keeps its own: building each member's path was a
	// tenth of reading a case.
	at := node.AtPath(path)
	for _, f := range n.Fields {
		fa := at.Key(f.Key)
		if err := r.caseField(c, f, &fa); err != nil {
			return nil, err
		}
	}
	if c.Name == "" {
		return nil, node.Errorf(n, path, "case has no name: expected \"name\": \"topic/what-it-shows\"")
	}
	if n.Get("request") == nil {
		return nil, node.Errorf(n, path, "case %q has no request", c.Name)
	}
	return c, nil
}

func (r *reader) caseField(c *Case, f node.Field, at *node.At) error {
	var err error
	switch f.Key {
	case "name":
		c.Name, err = str(f.Value, at)
	case "doc":
		c.Doc, err = str(f.Value, at)
	case "description":
		c.Description, err = str(f.Value, at)
	case "request":
		c.Request, err = request(f.Value, at)
	case "policies":
		c.Policies, err = r.policies(f.Value, at)
	case "expect":
		c.Expect, err = expect(f.Value, at)
	default:
		return &node.Error{Path: at.Path(), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown case field %q: expected name, doc, description, request, policies, model or expect", f.Key)}
	}
	return err
}

func str(n *node.Node, at *node.At) (string, error) {
	if n.Kind != node.String {
		return "", node.Errorf(n, at.Path(), "expected a string, got %s", node.Describe(n))
	}
	return n.Text, nil
}

func expect(n *node.Node, at *node.At) (*eval.Decision, error) {
	if n.Kind == node.String {
		if d, ok := eval.ParseDecision(n.Text); ok {
			return &d, nil
		}
	}
	return nil, node.Errorf(n, at.Path(), "expected \"Allow\", \"ImplicitDeny\" or \"ExplicitDeny\", got %s", node.Describe(n))
}

func request(n *node.Node, at *node.At) (eval.RequestInput, error) {
	var in eval.RequestInput
	if n.Kind != node.Object {
		return in, node.Errorf(n, at.Path(), "expected a request object with principal, action, resource, context, got %s", node.Describe(n))
	}
	for _, f := range n.Fields {
		fp := at.Key(f.Key)
		var err error
		switch f.Key {
		case "principal":
			in.Principal, err = principal(f.Value, &fp)
		case "action":
			in.Action, err = str(f.Value, &fp)
		case "resource":
			in.Resource, err = str(f.Value, &fp)
		case "resourceAccount":
			in.ResourceAccount, err = scalarText(f.Value, &fp)
		case "context":
			in.Context, in.Lists, err = context(f.Value, &fp)
		default:
			err = &node.Error{Path: fp.Path(), Pos: f.KeyPos, Msg: fmt.Sprintf("unknown request field %q: expected principal, action, resource, resourceAccount or context", f.Key)}
		}
		if err != nil {
			return in, err
		}
	}
	if in.Action == "" {
		return in, node.Errorf(n, at.Path(), "request has no action: expected \"action\": \"service:Action\"")
	}
	if n.Get("principal") == nil {
		in.Principal, _ = arn.ParsePrincipal("") // no principal: an anonymous caller
	}
	// Check what the engine would reject now, so the error has a position.
	if err := eval.CheckInput(in); err != nil {
		e := node.Errorf(n, at.Path(), "%v", err)
		e.Code = errcode.Request
		return in, e
	}
	return in, nil
}

// principal reads a principal once, into its typed form.
func principal(n *node.Node, at *node.At) (arn.Principal, error) {
	s, err := str(n, at)
	if err != nil {
		return arn.Principal{}, err
	}
	pr, err := arn.ParsePrincipal(s)
	if err != nil {
		return arn.Principal{}, node.Errorf(n, at.Path(), "principal: %v", err)
	}
	return pr, nil
}

// scalarText reads a string, or a number or boolean as its text (YAML
// reads an unquoted account id as a number).
func scalarText(n *node.Node, at *node.At) (string, error) {
	switch n.Kind {
	case node.String, node.Number, node.Bool:
		return n.Text, nil
	}
	return "", node.Errorf(n, at.Path(), "expected a string, got %s", node.Describe(n))
}

// context reads the request's condition keys. A value given as a list (a
// JSON or YAML list, even of one element) is a list: the key is
// multivalued, as a context entry of a list type is for AWS's simulator;
// lists names those keys. A scalar is a single value.
func context(n *node.Node, at *node.At) (out map[string][]string, lists map[string]bool, err error) {
	if n.Kind == node.Null {
		return nil, nil, nil
	}
	if n.Kind != node.Object {
		return nil, nil, node.Errorf(n, at.Path(), "expected an object of condition keys, got %s", node.Describe(n))
	}
	out = map[string][]string{}
	for _, f := range n.Fields {
		fp := at.Key(f.Key)
		if f.Value.Kind == node.Array {
			vals := make([]string, 0, len(f.Value.Items))
			for i, item := range f.Value.Items {
				ip := fp.Index(i)
				s, err := contextValue(f.Key, item, &ip)
				if err != nil {
					return nil, nil, err
				}
				vals = append(vals, s)
			}
			out[f.Key] = vals
			if lists == nil {
				lists = map[string]bool{}
			}
			lists[f.Key] = true
			continue
		}
		if _, err := scalarText(f.Value, &fp); err != nil {
			return nil, nil, node.Errorf(f.Value, fp.Path(), "expected a string or a list of strings, got %s", node.Describe(f.Value))
		}
		s, err := contextValue(f.Key, f.Value, &fp)
		if err != nil {
			return nil, nil, err
		}
		out[f.Key] = []string{s}
	}
	return out, lists, nil
}

// contextValue reads one value of a context key and checks it against the
// key's type (eval.CheckContextValue), so a malformed value is an error at
// its own place rather than a value that matches nothing.
func contextValue(key string, n *node.Node, at *node.At) (string, error) {
	s, err := scalarText(n, at)
	if err != nil {
		return "", err
	}
	if err := eval.CheckContextValue(key, s); err != nil {
		return "", node.Errorf(n, at.Path(), "%v", err)
	}
	return s, nil
}

// LooksLikePolicy reports whether a decoded file is a policy document
// (bare, or as the AWS CLI prints one) rather than cases: an object with
// Statement, PolicyVersion, PolicyDocument or Policy and no request. (A
// model's files are not cases either; the model package tells them.)
func LooksLikePolicy(n *node.Node) bool {
	if n.Kind != node.Object || n.Get("request") != nil {
		return false
	}
	for _, k := range []string{"Statement", "PolicyVersion", "PolicyDocument", "Policy"} {
		if n.Get(k) != nil {
			return true
		}
	}
	return false
}
