package cli

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/internal/sarif"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/tfplan"
)

func writePlanReport(w io.Writer, format string, r *planReview) error {
	switch format {
	case "json":
		return render.JSON(w, r.output())
	case "sarif":
		return render.JSON(w, r.sarif())
	case "junit":
		return writeJUnitDoc(w, r.junit())
	}
	return r.writeText(w)
}

// planOutput is the JSON answer of sekisho plan.
type planOutput struct {
	SchemaVersion    int             `json:"schemaVersion"`
	File             string          `json:"file"`
	FormatVersion    string          `json:"formatVersion"`
	TerraformVersion string          `json:"terraformVersion"`
	Summary          planSummary     `json:"summary"`
	Documents        []planDocOutput `json:"documents"`
	Attachments      []planAttOutput `json:"attachments"`
	OtherChanges     []planOther     `json:"otherChanges"`
	NotReviewable    []tfplan.Gap    `json:"notReviewable"`
	NotRead          map[string]int  `json:"notRead"` // aws_* resource changes of types not read, by type
	// WhoGains is the new access of documents and attachments by principal.
	WhoGains []principalGain `json:"whoGains"`
	Tests    *result.Test    `json:"tests,omitempty"`
	// Model is the review of the planned model (--model).
	Model *planModelOutput `json:"model,omitempty"`
}

type planSummary struct {
	NewAccess     int `json:"newAccess"`
	Undecided     int `json:"undecided"`
	LintFindings  int `json:"lintFindings"`
	NotReviewable int `json:"notReviewable"`
	FailedCases   int `json:"failedCases"`
	PassedCases   int `json:"passedCases"`
}

type planComparison struct {
	NewAccess     []changeOutput   `json:"newAccess"`
	RemovedAccess []changeOutput   `json:"removedAccess"`
	Undecided     []diff.Undecided `json:"undecided"`
	Assumptions   []string         `json:"assumptions"`
}

type planDocOutput struct {
	Address     string          `json:"address"`
	Attribute   string          `json:"attribute"`
	Type        string          `json:"type"`
	Kind        string          `json:"kind"`
	Action      tfplan.Action   `json:"action"`
	Line        int             `json:"line,omitempty"` // of the document in the plan file
	Unknown     bool            `json:"unknownUntilApply"`
	Note        string          `json:"note,omitempty"`
	Findings    []lint.Finding  `json:"findings"`
	Comparison  *planComparison `json:"comparison,omitempty"`
	NotCompared string          `json:"notCompared,omitempty"`
}

type planAttOutput struct {
	Address     string          `json:"address"`
	Type        string          `json:"type"`
	Action      tfplan.Action   `json:"action"`
	Kind        string          `json:"kind"`
	Policy      string          `json:"policy"`
	From        string          `json:"policyAddress,omitempty"`
	Targets     []string        `json:"targets"`
	Unknown     []string        `json:"unknownUntilApply"`
	Comparison  *planComparison `json:"comparison,omitempty"`
	NotCompared string          `json:"notCompared,omitempty"`
}

type planOther struct {
	Address string            `json:"address"`
	Type    string            `json:"type"`
	Action  tfplan.Action     `json:"action"`
	Values  map[string]string `json:"values"`
	Unknown []string          `json:"unknownUntilApply"`
}

func comparisonOf(rep *diff.Report) *planComparison {
	if rep == nil {
		return nil
	}
	c := &planComparison{Undecided: rep.Undecided, Assumptions: rep.Assumptions}
	for _, ch := range rep.Added {
		c.NewAccess = append(c.NewAccess, changeOf(ch))
	}
	for _, ch := range rep.Removed {
		c.RemovedAccess = append(c.RemovedAccess, changeOf(ch))
	}
	c.NewAccess, c.RemovedAccess = nonNil(c.NewAccess), nonNil(c.RemovedAccess)
	if c.Undecided == nil {
		c.Undecided = []diff.Undecided{}
	}
	return c
}

func (r *planReview) output() planOutput {
	p := r.plan
	o := planOutput{SchemaVersion: 1, File: p.File, FormatVersion: p.FormatVersion, TerraformVersion: p.TerraformVersion,
		Documents: []planDocOutput{}, Attachments: []planAttOutput{}, OtherChanges: []planOther{},
		NotReviewable: p.NotReviewable, NotRead: p.OtherTypes, WhoGains: r.whoGains()}
	if o.NotReviewable == nil {
		o.NotReviewable = []tfplan.Gap{}
	}
	o.Summary = planSummary{NewAccess: r.newAccess(), Undecided: r.undecided(), LintFindings: len(r.findings()),
		NotReviewable: len(p.NotReviewable), FailedCases: r.failed, PassedCases: r.passed}
	for _, d := range r.docs {
		fs := d.findings
		if fs == nil {
			fs = []lint.Finding{}
		}
		o.Documents = append(o.Documents, planDocOutput{Address: d.doc.Address, Attribute: d.doc.Attribute, Type: d.doc.Type,
			Kind: d.doc.Kind.String(), Action: d.doc.Action, Line: d.doc.Pos.Line, Unknown: d.doc.Unknown, Note: d.doc.Note,
			Findings: fs, Comparison: comparisonOf(d.diff), NotCompared: d.why})
	}
	for _, a := range r.attach {
		t, u := a.att.Targets, a.att.Unknown
		if t == nil {
			t = []string{}
		}
		if u == nil {
			u = []string{}
		}
		o.Attachments = append(o.Attachments, planAttOutput{Address: a.att.Address, Type: a.att.Type, Action: a.att.Action,
			Kind: a.att.Kind.String(), Policy: a.att.Policy, From: a.att.From, Targets: t, Unknown: u,
			Comparison: comparisonOf(a.diff), NotCompared: a.why})
	}
	for _, x := range p.Others {
		u := x.Unknown
		if u == nil {
			u = []string{}
		}
		o.OtherChanges = append(o.OtherChanges, planOther{Address: x.Address, Type: x.Type, Action: x.Action, Values: x.Values, Unknown: u})
	}
	if r.results != nil {
		t := result.NewTest(r.results)
		o.Tests = &t
	}
	if r.model != nil {
		o.Model = r.model.output(r.account)
	}
	return o
}

func (r *planReview) writeText(w io.Writer) error {
	p := r.plan
	fmt.Fprintf(w, "plan %s (format %s, Terraform %s)\n", p.File, p.FormatVersion, p.TerraformVersion)
	for _, d := range r.docs {
		fmt.Fprintf(w, "\n%s %s (%s policy%s)\n", d.doc.Action, d.doc.Name(), d.doc.Kind, targetText(d.doc.Target))
		if d.doc.Note != "" {
			fmt.Fprintf(w, "  note: %s\n", d.doc.Note)
		}
		for _, f := range d.findings {
			fmt.Fprintf(w, "  lint %s %s at %s: %s (%s)\n", f.Severity, f.Code, orRoot(f.Path), f.Message, f.Doc)
		}
		writeComparison(w, d.diff, d.why)
	}
	for _, a := range r.attach {
		what := a.att.Policy
		if a.att.From != "" {
			what = a.att.From
		}
		if what == "" {
			what = "a policy known only after apply"
		}
		fmt.Fprintf(w, "\n%s %s: %s %s to %s\n", a.att.Action, a.att.Address, a.att.Kind, what, strings.Join(a.att.Targets, ", "))
		writeComparison(w, a.diff, a.why)
	}
	r.writeWhoGains(w)
	if len(p.Others) > 0 {
		fmt.Fprintln(w, "\nother IAM changes (listed, not compared):")
		for _, x := range p.Others {
			fmt.Fprintf(w, "  %s %s%s\n", x.Action, x.Address, valuesText(x.Values))
		}
	}
	if len(p.NotReviewable) > 0 {
		fmt.Fprintf(w, "\nnot reviewable before apply: %d\n", len(p.NotReviewable))
		for _, g := range p.NotReviewable {
			fmt.Fprintf(w, "  %s: %s\n", g.Address, g.Why)
		}
	}
	if len(p.OtherTypes) > 0 {
		fmt.Fprintf(w, "\nnot read (resource types sekisho plan does not review): %s\n", typesText(p.OtherTypes))
	}
	if r.results != nil {
		fmt.Fprintln(w)
		for _, res := range r.results {
			if !res.Skipped && !res.Passed {
				c := res.Case
				fmt.Fprintf(w, "FAIL %s (%s:%s): expected %s, got %s\n", c.Name, c.File, c.Pos, c.Expect, res.Got)
				render.Explanation(indent(w), "", res.Explanation, "")
			}
		}
		fmt.Fprintf(w, "tests: %d passed, %d failed\n", r.passed, r.failed)
	}
	if r.model != nil {
		r.model.writeText(w)
	}
	fmt.Fprintf(w, "\nsummary: %d new access, %d undecided, %d lint findings, %d not reviewable",
		r.newAccess(), r.undecided(), len(r.findings()), len(p.NotReviewable))
	if r.model != nil {
		fmt.Fprintf(w, ", %d new audit findings, %d changes not applied to the model", len(r.model.newFindings), len(r.model.notApplied))
		if n := len(r.model.credentials); n > 0 {
			fmt.Fprintf(w, ", %d instances with other credentials", n)
		}
	}
	fmt.Fprintln(w)
	return nil
}

func targetText(t string) string {
	if t == "" {
		return ""
	}
	return " on " + t
}

func orRoot(p string) string {
	if p == "" {
		return "$"
	}
	return p
}

func valuesText(v map[string]string) string {
	if len(v) == 0 {
		return ""
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + v[k]
	}
	return ": " + strings.Join(parts, " ")
}

func typesText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s (%d)", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func writeComparison(w io.Writer, rep *diff.Report, why string) {
	if rep == nil {
		fmt.Fprintf(w, "  not compared: %s\n", why)
		return
	}
	c := comparisonOf(rep)
	writeBounded(w, "new access (allowed as planned, denied before)", c.NewAccess)
	if len(c.RemovedAccess) > 0 {
		writeBounded(w, "removed access (denied as planned, allowed before)", c.RemovedAccess)
	}
	for _, u := range rep.Undecided {
		who := ""
		if u.Principal != "" {
			who = u.Principal + " on " + u.Resource + ", "
		}
		fmt.Fprintf(w, "  undecided: %s%s: %s (%s)\n", who, u.Action, u.Why, strings.Join(u.Where, "; "))
	}
}

// textChanges bounds the changes the text report prints per comparison:
// detaching a broad SCP adds access to thousands of actions; the JSON and
// SARIF reports list them all.
const textChanges = 25

func writeBounded(w io.Writer, title string, cs []changeOutput) {
	shown := cs
	if len(cs) > textChanges {
		shown = cs[:textChanges]
	}
	writeChanges(indent2(w), title, shown)
	if len(shown) < len(cs) {
		fmt.Fprintf(w, "    ... and %d more actions (%d in all; --format json lists every one)\n", len(cs)-len(shown), len(cs))
	}
}

// indent2 indents by two spaces, under the change's heading.
func indent2(w io.Writer) io.Writer { return &prefixer{w: w, prefix: "  ", bol: true} }

type prefixer struct {
	w      io.Writer
	prefix string
	bol    bool
}

func (p *prefixer) Write(b []byte) (int, error) {
	var out []byte
	for _, c := range b {
		if p.bol && c != '\n' {
			out = append(out, p.prefix...)
		}
		out = append(out, c)
		p.bol = c == '\n'
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// The SARIF rules of sekisho plan beside lint's.
var planRules = []sarif.Rule{
	{ID: "SKP001", ShortDescription: sarif.Text{Text: "The planned change allows a request the prior state denies"}, DefaultConfiguration: sarif.Config{Level: "warning"}, Properties: &sarif.RuleProps{Tags: []string{"iam", "security"}}},
	{ID: "SKP002", ShortDescription: sarif.Text{Text: "A policy change cannot be reviewed before apply"}, DefaultConfiguration: sarif.Config{Level: "warning"}, Properties: &sarif.RuleProps{Tags: []string{"iam"}}},
	{ID: "SKP003", ShortDescription: sarif.Text{Text: "A case of the --tests suites fails against the planned policies"}, DefaultConfiguration: sarif.Config{Level: "error"}, Properties: &sarif.RuleProps{Tags: []string{"iam"}}},
	{ID: "SKP004", ShortDescription: sarif.Text{Text: "The comparison could not decide an action exactly"}, DefaultConfiguration: sarif.Config{Level: "warning"}, Properties: &sarif.RuleProps{Tags: []string{"iam"}}},
	{ID: "SKP005", ShortDescription: sarif.Text{Text: "The planned model has an audit finding the current model has not (--model)"}, DefaultConfiguration: sarif.Config{Level: "warning"}, Properties: &sarif.RuleProps{Tags: []string{"iam", "security"}}},
}

// sarif writes lint findings, new access, undecided actions, what is not
// reviewable and failing cases, each at the plan file's line of the
// resource's document and named by the resource address.
func (r *planReview) sarif() sarif.Log {
	var rules []sarif.Rule
	index := map[string]int{}
	for _, lr := range lint.Rules() {
		index[lr.Code] = len(rules)
		rules = append(rules, sarif.Rule{ID: lr.Code, ShortDescription: sarif.Text{Text: lr.Summary}, HelpURI: lr.Doc,
			DefaultConfiguration: sarif.Config{Level: sarifLevel(lr.Severity)}, Properties: &sarif.RuleProps{Tags: []string{"iam"}}})
	}
	for _, pr := range planRules {
		index[pr.ID] = len(rules)
		rules = append(rules, pr)
	}
	log := sarif.New("https://github.com/sekisho/sekisho", rules)
	uri := filepath.ToSlash(r.plan.File)
	add := func(rule, level, msg, name string, line int) {
		i := index[rule]
		loc := sarif.Location{PhysicalLocation: &sarif.Physical{ArtifactLocation: sarif.Artifact{URI: uri}, Region: &sarif.Region{StartLine: max(line, 1)}},
			LogicalLocations: []sarif.Logical{{Kind: "resource", Name: name}}}
		log.Runs[0].Results = append(log.Runs[0].Results, sarif.Result{RuleID: rule, RuleIndex: &i, Level: level, Message: sarif.Text{Text: msg}, Locations: []sarif.Location{loc}})
	}
	for _, d := range r.docs {
		for _, f := range d.findings {
			add(f.Code, sarifLevel(f.Severity), fmt.Sprintf("%s at %s: %s (%s; %s)", d.doc.Name(), orRoot(f.Path), f.Message, f.Severity, f.Doc), d.doc.Name(), d.doc.Pos.Line)
		}
		r.sarifDiff(add, d.diff, d.doc.Name(), d.doc.Pos.Line)
	}
	for _, a := range r.attach {
		r.sarifDiff(add, a.diff, a.att.Address, a.att.Pos.Line)
	}
	for _, g := range r.plan.NotReviewable {
		add("SKP002", "warning", g.Address+": "+g.Why, g.Address, r.lineOf(g.Address))
	}
	if m := r.model; m != nil {
		for _, c := range m.diff.Added {
			name := planAddressOf(c)
			add("SKP001", "warning", fmt.Sprintf("the planned model allows %s %s on %s%s, denied by the current model (%s)", c.Principal, c.Action, c.Resource, contextText(c.Context), m.dir), name, r.lineOf(name))
		}
		for _, u := range m.diff.Undecided {
			add("SKP004", "warning", fmt.Sprintf("model %s: %s on %s, %s undecided: %s", m.dir, u.Principal, u.Resource, u.Action, u.Why), "model", 1)
		}
		for _, c := range m.credentials {
			add("SKP001", "warning", fmt.Sprintf("instance %s (profile %s) receives the credentials of %s as planned, %s now (%s)", c.Instance, c.Profile, orNone(c.After), orNone(c.Before), m.dir), c.Profile, 1)
		}
		for _, f := range m.newFindings {
			add("SKP005", "warning", fmt.Sprintf("the planned model has a new audit finding: %s %s %s: %s", f.Severity, f.Check, f.Subject, f.Message), f.Subject, 1)
		}
		for _, g := range m.notApplied {
			add("SKP002", "warning", g.Address+": "+g.Why, g.Address, r.lineOf(g.Address))
		}
	}
	for _, res := range r.results {
		if !res.Skipped && !res.Passed {
			c, i := res.Case, index["SKP003"]
			loc := sarif.Location{PhysicalLocation: &sarif.Physical{ArtifactLocation: sarif.Artifact{URI: filepath.ToSlash(c.File)}, Region: &sarif.Region{StartLine: max(c.Pos.Line, 1)}}}
			log.Runs[0].Results = append(log.Runs[0].Results, sarif.Result{RuleID: "SKP003", RuleIndex: &i, Level: "error",
				Message: sarif.Text{Text: fmt.Sprintf("case %s: expected %s, got %s against the planned policies", c.Name, c.Expect, res.Got)}, Locations: []sarif.Location{loc}})
		}
	}
	return log
}

func (r *planReview) sarifDiff(add func(rule, level, msg, name string, line int), rep *diff.Report, name string, line int) {
	if rep == nil {
		return
	}
	for _, c := range rep.Added {
		add("SKP001", "warning", fmt.Sprintf("%s allows %s %s on %s%s, denied before", name, c.Principal, c.Action, c.Resource, contextText(c.Context)), name, line)
	}
	for _, u := range rep.Undecided {
		add("SKP004", "warning", fmt.Sprintf("%s: %s undecided: %s", name, u.Action, u.Why), name, line)
	}
}

// lineOf is the plan file line of the resource a gap names.
func (r *planReview) lineOf(address string) int {
	for _, d := range r.docs {
		if address == d.doc.Name() || address == d.doc.Address || strings.HasPrefix(address, d.doc.Address+".") {
			return d.doc.Pos.Line
		}
	}
	for _, a := range r.attach {
		if address == a.att.Address {
			return a.att.Pos.Line
		}
	}
	return 1
}

// junit is the review as JUnit: one suite per part (lint, new access, not
// reviewable), one case per document or attachment, and the case suites'
// own cases as sekisho test writes them.
func (r *planReview) junit() junitSuites {
	doc := junitOf(r.results)
	lintSuite := junitSuite{Name: "sekisho plan: lint"}
	accessSuite := junitSuite{Name: "sekisho plan: new access"}
	for _, d := range r.docs {
		tc := junitCase{Name: d.doc.Name(), Classname: r.plan.File}
		if len(d.findings) > 0 {
			var b strings.Builder
			for _, f := range d.findings {
				fmt.Fprintf(&b, "%s %s at %s: %s (%s)\n", f.Severity, f.Code, orRoot(f.Path), f.Message, f.Doc)
			}
			tc.Failure = &junitFailure{Message: fmt.Sprintf("%d lint finding(s)", len(d.findings)), Type: "lint", Body: b.String()}
			lintSuite.Failures++
		}
		lintSuite.Tests++
		lintSuite.Cases = append(lintSuite.Cases, tc)
		accessSuite.add(junitAccess(d.doc.Name(), r.plan.File, d.diff, d.why))
	}
	for _, a := range r.attach {
		accessSuite.add(junitAccess(a.att.Address, r.plan.File, a.diff, a.why))
	}
	gaps := junitSuite{Name: "sekisho plan: not reviewable"}
	for _, g := range r.plan.NotReviewable {
		gaps.add(junitCase{Name: g.Address, Classname: r.plan.File, Failure: &junitFailure{Message: g.Why, Type: "not-reviewable"}})
	}
	for _, s := range []junitSuite{lintSuite, accessSuite, gaps} {
		if s.Tests > 0 {
			doc.Suites = append(doc.Suites, s)
			doc.Tests += s.Tests
			doc.Failures += s.Failures
		}
	}
	return doc
}

func (s *junitSuite) add(tc junitCase) {
	s.Tests++
	if tc.Failure != nil {
		s.Failures++
	}
	s.Cases = append(s.Cases, tc)
}

func junitAccess(name, file string, rep *diff.Report, why string) junitCase {
	tc := junitCase{Name: name, Classname: file}
	switch {
	case rep == nil:
		tc.Failure = &junitFailure{Message: "not compared: " + why, Type: "not-reviewable"}
	case len(rep.Added) > 0 || len(rep.Undecided) > 0:
		var b strings.Builder
		for _, c := range rep.Added {
			fmt.Fprintf(&b, "%s %s on %s%s\n", c.Principal, c.Action, c.Resource, contextText(c.Context))
		}
		for _, u := range rep.Undecided {
			fmt.Fprintf(&b, "undecided %s: %s\n", u.Action, u.Why)
		}
		tc.Failure = &junitFailure{Message: fmt.Sprintf("%d new access, %d undecided", len(rep.Added), len(rep.Undecided)), Type: "new-access", Body: b.String()}
	}
	return tc
}

// planAddressOf is the plan address of the first changed statement that
// a planned document holds ("model" when none does: the change is the
// model's, such as a principal the plan adds).
func planAddressOf(c diff.Change) string {
	for _, at := range c.ChangedAt {
		if strings.HasPrefix(at.File, "aws_") || strings.HasPrefix(at.File, "module.") {
			return at.File
		}
	}
	return "model"
}

// principalGain is what one principal gains across the plan's documents
// and attachments.
type principalGain struct {
	Principal string   `json:"principal"`
	Actions   []string `json:"actions"` // distinct, sorted
	Through   []string `json:"through"` // the documents and attachments, by address
}

// whoGains groups the plan's new access by principal: who gains what,
// and through which changes.
func (r *planReview) whoGains() []principalGain {
	by := map[string]*principalGain{}
	acts := map[string]map[string]bool{}
	add := func(rep *diff.Report, via string) {
		if rep == nil {
			return
		}
		for _, c := range rep.Added {
			g := by[c.Principal]
			if g == nil {
				g = &principalGain{Principal: c.Principal}
				by[c.Principal], acts[c.Principal] = g, map[string]bool{}
			}
			acts[c.Principal][c.Action] = true
			if !slices.Contains(g.Through, via) {
				g.Through = append(g.Through, via)
			}
		}
	}
	for _, d := range r.docs {
		add(d.diff, d.doc.Name())
	}
	for _, a := range r.attach {
		add(a.diff, a.att.Address)
	}
	out := []principalGain{}
	for _, p := range slices.Sorted(maps.Keys(by)) {
		g := by[p]
		g.Actions = slices.Sorted(maps.Keys(acts[p]))
		slices.Sort(g.Through)
		out = append(out, *g)
	}
	return out
}

func (r *planReview) writeWhoGains(w io.Writer) {
	gains := r.whoGains()
	if len(gains) == 0 {
		return
	}
	fmt.Fprintln(w, "\nwho gains what (new access above, by principal):")
	for _, g := range gains {
		first := g.Actions
		more := ""
		if len(first) > 5 {
			first, more = first[:5], fmt.Sprintf(" and %d more", len(g.Actions)-5)
		}
		fmt.Fprintf(w, "  %s: %d action(s): %s%s; through %s\n", g.Principal, len(g.Actions), strings.Join(first, ", "), more, strings.Join(g.Through, ", "))
	}
}
