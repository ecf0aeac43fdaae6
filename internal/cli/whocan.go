package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
)

func init() { register(newWhoCanCommand) }

type whoCanParams struct {
	analysisFlags
	showDenied bool
	maxChain   int
	failIfAny  bool
}

func newWhoCanCommand(env *environment) *cobra.Command {
	var p whoCanParams
	cmd := &cobra.Command{
		Use:   "whocan --model DIR [flags] ACTION RESOURCE",
		Short: "List every principal allowed to do ACTION on RESOURCE, with the allowing statement",
		Long: `List every IAM user and role of the model allowed to do ACTION on RESOURCE,
each with the statement that allowed it, and the principals that reach an
allowed role through AssumeRole chains (with the chain). --show-denied also
lists denied principals with what denied them.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkAction("ACTION", args[0]); err != nil {
				return err
			}
			if err := checkResource("RESOURCE", args[0], args[1]); err != nil {
				return err
			}
			a, err := p.analyzer("text", "json")
			if err != nil {
				return err
			}
			v, err := p.vantage()
			if err != nil {
				return err
			}
			res, err := a.WhoCan(args[0], args[1], analysis.WhoCanOptions{From: v, ShowDenied: p.showDenied, MaxChain: p.maxChain})
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, writeWhoCan); err != nil {
				return err
			}
			if p.failIfAny && len(res.Allowed)+len(res.ViaChain) > 0 {
				return withCode(ExitWarnings)
			}
			return nil
		},
	}
	p.register(cmd, "text", "json")
	cmd.Flags().BoolVar(&p.showDenied, "show-denied", false, "also list denied principals and the denying statement")
	cmd.Flags().IntVar(&p.maxChain, "max-chain", 3, "longest AssumeRole chain to follow")
	cmd.Flags().BoolVar(&p.failIfAny, "fail-if-any", false, "exit 3 when any principal is allowed (directly or through AssumeRole), for CI")
	return cmd
}

func writeWhoCan(w io.Writer, r *analysis.WhoCanResult) {
	fmt.Fprintf(w, "who can %s on %s", r.Action, r.Resource)
	if r.From != "" {
		fmt.Fprintf(w, " from %s", r.From)
	}
	fmt.Fprintln(w)
	writeAssumptions(w, r.Assumptions)
	fmt.Fprintf(w, "allowed (%d):\n", len(r.Allowed))
	for _, f := range r.Allowed {
		fmt.Fprintf(w, "  %s\n    %s\n", f.Principal, witnessLine(f.Witness))
	}
	if len(r.ViaChain) > 0 {
		fmt.Fprintf(w, "through AssumeRole (%d):\n", len(r.ViaChain))
		for _, f := range r.ViaChain {
			fmt.Fprintf(w, "  %s\n    %s\n", strings.Join(f.Chain, " → "), witnessLine(f.Witness))
		}
	}
	if len(r.Denied) > 0 {
		fmt.Fprintf(w, "denied (%d):\n", len(r.Denied))
		for _, f := range r.Denied {
			fmt.Fprintf(w, "  %s\n    %s\n", f.Principal, witnessLine(f.Witness))
		}
	}
	fmt.Fprintf(w, "%d principals in the model, %d evaluated\n", r.Principals, r.Evaluated)
	writeCompleteness(w, r.Completeness)
}
