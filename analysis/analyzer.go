package analysis

import (
	"fmt"
	"maps"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/internal/memo"
	"github.com/sekisho/sekisho/internal/shard"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Analyzer answers questions about one model. It is safe for concurrent
// use; its caches (compiled documents, statements' patterns, the model's
// principals, AssumeRole edges) live as long as it does.
type Analyzer struct {
	Model *model.Model
	// Assume holds condition keys assumed for every request (--context),
	// e.g. aws:MultiFactorAuthPresent=true. They are reported with answers.
	Assume map[string][]string
	// Now is the request time; the zero time means the clock.
	Now time.Time

	// Progress, when set, is told how far a long question has got: done
	// of total steps of the named stage. It is called from several
	// goroutines; the CLI shows it on a terminal only.
	Progress func(stage string, done, total int)

	// Shard, when set, restricts audit and the graphs to the work units
	// of one shard (instances, principals, roles and VPCs, by ID or ARN):
	// their answer is then one part, for MergeAudit or MergeGraph to put
	// together with the others (docs/shards.md). The zero Shard is all.
	Shard shard.Shard

	compiler *eval.Compiler
	pat      *patterns
	// gatherer keeps what the decisions of a question share (the accounts'
	// SCP and RCP chains, the resource, the route, identity policies).
	gatherer *model.Gatherer
	// prepared: compiled policy sets, by the slices they are made of.
	prepared memo.Map[setKey, *eval.Prepared]

	subjectsOnce sync.Once
	subjectCache []*subject
	indexOnce    sync.Once
	subjectIndex *index
	regionsOnce  sync.Once
	regions      []string // modelRegions
	// roles: every role of the model with its account (modelRoles).
	rolesOnce sync.Once
	roles     []accountRole
	// resourcesBySvc: the model's resources by service (modelResources).
	resourcesOnce  sync.Once
	resourcesBySvc map[string][]string
	// sortedBySvc: modelResources' lists, sorted (sortedResources).
	sortedBySvc memo.Map[string, []string]
	// regionLayers are the context layers of aws:RequestedRegion that
	// withDefaultRegion adds, per Region (read only).
	regionLayers memo.Map[string, map[string][]string]
	// candidateLists: whatcan's candidate actions by service, by identity
	// documents and service filter (candidatesOf).
	candidateLists memo.Map[string, map[string][]candidate]
	// types: the resource types of an ARN, by service and ARN.
	types memo.Map[[2]string, map[string]bool]

	filters memo.Map[string, *actionFilter]
	// edges: allowed AssumeRole edges into a role, by role and vantage.
	edgeMu    sync.Mutex
	edgeCache map[string][]edge
	// expansions: the actions of an Action element, by its values.
	expansions     memo.Map[string, []awsref.Action]
	stmtExpansions memo.Map[*policy.Statement, []awsref.Action]
	// missing: allMissing.
	missingOnce sync.Once
	missing     map[string]int
	// resActions: the actions of the model's resource policies.
	resActionsOnce sync.Once
	resActions     []awsref.Action
	// sides: resources' class keys of the resource side (share.go);
	// refs: the condition keys the model's policies read.
	sides      memo.Map[[2]string, resourceSideKey]
	sideArrays memo.Map[string, []resourceSideKey] // sideArray
	sideIDs    interned
	refsOnce   sync.Once
	refs       *keyRefs
	// public: the buckets everyone may read (everyoneReads).
	publicOnce sync.Once
	public     []string
	// publicUnits: everyoneReadsUnits.
	publicUnitsOnce sync.Once
	publicUnits     []shareUnit
	publicAccounts  []string
	// twins: instances with the same profile, VPC and subnet may share
	// their audit's counts (auditleak.go, twinsAlike).
	twinsOnce sync.Once
	twins     bool
	// accessGroups: accessGroupOf by action (accessGroup); countedJobs
	// asks it for every capability of every instance.
	accessGroups memo.Map[string, [2]string]
	// groupNumbers and groupLists: access groups by number, and each
	// candidate list's (groups.go).
	groupNumbers groupTable
	groupLists   memo.Map[candidateList, []int32]
	// classLists: lists of actions numbered by class for a policy set's
	// documents (share.go, actionResults).
	classLists memo.Map[classList, *classEntry]
	// nameLists: the action names of a candidate list (candidateNamesOf);
	// listedClasses: classLists for those lists, by the list itself.
	nameLists     memo.Map[candidateList, []string]
	listedClasses memo.Map[listedKey, []int32]
	// acrossTables: lists of actions numbered by class across services,
	// by a policy set's documents (across.go).
	acrossTables memo.Map[string, *acrossTable]
	// readsName: docReads by document (whoclass.go).
	readsName memo.Map[*policy.Policy, principalReads]
	// whoShared counts the principals that took their class's answer
	// (the tests check that classes are made).
	whoShared atomic.Int64
	// noShare decides every resource, and every action, on its own (the
	// tests compare).
	noShare bool
}

// New returns an Analyzer for m.
func New(m *model.Model) *Analyzer {
	return &Analyzer{Model: m, compiler: eval.NewCompiler(), pat: &patterns{}, edgeCache: map[string][]edge{}, gatherer: m.NewGatherer()}
}

// Witness is one evaluated request and what decided it.
type Witness struct {
	Principal   string     `json:"principal"`
	Credentials string     `json:"credentials,omitempty"`
	Action      string     `json:"action"`
	Resource    string     `json:"resource"`
	From        string     `json:"from,omitempty"`
	Route       string     `json:"route,omitempty"`
	Decision    string     `json:"decision"`
	Gate        string     `json:"gate"`
	Reason      string     `json:"reason"`
	Statement   *Statement `json:"statement,omitempty"`
	// AssumedAbsent are condition keys the decision depended on that the
	// request did not carry: the answer holds only while they are absent.
	AssumedAbsent []string `json:"assumedAbsent,omitempty"`
	// FilledIn are keys Sekisho filled in (not the model, not --context)
	// that the decision rests on, with where each value came from: the
	// answer holds for those values (aws:RequestedRegion from the resource
	// ARN, the time from the clock or --now).
	FilledIn []eval.DerivedKey `json:"filledIn,omitempty"`
}

// Statement names the statement that decided a request.
type Statement struct {
	Policy string `json:"policy"`
	Index  int    `json:"index"`
	Sid    string `json:"sid,omitempty"`
	Effect string `json:"effect"`
	Gate   string `json:"gate"`
	Level  *int   `json:"level,omitempty"`
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
}

func (s *Statement) String() string {
	id := fmt.Sprintf("#%d", s.Index)
	if s.Sid != "" {
		id = fmt.Sprintf("%q (#%d)", s.Sid, s.Index)
	}
	return fmt.Sprintf("%s %s of %s", s.Effect, id, s.Policy)
}

func statementOf(ref *eval.StatementRef) *Statement {
	if ref == nil {
		return nil
	}
	s := &Statement{Policy: ref.Policy.Name, Index: ref.Statement.Index, Sid: ref.Statement.Sid,
		Effect: ref.Statement.Effect.String(), Gate: ref.Gate.String(), File: ref.Policy.File, Line: ref.Statement.Pos.Line}
	if ref.Gate == eval.GateSCP || ref.Gate == eval.GateRCP {
		l := ref.Level
		s.Level = &l
	}
	return s
}

// decision is an evaluated query, kept so that a witness can be built
// only for the answers that are reported, and the same policies asked
// again for other actions.
type decision struct {
	*eval.Decided
	query    model.Query
	gathered *model.Gathered
}

// decide gathers the policies of a query and decides it.
func (a *Analyzer) decide(q model.Query) (*decision, error) {
	return a.decideKept(q, true)
}

// decideEach is decide for a question that asks each principal once
// (whocan, the AssumeRole edges into roles): no two of its policy sets are
// the same, so none is kept for another decision.
func (a *Analyzer) decideEach(q model.Query) (*decision, error) {
	return a.decideKept(q, false)
}

func (a *Analyzer) decideKept(q model.Query, keep bool) (*decision, error) {
	q.Context = a.withAssumed(q.Context)
	g, err := a.gather(q)
	if err != nil {
		return nil, err
	}
	return a.decideSet(q, g, keep)
}

// gather gathers q through the Analyzer's Gatherer, or from the model
// when the Analyzer was not made by New for it.
func (a *Analyzer) gather(q model.Query) (*model.Gathered, error) {
	if g := a.gatherer; g != nil && g.Model() == a.Model {
		return g.GatherAll(q)
	}
	return a.Model.GatherAll(q)
}

// gatherSubject is gather of q, a query of s's own credentials, through
// s's Caller: resolved once, it keeps the principal's identity policies
// and keys for every question of the Analyzer, without a lookup in the
// Gatherer's maps of every principal.
func (a *Analyzer) gatherSubject(s *subject, q model.Query) (*model.Gathered, error) {
	g := a.gatherer
	if g == nil || g.Model() != a.Model {
		return a.Model.GatherAll(q)
	}
	s.callerOnce.Do(func() { s.caller = g.Caller(byPrincipal(s.arn)) })
	return g.GatherAs(s.caller, q)
}

// withAssumed returns ctx over the Analyzer's assumed keys: a query's own
// keys replace assumed ones.
func (a *Analyzer) withAssumed(ctx map[string][]string) map[string][]string {
	if len(a.Assume) == 0 {
		return ctx
	}
	out := maps.Clone(a.Assume)
	maps.Copy(out, ctx)
	return out
}

// decideGathered decides what g gathered for q.
func (a *Analyzer) decideGathered(q model.Query, g *model.Gathered) (*decision, error) {
	return a.decideSet(q, g, true)
}

// decideSet decides what g gathered for q; keep: its prepared policy set
// is kept for the Analyzer's next decisions of the same set (prepare).
func (a *Analyzer) decideSet(q model.Query, g *model.Gathered, keep bool) (*decision, error) {
	a.withDefaultRegion(g)
	var p *eval.Prepared
	var err error
	if keep {
		p, err = a.prepare(g.Set)
	} else {
		p, err = a.compiler.Prepare(g.Set)
	}
	if err != nil {
		return nil, err
	}
	d, err := p.Decide(g.Request, a.Now)
	if err != nil {
		return nil, err
	}
	return &decision{Decided: d, query: q, gathered: g}, nil
}

// witness names what decided d.
func (d *decision) witness() Witness {
	r, res := d.Request, d.Result
	w := Witness{
		Principal: d.gathered.Principal, Action: r.Action, Resource: r.Resource,
		From: d.query.From.String(), Decision: res.Decision.String(), Gate: res.Gate.String(),
		Reason: res.Reason.String(), Statement: statementOf(res.Statement), AssumedAbsent: d.AbsentKeys(),
		FilledIn: d.DerivedKeys(),
	}
	if d.query.Credentials.Type != model.ByPrincipal {
		w.Credentials = d.query.Credentials.String()
	}
	if d.gathered.Route != nil && d.query.From.Kind != model.Nowhere {
		w.Route = d.gathered.Route.Summary
	}
	return w
}

// Assumptions lists the assumed context keys as k=v strings, sorted,
// then the default assumptions (the Region, the time).
func (a *Analyzer) Assumptions() []string {
	var out []string
	for k, vs := range a.Assume {
		for _, v := range vs {
			out = append(out, k+"="+v)
		}
	}
	sort.Strings(out)
	return append(out, a.defaultAssumptions()...)
}
