// Command writecases writes the random case file of BenchmarkTestCommand
// (internal/cli) to a directory, so that `sekisho test` and the
// iam-simulate harness beside this directory read the same cases:
//
//	go run ./scripts/iam-simulate-bench/writecases -out DIR [-n 10000] [-seed 1]
//
// It writes DIR/cases.json and the SCP files the cases name, the same
// bytes for the same -n, -seed and -fail-every.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sekisho/sekisho/internal/benchcases"
)

func main() {
	out := flag.String("out", "", "directory to write cases.json and its SCP files into (created)")
	n := flag.Int("n", 10_000, "number of cases")
	seed := flag.Uint64("seed", 1, "random seed (BenchmarkTestCommand uses 1)")
	failEvery := flag.Int("fail-every", 0, "every Nth case expects another decision than the engine's (0: none)")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 || *n < 1 || *failEvery < 0 {
		fmt.Fprintln(os.Stderr, "usage: writecases -out DIR [-n N] [-seed S] [-fail-every K]")
		os.Exit(2)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	file, err := benchcases.Write(*out, "cases.json", *seed, *n, *failEvery)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(file)
}
