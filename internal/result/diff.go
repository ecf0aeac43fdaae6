package result

import (
	"fmt"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

// Diff is the JSON answer of sekisho diff (docs/schema/diff.json), which
// the server's /api/v1/diff answers too.
type Diff struct {
	SchemaVersion    int           `json:"schemaVersion"`
	Compared         string        `json:"compared"`
	Report           *diff.Report  `json:"report"`
	Added            []DiffChange  `json:"added"`
	Removed          []DiffChange  `json:"removed,omitempty"`
	ForbiddenGranted []diff.Change `json:"forbiddenGranted,omitempty"`
}

// DiffChange is one changed request with each side's decision and what
// decided it.
type DiffChange struct {
	diff.Change
	NewDecision string `json:"newDecision"`
	NewBy       string `json:"newDecidedBy"`
	OldDecision string `json:"oldDecision"`
	OldBy       string `json:"oldDecidedBy"`
}

// PolicyDocument is one side of a diff of two policies: a document and
// the name it is known by (a file name); nil Src is no policy (a policy
// added or deleted).
type PolicyDocument struct {
	Name string
	Src  []byte
}

// DiffPolicies reads two policy documents of one kind (policy.AnyKind:
// inferred from the new one, else the old one) and returns what to
// compare and how the answer names it.
func DiffPolicies(kind policy.Kind, old, new PolicyDocument, principal string) (diff.Input, string, error) {
	if kind == policy.AnyKind {
		o, err := old.parse(policy.AnyKind)
		if err != nil {
			return diff.Input{}, "", err
		}
		n, err := new.parse(policy.AnyKind)
		if err != nil {
			return diff.Input{}, "", err
		}
		kind = inferPair(o, n, old.Name, new.Name)
	}
	o, err := old.parse(kind)
	if err != nil {
		return diff.Input{}, "", err
	}
	n, err := new.parse(kind)
	if err != nil {
		return diff.Input{}, "", err
	}
	in, err := diff.Policies(kind, o, n, principal)
	return in, kind.String() + " policy " + old.label() + " → " + new.label(), err
}

func (d PolicyDocument) parse(kind policy.Kind) (*policy.Policy, error) {
	if d.Src == nil {
		return nil, nil
	}
	return policy.ParseFile(d.Src, policy.Source{File: d.Name, Name: d.Name, Kind: kind})
}

// label is the side's name, "-" for no policy.
func (d PolicyDocument) label() string {
	if d.Src == nil {
		return "-"
	}
	return d.Name
}

func inferPair(old, new *policy.Policy, oldName, newName string) policy.Kind {
	if new != nil {
		return lint.InferKind(new, newName)
	}
	if old != nil {
		return lint.InferKind(old, oldName)
	}
	return policy.Identity
}

// DiffCases compares the policy sets of two cases; the principal is the
// old case's unless one is given.
func DiffCases(old, new *casefile.Case, principal string) (diff.Input, string, error) {
	for _, c := range []*casefile.Case{old, new} {
		if c == nil || c.Model != nil {
			name := "a side"
			if c != nil {
				name = c.File
			}
			return diff.Input{}, "", fmt.Errorf("%s: expected a case with its policies (not a model case)", name)
		}
	}
	if principal == "" {
		principal = old.Request.Principal.Raw
	}
	in := diff.Input{Old: old.Policies, New: new.Policies, Principal: principal}
	return in, "the policies of case " + old.Name + " (" + old.File + ") → case " + new.Name + " (" + new.File + ")", nil
}

// CompareDiff compares the two sides, and the new side alone over the
// actions it must not grant (mustNotGrant: action patterns, like Access
// Analyzer's CheckAccessNotGranted).
func CompareDiff(in diff.Input, compared string, mustNotGrant []string) (Diff, error) {
	rep, err := diff.Compare(in)
	if err != nil {
		return Diff{}, err
	}
	out := Diff{SchemaVersion: 1, Compared: compared, Report: rep, ForbiddenGranted: forbidden(rep, in, mustNotGrant)}
	out.Fill()
	return out, nil
}

// Fill sets Added and Removed from the report, each change with its
// sides' decisions (again, if they were set).
func (d *Diff) Fill() {
	d.Added, d.Removed = nil, nil
	for _, c := range d.Report.Added {
		d.Added = append(d.Added, ChangeOf(c))
	}
	for _, c := range d.Report.Removed {
		d.Removed = append(d.Removed, ChangeOf(c))
	}
	d.Added = NonNilChanges(d.Added)
}

// forbidden lists the access the new side grants to actions it must not:
// the new side compared with nothing, over those actions only.
func forbidden(rep *diff.Report, in diff.Input, patterns []string) []diff.Change {
	if len(patterns) == 0 {
		return nil
	}
	in.Old, in.Both = eval.PolicySet{}, false
	in.Actions = patterns
	r, err := diff.Compare(in)
	if err != nil {
		return nil
	}
	rep.Undecided = append(rep.Undecided, r.Undecided...)
	return r.Added
}

// NonNilChanges is cs, or an empty list for none (JSON [] rather than null).
func NonNilChanges(cs []DiffChange) []DiffChange {
	if cs == nil {
		return []DiffChange{}
	}
	return cs
}

// ChangeOf is a change with each side's decision and what decided it.
func ChangeOf(c diff.Change) DiffChange {
	return DiffChange{Change: c, NewDecision: c.New.Decision.String(), NewBy: DecidedBy(c.New),
		OldDecision: c.Old.Decision.String(), OldBy: DecidedBy(c.Old)}
}

// DecidedBy names the statement or gate that decided r.
func DecidedBy(r eval.Result) string {
	if s := r.Statement; s != nil {
		name := s.Policy.Name
		if name == "" {
			name = s.Policy.File
		}
		return fmt.Sprintf("%s statement %s of %s (line %d)", s.Gate.Title(), s.Statement.Label(), name, s.Statement.Pos.Line)
	}
	return "no statement allows it (" + r.Gate.Title() + ")"
}
