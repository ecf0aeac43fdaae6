package node

import (
	"fmt"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/readfile"
)

// A file's tree costs memory per value, not per byte: about 100 bytes a
// node once read, 145 allocated while reading JSON and about 390 while
// yaml.v3 reads YAML (measured on 8 MiB of [1,1,...] and of [a,a,...]).
// Within a kind's byte limit a file of one-character values holds about
// one value per 2 bytes (a 128 MiB model file of them: about 9 GB of
// JSON tree, 20 GB of YAML), so each kind of file also bounds its values
// (readfile.Limit.Values, from the densest real files: docs/model.md,
// "Limits of a model file"), and the reading stops at the first value past
// the bound.

// defaultLimit bounds the values of what is parsed without a kind: a
// document inside a file (at most MaxString bytes), a request's body.
var defaultLimit = readfile.Limit{What: "document", Values: readfile.Model.Values,
	Why: "no input Sekisho reads holds that many"}

// MaxYAMLBytes bounds a YAML file, which yaml.v3 reads whole into its own
// tree before a value can be counted (about 390 bytes allocated a value):
// as a model file, 8 MiB of one-letter values took 20-26 s of CPU and
// 1.2 GB, 4 MiB 11 s and 620 MiB, less than a JSON model file at its bound
// of values (840 MiB). The largest YAML files of this repository's cases
// and examples are 23 KB; 4 MiB holds 20,000 small cases (casefile.MaxCases).
const MaxYAMLBytes = 4 << 20

// maxYAMLBytes is MaxYAMLBytes, smaller in tests.
var maxYAMLBytes = MaxYAMLBytes

// valueLimit returns l, or the default when l bounds no values.
func valueLimit(l readfile.Limit) readfile.Limit {
	if l.Values <= 0 {
		return defaultLimit
	}
	return l
}

// tooManyValues is the error of a file with more values than l allows, at
// the first value past the bound.
func tooManyValues(pos Pos, l readfile.Limit) *Error {
	return &Error{Pos: pos, Code: errcode.Refused,
		Msg: fmt.Sprintf("more than %d values, over the %s limit of %d values: %s", l.Values, l.What, l.Values, l.Why)}
}

// yamlTooLarge refuses a YAML source larger than maxYAMLBytes.
func yamlTooLarge(src []byte) error {
	if len(src) <= maxYAMLBytes {
		return nil
	}
	return &Error{Code: errcode.Refused,
		Msg: fmt.Sprintf("%d bytes of YAML, over the YAML limit of %s: split it into several files, or write it as JSON", len(src), readfile.Size(int64(maxYAMLBytes)))}
}

// ParseJSONAs is ParseJSON for a file of the kind l, whose values it bounds.
// A file of a kind (l.Values set) also counts the values of the
// documents its strings hold (checkStringDocuments); a parse without a
// kind (a request body, a document inside a string) does not.
func ParseJSONAs(src []byte, l readfile.Limit) (*Node, error) { return parseJSONAs(src, l, nil) }

func parseJSONAs(src []byte, l readfile.Limit, a *Arena) (*Node, error) {
	n, docStrings, err := parseJSON(src, l, a)
	// A tree none of whose strings may hold a document has no values
	// but its own, which the parser bounded.
	if err == nil && l.Values > 0 && docStrings {
		if err = checkStringDocuments([]*Node{n}, l); err != nil {
			n = nil
		}
	}
	return n, syntaxError(err)
}

// ParseYAMLAs is ParseYAML for a file of the kind l, whose values it bounds.
func ParseYAMLAs(src []byte, l readfile.Limit) (*Node, error) {
	docs, err := ParseYAMLDocumentsAs(src, l)
	if err != nil {
		return nil, err
	}
	return oneDocument(docs)
}

// ParseYAMLDocumentsAs is ParseYAMLDocuments for a file of the kind l,
// whose values (of all documents together, and of the documents their
// strings hold) it bounds.
func ParseYAMLDocumentsAs(src []byte, l readfile.Limit) ([]*Node, error) {
	if err := yamlTooLarge(src); err != nil {
		return nil, err
	}
	if err := yamlTooManyTokens(src); err != nil {
		return nil, err
	}
	docs, err := (&yamlBuilder{limit: valueLimit(l)}).documents(src)
	if err == nil && l.Values > 0 {
		if err = checkStringDocuments(docs, l); err != nil {
			docs = nil
		}
	}
	return docs, syntaxError(err)
}

// EachJSONItemAs is EachJSONItem for a file of the kind l, whose values
// (of all items together) it bounds.
func EachJSONItemAs(src []byte, l readfile.Limit, fn func(i int, item *Node) error) (isArray bool, err error) {
	return eachJSONItem(src, l, fn)
}
