package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
)

func init() { register(newExfilCommand) }

func newExfilCommand(env *environment) *cobra.Command {
	var p analysisFlags
	cmd := &cobra.Command{
		Use:   "exfil --model DIR [flags] VPC_OR_INSTANCE",
		Short: "Paths by which data readable inside a VPC can be written outside the account",
		Long: `Find the paths by which data readable inside a VPC (or from one instance) can be
written to a bucket outside the account and the organization: with the
instances' own roles, with an insider's foreign-account credentials, and
anonymously; through the VPC's S3 endpoint or its internet gateway. Each path
has its witness request and the guardrail that closes it (or closed it).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := p.analyzer("text", "json")
			if err != nil {
				return err
			}
			res, err := a.Exfil(args[0])
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, writeExfil); err != nil {
				return err
			}
			if res.OpenPaths() > 0 {
				return withCode(ExitWarnings) // findings: an open path
			}
			return nil
		},
	}
	p.register(cmd, "text", "json")
	notApplicable(cmd, "exfil tries every vantage of the VPC or instance itself (its endpoint, its internet gateway)", "from")
	return cmd
}

func writeExfil(w io.Writer, r *analysis.ExfilResult) {
	fmt.Fprintf(w, "exfiltration paths from %s (VPC %s, account %s)\n", r.Target, r.VPC, r.Account)
	if r.Route != "" {
		fmt.Fprintf(w, "route to S3: %s\n", r.Route)
	}
	writeAssumptions(w, r.Assumptions)
	fmt.Fprintf(w, "readable inside (%d):\n", len(r.Readable))
	for _, c := range r.Readable {
		fmt.Fprintf(w, "  %s on %s\n", c.Action, c.Resource)
	}
	for _, p := range r.Paths {
		state := "closed"
		if p.Open {
			state = "OPEN"
		}
		fmt.Fprintf(w, "%s: %s\n  witness: %s on %s as %s → %s\n  %s\n", state, p.Name,
			p.Witness.Action, p.Witness.Resource, p.Witness.Principal, render.Witness(p.Witness), p.Guardrail)
	}
	for _, c := range r.Caveats {
		fmt.Fprintf(w, "caveat: %s\n", c)
	}
	fmt.Fprintf(w, "%d of %d paths open\n", r.OpenPaths(), len(r.Paths))
	writeCompleteness(w, r.Completeness)
}
