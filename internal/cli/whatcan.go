package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
)

func init() { register(newWhatCanCommand) }

type whatCanParams struct {
	analysisFlags
	service      string
	failIfAny    bool
	followAssume bool
	depth        int
	maxCaps      int
	layout       layoutFlags
}

// registerFollow adds --follow-assume and --depth; leak follows by default.
func (p *whatCanParams) registerFollow(cmd *cobra.Command, byDefault bool) {
	cmd.Flags().BoolVar(&p.followAssume, "follow-assume", byDefault, "also report what the roles the principal can assume (and their chains) may do")
	cmd.Flags().IntVar(&p.depth, "depth", 3, "longest AssumeRole chain to follow")
	cmd.Flags().IntVar(&p.maxCaps, "max-capabilities", analysis.DefaultMaxCapabilities, "refuse the question (exit 2) when the AssumeRole chains yield more capabilities than this (leak: counted at each place)")
}

func (p *whatCanParams) options(v model.Vantage) (analysis.WhatCanOptions, error) {
	if err := p.layout.check(); err != nil {
		return analysis.WhatCanOptions{}, err
	}
	if p.depth < 1 || p.depth > 10 {
		return analysis.WhatCanOptions{}, badInput(fmt.Errorf("--depth %d: expected 1 to 10 hops", p.depth))
	}
	if p.maxCaps < 1 {
		return analysis.WhatCanOptions{}, badInput(fmt.Errorf("--max-capabilities %d: expected at least 1", p.maxCaps))
	}
	return analysis.WhatCanOptions{From: v, Service: p.service, FollowAssume: p.followAssume, Depth: p.depth, MaxCapabilities: p.maxCaps}, nil
}

func newWhatCanCommand(env *environment) *cobra.Command {
	var p whatCanParams
	cmd := &cobra.Command{
		Use:   "whatcan --model DIR [flags] PRINCIPAL",
		Short: "List every action on every model resource the principal is allowed, by service and access level",
		Long: `List every action (from the built-in service reference) that PRINCIPAL is
allowed on every resource of the model, and on "*" (any resource, including
those the model does not list), grouped by service and access level.
PRINCIPAL is a principal ARN or credentials: access-key:AKIA...,
instance-profile:i-...[:v1], role-session:ROLE-ARN[:NAME].`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkService("--service", p.service); err != nil {
				return err
			}
			a, err := p.analyzer("text", "json")
			if err != nil {
				return err
			}
			defer showProgress(a, env.stderr)() // AssumeRole chains across an organization take a while
			creds, err := model.ParseCredentials(args[0])
			if err != nil {
				return badInput(err)
			}
			v, err := p.vantage()
			if err != nil {
				return err
			}
			opt, err := p.options(v)
			if err != nil {
				return err
			}
			res, err := a.WhatCan(creds, opt)
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, p.layout.whatCan); err != nil {
				return err
			}
			if p.failIfAny && res.Allowed > 0 {
				return withCode(ExitWarnings)
			}
			return nil
		},
	}
	p.register(cmd, "text", "json")
	cmd.Flags().StringVar(&p.service, "service", "", "only this service prefix, such as s3")
	cmd.Flags().BoolVar(&p.failIfAny, "fail-if-any", false, "exit 3 when any action is allowed, for CI")
	p.registerFollow(cmd, false)
	p.layout.register(cmd)
	return cmd
}

func (l layoutFlags) whatCan(w io.Writer, r *analysis.WhatCanResult) {
	fmt.Fprintf(w, "what %s can do", r.Principal)
	if r.Credentials != "" {
		fmt.Fprintf(w, " with %s", r.Credentials)
	}
	if r.From != "" {
		fmt.Fprintf(w, " from %s", r.From)
	}
	fmt.Fprintln(w)
	writeAssumptions(w, r.Assumptions)
	writeWhatCanSummary(w, r)
	l.writeGroups(w, "", r.Groups)
	fmt.Fprintf(w, "%d allowed of %d evaluated\n", r.Allowed, r.Evaluated)
	if len(r.ViaAssumeRole) > 0 {
		fmt.Fprintf(w, "through AssumeRole (%d roles):\n", len(r.ViaAssumeRole))
		for _, re := range r.ViaAssumeRole {
			by := ""
			if re.Statement != nil {
				by = " (assumed by " + re.Statement.String() + ")"
			}
			fmt.Fprintf(w, "  %s%s: %d allowed\n", strings.Join(re.Chain, " → "), by, re.Allowed)
			l.writeGroups(w, "    ", re.Groups)
		}
	}
	writeCompleteness(w, r.Completeness)
}

func (l layoutFlags) writeGroups(w io.Writer, indent string, groups []analysis.AccessGroup) {
	for _, g := range groups {
		fmt.Fprintf(w, "%s%s — %s (%d)\n", indent, g.Service, g.Access, len(g.Capabilities))
		es := make([]entry, len(g.Capabilities))
		for i, c := range g.Capabilities {
			by := ""
			if c.Statement != nil {
				by = "  by " + c.Statement.String()
			}
			es[i] = entry{account: accountOf(c.Resource), write: func(w io.Writer) {
				fmt.Fprintf(w, "%s  %s on %s%s\n", indent, c.Action, c.Resource, by)
			}}
		}
		l.writeEntries(w, indent+"  ", es)
	}
}
