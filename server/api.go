package server

import (
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/caserun"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// jsonRoutes are the JSON API under /api/v1/. Each answer is what the
// CLI prints with --format json for the same question.
func (s *Server) jsonRoutes(mux *http.ServeMux) {
	route := func(pattern, name string, h func(*http.Request, *state) (any, error)) {
		mux.Handle(pattern, s.api(name, styleJSON, func(w http.ResponseWriter, r *http.Request) {
			v, err := h(r, s.state.Load())
			if err != nil {
				writeJSONError(w, err)
				return
			}
			writeJSON(w, http.StatusOK, v)
		}))
	}
	route("GET /api/v1/model", "model", s.modelSummary)
	route("POST /api/v1/eval", "eval", s.evalCases)
	route("POST /api/v1/test", "test", s.testCases)
	route("GET /api/v1/eval/model", "eval-model", s.evalModel)
	route("GET /api/v1/whocan", "whocan", s.whoCan)
	route("GET /api/v1/whatcan", "whatcan", s.whatCan)
	route("GET /api/v1/leak", "leak", s.leak)
	route("GET /api/v1/exfil", "exfil", s.exfil)
	route("GET /api/v1/graph/{kind}", "graph", s.graph)
	route("GET /api/v1/audit", "audit", s.audit)
	route("POST /api/v1/lint", "lint", s.lint)
	route("POST /api/v1/diff", "diff", s.diffPolicies)
	mux.Handle("/api/", s.api("unknown", styleJSON, func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, errorf(KindNotFound, "no API route %s %s (docs/serve.md lists them)", r.Method, r.URL.Path))
	}))
}

// caseBody reads the request body as a self-contained case file (YAML
// when the Content-Type says so, else JSON); no file is opened.
func caseBody(r *http.Request) ([]*casefile.Case, error) {
	body, err := readAll(r)
	if err != nil {
		return nil, err
	}
	name := "request.json"
	if strings.Contains(r.Header.Get("Content-Type"), "yaml") {
		name = "request.yaml"
	}
	cases, err := casefile.ParseInline(body, name)
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	if n := r.URL.Query().Get("case"); n != "" {
		i := slices.IndexFunc(cases, func(c *casefile.Case) bool { return c.Name == n })
		if i < 0 {
			return nil, errorf(KindNotFound, "no case named %q", n)
		}
		cases = cases[i : i+1]
	}
	return cases, nil
}

// readAll reads the body, which the api wrapper has already read within
// the size limit.
func readAll(r *http.Request) ([]byte, error) {
	if hb, ok := r.Body.(*heldBody); ok {
		return hb.b, nil
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, errorf(KindBadInput, "read the request body: %v", err)
	}
	return b, nil
}

// evalCases is `sekisho eval --format json` of a case file sent in the
// body: one object for one case, a list for several.
func (s *Server) evalCases(r *http.Request, _ *state) (any, error) {
	cases, err := caseBody(r)
	if err != nil {
		return nil, err
	}
	outs, _, err := result.EvalCases(caserun.New(s.now()), cases)
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	for _, o := range outs {
		s.countDecision(o.Decision)
	}
	if len(outs) == 1 {
		return outs[0], nil
	}
	return outs, nil
}

// testCases is `sekisho test --format json` of a case file sent in the
// body. Failing cases are in the report, not an HTTP error.
func (s *Server) testCases(r *http.Request, _ *state) (any, error) {
	cases, err := caseBody(r)
	if err != nil {
		return nil, err
	}
	var outcomes []result.Outcome
	run := caserun.New(s.now())
	for _, c := range cases {
		o, err := result.RunCase(run, c)
		if err != nil {
			return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
		}
		outcomes = append(outcomes, o)
	}
	rep := result.NewTest(outcomes)
	if rep.Passed+rep.Failed == 0 {
		return nil, errorf(KindBadInput, "no case has an expect: a run that executes no test case is a failure")
	}
	return rep, nil
}

// evalModel is `sekisho eval --model --format json`.
func (s *Server) evalModel(r *http.Request, st *state) (any, error) {
	q := r.URL.Query()
	if q.Get("principal") == "" || q.Get("action") == "" {
		return nil, errorf(KindBadInput, "principal and action are required (and resource unless the action takes \"*\")")
	}
	creds, err := model.ParseCredentials(q.Get("principal"))
	if err != nil {
		return nil, errorf(KindBadInput, "principal: %v", err)
	}
	from, ctx, err := vantageAndContext(q)
	if err != nil {
		return nil, err
	}
	resource := q.Get("resource")
	if resource == "" {
		resource = "*"
	}
	out, err := result.EvalModel(st.model, st.compiler, model.Query{Credentials: creds, Action: q.Get("action"), Resource: resource, From: from, Context: ctx}, s.now())
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	s.countDecision(out.Decision)
	return out, nil
}

func (s *Server) countDecision(d string) {
	for i, name := range []string{"ImplicitDeny", "ExplicitDeny", "Allow"} {
		if d == name {
			s.metrics.decision[i].Add(1)
		}
	}
}

// vantageAndContext reads from=VANTAGE and context=KEY=VALUE (repeated),
// as the CLI's --from and --context.
func vantageAndContext(q url.Values) (model.Vantage, map[string][]string, error) {
	v, err := model.ParseVantage(q.Get("from"))
	if err != nil {
		return v, nil, errorf(KindBadInput, "from: %v", err)
	}
	var ctx map[string][]string
	for _, kv := range q["context"] {
		k, val, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return v, nil, errorf(KindBadInput, "context %q: expected KEY=VALUE, such as aws:SourceIp=203.0.113.5", kv)
		}
		if ctx == nil {
			ctx = map[string][]string{}
		}
		ctx[k] = append(ctx[k], val)
	}
	return v, ctx, nil
}

// analyze runs an organization-wide question. Without assumed keys the
// model's shared analyzer answers, one question at a time (its caches are
// not safe for concurrent use); with context=... assumptions, which its
// caches depend on, a fresh analyzer answers.
func (s *Server) analyze(r *http.Request, st *state, f func(*analysis.Analyzer, model.Vantage) (any, error)) (any, error) {
	from, ctx, err := vantageAndContext(r.URL.Query())
	if err != nil {
		return nil, err
	}
	a := st.analyzer
	if ctx != nil || !s.now().IsZero() {
		a = analysis.New(st.model)
		a.Assume, a.Now = ctx, s.now()
	} else {
		st.analyzerMu.Lock()
		defer st.analyzerMu.Unlock()
	}
	v, err := f(a, from)
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	return v, nil
}

func (s *Server) whoCan(r *http.Request, st *state) (any, error) {
	q := r.URL.Query()
	if q.Get("action") == "" || q.Get("resource") == "" {
		return nil, errorf(KindBadInput, "action and resource are required")
	}
	maxChain := 3
	if m := q.Get("maxChain"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n < 0 || n > 10 {
			return nil, errorf(KindBadInput, "maxChain must be an integer from 0 to 10, got %q", m)
		}
		maxChain = n
	}
	showDenied, err := boolParam(q, "showDenied")
	if err != nil {
		return nil, err
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, v model.Vantage) (any, error) {
		return a.WhoCan(q.Get("action"), q.Get("resource"), analysis.WhoCanOptions{From: v, ShowDenied: showDenied, MaxChain: maxChain})
	})
}

func boolParam(q url.Values, name string) (bool, error) {
	switch q.Get(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, errorf(KindBadInput, "%s must be true or false, got %q", name, q.Get(name))
}

func (s *Server) whatCan(r *http.Request, st *state) (any, error) {
	q := r.URL.Query()
	creds, err := model.ParseCredentials(q.Get("principal"))
	if err != nil || q.Get("principal") == "" {
		return nil, errorf(KindBadInput, "principal: a principal ARN or credentials (access-key:..., instance-profile:i-..., role-session:ARN) is required")
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, v model.Vantage) (any, error) {
		return a.WhatCan(creds, analysis.WhatCanOptions{From: v, Service: q.Get("service")})
	})
}

func (s *Server) leak(r *http.Request, st *state) (any, error) {
	q := r.URL.Query()
	if q.Get("target") == "" {
		return nil, errorf(KindBadInput, "target is required: a principal ARN, credentials or an instance id")
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, v model.Vantage) (any, error) {
		return a.Leak(q.Get("target"), analysis.WhatCanOptions{From: v, Service: q.Get("service")})
	})
}

func (s *Server) exfil(r *http.Request, st *state) (any, error) {
	q := r.URL.Query()
	if q.Get("target") == "" {
		return nil, errorf(KindBadInput, "target is required: a VPC or instance id")
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, _ model.Vantage) (any, error) {
		return a.Exfil(q.Get("target"))
	})
}

func (s *Server) graph(r *http.Request, st *state) (any, error) {
	kind := r.PathValue("kind")
	if kind != "assume" && kind != "privesc" {
		return nil, errorf(KindNotFound, "unknown graph %q: expected assume or privesc", kind)
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, v model.Vantage) (any, error) {
		if kind == "assume" {
			return a.AssumeGraph(v)
		}
		return a.PrivescGraph()
	})
}

func (s *Server) audit(r *http.Request, st *state) (any, error) {
	var regions []string
	if rs := r.URL.Query().Get("regions"); rs != "" {
		regions = strings.Split(rs, ",")
	}
	return s.analyze(r, st, func(a *analysis.Analyzer, _ model.Vantage) (any, error) {
		return a.Audit(analysis.AuditOptions{Regions: regions})
	})
}

// lint is `sekisho lint --format json` of the policy document in the body.
func (s *Server) lint(r *http.Request, _ *state) (any, error) {
	q := r.URL.Query()
	var opts lint.Options
	if k := q.Get("kind"); k != "" {
		kind, ok := policy.ParseKind(k)
		if !ok || kind == policy.AnyKind {
			return nil, errorf(KindBadInput, "unknown kind %q: expected identity, boundary, session, resource, trust, scp, rcp or endpoint", k)
		}
		opts.Kind = kind
	}
	if at := q.Get("attach"); at != "" {
		a, err := lint.ParseAttachment(at)
		if err != nil {
			return nil, errorf(KindBadInput, "attach: %v", err)
		}
		opts.Attachment = a
	}
	body, err := readAll(r)
	if err != nil {
		return nil, err
	}
	name := q.Get("name")
	if name == "" {
		name = "policy.json"
	}
	findings, err := lint.FileWith(name, body, opts)
	if err != nil {
		return nil, &Error{Kind: KindMalformedPolicy, Message: err.Error(), Err: err}
	}
	if findings == nil {
		findings = []lint.Finding{}
	}
	return findings, nil
}

// modelInfo is what the explorer searches: the model's principals,
// resources, instances and VPCs.
type modelInfo struct {
	Generation uint64        `json:"generation"`
	Accounts   []accountInfo `json:"accounts"`
	Resources  []string      `json:"resources"`
	Instances  []string      `json:"instances"`
	VPCs       []string      `json:"vpcs"`
}

type accountInfo struct {
	ID    string   `json:"id"`
	Name  string   `json:"name,omitempty"`
	Path  string   `json:"path,omitempty"`
	Users []string `json:"users"`
	Roles []string `json:"roles"`
}

func (s *Server) modelSummary(_ *http.Request, st *state) (any, error) {
	st.infoOnce.Do(func() { st.info = summarize(st) })
	return st.info, nil
}

func summarize(st *state) *modelInfo {
	m := st.model
	info := &modelInfo{Generation: st.generation, Resources: []string{}, Instances: []string{}, VPCs: []string{}}
	for _, id := range slices.Sorted(maps.Keys(m.Accounts)) {
		a := m.Accounts[id]
		ai := accountInfo{ID: id, Name: a.Name, Path: m.OrgPath(id), Users: []string{}, Roles: []string{}}
		for _, n := range slices.Sorted(maps.Keys(a.Users)) {
			ai.Users = append(ai.Users, a.Users[n].ARN)
		}
		for _, n := range slices.Sorted(maps.Keys(a.Roles)) {
			ai.Roles = append(ai.Roles, a.Roles[n].ARN)
		}
		info.Accounts = append(info.Accounts, ai)
	}
	info.Resources = append(info.Resources, slices.Sorted(maps.Keys(m.Resources))...)
	info.Instances = append(info.Instances, slices.Sorted(maps.Keys(m.Instances))...)
	info.VPCs = append(info.VPCs, slices.Sorted(maps.Keys(m.VPCs))...)
	return info
}
