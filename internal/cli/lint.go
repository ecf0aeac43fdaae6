package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/sarif"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

func init() { register(newLintCommand) }

type lintParams struct {
	paths  []string
	kind   string
	attach string
	format string
	opts   lint.Options
	// includeAWSManaged lints the AWS managed policies of a model or GAAD file
	includeAWSManaged bool
}

// lintKinds are the --kind values; "" infers the kind of each file.
var lintKinds = []string{"identity", "boundary", "session", "resource", "trust", "scp", "rcp", "endpoint"}

func newLintCommand(env *environment) *cobra.Command {
	var p lintParams
	cmd := &cobra.Command{
		Use:   "lint [flags] FILE...",
		Short: "Check IAM policies for mistakes, risky grants and statements that do nothing",
		Long: `Check policy documents against the built-in AWS service reference and AWS's
documented rules: unknown actions and condition keys, operators that do not
fit their key, resources no action takes, elements the policy kind does not
support, size quotas, grants wider than they look, and redundant or
overridden statements. Each finding has a stable code, a severity (error,
security-warning, warning, suggestion), its place in the file and the AWS
documentation page it rests on.

A file holds a bare policy document or what the AWS CLI prints around one
(get-policy-version, get-role-policy, get-user-policy, get-bucket-policy,
describe-policy). A directory stands for the .json files under it. Without
--kind, each file's kind is inferred from its content and name.

Lint also reads, told apart by content: aws iam
get-account-authorization-details output (every inline policy, every
role's trust policy, each customer managed policy's default version), a
Terraform plan (terraform show -json; every planned document, named by
resource address and attribute, as sekisho plan lints it), and a model
directory (a directory holding a file that is not a policy: every policy
document of the model, by the file and JSON path it was read from). AWS
managed policies are left out, and counted on stderr, unless
--include-aws-managed.

Exit code: 0 no findings, 1 an error-level finding, 3 only warnings,
security warnings or suggestions, 2 a file that cannot be read as a policy,
a plan, authorization details or a model.`,
		Example: `  sekisho lint policy.json
  sekisho lint --kind scp --format sarif scps/ > lint.sarif
  aws iam get-role-policy --role-name app --policy-name inline > p.json && sekisho lint --attach role p.json
  aws iam get-account-authorization-details > gaad.json && sekisho lint gaad.json
  sekisho lint --format sarif collected/ > model-lint.sarif`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.paths = args
			if err := p.validate(); err != nil {
				return err
			}
			return runLint(p, env.stdout, env.stderr)
		},
	}
	cmd.Flags().StringVar(&p.kind, "kind", "", "policy kind: "+strings.Join(lintKinds, ", ")+" (default: inferred per file)")
	cmd.Flags().StringVar(&p.attach, "attach", "", "how an identity policy is stored, for its size quota: managed, user, group or role (inline)")
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text, json or sarif")
	cmd.Flags().BoolVar(&p.includeAWSManaged, "include-aws-managed", false, "also lint the AWS managed policies a model or authorization-details file holds")
	return cmd
}

func (p *lintParams) validate() error {
	if err := checkFormat(p.format, "text", "json", "sarif"); err != nil {
		return err
	}
	if p.kind != "" {
		k, ok := policy.ParseKind(p.kind)
		if !ok || k == policy.AnyKind {
			return badInput(fmt.Errorf("unknown --kind %q: expected one of %s", p.kind, strings.Join(lintKinds, ", ")))
		}
		p.opts.Kind = k
	}
	if p.attach != "" {
		a, err := lint.ParseAttachment(p.attach)
		if err != nil {
			return badInput(fmt.Errorf("--attach: %w", err))
		}
		p.opts.Attachment = a
	}
	return nil
}

// lintWriters render findings, one per output format.
var lintWriters = map[string]func(io.Writer, []lint.Finding) error{
	"text":  writeLintText,
	"json":  writeLintJSON,
	"sarif": writeLintSARIF,
}

func runLint(p lintParams, stdout, stderr io.Writer) error {
	var all []lint.Finding
	bad := false
	for _, path := range p.paths {
		info, err := os.Stat(path)
		if err == nil {
			var found []lint.Finding
			found, err = lintSource(path, info.IsDir(), p, stderr)
			all = append(all, found...)
		}
		if err != nil {
			fmt.Fprintln(stderr, "sekisho:", err)
			bad = true
		}
	}
	if err := lintWriters[p.format](stdout, all); err != nil {
		return fmt.Errorf("write findings: %w", err)
	}
	if bad {
		return withCode(ExitBadInput)
	}
	if code := lintExitCode(all); code != ExitOK {
		return withCode(code)
	}
	return nil
}

func lintFile(path string, opts lint.Options) ([]lint.Finding, error) {
	src, err := readfile.Read(path, readfile.Policy)
	if err != nil {
		return nil, fmt.Errorf("read policy: %w", err)
	}
	return lint.FileWith(path, src, opts)
}

// lintExitCode is 1 for an error-level finding, 3 for only lesser ones,
// 0 for none.
func lintExitCode(findings []lint.Finding) int {
	worst, some := lint.Worst(findings)
	switch {
	case !some:
		return ExitOK
	case worst == lint.Error:
		return ExitFindings
	}
	return ExitWarnings
}

func writeLintText(w io.Writer, findings []lint.Finding) error {
	var b strings.Builder
	for _, f := range findings {
		fmt.Fprintln(&b, f)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeLintJSON(w io.Writer, findings []lint.Finding) error {
	if findings == nil {
		findings = []lint.Finding{}
	}
	return render.JSON(w, findings)
}

// sarifLevel maps a severity to a SARIF level: SARIF has no security
// warning (the rule's "security" tag says it) and calls suggestions notes.
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Suggestion:
		return "note"
	}
	return "warning"
}

// writeLintSARIF writes the findings as SARIF, with every lint rule, its
// documentation and default level.
func writeLintSARIF(w io.Writer, findings []lint.Finding) error {
	var rules []sarif.Rule
	index := map[string]int{}
	for i, r := range lint.Rules() {
		index[r.Code] = i
		tags := []string{"iam"}
		if r.Severity == lint.SecurityWarning {
			tags = append(tags, "security")
		}
		rules = append(rules, sarif.Rule{
			ID: r.Code, ShortDescription: sarif.Text{Text: r.Summary}, HelpURI: r.Doc,
			DefaultConfiguration: sarif.Config{Level: sarifLevel(r.Severity)}, Properties: &sarif.RuleProps{Tags: tags},
		})
	}
	log := sarif.New("https://github.com/sekisho/sekisho", rules)
	for _, f := range findings {
		log.Runs[0].Results = append(log.Runs[0].Results, sarifResultOf(f, index[f.Code]))
	}
	return render.JSON(w, log)
}

func sarifResultOf(f lint.Finding, ruleIndex int) sarif.Result {
	loc := &sarif.Physical{ArtifactLocation: sarif.Artifact{URI: filepath.ToSlash(f.File)}}
	if f.Line > 0 {
		loc.Region = &sarif.Region{StartLine: f.Line, StartColumn: f.Column}
	}
	at := sarif.Location{PhysicalLocation: loc}
	text := f.Message + " (" + f.Severity.String() + "; " + f.Doc + ")"
	if f.Path != "" {
		// The JSON path inside the file: which policy of authorization
		// details or a model file, and which value of a document stored as
		// one JSON string (whose values share the string's line:col).
		at.LogicalLocations = []sarif.Logical{{Kind: "value", Name: f.Path, FullyQualifiedName: f.Path}}
		text = f.Path + ": " + text
	}
	return sarif.Result{
		RuleID: f.Code, RuleIndex: &ruleIndex, Level: sarifLevel(f.Severity),
		Message:   sarif.Text{Text: text},
		Locations: []sarif.Location{at},
	}
}
