package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/shard"
)

// analysisFlags are the flags every organization-wide question shares.
type analysisFlags struct {
	modelQueryFlags
	format string
	now    nowFlag
	// shardSpec is --shard INDEX/COUNT, part what it says (registerShard).
	shardSpec string
	part      shard.Shard
}

func (f *analysisFlags) register(cmd *cobra.Command, formats ...string) {
	f.modelQueryFlags.register(cmd, false)
	cmd.Flags().StringVar(&f.format, "format", "text", "output format: "+strings.Join(formats, ", "))
	cmd.Flags().Var(&f.now, "now", "the request time for aws:CurrentTime (RFC 3339; default: the clock)")
}

// analyzer loads the model and applies the --context assumptions.
func (f *analysisFlags) analyzer(formats ...string) (*analysis.Analyzer, error) {
	if err := checkFormat(f.format, formats...); err != nil {
		return nil, err
	}
	if f.dir == "" {
		return nil, badInput(fmt.Errorf("--model DIR is required"))
	}
	ctx, err := contextFlags(f.context)
	if err != nil {
		return nil, err
	}
	if err := checkContextKeys(ctx); err != nil {
		return nil, err
	}
	m, err := f.load()
	if err != nil {
		return nil, err
	}
	a := analysis.New(m)
	a.Assume, a.Now, a.Shard = ctx, f.now.t, f.part
	return a, nil
}

// writeResult writes an answer as JSON, or as text with writeText.
func writeResult[T any](w io.Writer, format string, v T, writeText func(io.Writer, T)) error {
	if format == "json" {
		return render.JSON(w, v)
	}
	writeText(w, v)
	return nil
}

func writeAssumptions(w io.Writer, as []string) {
	if len(as) > 0 {
		fmt.Fprintf(w, "assuming: %s\n", strings.Join(as, ", "))
	}
}
