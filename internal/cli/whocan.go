package cli

import (
	"fmt"
	"io"
	"slices"
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
	// allResources asks the question of every resource the action acts on.
	allResources bool
}

func newWhoCanCommand(env *environment) *cobra.Command {
	var p whoCanParams
	cmd := &cobra.Command{
		Use:   "whocan --model DIR [flags] ACTION RESOURCE | --all-resources ACTION",
		Short: "List every principal allowed to do ACTION on RESOURCE, with the allowing statement",
		Long: `List every IAM user and role of the model allowed to do ACTION on RESOURCE,
each with the statement that allowed it, and the principals that reach an
allowed role through AssumeRole chains (with the chain). --show-denied also
lists denied principals with what denied them.
--all-resources asks it of every resource of the model that ACTION acts on
(its buckets and their objects, queues, keys, roles, users, instances...):
the matrix of one action, which --shard splits by resource (docs/shards.md).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if p.allResources {
				return cobra.ExactArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := p.layout.check(); err != nil {
				return err
			}
			if err := checkAction("ACTION", args[0]); err != nil {
				return err
			}
			if p.allResources {
				return p.runAll(env, cmd, args)
			}
			if p.shardSpec != "" {
				return badInput(fmt.Errorf("--shard splits whocan --all-resources by resource; one whocan question is one unit"))
			}
			if err := checkResource("RESOURCE", args[0], args[1]); err != nil {
				return err
			}
			a, err := p.analyzer("text", "json")
			if err != nil {
				return err
			}
			defer showProgress(a, env.stderr)()
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
	cmd.Flags().BoolVar(&p.allResources, "all-resources", false, "ask of every resource of the model that ACTION acts on: one answer per resource")
	p.registerShard(cmd, "resources (with --all-resources)")
	return cmd
}

// runAll answers whocan --all-resources.
func (p *whoCanParams) runAll(env *environment, cmd *cobra.Command, args []string) error {
	if p.resourceAccount != "" {
		return badInput(fmt.Errorf("--all-resources asks of the model's own resources, whose owners it knows: --resource-account does not apply"))
	}
	res, done, err := answerOf(env, cmd, args, &p.analysisFlags, func() (*analysis.WhoCanMatrix, error) {
		a, err := p.analyzer("text", "json")
		if err != nil {
			return nil, err
		}
		defer showProgress(a, env.stderr)()
		v, err := p.vantage()
		if err != nil {
			return nil, err
		}
		res, err := a.WhoCanAll(args[0], analysis.WhoCanOptions{From: v, ShowDenied: p.showDenied, MaxChain: p.maxChain})
		if err != nil {
			return nil, badInput(err)
		}
		return res, nil
	})
	if done || err != nil {
		return err
	}
	if err := checkFormat(p.format, "text", "json"); err != nil {
		return err
	}
	if err := writeResult(env.stdout, p.format, res, p.layout.whoCanAll); err != nil {
		return err
	}
	if p.failIfAny && slices.ContainsFunc(res.Resources, func(r analysis.WhoCanResult) bool { return len(r.Allowed)+len(r.ViaChain) > 0 }) {
		return withCode(ExitWarnings)
	}
	return nil
}

// whoCanAll writes the matrix: one line per resource first, then each
// resource's answer.
func (l layoutFlags) whoCanAll(w io.Writer, m *analysis.WhoCanMatrix) {
	fmt.Fprintf(w, "who can %s on each of %d resources of the model (types: %s)", m.Action, len(m.Resources), strings.Join(m.ResourceTypes, ", "))
	if m.From != "" {
		fmt.Fprintf(w, " from %s", m.From)
	}
	fmt.Fprintln(w)
	writeAssumptions(w, m.Assumptions)
	for _, r := range m.Resources {
		fmt.Fprintf(w, "  %s: %d allowed", r.Resource, len(r.Allowed))
		if len(r.ViaChain) > 0 {
			fmt.Fprintf(w, ", %d through AssumeRole", len(r.ViaChain))
		}
		if !r.Completeness.Empty() {
			fmt.Fprint(w, " (not all decided)")
		}
		fmt.Fprintln(w)
	}
	for i := range m.Resources {
		fmt.Fprintln(w)
		l.whoCan(w, &m.Resources[i])
	}
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
