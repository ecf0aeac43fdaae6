package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/guardrail"
)

func init() { register(newGuardrailCommand) }

type guardrailParams struct {
	name   string
	params []string // k=v as given
	tests  bool
	list   bool
}

func newGuardrailCommand(env *environment) *cobra.Command {
	var p guardrailParams
	cmd := &cobra.Command{
		Use:   "guardrail NAME [--param KEY=VALUE]... [--tests] | guardrail --list",
		Short: "Print a recommended guardrail policy, or the cases it must allow and deny",
		Long: `Print the policy of a recommended guardrail, ready to deploy, as indented JSON.
With --tests, print instead a case file (YAML) of the requests the policy must
allow and deny, with every policy they need; "sekisho test FILE" runs it.
--list shows every guardrail and its parameters.`,
		Example: `  sekisho guardrail region-lock --param regions=ap-northeast-1
  sekisho guardrail instance-credentials-pin --param key=both --tests > pin.yaml && sekisho test pin.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				p.name = args[0]
			}
			return runGuardrail(p, env.stdout)
		},
	}
	cmd.Flags().StringArrayVar(&p.params, "param", nil, "a parameter as KEY=VALUE (repeatable; lists are comma-separated)")
	cmd.Flags().BoolVar(&p.tests, "tests", false, "print the generated case suite (YAML) instead of the policy")
	cmd.Flags().BoolVar(&p.list, "list", false, "list the guardrails and their parameters")
	return cmd
}

func runGuardrail(p guardrailParams, stdout io.Writer) error {
	if p.list {
		if p.name != "" || len(p.params) > 0 || p.tests {
			return badInput(fmt.Errorf("--list takes no guardrail name, --param or --tests"))
		}
		writeGuardrailList(stdout)
		return nil
	}
	if p.name == "" {
		return badInput(fmt.Errorf("expected a guardrail name: one of %s (--list describes them)", strings.Join(guardrail.Names(), ", ")))
	}
	params, err := parseGuardrailParams(p.params)
	if err != nil {
		return badInput(err)
	}
	r, err := guardrail.Generate(p.name, params)
	if err != nil {
		return badInput(err)
	}
	if p.tests {
		_, err = stdout.Write(r.SuiteYAML())
	} else {
		_, err = stdout.Write(r.Policy.JSON())
	}
	return err
}

// parseGuardrailParams reads KEY=VALUE pairs; a key given twice is an error.
func parseGuardrailParams(pairs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("--param %q: expected KEY=VALUE, such as regions=ap-northeast-1", kv)
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("--param %s given twice: give a list as one comma-separated value", k)
		}
		out[k] = v
	}
	return out, nil
}

func writeGuardrailList(w io.Writer) {
	for i, g := range guardrail.All() {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n  %s\n  %s\n", g.Name, g.Summary, g.Doc)
		for _, p := range g.Params {
			fmt.Fprintf(w, "  --param %s=%s\n", p.Name, paramShape(p))
			fmt.Fprintf(w, "      %s%s\n", p.Help, paramDefault(p))
		}
	}
}

func paramShape(p guardrail.Param) string {
	switch {
	case len(p.Choices) > 0:
		return strings.Join(p.Choices, "|")
	case p.List:
		return "VALUE[,VALUE...]"
	}
	return "VALUE"
}

func paramDefault(p guardrail.Param) string {
	if p.Default == "" {
		return ""
	}
	return " (default " + p.Default + ")"
}
