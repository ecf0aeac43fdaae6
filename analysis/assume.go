package analysis

import (
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
)

// Assumed is a decided sts:AssumeRole call.
type Assumed struct {
	*model.AssumeCall
	Decided *eval.Decided
}

// Succeeds reports whether AWS would issue the credentials: the policies
// allow the call and the duration is within the limits.
func (a *Assumed) Succeeds() bool {
	return a.Decided.Result.Decision == eval.Allow && a.DurationError == ""
}

// AssumeRole decides an sts:AssumeRole call (model.Model.AssumeRole says
// which policies and limits apply), at the Analyzer's time, with its
// assumed context keys under the call's own.
func (a *Analyzer) AssumeRole(in model.AssumeInput) (*Assumed, error) {
	in.Context = a.withAssumed(in.Context)
	call, err := a.Model.AssumeRole(in)
	if err != nil {
		return nil, err
	}
	d, err := a.compiler.Decide(call.Gathered.Set, call.Gathered.Request, a.Now)
	if err != nil {
		return nil, err
	}
	return &Assumed{AssumeCall: call, Decided: d}, nil
}
