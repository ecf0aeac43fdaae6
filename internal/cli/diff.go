package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/internal/sarif"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

func init() { register(newDiffCommand) }

type diffParams struct {
	kind         string
	principal    string
	both         bool
	failOnNew    bool
	mustNotGrant []string
	format       string
	now          nowFlag
	// two models: --model and --model-after
	before, after, awsManaged string
}

func newDiffCommand(env *environment) *cobra.Command {
	var p diffParams
	cmd := &cobra.Command{
		Use:   "diff [flags] OLD NEW",
		Short: "What access NEW adds over OLD (two policies of one kind, or two case files), each with a witness request",
		Long: `Compare two versions of a policy (or the policy sets of two case files) and
list every request the new side allows that the old side denies, grouped by
principal, access level and action, each with a concrete witness request
(principal, action, resource, condition values) that both sides were
evaluated on. Actions range over the built-in service reference, resources
and condition values over the regions the policies' patterns, constants,
numeric and date bounds and address ranges cut them into, so the answer is
exact; what the search cannot decide exactly is listed as undecided, never
left out.

OLD or NEW may be "-" for no policy (a policy added or deleted).

With --model BEFORE --model-after AFTER, compare two models of an
organization instead: every request of a principal of either model (and of
principals outside them that resource policies name) that AFTER allows and
BEFORE denies, as eval --model decides it, grouped by principal, access
level, action and resource.`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if p.before != "" || p.after != "" {
				return runModelDiff(env, p, cmd, args)
			}
			if len(args) != 2 {
				return badInput(fmt.Errorf("diff needs OLD and NEW (two policies or two case files), or --model BEFORE --model-after AFTER"))
			}
			return runDiff(env, p, args[0], args[1])
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.kind, "kind", "", "the policies' kind: identity, boundary, session, scp, rcp, resource, trust or endpoint (default: inferred)")
	f.StringVar(&p.principal, "principal", "", "the principal asking through identity-side policies (default arn:aws:iam::111111111111:role/sekisho-diff, or the case's)")
	f.BoolVar(&p.both, "both", false, "also list the access the new side removes")
	f.BoolVar(&p.failOnNew, "fail-on-new-access", false, "exit 3 when the new side adds access (for CI)")
	f.StringSliceVar(&p.mustNotGrant, "must-not-grant", nil, "action patterns the new side must not allow for anyone it names (exit 3 if it does), like Access Analyzer's CheckAccessNotGranted")
	f.StringVar(&p.format, "format", "text", "output format: text, json or sarif")
	f.StringVar(&p.before, "model", "", "the organization model before the change (a directory or file, docs/model.md); with --model-after")
	f.StringVar(&p.after, "model-after", "", "the organization model after the change; with --model")
	f.StringVar(&p.awsManaged, "aws-managed-policies", "", "with --model: directory of AWS managed policy documents that override the built-in ones")
	f.Var(&p.now, "now", "the request time for aws:CurrentTime when no condition tests it (RFC 3339; default: the clock)")
	return cmd
}

func runDiff(env *environment, p diffParams, oldPath, newPath string) error {
	if err := checkDiffFlags(p); err != nil {
		return err
	}
	in, what, err := diffInput(p, oldPath, newPath)
	if err != nil {
		return badInput(err)
	}
	in.Now = p.now.t
	out, err := result.CompareDiff(in, what, p.mustNotGrant)
	if err != nil {
		return badInput(err)
	}
	return writeDiff(env, p, out)
}

func checkDiffFlags(p diffParams) error {
	if p.format != "text" && p.format != "json" && p.format != "sarif" {
		return badInput(fmt.Errorf("--format %q: expected text, json or sarif", p.format))
	}
	for _, a := range p.mustNotGrant {
		if err := checkAction("--must-not-grant", a); err != nil && !wildcard.HasWildcard(a) {
			return err
		}
	}
	return nil
}

// writeDiff prints the answer and returns the exit code it calls for.
func writeDiff(env *environment, p diffParams, out diffOutput) error {
	out.Fill()
	switch p.format {
	case "json":
		if err := render.JSON(env.stdout, out); err != nil {
			return err
		}
	case "sarif":
		if err := render.JSON(env.stdout, diffSARIF(out)); err != nil {
			return err
		}
	default:
		writeDiffText(env.stdout, out)
	}
	if (p.failOnNew && len(out.Report.Added) > 0) || len(out.ForbiddenGranted) > 0 {
		return withCode(ExitWarnings)
	}
	return nil
}

// diffInput reads the two sides: policy files of one kind, or case files.
func diffInput(p diffParams, oldPath, newPath string) (diff.Input, string, error) {
	if isCaseFile(oldPath) && isCaseFile(newPath) {
		return caseSets(p, oldPath, newPath)
	}
	kind := policy.AnyKind
	if p.kind != "" {
		k, ok := policy.ParseKind(p.kind)
		if !ok || k == policy.AnyKind {
			return diff.Input{}, "", fmt.Errorf("--kind %q: expected identity, boundary, session, scp, rcp, resource, trust or endpoint", p.kind)
		}
		kind = k
	}
	old, err := readPolicySource(oldPath)
	if err != nil {
		return diff.Input{}, "", err
	}
	new, err := readPolicySource(newPath)
	if err != nil {
		return diff.Input{}, "", err
	}
	in, what, err := result.DiffPolicies(kind, old, new, p.principal)
	in.Both = p.both
	return in, what, err
}

// isCaseFile reports whether path holds cases rather than a policy: YAML,
// or JSON that is not a policy document or AWS CLI output around one.
func isCaseFile(path string) bool {
	if path == "-" || !casefile.IsCaseFile(path) {
		return false
	}
	src, err := readfile.Read(path, readfile.Cases)
	if err != nil {
		return false // reported when it is read as a policy
	}
	n, err := node.ParseJSON(src)
	if err != nil {
		return strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")
	}
	return !casefile.LooksLikePolicy(n)
}

// readPolicySource reads a policy document or AWS CLI output around one;
// "-" is no policy.
func readPolicySource(path string) (result.PolicyDocument, error) {
	if path == "-" {
		return result.PolicyDocument{Name: path}, nil
	}
	src, err := readfile.Read(path, readfile.Policy)
	if err != nil {
		return result.PolicyDocument{}, err
	}
	if src == nil {
		src = []byte{}
	}
	return result.PolicyDocument{Name: path, Src: src}, nil
}

// caseSets compares the policy sets of the first case of each file; the
// principal is the old case's (or --principal).
func caseSets(p diffParams, oldPath, newPath string) (diff.Input, string, error) {
	first := func(path string) (*casefile.Case, error) {
		cs, err := casefile.Load(path)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 || cs[0].Model != nil {
			return nil, fmt.Errorf("%s: expected a case with its policies (not a model case)", path)
		}
		return cs[0], nil
	}
	oc, err := first(oldPath)
	if err != nil {
		return diff.Input{}, "", err
	}
	nc, err := first(newPath)
	if err != nil {
		return diff.Input{}, "", err
	}
	in, what, err := result.DiffCases(oc, nc, p.principal)
	in.Both = p.both
	return in, what, err
}

// The JSON answer (docs/schema/diff.json) and its changes are shared with
// the server (internal/result).
type (
	diffOutput   = result.Diff
	changeOutput = result.DiffChange
)

var (
	changeOf = result.ChangeOf
	nonNil   = result.NonNilChanges
)

func writeDiffText(w io.Writer, o diffOutput) {
	rep := o.Report
	fmt.Fprintf(w, "compared %s\n", o.Compared)
	if m := rep.Models; m != nil {
		fmt.Fprintf(w, "%d principals and %d resources (with \"*\" and each role's trust) of either model: %d pairs compared, %d with the same policies on both sides skipped; %d resources compared for principals outside the models; %d requests evaluated on each side\n",
			m.Principals, m.Resources, m.Compared, m.Same, m.External, rep.Requests)
	} else {
		fmt.Fprintf(w, "%d actions of the service reference compared, %d requests evaluated on each side\n", rep.Actions, rep.Requests)
	}
	fmt.Fprintln(w, "assumed:")
	for _, a := range rep.Assumptions {
		fmt.Fprintf(w, "  - %s\n", a)
	}
	writeChanges(w, "new access (allowed now, denied before)", o.Added)
	if len(o.Removed) > 0 {
		writeChanges(w, "removed access (denied now, allowed before)", o.Removed)
	}
	if len(o.ForbiddenGranted) > 0 {
		fmt.Fprintf(w, "\nFORBIDDEN: the new side grants %d request(s) of actions it must not grant:\n", len(o.ForbiddenGranted))
		for _, c := range o.ForbiddenGranted {
			fmt.Fprintf(w, "  %s %s on %s%s\n", c.Principal, c.Action, c.Resource, contextText(c.Context))
		}
	}
	if len(rep.Undecided) > 0 {
		fmt.Fprintf(w, "\nundecided: %d action(s) could not be compared exactly (access may differ there):\n", len(rep.Undecided))
		for _, u := range rep.Undecided {
			who := ""
			if u.Principal != "" {
				who = u.Principal + " on " + u.Resource + ", "
			}
			fmt.Fprintf(w, "  %s%s: %s (%s)\n", who, u.Action, u.Why, strings.Join(u.Where, "; "))
		}
	} else {
		fmt.Fprintln(w, "\nundecided: none; the comparison is exact")
	}
}

func writeChanges(w io.Writer, title string, cs []changeOutput) {
	if len(cs) == 0 {
		fmt.Fprintf(w, "\n%s: none\n", title)
		return
	}
	fmt.Fprintf(w, "\n%s: %d action(s)\n", title, len(cs))
	byPrincipal := map[string][]changeOutput{}
	var principals []string
	for _, c := range cs {
		if _, ok := byPrincipal[c.Principal]; !ok {
			principals = append(principals, c.Principal)
		}
		byPrincipal[c.Principal] = append(byPrincipal[c.Principal], c)
	}
	sort.Strings(principals)
	for _, p := range principals {
		group := byPrincipal[p]
		note := ""
		if group[0].Note != "" {
			note = " (" + group[0].Note + ")"
		}
		fmt.Fprintf(w, "  %s%s\n", p, note)
		access := ""
		for _, c := range group {
			if c.Access != access {
				access = c.Access
				fmt.Fprintf(w, "    %s\n", access)
			}
			fmt.Fprintf(w, "      %s on %s%s\n", c.Action, c.Resource, contextText(c.Context))
			fmt.Fprintf(w, "        now %s: %s; before %s: %s\n", c.NewDecision, c.NewBy, c.OldDecision, c.OldBy)
			if len(c.Changed) > 0 {
				fmt.Fprintf(w, "        changed: %s\n", strings.Join(c.Changed, "; "))
			}
		}
	}
}

func contextText(ctx map[string][]string) string {
	if len(ctx) == 0 {
		return ""
	}
	return " with " + diff.ContextText(ctx)
}

// The SARIF rules of diff: new access, forbidden access, undecided.
var diffRules = []sarif.Rule{
	{ID: "new-access", ShortDescription: sarif.Text{Text: "the change allows a request the old policy denied"}, HelpURI: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html", DefaultConfiguration: sarif.Config{Level: "warning"}},
	{ID: "forbidden-access", ShortDescription: sarif.Text{Text: "the change allows an action it must not grant (--must-not-grant)"}, HelpURI: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html", DefaultConfiguration: sarif.Config{Level: "error"}},
	{ID: "undecided", ShortDescription: sarif.Text{Text: "access could not be compared exactly"}, HelpURI: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html", DefaultConfiguration: sarif.Config{Level: "note"}},
}

// diffSARIF is the answer as SARIF: each new (and forbidden) access at the
// changed statements that apply to it.
func diffSARIF(o diffOutput) sarif.Log {
	log := sarif.New("https://github.com/sekisho/sekisho", diffRules)
	add := func(rule int, level string, c diff.Change, msg string) {
		r := sarif.Result{RuleID: diffRules[rule].ID, RuleIndex: &rule, Level: level, Message: sarif.Text{Text: msg}}
		for _, at := range c.ChangedAt {
			r.Locations = append(r.Locations, sarif.Location{PhysicalLocation: &sarif.Physical{
				ArtifactLocation: sarif.Artifact{URI: filepath.ToSlash(at.File)},
				Region:           &sarif.Region{StartLine: at.Line, StartColumn: at.Column}}})
		}
		if len(r.Locations) == 0 {
			r.Locations = []sarif.Location{{LogicalLocations: []sarif.Logical{{Kind: "principal", Name: c.Principal}}}}
		}
		log.Runs[0].Results = append(log.Runs[0].Results, r)
	}
	for _, c := range o.Report.Added {
		add(0, "warning", c, fmt.Sprintf("new access: %s may %s on %s%s", c.Principal, c.Action, c.Resource, contextText(c.Context)))
	}
	for _, c := range o.ForbiddenGranted {
		add(1, "error", c, fmt.Sprintf("forbidden access: %s may %s on %s%s", c.Principal, c.Action, c.Resource, contextText(c.Context)))
	}
	for _, u := range o.Report.Undecided {
		rule := 2
		log.Runs[0].Results = append(log.Runs[0].Results, sarif.Result{RuleID: "undecided", RuleIndex: &rule, Level: "note",
			Message:   sarif.Text{Text: u.Action + ": " + u.Why},
			Locations: []sarif.Location{{LogicalLocations: []sarif.Logical{{Kind: "action", Name: u.Action}}}}})
	}
	return log
}
