package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/model/synth"
)

func init() { register(newSynthCommand) }

type synthParams struct {
	out       string
	accounts  int
	seed      uint64
	roles     int
	instances int
}

func newSynthCommand(env *environment) *cobra.Command {
	var p synthParams
	cmd := &cobra.Command{
		Use:   "synth --accounts N --out DIR [--seed S]",
		Short: "Write a synthetic organization as AWS CLI output files, to try Sekisho at scale",
		Long: `Write a deterministic synthetic organization into DIR, in the layout that
sekisho collect writes (docs/collect-layout.md): Organizations answers with an
OU tree whose OUs attach a region lock and an instance-credentials pin, each
account's get-account-authorization-details (roles with the AWS managed
policies ReadOnlyAccess, PowerUserAccess and AdministratorAccess, cross-account
trusts from a tooling account), buckets with bucket policies, and a VPC with an
internet gateway, an S3 endpoint and instances. The same flags give the same
bytes. Then: sekisho audit --model DIR.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := p.check(); err != nil {
				return err
			}
			cfg := synth.Config{Seed: p.seed, Accounts: p.accounts, RolesPerAccount: p.roles, InstancesPerVPC: p.instances}
			if err := synth.WriteAWSCLI(p.out, cfg); err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "wrote a synthetic organization of %d accounts (seed %d) to %s\n", p.accounts, p.seed, p.out)
			return nil
		},
	}
	cmd.Flags().StringVar(&p.out, "out", "", "directory to write (must not exist or be empty)")
	cmd.Flags().IntVar(&p.accounts, "accounts", 10, "member accounts (1 to 10000)")
	cmd.Flags().Uint64Var(&p.seed, "seed", 1, "seed: the same seed gives the same files")
	cmd.Flags().IntVar(&p.roles, "roles", 20, "roles per account (1 to 1000)")
	cmd.Flags().IntVar(&p.instances, "instances", 2, "instances per account (1 to 1000)")
	return cmd
}

// check bounds the sizes and refuses to write into a directory that
// already holds files: mixed with another organization, the model would
// answer for neither.
func (p synthParams) check() error {
	switch {
	case p.out == "":
		return badInput(fmt.Errorf("--out DIR is required"))
	case p.accounts < 1 || p.accounts > 10000:
		return badInput(fmt.Errorf("--accounts %d: expected 1 to 10000", p.accounts))
	case p.roles < 1 || p.roles > 1000:
		return badInput(fmt.Errorf("--roles %d: expected 1 to 1000", p.roles))
	case p.instances < 1 || p.instances > 1000:
		return badInput(fmt.Errorf("--instances %d: expected 1 to 1000", p.instances))
	}
	entries, err := firstEntry(p.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return badInput(fmt.Errorf("--out %s: %w", p.out, err))
	case len(entries) > 0:
		return badInput(fmt.Errorf("--out %s is not empty: write a synthetic organization into a new directory", p.out))
	}
	return nil
}

// firstEntry reads at most one entry of dir: whether it is empty needs no
// more, and a directory of millions of entries is not listed whole.
func firstEntry(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	entries, err := f.ReadDir(1)
	if errors.Is(err, io.EOF) {
		err = nil
	}
	return entries, err
}
