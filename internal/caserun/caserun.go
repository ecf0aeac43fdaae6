package caserun

import (
	"fmt"
	"sync"
	"time"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// Runner decides cases.
type Runner struct {
	now      time.Time
	compiler *eval.Compiler

	mu     sync.Mutex
	models map[string]*loaded // by path, loaded once
}

// loaded is a model, or why it did not load.
type loaded struct {
	once sync.Once
	m    *model.Model
	err  error
}

// compiledLimit bounds the documents a Runner keeps compiled: a file of
// 10,000 cases of inline policies would otherwise hold every compiled
// document to the end, while the documents cases share (policy files, a
// model's managed policies) are compiled again only once per that many.
const compiledLimit = 2048

// sharedLimit bounds the statements a Runner shares by content: the
// documents of a case file of inline policies are mostly distinct, their
// statements mostly not (the 10,000 random cases of BenchmarkRandomCases:
// 47,140 statements, 11,917 distinct), each compiled once per that many.
const sharedLimit = 16384

// New returns a Runner; now is the request time for aws:CurrentTime and
// aws:EpochTime when a case does not give them (the zero time: the clock).
func New(now time.Time) *Runner {
	return &Runner{now: now, compiler: eval.NewCompilerSharing(compiledLimit, sharedLimit), models: map[string]*loaded{}}
}

// Decided is a decided case. Principal and Route are set for a model case:
// the principal the credentials stand for and the route of the request.
type Decided struct {
	*eval.Decided
	Case      *casefile.Case
	Principal string
	Route     string
}

// Decide decides one case.
func (r *Runner) Decide(c *casefile.Case) (*Decided, error) {
	if c.Model != nil {
		return r.decideModel(c)
	}
	d, err := r.compiler.Decide(c.Policies, c.Request, r.now)
	if err != nil {
		return nil, fmt.Errorf("%s: case %q: %w", c.File, c.Name, err)
	}
	return &Decided{Decided: d, Case: c}, nil
}

// DecideTransient decides one case as Decide does and calls fn with the
// decision, which is valid only until fn returns (eval's
// Compiler.DecideTransient: its memory is reused for another case), an
// explanation made from it excepted. fn's error is returned as it is.
func (r *Runner) DecideTransient(c *casefile.Case, fn func(*Decided) error) error {
	if c.Model != nil {
		d, err := r.decideModel(c)
		if err != nil {
			return err
		}
		return fn(d)
	}
	called := false
	err := r.compiler.DecideTransient(c.Policies, c.Request, r.now, func(d *eval.Decided) error {
		called = true
		t := transients.Get().(*Decided)
		*t = Decided{Decided: d, Case: c}
		err := fn(t)
		*t = Decided{}
		transients.Put(t)
		return err
	})
	if err != nil && !called {
		return fmt.Errorf("%s: case %q: %w", c.File, c.Name, err)
	}
	return err
}

// transients are the Decided of DecideTransient, reused as the decisions
// they wrap are.
var transients = sync.Pool{New: func() any { return new(Decided) }}

// decideModel gathers a model case's policies and request from its model.
func (r *Runner) decideModel(c *casefile.Case) (*Decided, error) {
	mq := c.Model
	m, err := r.model(mq.Model)
	if err != nil {
		return nil, err
	}
	q, err := query(c.File, mq)
	if err != nil {
		return nil, err
	}
	g, err := m.GatherAll(q)
	if err != nil {
		return nil, mq.At.Errorf(c.File, "%v", err)
	}
	if err := eval.CheckInput(g.Request); err != nil {
		return nil, mq.At.Errorf(c.File, "%v", err)
	}
	d, err := r.compiler.Decide(g.Set, g.Request, r.now)
	if err != nil {
		return nil, fmt.Errorf("%s: case %q: %w", c.File, c.Name, err)
	}
	return &Decided{Decided: d, Case: c, Principal: g.Request.Principal.Raw, Route: g.Route.Summary}, nil
}

// model loads the model at path once.
func (r *Runner) model(path string) (*model.Model, error) {
	r.mu.Lock()
	l := r.models[path]
	if l == nil {
		l = &loaded{}
		r.models[path] = l
	}
	r.mu.Unlock()
	l.once.Do(func() { l.m, l.err = load.Load(path, load.Options{}) })
	return l.m, l.err
}

// query is the model query a model case's request stands for.
func query(file string, mq *casefile.ModelQuery) (model.Query, error) {
	q := model.Query{Action: mq.Action, Resource: mq.Resource, Context: mq.Context, Lists: mq.Lists}
	var err error
	if q.Credentials, err = credentials(file, mq); err != nil {
		return q, err
	}
	if mq.From.Text != "" {
		if q.From, err = model.ParseVantage(mq.From.Text); err != nil {
			return q, mq.From.Errorf(file, "%v", err)
		}
	}
	return q, nil
}

// credentials reads the credentials of a model case: the command-line
// form of "principal", or the "credentials" object.
func credentials(file string, mq *casefile.ModelQuery) (model.Credentials, error) {
	cc := mq.Credentials
	if cc == nil {
		c, err := model.ParseCredentials(mq.Principal.Text)
		if err != nil {
			return c, mq.Principal.Errorf(file, "%v", err)
		}
		return c, nil
	}
	t, ok := model.ParseCredentialsType(cc.Type)
	if !ok || t == model.ByPrincipal {
		return model.Credentials{}, mq.At.Errorf(file, "credentials type %q: expected user-keys, role-session or instance-profile", cc.Type)
	}
	return model.Credentials{Type: t, Principal: cc.User + cc.Role, AccessKey: cc.AccessKey, SessionName: cc.SessionName,
		Instance: cc.Instance, IMDSv1: cc.IMDS == "v1"}, nil
}
