// Package cli implements the sekisho command line: one file per command.
// Each command parses its flags, validates them, and calls a run function
// that writes to the given streams and returns a typed exit code.
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/sekisho/sekisho/internal/errcode"
)

// Exit codes shared by every command (PRODUCT.md "Commands").
const (
	ExitOK       = 0 // success, no findings
	ExitFindings = 1 // test failures (test), errors found (lint)
	ExitBadInput = 2 // the input could not be read or understood
	ExitWarnings = 3 // only warnings found (lint, audit)
)

// exitError carries an exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// badInput marks err as a user input problem (exit code 2).
func badInput(err error) error { return &exitError{code: ExitBadInput, err: err} }

// withCode returns a silent error that only sets the exit code.
func withCode(code int) error { return &exitError{code: code} }

// command is how each command file registers itself.
type command func(env *environment) *cobra.Command

var commands []command

func register(c command) { commands = append(commands, c) }

// environment holds the streams a command writes to.
type environment struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// merged, under sekisho merge, is the answer put together from
	// shards: the command writes it instead of computing one.
	merged any
}

// Main runs the command line with args and returns the process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	setMemoryLimit()
	env := &environment{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "sekisho",
		Short:         "Check AWS requests against every policy gate, offline",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	for _, c := range commands {
		root.AddCommand(c(env))
	}
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		switch {
		case ee.err == nil:
		case ee.code == ExitBadInput:
			fmt.Fprintf(stderr, "sekisho: error %s: %v\n", errcode.Of(ee.err), ee.err)
		default:
			fmt.Fprintln(stderr, "sekisho:", ee.err)
		}
		return ee.code
	}
	// Flag and argument errors from cobra are usage errors: bad input.
	fmt.Fprintf(stderr, "sekisho: error %s: %v\n", errcode.Usage, err)
	return ExitBadInput
}
