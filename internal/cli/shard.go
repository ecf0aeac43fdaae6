package cli

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/shard"
	"github.com/sekisho/sekisho/internal/shardfile"
)

// notWithShard are the flags a question is recorded without.
var notWithShard = map[string]bool{"shard": true, "format": true, "model": true, "aws-managed-policies": true}

// registerShard adds --shard to a command whose answer can be split.
func (f *analysisFlags) registerShard(cmd *cobra.Command, units string) {
	cmd.Flags().StringVar(&f.shardSpec, "shard", "", "answer for shard INDEX/COUNT of the "+units+" (0-based, e.g. $JOB_COMPLETION_INDEX/8) and write a shard document for sekisho merge (docs/shards.md)")
}

// parseShard reads --shard; with it, the answer is a shard document,
// always JSON: the format is chosen when the shards are merged.
func (f *analysisFlags) parseShard(cmd *cobra.Command) error {
	if f.shardSpec == "" {
		return nil
	}
	s, err := shard.Parse(f.shardSpec)
	if err != nil {
		return badInput(fmt.Errorf("--shard: %w", err))
	}
	if cmd.Flags().Changed("format") && f.format != "json" {
		return badInput(fmt.Errorf("--shard writes a shard document (JSON); give --format %s to sekisho merge instead", f.format))
	}
	// Shards run at different moments: without one time for all, a
	// condition on aws:CurrentTime could be decided differently in two
	// parts of one answer.
	if f.now.t.IsZero() {
		return badInput(fmt.Errorf("--shard needs --now: every shard must answer at the same time (take it once for the whole job, e.g. --now $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ))"))
	}
	f.part = s
	return nil
}

// answerOf computes a shardable command's answer, or takes the one sekisho
// merge put together. With --shard it writes the shard document instead,
// and done is true.
func answerOf[T any](env *environment, cmd *cobra.Command, args []string, f *analysisFlags, compute func() (*T, error)) (res *T, done bool, err error) {
	if env.merged != nil {
		r, ok := env.merged.(*T)
		if !ok {
			return nil, false, fmt.Errorf("internal error: merged answer of type %T for %s", env.merged, cmd.Name())
		}
		return r, false, nil
	}
	if err := f.parseShard(cmd); err != nil {
		return nil, false, err
	}
	res, err = compute()
	if err != nil || f.shardSpec == "" {
		return res, false, err
	}
	h, err := f.header(cmd, args)
	if err != nil {
		return nil, false, err
	}
	return nil, true, render.JSON(env.stdout, struct {
		shardfile.Header
		Answer *T `json:"answer"`
	}{h, res})
}

// header describes the shard being written.
func (f *analysisFlags) header(cmd *cobra.Command, args []string) (shardfile.Header, error) {
	id, err := shardfile.Digest(f.dir, f.awsManaged)
	if err != nil {
		return shardfile.Header{}, badInput(err)
	}
	q := shardfile.Question{Args: append([]string{}, args...), Flags: map[string][]string{}}
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		if notWithShard[fl.Name] {
			return
		}
		if sv, ok := fl.Value.(pflag.SliceValue); ok {
			q.Flags[fl.Name] = append([]string{}, sv.GetSlice()...)
		} else {
			q.Flags[fl.Name] = []string{fl.Value.String()}
		}
	})
	return shardfile.Header{SchemaVersion: shardfile.SchemaVersion, Command: cmd.Name(), Question: q, Model: id,
		Shard: shardfile.Part{Index: f.part.Index, Count: f.part.Count, Split: shardfile.Split}}, nil
}
