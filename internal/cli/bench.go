package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/policy"
)

func init() { register(newBenchCommand) }

type benchParams struct {
	paths    []string
	duration time.Duration
}

func newBenchCommand(env *environment) *cobra.Command {
	var p benchParams
	cmd := &cobra.Command{
		Use:   "bench [flags] PATH...",
		Short: "Measure how fast the cases of case files are decided",
		Long: `Measure the cost of deciding each case of the given case files (policies
compiled once, the request evaluated in a loop, tracing off), and report it as
nanoseconds per decision and as a ratio against a baseline measured in the
same run: one identity policy with one unconditional statement.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.paths = args
			if p.duration <= 0 {
				return badInput(fmt.Errorf("--time must be positive, got %s", p.duration))
			}
			return runBench(p, env.stdout)
		},
	}
	cmd.Flags().DurationVar(&p.duration, "time", 200*time.Millisecond, "how long to measure each case")
	return cmd
}

func runBench(p benchParams, w io.Writer) error {
	cases, _, err := caserun.Load(p.paths)
	if err != nil {
		return badInput(err)
	}
	run := caserun.New(time.Time{})
	base, err := run.Decide(baselineCase())
	if err != nil {
		return err
	}
	baseNs := measure(base.Decided, p.duration)
	fmt.Fprintf(w, "baseline (one statement): %.0f ns/decision\n", baseNs)
	for _, c := range cases {
		d, err := run.Decide(c)
		if err != nil {
			return badInput(err)
		}
		ns := measure(d.Decided, p.duration)
		fmt.Fprintf(w, "%s: %.0f ns/decision, %.2f M decisions/s, %.1f× baseline\n", c.Name, ns, 1e3/ns, ns/baseNs)
	}
	return nil
}

// baselineCase is one identity policy with one unconditional statement.
func baselineCase() *casefile.Case {
	p, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`),
		policy.Source{File: "baseline", Kind: policy.Identity})
	if err != nil {
		panic(err) // a constant document
	}
	alice, err := arn.ParsePrincipal("arn:aws:iam::111111111111:user/alice")
	if err != nil {
		panic(err)
	}
	return &casefile.Case{Name: "baseline", Policies: eval.PolicySet{Identity: []*policy.Policy{p}},
		Request: eval.RequestInput{Principal: alice, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}}
}

// measure evaluates a decided case's request again, in batches, until d
// has passed, and returns ns per decision.
func measure(dc *eval.Decided, d time.Duration) float64 {
	p, r := dc.Prepared, dc.Request
	n := 0
	start := time.Now()
	for time.Since(start) < d {
		for i := 0; i < 1000; i++ {
			p.Evaluate(r)
		}
		n += 1000
	}
	return float64(time.Since(start).Nanoseconds()) / float64(n)
}
