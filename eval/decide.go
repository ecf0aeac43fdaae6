package eval

import (
	"sync"
	"time"
)

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
	if err := x.decide(c, set, in, now, nil, nil); err != nil {
		return nil, err
	}
	return &x.d, nil
}

// DecideTransient is Decide for a caller done with the decision when fn
// returns (sekisho test keeps of a case its decision and, when it fails,
// its explanation): the decision, its compiled set and its request are
// memory reused by a later call, which neither fn nor what it keeps may
// read once it returns. An Explanation made in fn stays valid: what it
// holds of the request (context values, derived keys) is not reused.
// fn's error is returned as it is.
func (c *Compiler) DecideTransient(set PolicySet, in RequestInput, now time.Time, fn func(*Decided) error) error {
	t := transients.Get().(*transient)
	defer t.release()
	if err := t.x.decide(c, set, in, now, &t.set, &t.request); err != nil {
		return err
	}
	return fn(&t.x.d)
}

// preparedDecision is a decision with its set and request.
type preparedDecision struct {
	d Decided
	p Prepared
	r Request
}

func (x *preparedDecision) decide(c *Compiler, set PolicySet, in RequestInput, now time.Time, sr *setRoom, rr *requestRoom) error {
	if err := c.prepare(&x.p, set, sr); err != nil {
		return err
	}
	if err := x.r.build(in, now, rr); err != nil {
		return err
	}
	x.d = Decided{Result: x.p.Evaluate(&x.r), Prepared: &x.p, Request: &x.r}
	return nil
}

// transient is the memory of DecideTransient's decisions, reused: the
// heap a run of one-off cases allocates, and the cache misses of writing
// it, were what deciding them cost most.
type transient struct {
	x       preparedDecision
	set     setRoom
	request requestRoom
}

var transients = sync.Pool{New: func() any { return new(transient) }}

// release empties t, so that it keeps nothing of the decision alive, and
// gives it back for another.
func (t *transient) release() {
	t.x.d = Decided{}
	t.set.keep(&t.x.p)
	t.request.keep(&t.x.r)
	transients.Put(t)
}

// Decide is the last step of the pipeline, for a caller that keeps its
// compiled policy sets itself (a server's cache): build the request for in
// at now and evaluate it.
func (p *Prepared) Decide(in RequestInput, now time.Time) (*Decided, error) {
	// The decision and its request in one allocation, as WithAction's.
	x := &retargeted{}
	if err := x.r.build(in, now, nil); err != nil {
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
