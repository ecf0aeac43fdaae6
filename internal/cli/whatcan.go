package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/model"
)

func init() { register(newWhatCanCommand) }

type whatCanParams struct {
	analysisFlags
	service   string
	failIfAny bool
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
			creds, err := model.ParseCredentials(args[0])
			if err != nil {
				return badInput(err)
			}
			v, err := p.vantage()
			if err != nil {
				return err
			}
			res, err := a.WhatCan(creds, analysis.WhatCanOptions{From: v, Service: p.service})
			if err != nil {
				return badInput(err)
			}
			if err := writeResult(env.stdout, p.format, res, writeWhatCan); err != nil {
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
	return cmd
}

func writeWhatCan(w io.Writer, r *analysis.WhatCanResult) {
	fmt.Fprintf(w, "what %s can do", r.Principal)
	if r.Credentials != "" {
		fmt.Fprintf(w, " with %s", r.Credentials)
	}
	if r.From != "" {
		fmt.Fprintf(w, " from %s", r.From)
	}
	fmt.Fprintln(w)
	writeAssumptions(w, r.Assumptions)
	for _, g := range r.Groups {
		fmt.Fprintf(w, "%s — %s (%d)\n", g.Service, g.Access, len(g.Capabilities))
		for _, c := range g.Capabilities {
			by := ""
			if c.Statement != nil {
				by = "  by " + c.Statement.String()
			}
			fmt.Fprintf(w, "  %s on %s%s\n", c.Action, c.Resource, by)
		}
	}
	fmt.Fprintf(w, "%d allowed of %d evaluated\n", r.Allowed, r.Evaluated)
	writeCompleteness(w, r.Completeness)
}
