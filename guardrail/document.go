package guardrail

import (
	"bytes"
	"encoding/json"
)

// Document is an IAM policy document in the element order AWS's examples
// use. A value that may be one string or a list is a string or []string.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a Document.
type Statement struct {
	Sid       string     `json:"Sid,omitempty"`
	Effect    string     `json:"Effect"`
	Principal any        `json:"Principal,omitempty"`
	Action    any        `json:"Action,omitempty"`
	NotAction any        `json:"NotAction,omitempty"`
	Resource  any        `json:"Resource,omitempty"`
	Condition Conditions `json:"Condition,omitempty"`
}

// Conditions is a Condition block: operator → key → value(s). JSON writes
// map keys sorted, so the output is deterministic.
type Conditions map[string]map[string]any

// policyVersion is the only version in which ${...} are policy variables.
const policyVersion = "2012-10-17"

func newDocument(st ...Statement) Document {
	return Document{Version: policyVersion, Statement: st}
}

// JSON returns the document as indented JSON with a final newline, without
// escaping <, > and & (IAM reads them as they are).
func (d Document) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		panic(err) // only strings, lists and maps of them: cannot fail
	}
	return buf.Bytes()
}

// Compact returns the document as JSON without white space, as an API call
// such as iam:PutUserPolicy sends it.
func (d Document) Compact() string {
	var buf bytes.Buffer
	if err := json.Compact(&buf, d.JSON()); err != nil {
		panic(err)
	}
	return buf.String()
}

// Documents that the generated cases use next to the guardrail.
var (
	// fullAWSAccess is the FullAWSAccess SCP that AWS attaches to every
	// root, OU and account by default.
	fullAWSAccess = newDocument(Statement{Effect: "Allow", Action: "*", Resource: "*"})
	// administratorAccess is an identity policy allowing everything.
	administratorAccess = newDocument(Statement{Effect: "Allow", Action: "*", Resource: "*"})
)

func publicReadPolicy(bucket string) Document {
	return newDocument(Statement{
		Sid: "PublicRead", Effect: "Allow", Principal: "*",
		Action: "s3:GetObject", Resource: "arn:aws:s3:::" + bucket + "/*",
	})
}
