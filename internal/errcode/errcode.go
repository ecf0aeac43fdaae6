// Package errcode gives the errors outside lint stable codes, as lint's
// findings have SK codes, so that the command line, JSON output and the
// server can name and map them (docs/errors.md holds the table). An error
// carries its code by implementing ErrorCode; Of finds it.
//
// Usage:
//
//	errcode.Of(err)     // errcode.Syntax, errcode.Request, ..., errcode.Input for other bad input
//
// Limits: codes classify the kind of problem, not the exact message; the
// message (file, JSON path, line:column, what was expected) says the rest.
package errcode

import (
	"errors"
	"io/fs"
)

// Code is a stable error code: SE, then four digits.
type Code string

// The codes. Never renumber one: add a new one.
const (
	Input       Code = "SE1000" // bad input not classified further
	Syntax      Code = "SE1001" // a file is not well-formed JSON or YAML
	Schema      Code = "SE1002" // a well-formed file holds something else than expected
	Refused     Code = "SE1003" // a file is refused before it is read: too large, not a regular file; a directory past a bound of its walk
	Unreadable  Code = "SE1004" // a file is missing or cannot be read
	Bound       Code = "SE1005" // a question is refused: its answer would pass a bound (too large to compute in bounded time and memory)
	Request     Code = "SE2001" // a request is malformed: principal, action, resource, context
	ModelFiles  Code = "SE3001" // a model's files do not make one consistent organization
	NotInModel  Code = "SE3002" // a question names an account, instance, policy or resource the model does not hold
	Usage       Code = "SE4001" // a command's flags or arguments are wrong
	Shards      Code = "SE4002" // the shard documents given to merge are not every part of one question on one model
	Internal    Code = "SE9001" // a bug: please report it
	codeUnknown Code = ""
)

// Table describes every code, for docs/errors.md and its test.
var Table = []struct {
	Code    Code
	Meaning string
}{
	{Input, "bad input not classified further (the message says what was expected)"},
	{Syntax, "a file is not well-formed JSON or YAML"},
	{Schema, "a well-formed file holds something else than expected: an unknown field, a value of the wrong type, a malformed policy"},
	{Refused, "a file is refused before it is read: too large, not a regular file; or as it is read: more values than its kind allows (a YAML file: larger than 4 MiB or more than 262,144 tokens); or a directory before any of its files is read: more entries, bytes or levels than the bound for its kind, or a model whose files need more memory to load than the process may use"},
	{Unreadable, "a file is missing or cannot be read"},
	{Bound, "a question is refused as it is answered: its answer would pass a bound of its kind (the capabilities reached through AssumeRole chains, --max-capabilities); the message says what was found and how to narrow the question"},
	{Request, "a request is malformed: principal, action, resource, resource account or context"},
	{ModelFiles, "a model's files do not make one consistent organization"},
	{NotInModel, "a question (or a planned change) names an account, instance, managed policy or resource the model does not hold, or a resource whose owner account it cannot tell"},
	{Usage, "a command's flags or arguments are wrong"},
	{Shards, "the shard documents given to merge are not every part of one question on one model: one is missing or repeated, or they ask different questions or of different models"},
	{Internal, "a bug: please report it"},
}

// Coder is an error that knows its code.
type Coder interface {
	error
	ErrorCode() Code
}

// Of returns the code of err: the first code in its chain, Unreadable for
// a file system error, else Input.
func Of(err error) Code {
	var c Coder
	if errors.As(err, &c) {
		if code := c.ErrorCode(); code != codeUnknown {
			return code
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return Unreadable
	}
	return Input
}

// With gives err a code.
func With(code Code, err error) error {
	if err == nil {
		return nil
	}
	return &coded{code: code, err: err}
}

type coded struct {
	code Code
	err  error
}

func (e *coded) Error() string   { return e.err.Error() }
func (e *coded) Unwrap() error   { return e.err }
func (e *coded) ErrorCode() Code { return e.code }
