package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/result"
)

func init() { register(newEvalCommand) }

type evalParams struct {
	format string
	name   string
	file   string
	now    nowFlag
	model  modelQueryFlags // --model mode (model_eval.go)
}

func newEvalCommand(env *environment) *cobra.Command {
	var p evalParams
	cmd := &cobra.Command{
		Use:   "eval [flags] CASE_FILE | eval --model DIR --principal ARN --action A --resource R [--from VANTAGE] [--context k=v]...",
		Short: "Evaluate the request of a case file and explain the decision",
		Long: `Evaluate the request of a case file against every policy it lists, as AWS
would, and explain the decision: which statement of which policy allowed or
denied it, and the outcome of every other statement. A file with several
cases evaluates each (or only --case NAME).

With --model, evaluate one request against an organization model instead
(docs/model.md): the policies that apply are gathered from the model, from
the principal's credentials, the resource and the vantage point.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(p.format, "text", "json"); err != nil {
				return err
			}
			if p.model.dir != "" {
				if err := refuseFlags(cmd, "it evaluates the cases of a CASE_FILE, and --model asks the model instead", "case"); err != nil {
					return err
				}
				if len(args) > 0 {
					return badInput(fmt.Errorf("eval --model takes no CASE_FILE argument, got %q", args[0]))
				}
				return runModelEval(p.format, p.model, p.now.t, env.stdout)
			}
			if err := refuseFlags(cmd, "these flags ask a question of an organization model and need --model DIR",
				"principal", "action", "resource", "from", "context", "aws-managed-policies"); err != nil {
				return err
			}
			if len(args) != 1 {
				return badInput(fmt.Errorf("eval expects one CASE_FILE argument (or --model DIR with --principal, --action, --resource), got %d", len(args)))
			}
			p.file = args[0]
			return runEval(p, env.stdout)
		},
	}
	p.model.register(cmd, true)
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text or json")
	cmd.Flags().StringVar(&p.name, "case", "", "evaluate only the case with this name")
	cmd.Flags().Var(&p.now, "now", "the request time for aws:CurrentTime and aws:EpochTime when a case does not give them (RFC 3339; default: the clock)")
	return cmd
}

func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return badInput(fmt.Errorf("unknown --format %q: expected one of %v", got, allowed))
}

func runEval(p evalParams, stdout io.Writer) error {
	cases, err := casefile.Load(p.file)
	if err != nil {
		return badInput(err)
	}
	if p.name != "" {
		cases = selectCase(cases, p.name)
		if len(cases) == 0 {
			return badInput(fmt.Errorf("%s: no case named %q", p.file, p.name))
		}
	}
	outs, failed, err := result.EvalCases(caserun.New(p.now.t), cases)
	if err != nil {
		return badInput(err)
	}
	if err := writeEvalOutputs(stdout, p.format, outs); err != nil {
		return err
	}
	if failed > 0 {
		// A case whose expect fails is a failing test case, as in sekisho test.
		return &exitError{code: ExitFindings, err: fmt.Errorf("%d of %d cases did not get the expected decision", failed, len(outs))}
	}
	return nil
}

func writeEvalOutputs(stdout io.Writer, format string, outs []result.Eval) error {
	if format == "json" {
		return writeJSON(stdout, outs)
	}
	for i, o := range outs {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if o.Route != "" {
			fmt.Fprintf(stdout, "case %s\nprincipal: %s\nroute: %s\n", o.Name, o.Principal, o.Route)
			render.Explanation(stdout, "", o.Explanation, o.Expect)
			continue
		}
		render.Explanation(stdout, o.Name, o.Explanation, o.Expect)
	}
	return nil
}

func writeJSON(w io.Writer, outs []result.Eval) error {
	if len(outs) == 1 {
		return render.JSON(w, outs[0])
	}
	return render.JSON(w, outs)
}

func selectCase(cases []*casefile.Case, name string) []*casefile.Case {
	for _, c := range cases {
		if c.Name == name {
			return []*casefile.Case{c}
		}
	}
	return nil
}

// nowFlag is a --now time in RFC 3339.
type nowFlag struct{ t time.Time }

func (f *nowFlag) String() string {
	if f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *nowFlag) Set(s string) error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return fmt.Errorf("expected a time such as 2026-01-31T12:00:00Z, got %q", s)
	}
	f.t = t
	return nil
}

func (f *nowFlag) Type() string { return "time" }
