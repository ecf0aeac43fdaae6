package cli

import (
	"fmt"
	"maps"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/shardfile"
)

func init() { register(newMergeCommand) }

func newMergeCommand(env *environment) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "merge [--format F] SHARD.json...",
		Short: "Put together the shard documents of audit, graph or whocan --all-resources into the whole answer",
		Long: `Put together the documents that audit, graph and whocan --all-resources write
with --shard i/n into the answer the command gives without --shard, in any of
its formats, with its exit code (3 on audit findings, or with --fail-if-any).
Every shard 0..n-1 must be given exactly once, and all must ask the same
question (command, arguments, flags) of the same model (the digest of its
files); otherwise nothing is written and the exit code is 2.
docs/shards.md shows the shards run as a Kubernetes Indexed Job or an AWS
Batch array job.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := shardfile.Assemble(args)
			if err != nil {
				return badInput(err)
			}
			answer, err := shardfile.Merge(docs)
			if err != nil {
				return badInput(err)
			}
			h := docs[0].Head()
			var formatFlag *string
			if cmd.Flags().Changed("format") {
				formatFlag = &format
			}
			return replay(env, h, answer, formatFlag)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format, one the sharded command takes (default: the command's default, text)")
	return cmd
}

// replay runs the sharded command with the question's arguments and flags
// on the merged answer: it writes what the command writes unsharded, and
// returns its exit code.
func replay(env *environment, h *shardfile.Header, answer any, format *string) error {
	menv := &environment{stdin: env.stdin, stdout: env.stdout, stderr: env.stderr, merged: answer}
	var cmd *cobra.Command
	for _, c := range commands {
		if cc := c(menv); cc.Name() == h.Command {
			cmd = cc
		}
	}
	if cmd == nil || cmd.RunE == nil {
		return badInput(fmt.Errorf("merge: no command %q", h.Command))
	}
	fl := cmd.Flags()
	for _, name := range sortedKeys(h.Question.Flags) {
		if err := setFlag(fl, name, h.Question.Flags[name]); err != nil {
			return badInput(errcode.With(errcode.Shards, fmt.Errorf("merge: the shards' question: --%s: %w", name, err)))
		}
	}
	if format != nil {
		if err := fl.Set("format", *format); err != nil {
			return badInput(err)
		}
	}
	if err := cmd.ValidateArgs(h.Question.Args); err != nil {
		return badInput(errcode.With(errcode.Shards, fmt.Errorf("merge: the shards' question: %w", err)))
	}
	if cmd.PreRunE != nil {
		if err := cmd.PreRunE(cmd, h.Question.Args); err != nil {
			return err
		}
	}
	return cmd.RunE(cmd, h.Question.Args)
}

// setFlag gives a flag the values a shard recorded: a list flag all of
// them as they were (no CSV splitting again), any other its one value.
func setFlag(fl *pflag.FlagSet, name string, values []string) error {
	f := fl.Lookup(name)
	if f == nil || notWithShard[name] {
		return fmt.Errorf("the command has no such flag")
	}
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		if err := sv.Replace(values); err != nil {
			return err
		}
		f.Changed = true
		return nil
	}
	if len(values) != 1 {
		return fmt.Errorf("expected one value, found %d", len(values))
	}
	return fl.Set(name, values[0])
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
