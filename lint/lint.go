package lint

import (
	"fmt"
	"sort"

	"github.com/sekisho/sekisho/policy"
)

// Severity is how much a finding matters. The order is from least to most.
type Severity uint8

// The severities, as IAM Access Analyzer's policy validation names its
// finding types.
const (
	Suggestion      Severity = iota // the policy works; it could be simpler
	Warning                         // probably not what the author meant
	SecurityWarning                 // grants or leaves open more than it seems to
	Error                           // wrong: the policy does not do what it says
)

var severityNames = [...]string{"suggestion", "warning", "security-warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "unknown"
}

// MarshalText writes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	for i, n := range severityNames {
		if n == string(b) {
			*s = Severity(i)
			return nil
		}
	}
	return fmt.Errorf("unknown severity %q: expected one of %v", b, severityNames)
}

// Finding is one problem found in a policy.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Path     string   `json:"path,omitempty"` // JSON path of the value, "$.Statement[0].Action[1]"
	Message  string   `json:"message"`
	Doc      string   `json:"doc"` // the AWS documentation page the check rests on
}

// String is the finding as one line: file:line:col, the JSON path of the
// value inside the file (as bad input is reported), then severity, code,
// message and documentation page. The path tells apart the policies of a
// file that holds many (authorization details, a model file) and the
// values of a document stored as one JSON string, which share a position.
func (f Finding) String() string {
	path := ""
	if f.Path != "" {
		path = " " + f.Path + ":"
	}
	return fmt.Sprintf("%s:%d:%d:%s %s %s: %s (%s)", f.File, f.Line, f.Column, path, f.Severity, f.Code, f.Message, f.Doc)
}

// Attachment says how an identity policy is stored, which decides its size
// quota (IAM User Guide, "IAM and AWS STS quotas").
type Attachment uint8

// The attachments. With AttachUnknown, a policy over the managed quota is
// only a warning: a role's inline policies and AWS managed policies may be
// larger.
const (
	AttachUnknown Attachment = iota
	AttachManaged            // customer managed policy: 6,144 characters
	AttachUser               // inline policies of a user, together: 2,048
	AttachGroup              // inline policies of a group, together: 5,120
	AttachRole               // inline policies of a role, together: 10,240
)

var attachmentNames = [...]string{"", "managed", "user", "group", "role"}

// ParseAttachment reads "managed", "user", "group" or "role".
func ParseAttachment(s string) (Attachment, error) {
	for i, n := range attachmentNames {
		if n == s && s != "" {
			return Attachment(i), nil
		}
	}
	return AttachUnknown, fmt.Errorf("unknown attachment %q: expected managed, user, group or role", s)
}

// Options tune a lint run.
type Options struct {
	// Kind is the policy kind; AnyKind means the policy's own Kind, or one
	// inferred from its content (see InferKind).
	Kind policy.Kind
	// Attachment is how an identity policy or boundary is stored.
	Attachment Attachment
}

// Check lints a parsed policy. Positions come from the policy's statements
// and conditions; File gives finer ones (each action, resource and value),
// because it still has the document's syntax tree.
func Check(p *policy.Policy, opts Options) []Finding {
	return run(p, opts, structuralLocator(p), nil)
}

// run lints p with every registered check and sorts the findings.
func run(p *policy.Policy, opts Options, loc *locator, size *sizeInfo) []Finding {
	if opts.Kind == policy.AnyKind {
		opts.Kind = p.Kind
	}
	if opts.Kind == policy.AnyKind {
		opts.Kind = InferKind(p, p.File)
	}
	ps := newPass(p, opts, loc, size)
	for i := range registry {
		ps.check = &registry[i]
		registry[i].run(ps)
	}
	Sort(ps.out)
	return ps.out
}

// Sort orders findings by file, line, column, then code.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}

// Worst returns the highest severity among the findings, and false when
// there are none.
func Worst(fs []Finding) (Severity, bool) {
	if len(fs) == 0 {
		return Suggestion, false
	}
	w := Suggestion
	for _, f := range fs {
		w = max(w, f.Severity)
	}
	return w, true
}
