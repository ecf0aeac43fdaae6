package lint

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/policy"
)

// File lints the policy in a file's content. The content is a bare policy
// document or what the AWS CLI prints around one (see policy.ParseFile);
// .yaml and .yml files are read as YAML. kind AnyKind infers the kind (see
// InferKind, which also looks at the file name).
//
// The error is for content that cannot be read as a policy at all: not
// JSON, or no Statement. A document that breaks the policy grammar is a
// finding, SK1000.
func File(path string, src []byte, kind policy.Kind) ([]Finding, error) {
	return FileWith(path, src, Options{Kind: kind})
}

// FileWith is File with all options.
func FileWith(path string, src []byte, opts Options) ([]Finding, error) {
	root, err := parseTree(path, src)
	if err != nil {
		return nil, err
	}
	doc, docPath, err := policy.Unwrap(root, node.Root)
	if err != nil {
		return nil, withFile(err, path)
	}
	if doc.Kind != node.Object || doc.Get("Statement") == nil {
		return nil, &node.Error{File: path, Pos: doc.Pos, Path: docPath, Msg: notAPolicy}
	}
	str := embeddedString(root, doc, docPath)
	findings := lintDoc(path, doc, docPath, opts, measure(doc, writtenText(root, doc, str, src)))
	if str != nil {
		atString(findings, str.Pos)
	}
	return findings, nil
}

// lintDoc parses the document with its kind, inferred if need be, and
// runs the checks; a grammar error is the only finding then.
func lintDoc(path string, doc *node.Node, docPath node.Path, opts Options, size *sizeInfo) []Finding {
	source := policy.Source{File: path, Path: docPath, Kind: opts.Kind, KeepRejectedCharacters: true}
	if source.Kind == policy.AnyKind {
		k, err := kindOfNode(doc, source)
		if err != nil {
			return grammarFinding(err, path)
		}
		source.Kind = k
	}
	p, err := policy.FromNode(doc, source)
	if err != nil {
		return grammarFinding(err, path)
	}
	opts.Kind = source.Kind
	return run(p, opts, &locator{root: doc, base: docPath, pol: p}, size)
}

// atString moves findings inside a document given as a JSON string to the
// string's own place in the file: positions inside the string would be
// relative to its decoded text. The JSON path still says where inside.
func atString(findings []Finding, at node.Pos) {
	for i := range findings {
		findings[i].Line, findings[i].Column = at.Line, at.Col
	}
}

const notAPolicy = "not a policy document: expected an object with Version and Statement, " +
	"or the output of aws iam get-policy-version, get-role-policy, get-user-policy, " +
	"aws s3api get-bucket-policy or aws organizations describe-policy"

func parseTree(path string, src []byte) (*node.Node, error) {
	parse := node.ParseJSONAs
	if isYAML(path) {
		parse = node.ParseYAMLAs
	}
	n, err := parse(src, readfile.Policy)
	if err != nil {
		return nil, withFile(err, path)
	}
	return n, nil
}

func isYAML(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

func withFile(err error, path string) error {
	var e *node.Error
	if errors.As(err, &e) && e.File == "" {
		e.File = path
	}
	return err
}

// grammarFinding turns a parser error into an SK1000 finding.
func grammarFinding(err error, path string) []Finding {
	r, _ := LookupRule("SK1000")
	f := Finding{Code: r.Code, Severity: r.Severity, File: path, Message: err.Error(), Doc: r.Doc}
	var e *node.Error
	if errors.As(err, &e) {
		f.Line, f.Column, f.Path, f.Message = e.Pos.Line, e.Pos.Col, string(e.Path), e.Msg
	}
	return []Finding{f}
}

// embeddedString returns the string node an AWS CLI envelope holds the
// document in (get-bucket-policy, describe-policy), or nil.
func embeddedString(root, doc *node.Node, docPath node.Path) *node.Node {
	if doc == root {
		return nil
	}
	n := root
	for _, key := range strings.Split(strings.TrimPrefix(string(docPath), "$."), ".") {
		if n = n.Get(key); n == nil {
			return nil
		}
	}
	if n.Kind != node.String {
		return nil
	}
	return n
}

// writtenText is the document's own text, white space included, when it
// is known: the whole file for a bare JSON document, or the string an AWS
// CLI envelope holds it in.
func writtenText(root, doc, str *node.Node, src []byte) string {
	switch {
	case str != nil:
		return str.Text
	case doc == root && strings.HasPrefix(strings.TrimSpace(string(src)), "{"):
		return strings.TrimSpace(string(src))
	}
	return "" // YAML, or a document object inside an envelope
}
