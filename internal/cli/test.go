package cli

import (
	"bufio"
	"fmt"
	"io"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/render"
	"github.com/sekisho/sekisho/internal/result"
)

func init() { register(newTestCommand) }

type testParams struct {
	format  string
	verbose bool
	paths   []string
	now     nowFlag
}

func newTestCommand(env *environment) *cobra.Command {
	var p testParams
	cmd := &cobra.Command{
		Use:   "test [flags] PATH...",
		Short: "Run every case with an expected decision in the given files and directories",
		Long: `Run every case that has "expect" in the given case files and, recursively,
in the .json, .yaml and .yml files of the given directories (files in a
directory that hold a policy document rather than cases are skipped: they
are the policies that cases refer to). Each failure is printed with its
explanation, then the line "N passed, N failed". Exit code 1 when a case
fails, 2 when a file cannot be read.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p.paths = args
			if err := checkFormat(p.format, "text", "json", "junit"); err != nil {
				return err
			}
			return runTest(p, env.stdout)
		},
	}
	cmd.Flags().StringVar(&p.format, "format", "text", "output format: text, json or junit")
	cmd.Flags().BoolVarP(&p.verbose, "verbose", "v", false, "list passing cases too")
	cmd.Flags().Var(&p.now, "now", "the request time for aws:CurrentTime and aws:EpochTime when a case does not give them (RFC 3339; default: the clock)")
	return cmd
}

func runTest(p testParams, stdout io.Writer) error {
	awsref.Preload() // checking the first case needs it: decode it while the file is read
	defer batchGC()()
	results, files, err := runCases(p.paths, caserun.New(p.now.t))
	if err != nil {
		return badInput(err)
	}
	passed, failed := result.Count(results)
	// One write per case (--verbose) or per line of an explanation would be
	// a system call each: the report is buffered and written at the end.
	out := bufio.NewWriter(stdout)
	err = writeTestReport(out, p, results, passed, failed)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return withCode(ExitFindings)
	}
	if passed == 0 {
		// PRODUCT.md: a run that executed no test case is a failure, not a pass.
		return &exitError{code: ExitFindings, err: fmt.Errorf("no test case was run: %s", noCaseReason(files, results))}
	}
	return nil
}

// runCases decides every case of paths in order, each as soon as it is
// read. The report keeps of a decided case only its name, place and
// expectation, so its parse tree, policies and compiled documents are
// garbage soon after it is read. One goroutine reads the file while
// GOMAXPROCS others build and decide its cases (caserun.EachConcurrent);
// the report and the error are those of deciding them one at a time.
func runCases(paths []string, run *caserun.Runner) ([]result.Outcome, []string, error) {
	var results []result.Outcome
	files, err := caserun.EachConcurrent(paths, runtime.GOMAXPROCS(0), func(c *casefile.Case) (result.Outcome, error) {
		r, err := result.RunCase(run, c)
		if err != nil {
			return r, err
		}
		r.Case = &casefile.Case{Name: c.Name, File: c.File, Pos: c.Pos, Expect: c.Expect}
		return r, nil
	}, func(_ *casefile.Case, r result.Outcome) error {
		results = append(results, r)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return results, files, nil
}

// noCaseReason says why a run executed nothing, so the user can fix the path.
func noCaseReason(files []string, results []result.Outcome) string {
	if len(files) == 0 {
		return "no case file (.json, .yaml, .yml holding cases) under the given paths"
	}
	if len(results) == 0 {
		return fmt.Sprintf("the %d case files read hold no case", len(files))
	}
	return fmt.Sprintf("none of the %d cases in %d files has \"expect\"", len(results), len(files))
}

func writeTestReport(w io.Writer, p testParams, results []result.Outcome, passed, failed int) error {
	switch p.format {
	case "json":
		return writeTestJSON(w, results)
	case "junit":
		return writeJUnit(w, results, passed, failed)
	}
	for _, r := range results {
		switch {
		case r.Skipped:
		case !r.Passed:
			fmt.Fprintf(w, "FAIL %s (%s:%s): expected %s, got %s\n", r.Case.Name, r.Case.File, r.Case.Pos, r.Case.Expect, r.Got)
			render.Explanation(indent(w), "", r.Explanation, "")
			fmt.Fprintln(w)
		case p.verbose:
			fmt.Fprintf(w, "ok   %s: %s\n", r.Case.Name, r.Got)
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", passed, failed)
	return nil
}
