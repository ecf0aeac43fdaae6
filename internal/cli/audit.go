package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/sarif"
)

func init() { register(newAuditCommand) }

type auditParams struct {
	analysisFlags
	regions []string
	layout  layoutFlags
}

func newAuditCommand(env *environment) *cobra.Command {
	var p auditParams
	cmd := &cobra.Command{
		Use:   "audit --model DIR [flags]",
		Short: "Check that the recommended guardrails are effective across the organization",
		Long: `Check that each recommended guardrail is effective, not just present: for every
instance, principal and VPC of the model, evaluate the attack requests —
stolen instance credentials used from the internet or a foreign VPC,
credentials fetched through IMDSv1, EC2 launched outside the allowed regions,
foreign principals or foreign buckets through the VPC — and report each that
would be allowed, with its witness and the missing or broken guardrail.
Exit code 3 when there are findings, 0 when none.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			res, done, err := answerOf(env, cmd, args, &p.analysisFlags, func() (*analysis.AuditResult, error) {
				a, err := p.analyzer("text", "json", "sarif")
				if err != nil {
					return nil, err
				}
				defer showProgress(a, env.stderr)()
				res, err := a.Audit(analysis.AuditOptions{Regions: p.regions})
				if err != nil {
					return nil, badInput(err)
				}
				return res, nil
			})
			if done || err != nil {
				return err
			}
			if err := checkFormat(p.format, "text", "json", "sarif"); err != nil {
				return err
			}
			if err := p.layout.check(); err != nil {
				return err
			}
			switch p.format {
			case "json":
				err = render.JSON(env.stdout, res)
			case "sarif":
				err = render.JSON(env.stdout, auditSARIF(res))
			default:
				p.layout.audit(env.stdout, res)
			}
			if err != nil {
				return err
			}
			if len(res.Findings) > 0 {
				return withCode(ExitWarnings)
			}
			return nil
		},
	}
	p.register(cmd, "text", "json", "sarif")
	p.registerShard(cmd, "instances, principals and VPCs")
	notApplicable(cmd, "audit tries the attack vantages itself (the internet, a foreign VPC, IMDSv1) for every instance and VPC", "from")
	cmd.Flags().StringSliceVar(&p.regions, "regions", nil, "regions EC2 may be used in (default: the regions of the model's VPCs and instances)")
	p.layout.register(cmd)
	return cmd
}

func (l layoutFlags) audit(w io.Writer, r *analysis.AuditResult) {
	fmt.Fprintf(w, "audit (allowed regions: %s)\n", strings.Join(r.Regions, ", "))
	writeAssumptions(w, r.Assumptions)
	writeAuditSummary(w, r)
	if len(r.Findings) > 0 {
		fmt.Fprintf(w, "findings (%d):\n", len(r.Findings))
	}
	l.writeList(w, "", len(r.Findings), func(i int) string { return r.Findings[i].Account },
		func(w io.Writer, i int) { writeAuditFinding(w, r.Findings[i]) })
	writeCompleteness(w, r.Completeness)
}

func writeAuditFinding(w io.Writer, f analysis.AuditFinding) {
	where := ""
	if f.File != "" {
		where = fmt.Sprintf(" (%s:%d)", f.File, f.Line)
	}
	fmt.Fprintf(w, "%s %s: %s%s\n", f.Severity, f.Check, f.Message, where)
	if f.Witness != nil {
		fmt.Fprintf(w, "  witness: %s on %s as %s → %s\n", f.Witness.Action, f.Witness.Resource, f.Witness.Principal, render.Witness(*f.Witness))
	}
	fmt.Fprintf(w, "  guardrail: %s\n", f.Guardrail)
}

// auditSARIF renders findings as SARIF 2.1.0, one rule per check.
func auditSARIF(r *analysis.AuditResult) sarif.Log {
	var rules []sarif.Rule
	for _, c := range []struct{ id, text string }{
		{analysis.CheckPinned, "Stolen instance credentials must not work outside their VPC"},
		{analysis.CheckIMDSv2, "Instance credentials must not be obtainable through IMDSv1"},
		{analysis.CheckRegion, "EC2 must not be usable outside the allowed regions"},
		{analysis.CheckEndpoint, "Foreign principals and resources must not be reachable through the VPC"},
	} {
		rules = append(rules, sarif.Rule{ID: c.id, ShortDescription: sarif.Text{Text: c.text}, DefaultConfiguration: sarif.Config{Level: "error"}})
	}
	log := sarif.New("", rules)
	for _, f := range r.Findings {
		loc := sarif.Location{LogicalLocations: []sarif.Logical{{Kind: "resource", Name: f.Subject}}}
		if f.File != "" {
			loc.PhysicalLocation = &sarif.Physical{ArtifactLocation: sarif.Artifact{URI: f.File}, Region: &sarif.Region{StartLine: max(f.Line, 1)}}
		}
		log.Runs[0].Results = append(log.Runs[0].Results, sarif.Result{RuleID: f.Check, Level: f.Severity,
			Message: sarif.Text{Text: f.Message + " Guardrail: " + f.Guardrail}, Locations: []sarif.Location{loc}})
	}
	return log
}
