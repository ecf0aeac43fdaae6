package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/modeldiff"
)

// runModelDiff compares two models: sekisho diff --model BEFORE --model-after AFTER.
func runModelDiff(env *environment, p diffParams, cmd *cobra.Command, args []string) error {
	if p.before == "" || p.after == "" {
		return badInput(fmt.Errorf("diff of two models needs both --model BEFORE and --model-after AFTER"))
	}
	if len(args) > 0 {
		return badInput(fmt.Errorf("diff --model compares the two models: OLD and NEW (%v) do not apply", args))
	}
	for _, name := range []string{"kind", "principal"} {
		if cmd.Flags().Changed(name) {
			return badInput(fmt.Errorf("--%s does not apply to a diff of two models", name))
		}
	}
	if err := checkDiffFlags(p); err != nil {
		return err
	}
	before, err := load.Load(p.before, load.Options{AWSManagedDir: p.awsManaged})
	if err != nil {
		return badInput(err)
	}
	after, err := load.Load(p.after, load.Options{AWSManagedDir: p.awsManaged})
	if err != nil {
		return badInput(err)
	}
	return compareModels(env, p, before, after, "model "+p.before+" → model "+p.after)
}

// compareModels answers for two loaded models (diff --model, plan --model).
func compareModels(env *environment, p diffParams, before, after *model.Model, what string) error {
	in := modeldiff.Input{Before: before, After: after, Both: p.both, Now: p.now.t}
	rep, err := modeldiff.Compare(in)
	if err != nil {
		return badInput(err)
	}
	var granted []diff.Change
	if len(p.mustNotGrant) > 0 {
		// what the after model grants of those actions at all: compared with nothing
		in.Before, in.Both, in.Actions = nil, false, p.mustNotGrant
		r, err := modeldiff.Compare(in)
		if err != nil {
			return badInput(err)
		}
		rep.Undecided = append(rep.Undecided, r.Undecided...)
		granted = r.Added
	}
	return writeDiff(env, p, diffOutput{SchemaVersion: 1, Compared: what, Report: rep, ForbiddenGranted: granted})
}
