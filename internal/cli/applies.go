package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// notApplicable hides flags that a command shares with its siblings but
// does not use, and refuses them when given: a flag accepted and then
// ignored reads as an answer to a question that was never asked (exfil
// --from answers for every vantage the VPC has, not the one given).
func notApplicable(cmd *cobra.Command, why string, names ...string) {
	for _, n := range names {
		if cmd.Flags().Lookup(n) != nil {
			_ = cmd.Flags().MarkHidden(n)
		}
	}
	chainPreRun(cmd, func(cmd *cobra.Command) error {
		return refuseFlags(cmd, why, names...)
	})
}

// refuseFlags is exit 2 when one of the named flags was given.
func refuseFlags(cmd *cobra.Command, why string, names ...string) error {
	var given []string
	for _, n := range names {
		if f := cmd.Flags().Lookup(n); f != nil && f.Changed {
			given = append(given, "--"+n)
		}
	}
	if len(given) == 0 {
		return nil
	}
	return badInput(fmt.Errorf("%s does not take %s: %s", cmd.Name(), strings.Join(given, ", "), why))
}

// chainPreRun runs check before the command's existing PreRunE, if any.
func chainPreRun(cmd *cobra.Command, check func(*cobra.Command) error) {
	prev := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if err := check(cmd); err != nil {
			return err
		}
		if prev != nil {
			return prev(cmd, args)
		}
		return nil
	}
}
