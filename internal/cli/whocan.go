package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
)

func init() { register(newWhoCanCommand) }

type whoCanParams struct {
	analysisFlags
	showDenied bool
	maxChain   int
	failIfAny  bool
	layout     layoutFlags
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
			if err := p.layout.check(); err != nil {
				return err
			}
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
			showProgress(a, env.stderr)
			v, err := p.vantage()
			if err != nil {
				return err
			}
			owner, err := p.owner()
			if err != nil {
				return err
			}
			res, err := a.WhoCan(args[0], args[1], analysis.WhoCanOptions{From: v, ShowDenied: p.showDenied, MaxChain: p.maxChain, ResourceAccount: owner})
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, p.layout.whoCan); err != nil {
				return err
			}
			if p.failIfAny && len(res.Allowed)+len(res.ViaChain) > 0 {
				return withCode(ExitWarnings)
			}
			return nil
		},
	}
	p.register(cmd, "text", "json")
	p.registerResourceAccount(cmd)
	cmd.Flags().BoolVar(&p.showDenied, "show-denied", false, "also list denied principals and the denying statement")
	cmd.Flags().IntVar(&p.maxChain, "max-chain", 3, "longest AssumeRole chain to follow")
	cmd.Flags().BoolVar(&p.failIfAny, "fail-if-any", false, "exit 3 when any principal is allowed (directly or through AssumeRole), for CI")
	p.layout.register(cmd)
	return cmd
}

func (l layoutFlags) whoCan(w io.Writer, r *analysis.WhoCanResult) {
	fmt.Fprintf(w, "who can %s on %s", r.Action, r.Resource)
	if r.From != "" {
		fmt.Fprintf(w, " from %s", r.From)
	}
	fmt.Fprintln(w)
	writeAssumptions(w, r.Assumptions)
	writeWhoCanSummary(w, r)
	fmt.Fprintf(w, "allowed (%d):\n", len(r.Allowed))
	l.writeEntries(w, "  ", findingEntries(r.Allowed, false))
	if len(r.ViaChain) > 0 {
		fmt.Fprintf(w, "through AssumeRole (%d):\n", len(r.ViaChain))
		l.writeEntries(w, "  ", findingEntries(r.ViaChain, true))
	}
	if len(r.Denied) > 0 {
		fmt.Fprintf(w, "denied (%d):\n", len(r.Denied))
		l.writeEntries(w, "  ", findingEntries(r.Denied, false))
	}
	fmt.Fprintf(w, "%d principals in the model, %d evaluated\n", r.Principals, r.Evaluated)
	writeCompleteness(w, r.Completeness)
}

func findingEntries(fs []analysis.Finding, chain bool) []entry {
	es := make([]entry, len(fs))
	for i, f := range fs {
		who := f.Principal
		if chain && len(f.Chain) > 0 {
			who = strings.Join(f.Chain, " → ")
		}
		es[i] = entry{account: accountOf(firstOf(f.Chain, f.Principal)), write: func(w io.Writer) {
			fmt.Fprintf(w, "  %s\n    %s\n", who, render.Witness(f.Witness))
		}}
	}
	return es
}

func firstOf(chain []string, principal string) string {
	if len(chain) > 0 {
		return chain[0]
	}
	return principal
}
