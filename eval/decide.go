package eval

import "time"

// Decided is one request decided against one policy set: the result, and
// what it was decided from, kept so that the decision can be explained
// (only when someone asks) or asked again for another action.
type Decided struct {
	Result   Result
	Prepared *Prepared
	Request  *Request
}

// Decide is the decision pipeline, the one way from gathered policies and
// a request to a decision: compile set, build the request for in at now
// (the zero time means the clock's), evaluate with the tracer off.
func Decide(set PolicySet, in RequestInput, now time.Time) (*Decided, error) {
	return (*Compiler)(nil).Decide(set, in, now)
}

// Decide is the package's Decide, compiling through c's cache (a nil c
// compiles without caching).
func (c *Compiler) Decide(set PolicySet, in RequestInput, now time.Time) (*Decided, error) {
	// The decision, its set and its request in one allocation: a case
	// file decides each case's own set once.
	x := &preparedDecision{}
	if err := c.prepare(&x.p, set); err != nil {
		return nil, err
	}
	if err := x.r.build(in, now); err != nil {
		return nil, err
	}
	x.d = Decided{Result: x.p.Evaluate(&x.r), Prepared: &x.p, Request: &x.r}
	return &x.d, nil
}

type preparedDecision struct {
	d Decided
	p Prepared
	r Request
}

// Decide is the last step of the pipeline, for a caller that keeps its
// compiled policy sets itself (a server's cache): build the request for in
// at now and evaluate it.
func (p *Prepared) Decide(in RequestInput, now time.Time) (*Decided, error) {
	// The decision and its request in one allocation, as WithAction's.
	x := &retargeted{}
	if err := x.r.build(in, now); err != nil {
		return nil, err
	}
	x.d = Decided{Result: p.Evaluate(&x.r), Prepared: p, Request: &x.r}
	return &x.d, nil
}

// Explain evaluates the request again with the tracer on and returns
// every statement's outcome; the result is the same as d.Result.
func (d *Decided) Explain() *Explanation {
	_, exp := d.Prepared.Explain(d.Request)
	return exp
}

// WithAction decides the same policies and context for another action.
func (d *Decided) WithAction(action string) (*Decided, error) {
	// The decision and its request in one allocation: an analysis
	// re-aims a decision at each of thousands of actions.
	x := &retargeted{r: *d.Request}
	if err := x.r.retarget(action); err != nil {
		return nil, err
	}
	x.d = Decided{Result: d.Prepared.Evaluate(&x.r), Prepared: d.Prepared, Request: &x.r}
	return &x.d, nil
}

type retargeted struct {
	d Decided
	r Request
}

// ResultFor is WithAction's Result, for a caller that reads nothing else:
// the re-aimed request is not kept, so nothing is allocated.
func (d *Decided) ResultFor(action string) (Result, error) {
	r := *d.Request
	if err := r.retarget(action); err != nil {
		return Result{}, err
	}
	return d.Prepared.Evaluate(&r), nil
}

// AbsentKeys lists the condition keys the decision depended on that the
// request did not carry (see Prepared.AbsentKeys).
func (d *Decided) AbsentKeys() []string { return d.Prepared.AbsentKeys(d.Request) }

// DerivedKeys lists the keys Sekisho filled in that the decision rests on
// (see Prepared.DerivedKeys).
func (d *Decided) DerivedKeys() []DerivedKey { return d.Prepared.DerivedKeys(d.Request) }
