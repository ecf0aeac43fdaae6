package cli

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/modeldiff"
	"github.com/sekisho/sekisho/tfplan"
)

// modelReview is plan --model: the plan applied to the model, the access
// the planned model adds over the current one, and the audit findings it
// adds.
type modelReview struct {
	dir         string
	diff        *diff.Report
	newFindings []analysis.AuditFinding
	notApplied  []tfplan.Gap
	credentials []instanceCredentials
}

// instanceCredentials is an instance of the model whose credentials the
// plan changes: its instance profile (changed, created or emptied) now
// delivers another role's credentials, or none. Every request the new
// role may make is then possible from the instance; the model diff does
// not show it, since neither role's own access changed.
type instanceCredentials struct {
	Instance string `json:"instance"`
	Profile  string `json:"profile"`
	Before   string `json:"before"` // role ARN; "" for no credentials
	After    string `json:"after"`
}

// planModelOutput is the JSON of the model review.
type planModelOutput struct {
	Model       string                  `json:"model"`
	Account     string                  `json:"account,omitempty"`
	Comparison  *planComparison         `json:"comparison"`
	Counts      *diff.ModelStats        `json:"counts"`
	NewFindings []analysis.AuditFinding `json:"newAuditFindings"`
	NotApplied  []tfplan.Gap            `json:"notApplied"`
	Credentials []instanceCredentials   `json:"instanceCredentials"`
}

// reviewModel loads the model twice (current, and planned with the plan
// applied), compares them and audits both.
func reviewModel(plan *tfplan.Plan, p planParams) (*modelReview, error) {
	opts := load.Options{AWSManagedDir: p.awsManaged}
	current, err := load.Load(p.model, opts)
	if err != nil {
		return nil, badInput(err)
	}
	planned, err := load.Load(p.model, opts)
	if err != nil {
		return nil, badInput(err)
	}
	account, err := planAccount(current, p.account)
	if err != nil {
		return nil, err
	}
	r := &modelReview{dir: p.model, notApplied: applyPlan(planned, plan, account)}
	if r.notApplied == nil {
		r.notApplied = []tfplan.Gap{}
	}
	if r.diff, err = modeldiff.Compare(modeldiff.Input{Before: current, After: planned, Both: true, Now: p.now.t}); err != nil {
		return nil, badInput(err)
	}
	if r.newFindings, err = newAuditFindings(current, planned); err != nil {
		return nil, badInput(err)
	}
	r.credentials = credentialChanges(current, planned)
	return r, nil
}

// credentialChanges lists the instances whose instance profile delivers
// another role in the planned model than in the current one.
func credentialChanges(current, planned *model.Model) []instanceCredentials {
	out := []instanceCredentials{}
	roleARN := func(m *model.Model, id string) string {
		if r := m.InstanceRole(id); r != nil {
			return r.ARN
		}
		return ""
	}
	for _, id := range slices.Sorted(maps.Keys(planned.Instances)) {
		before, after := roleARN(current, id), roleARN(planned, id)
		if before != after {
			out = append(out, instanceCredentials{Instance: id, Profile: planned.Instances[id].InstanceProfile, Before: before, After: after})
		}
	}
	return out
}

// planAccount is the account the plan's IAM changes are in: --account, or
// the model's only account.
func planAccount(m *model.Model, flag string) (string, error) {
	if flag != "" {
		if m.Accounts[flag] == nil {
			return "", badInput(model.NotInModel("--account %s is not in the model", flag))
		}
		return flag, nil
	}
	if ids := m.AccountIDs(); len(ids) == 1 {
		return ids[0], nil
	}
	return "", nil // changes that need it are listed as not applied
}

// newAuditFindings are the audit findings of the planned model that the
// current model does not have (by check, account, subject and severity).
func newAuditFindings(current, planned *model.Model) ([]analysis.AuditFinding, error) {
	before, err := analysis.New(current).Audit(analysis.AuditOptions{})
	if err != nil {
		return nil, fmt.Errorf("audit of the current model: %w", err)
	}
	after, err := analysis.New(planned).Audit(analysis.AuditOptions{})
	if err != nil {
		return nil, fmt.Errorf("audit of the planned model: %w", err)
	}
	key := func(f analysis.AuditFinding) string {
		return f.Check + "\x00" + f.Account + "\x00" + f.Subject + "\x00" + f.Severity
	}
	had := map[string]bool{}
	for _, f := range before.Findings {
		had[key(f)] = true
	}
	out := []analysis.AuditFinding{}
	for _, f := range after.Findings {
		if !had[key(f)] {
			out = append(out, f)
		}
	}
	return out, nil
}

func (r *modelReview) output(account string) *planModelOutput {
	return &planModelOutput{Model: r.dir, Account: account, Comparison: comparisonOf(r.diff), Counts: r.diff.Models,
		NewFindings: r.newFindings, NotApplied: r.notApplied, Credentials: r.credentials}
}

func (r *modelReview) writeText(w io.Writer) {
	fmt.Fprintf(w, "\nmodel %s with the plan applied, compared with it as it is:\n", r.dir)
	m := r.diff.Models
	fmt.Fprintf(w, "  %d principals, %d resources: %d pairs compared, %d unchanged\n", m.Principals, m.Resources, m.Compared, m.Same)
	writeComparison(w, r.diff, "")
	if len(r.newFindings) == 0 {
		fmt.Fprintln(w, "  new audit findings: none")
	} else {
		fmt.Fprintf(w, "  new audit findings: %d\n", len(r.newFindings))
		for _, f := range r.newFindings {
			fmt.Fprintf(w, "    %s %s %s: %s\n", f.Severity, f.Check, f.Subject, f.Message)
		}
	}
	for _, c := range r.credentials {
		fmt.Fprintf(w, "  instance %s (profile %s): its credentials are now %s, before %s\n", c.Instance, c.Profile, orNone(c.After), orNone(c.Before))
	}
	if len(r.notApplied) > 0 {
		fmt.Fprintf(w, "  not applied to the model: %d\n", len(r.notApplied))
		for _, g := range r.notApplied {
			fmt.Fprintf(w, "    %s: %s\n", g.Address, g.Why)
		}
	}
}

func orNone(roleARN string) string {
	if roleARN == "" {
		return "none"
	}
	return "those of role " + roleARN
}
