package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
	"github.com/sekisho/sekisho/tfplan"
)

func init() { register(newPlanCommand) }

type planParams struct {
	format    string
	tests     []string
	policyDir string
	principal string
	sarifOut  string
	now       nowFlag
	// --model: the organization model the plan changes
	model, awsManaged, account string
}

func newPlanCommand(env *environment) *cobra.Command {
	var p planParams
	cmd := &cobra.Command{
		Use:   "plan [flags] PLAN.json",
		Short: "Review a Terraform plan: lint every planned policy, the access each change adds, and the case suites",
		Long: `Review the policy changes of a Terraform plan in JSON (terraform show -json
tfplan > plan.json) before it is applied:

  - lint: every planned policy document, each finding located by resource
    address and attribute (aws_iam_policy.admin.policy);
  - diff: for each document created, changed or deleted, and each policy
    attached or detached (IAM policy attachments, SCP and RCP attachments),
    the requests the planned state allows that the prior state denies (and
    those it no longer allows), each with a witness request evaluated on
    both sides;
  - tests: with --tests, the case suites, run as "sekisho test" runs them;
    with --policy-dir, the planned documents are written there first, one
    file per document named by its address, for cases to refer to;
  - not reviewable: what the plan knows only after apply (a document that
    depends on a computed value), what it attaches without holding it.

Exit code: 0 nothing to report; 1 a failing case or an error-level lint
finding; 3 new access, lesser lint findings, or something not reviewable;
2 a plan that cannot be read (file, JSON path, line:column).`,
		Example: `  terraform show -json tfplan > plan.json
  sekisho plan plan.json
  sekisho plan --policy-dir guardrails/planned --tests guardrails/ --format sarif plan.json > plan.sarif`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(p.format, "text", "json", "sarif", "junit"); err != nil {
				return err
			}
			return runPlan(env, p, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.format, "format", "text", "output format: text, json, sarif or junit")
	f.StringSliceVar(&p.tests, "tests", nil, "case files or directories to run against the planned policies (as sekisho test runs them)")
	f.StringVar(&p.policyDir, "policy-dir", "", "write each planned policy document to this directory as ADDRESS.ATTRIBUTE.json, before the cases run")
	f.StringVar(&p.sarifOut, "sarif", "", "also write the review as SARIF to this file (for code scanning, beside a text or JSON report)")
	f.StringVar(&p.principal, "principal", "", "the principal asking through identity-side policies in the diff (default: diff's)")
	f.Var(&p.now, "now", "the request time for aws:CurrentTime in cases and diffs (RFC 3339; default: the clock)")
	f.StringVar(&p.model, "model", "", "organization model the plan changes (docs/model.md): the plan is applied to it, the planned model compared with it (as diff --model) and audited for new findings")
	f.StringVar(&p.awsManaged, "aws-managed-policies", "", "with --model: directory of AWS managed policy documents that override the built-in ones")
	f.StringVar(&p.account, "account", "", "with --model: the account the plan's IAM changes are in (default: the model's only account)")
	return cmd
}

func runPlan(env *environment, p planParams, path string) error {
	src, err := readfile.Read(path, readfile.Plan)
	if err != nil {
		return badInput(err)
	}
	plan, err := tfplan.Read(path, src)
	if err != nil {
		return badInput(err)
	}
	rev := review(plan, p)
	if p.model != "" {
		if rev.model, err = reviewModel(plan, p); err != nil {
			return err
		}
		rev.account = p.account
	} else if p.awsManaged != "" || p.account != "" {
		return badInput(fmt.Errorf("--aws-managed-policies and --account apply only with --model"))
	}
	if p.policyDir != "" {
		if err := writePlanned(plan, p.policyDir); err != nil {
			return badInput(err)
		}
	}
	if len(p.tests) > 0 {
		if err := rev.runTests(p); err != nil {
			return err
		}
	}
	if err := writePlanReport(env.stdout, p.format, rev); err != nil {
		return err
	}
	if p.sarifOut != "" {
		if err := writeSARIFFile(p.sarifOut, rev); err != nil {
			return err
		}
	}
	return withCodeOrNil(rev.exitCode())
}

func writeSARIFFile(path string, rev *planReview) error {
	f, err := os.Create(path)
	if err != nil {
		return badInput(fmt.Errorf("--sarif: %w", err))
	}
	if err := writePlanReport(f, "sarif", rev); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func withCodeOrNil(code int) error {
	if code == ExitOK {
		return nil
	}
	return withCode(code)
}

// planReview is the review of one plan.
type planReview struct {
	plan    *tfplan.Plan
	docs    []docReview
	attach  []attachReview
	results []result.Outcome
	passed  int
	failed  int
	model   *modelReview // with --model
	account string
}

// docReview is one planned document: its lint findings and its diff.
type docReview struct {
	doc      *tfplan.Document
	findings []lint.Finding
	diff     *diff.Report
	why      string // why there is no diff
}

// attachReview is one attachment and the access it adds or removes.
type attachReview struct {
	att  *tfplan.Attachment
	diff *diff.Report
	why  string
}

func review(plan *tfplan.Plan, p planParams) *planReview {
	r := &planReview{plan: plan}
	for _, d := range plan.Documents {
		dr := docReview{doc: d}
		if d.After != nil {
			dr.findings = lintDocument(d)
		}
		dp := p
		if dp.principal == "" && d.Kind == policy.Identity {
			dp.principal = holderPrincipal(d.Holder, d.Target, p.account)
		}
		dr.diff, dr.why = diffDocument(d.Kind, d.Before, d.After, d.Unknown, d.Name(), dp)
		r.docs = append(r.docs, dr)
	}
	for _, a := range plan.Attachments {
		ar := attachReview{att: a}
		if a.From == "" {
			ar.why = "the attached policy is not in this plan"
		} else {
			ap := p
			if ap.principal == "" && a.Kind == policy.Identity && len(a.Targets) == 1 {
				ap.principal = holderPrincipal(attachHolder[a.Type], a.Targets[0], p.account)
			}
			ar.diff, ar.why = diffDocument(a.Kind, a.Old, a.New, hasUnknownDoc(a), a.FromName, ap)
		}
		r.attach = append(r.attach, ar)
	}
	return r
}

// planAccountDefault is the account an identity document's holder is taken to
// be in when the plan does not say: diff's default principal's.
const planAccountDefault = "111111111111"

// attachHolder is the kind of holder an attachment resource attaches to,
// for the types whose target is one user or role.
var attachHolder = map[string]string{
	"aws_iam_role_policy_attachment": "role",
	"aws_iam_user_policy_attachment": "user",
}

// holderPrincipal is the principal whose access an identity document
// changes: the role or user that holds it (the name the plan gives, in
// --account or diff's default account), or "" (diff's default principal)
// when the holder is a group, a managed policy's unknown holders, or a
// name known only after apply. A holder given as an ARN is taken as is.
func holderPrincipal(holder, target, account string) string {
	if holder != "role" && holder != "user" || target == "" || strings.ContainsAny(target, " */?") && !strings.HasPrefix(target, "arn:") {
		return ""
	}
	if strings.HasPrefix(target, "arn:") {
		if pr, err := arn.ParsePrincipal(target); err == nil && (pr.Kind == arn.Role || pr.Kind == arn.User) {
			return target
		}
		return ""
	}
	if account == "" {
		account = planAccountDefault
	}
	return "arn:aws:iam::" + account + ":" + holder + "/" + target
}

func hasUnknownDoc(a *tfplan.Attachment) bool {
	for _, u := range a.Unknown {
		if u == "the attached policy's document" {
			return true
		}
	}
	return false
}

// lintDocument lints a planned document; a text that is not a policy at
// all is an SK1000 finding, as lint reports a grammar error.
func lintDocument(d *tfplan.Document) []lint.Finding {
	opts := lint.Options{Kind: d.Kind}
	if d.Holder != "" {
		opts.Attachment, _ = lint.ParseAttachment(d.Holder)
	}
	fs, err := lint.FileWith(d.Name(), []byte(*d.After), opts)
	if err != nil {
		r, _ := lint.LookupRule("SK1000")
		return []lint.Finding{{Code: r.Code, Severity: r.Severity, File: d.Name(), Message: err.Error(), Doc: r.Doc}}
	}
	return fs
}

// diffDocument compares the prior and the planned document.
func diffDocument(kind policy.Kind, before, after *string, unknown bool, name string, p planParams) (*diff.Report, string) {
	if unknown {
		return nil, "the planned document is known only after apply"
	}
	old, err := parsePlanned(before, kind, name+" (prior)")
	if err != nil {
		return nil, "the prior document cannot be read: " + err.Error()
	}
	new, err := parsePlanned(after, kind, name)
	if err != nil {
		return nil, "the planned document cannot be read: " + err.Error()
	}
	if old == nil && new == nil {
		return nil, "no document on either side"
	}
	in, err := diff.Policies(kind, old, new, p.principal)
	if err != nil {
		return nil, err.Error()
	}
	in.Both = true
	in.Now = p.now.t
	rep, err := diff.Compare(in)
	if err != nil {
		return nil, err.Error()
	}
	return rep, ""
}

func parsePlanned(doc *string, kind policy.Kind, name string) (*policy.Policy, error) {
	if doc == nil {
		return nil, nil
	}
	return policy.ParseFile([]byte(*doc), policy.Source{File: name, Name: name, Kind: kind})
}

// writePlanned writes every planned document (those known before apply)
// into dir, one file per document named by its address and attribute.
func writePlanned(plan *tfplan.Plan, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, d := range plan.Documents {
		if d.After == nil {
			continue
		}
		file := filepath.Join(dir, PlannedFileName(d))
		if err := os.WriteFile(file, []byte(*d.After+"\n"), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// PlannedFileName is the file a planned document is written to: its
// address and attribute, with every character other than letters, digits,
// '.', '_' and '-' replaced by '_' (module.m["a"].aws_iam_policy.p.policy
// → module.m__a__.aws_iam_policy.p.policy.json).
func PlannedFileName(d *tfplan.Document) string {
	var b strings.Builder
	for _, r := range d.Name() {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String() + ".json"
}

// runTests runs the case suites as `sekisho test` does.
func (r *planReview) runTests(p planParams) error {
	cases, files, err := caserun.Load(p.tests)
	if err != nil {
		return badInput(err)
	}
	run := caserun.New(p.now.t)
	for _, c := range cases {
		res, err := result.RunCase(run, c)
		if err != nil {
			return badInput(err)
		}
		r.results = append(r.results, res)
	}
	r.passed, r.failed = result.Count(r.results)
	if r.passed+r.failed == 0 {
		// PRODUCT.md: a run that executed no test case is a failure, not a pass.
		return &exitError{code: ExitFindings, err: fmt.Errorf("--tests: no test case was run: %s", noCaseReason(files, r.results))}
	}
	return nil
}

// newAccess counts the witnesses of new access.
func (r *planReview) newAccess() int {
	n := 0
	for _, d := range r.docs {
		if d.diff != nil {
			n += len(d.diff.Added)
		}
	}
	for _, a := range r.attach {
		if a.diff != nil {
			n += len(a.diff.Added)
		}
	}
	if r.model != nil {
		n += len(r.model.diff.Added)
	}
	return n
}

func (r *planReview) undecided() int {
	n := 0
	for _, d := range r.docs {
		if d.diff != nil {
			n += len(d.diff.Undecided)
		}
	}
	for _, a := range r.attach {
		if a.diff != nil {
			n += len(a.diff.Undecided)
		}
	}
	if r.model != nil {
		n += len(r.model.diff.Undecided)
	}
	return n
}

func (r *planReview) findings() []lint.Finding {
	var all []lint.Finding
	for _, d := range r.docs {
		all = append(all, d.findings...)
	}
	return all
}

// exitCode: 1 for failing cases or lint errors (as sekisho test and lint),
// 3 for new access, undecided comparisons, lesser lint findings and what
// cannot be reviewed: a review that could not look is not a clean one.
func (r *planReview) exitCode() int {
	worst, some := lint.Worst(r.findings())
	switch {
	case r.failed > 0 || (some && worst == lint.Error):
		return ExitFindings
	case some || r.newAccess() > 0 || r.undecided() > 0 || len(r.plan.NotReviewable) > 0 ||
		r.model != nil && (len(r.model.newFindings) > 0 || len(r.model.notApplied) > 0 || len(r.model.credentials) > 0):
		return ExitWarnings
	}
	return ExitOK
}
