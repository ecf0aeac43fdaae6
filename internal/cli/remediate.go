package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/remediate"
)

func init() { register(newRemediateCommand) }

type remediateParams struct {
	files       []string
	dryRun      bool
	regions     []string
	policyName  string
	endpointURL string
	maxAttempts int
	format      string
	model       string
}

func newRemediateCommand(env *environment) *cobra.Command {
	var p remediateParams
	cmd := &cobra.Command{
		Use:   "remediate [flags] [EVENTS_FILE|-]...",
		Short: "Apply the guardrail remediations to CloudTrail events (attach region-lock to new users)",
		Long: `Read CloudTrail events in the EventBridge envelope (one event, a JSON array of
events, or JSON lines), or CloudTrail's own forms (a bare record, a trail log
file {"Records": [...]}, aws cloudtrail lookup-events output), from the files,
or from standard input, and apply the rules to each:

  attach-region-lock  CreateUser: put the region-lock policy inline on the new user
                      with iam:PutUserPolicy (an upsert: re-running is harmless)
  broad-trust         CreateRole, UpdateAssumeRolePolicy: report a trust policy that
                      trusts "*" or an account root without a condition

Calls go through the AWS SDK for Go v2 with the default credential chain and
are retried with exponential back-off. --dry-run prints the calls and makes
none. Exit code 1 when a remediation failed (each failure is named on
standard error), 3 when there are findings but no failure, 2 for unreadable
input.`,
		Example: `  sekisho remediate --dry-run events.json
  aws cloudtrail lookup-events ... | jq -c '...' | sekisho remediate --regions ap-northeast-1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			p.files = args
			if err := checkFormat(p.format, "text", "json"); err != nil {
				return err
			}
			return runRemediate(cmd.Context(), p, env)
		},
	}
	cmd.Flags().BoolVar(&p.dryRun, "dry-run", false, "print the calls that would be made; make none")
	cmd.Flags().StringSliceVar(&p.regions, "regions", remediate.DefaultRegions, "the Regions the attached region-lock allows")
	cmd.Flags().StringVar(&p.policyName, "policy-name", remediate.DefaultPolicyName, "the name of the inline policy")
	cmd.Flags().StringVar(&p.endpointURL, "endpoint-url", "", "send IAM calls to this URL instead of AWS (a local test server)")
	cmd.Flags().IntVar(&p.maxAttempts, "max-attempts", remediate.DefaultMaxAttempts, "tries per call, the first included")
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&p.model, "model", "", "with --dry-run: apply the remediations to this organization model instead, and show each user's EC2 launch outside the regions decided before and after")
	return cmd
}

func runRemediate(ctx context.Context, p remediateParams, env *environment) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if p.model != "" && !p.dryRun {
		return badInput(fmt.Errorf("--model applies the remediations to a model: it needs --dry-run"))
	}
	events, err := readEventInputs(p.files, env.stdin)
	if err != nil {
		return badInput(err)
	}
	var client remediate.IAM
	if !p.dryRun {
		c, err := remediate.NewIAMClient(ctx, remediate.ClientOptions{EndpointURL: p.endpointURL, MaxAttempts: p.maxAttempts})
		if err != nil {
			return badInput(err)
		}
		client = c
	}
	r, err := remediate.New(remediate.Config{Regions: p.regions, PolicyName: p.policyName, DryRun: p.dryRun}, client)
	if err != nil {
		return badInput(err)
	}
	rep := r.Process(ctx, events)
	var applied []modelApplication
	if p.model != "" {
		m, err := load.Load(p.model, load.Options{})
		if err != nil {
			return badInput(err)
		}
		if applied, err = applyToModel(m, events, rep, p.regions); err != nil {
			return badInput(err)
		}
	}
	if p.format == "json" {
		out := any(rep)
		if p.model != "" {
			out = struct {
				*remediate.Report
				Model []modelApplication `json:"model"`
			}{rep, applied}
		}
		if err := render.JSON(env.stdout, out); err != nil {
			return err
		}
	} else {
		writeRemediateReport(env.stdout, rep, r)
		writeModelApplications(env.stdout, applied)
	}
	if err := rep.Err(); err != nil {
		return &exitError{code: ExitFindings, err: err}
	}
	if rep.Counts[remediate.StatusFinding] > 0 {
		return withCode(ExitWarnings)
	}
	return nil
}

// readEventInputs reads the events of every file ("-" or none: stdin),
// numbering them across files.
func readEventInputs(files []string, stdin io.Reader) ([]*remediate.Event, error) {
	if len(files) == 0 {
		files = []string{"-"}
	}
	var all []*remediate.Event
	for _, f := range files {
		var evs []*remediate.Event
		var err error
		if f == "-" {
			evs, err = remediate.ReadEvents(stdin, "stdin")
		} else {
			evs, err = readEventFile(f)
		}
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			e.Index = len(all) + 1
			all = append(all, e)
		}
	}
	return all, nil
}

func readEventFile(name string) ([]*remediate.Event, error) {
	return remediate.ReadEventsFile(name)
}

func writeRemediateReport(w io.Writer, rep *remediate.Report, r *remediate.Remediator) {
	planned := false
	for _, o := range rep.Outcomes {
		fmt.Fprintln(w, o.Summary())
		planned = planned || o.Status == remediate.StatusPlanned
	}
	if planned {
		var buf bytes.Buffer
		if err := json.Indent(&buf, []byte(r.PolicyDocument()), "  ", "  "); err == nil {
			fmt.Fprintf(w, "policy document of the planned calls:\n  %s\n", buf.String())
		}
	}
	c := rep.Counts
	fmt.Fprintf(w, "%d %s: %d applied, %d planned, %d %s, %d failed, %d skipped, %d ignored\n",
		len(rep.Outcomes), remediateNoun(len(rep.Outcomes), "event", "events"),
		c[remediate.StatusApplied], c[remediate.StatusPlanned],
		c[remediate.StatusFinding], remediateNoun(c[remediate.StatusFinding], "finding", "findings"),
		c[remediate.StatusFailed], c[remediate.StatusSkipped], c[remediate.StatusIgnored])
}

func remediateNoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
