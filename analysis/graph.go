package analysis

import (
	"sort"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// Edge is a directed edge of a graph, with the witness that proves it.
type Edge struct {
	From         string   `json:"from"`
	To           string   `json:"to"`
	Kind         string   `json:"kind"` // assume, service-trust, passrole, policy-edit, ...
	Via          string   `json:"via,omitempty"`
	CrossAccount bool     `json:"crossAccount,omitempty"`
	Witness      *Witness `json:"witness,omitempty"`
}

// Node is a principal of a graph.
type Node struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"` // user, role, service
	Account string `json:"account,omitempty"`
	Admin   bool   `json:"admin,omitempty"`
}

// Finding is a remark on a graph: a broad trust, an escalation to admin.
type Remark struct {
	Principal string `json:"principal"`
	Message   string `json:"message"`
}

// Graph is a graph of principals.
type Graph struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string   `json:"schemaVersion"`
	Kind          string   `json:"kind"` // assume or privesc
	Assumptions   []string `json:"assumptions,omitempty"`
	Nodes         []Node   `json:"nodes"`
	Edges         []Edge   `json:"edges"`
	Remarks       []Remark `json:"remarks,omitempty"`
	// Completeness is what the answer could not decide.
	Completeness Completeness `json:"completeness"`
}

// complete fills in the graph's completeness from its edges' witnesses.
func (a *Analyzer) complete(g *Graph) {
	ws := make([]*Witness, len(g.Edges))
	for i := range g.Edges {
		ws[i] = g.Edges[i].Witness
	}
	g.Completeness = a.fromWitnesses(a.shardMissing(), ws)
}

// AssumeGraph is every allowed sts:AssumeRole: principals to the roles they
// can assume (trust policy AND the caller's identity policies AND its
// SCPs, as the engine decides), service principals trusted by roles,
// cross-account edges, and trusts that are broad: an account root or "*"
// without a condition (seed 003's warning).
func (a *Analyzer) AssumeGraph(from model.Vantage) (*Graph, error) {
	g := &Graph{SchemaVersion: SchemaVersion, Kind: "assume", Assumptions: a.Assumptions(), Edges: []Edge{}}
	nodes := map[string]Node{}
	for _, s := range a.subjects() {
		nodes[s.arn] = subjectNode(s)
	}
	var roles []*subject
	for _, s := range a.subjects() {
		if s.role != nil && a.Shard.Has(s.arn) {
			roles = append(roles, s)
		}
	}
	edgesOf, err := a.edgesInto(roles, from)
	if err != nil {
		return nil, err
	}
	for _, role := range roles {
		for _, e := range edgesOf[role.arn] {
			w := e.witness
			g.Edges = append(g.Edges, Edge{From: e.caller, To: e.role, Kind: "assume",
				CrossAccount: nodes[e.caller].Account != nodes[e.role].Account, Witness: &w})
		}
		for _, svc := range trustedServices(role.role.Trust) {
			nodes[svc] = Node{ID: svc, Kind: "service"}
			g.Edges = append(g.Edges, Edge{From: svc, To: role.arn, Kind: "service-trust"})
		}
		g.Remarks = append(g.Remarks, broadTrusts(role)...)
	}
	g.Nodes = a.shardNodes(nodes)
	sortEdges(g.Edges)
	a.complete(g)
	return g, nil
}

func subjectNode(s *subject) Node {
	kind := "user"
	if s.role != nil {
		kind = "role"
	}
	return Node{ID: s.arn, Kind: kind, Account: s.account.ID}
}

// trustedServices lists the service principals a trust policy allows.
func trustedServices(p *policy.Policy) []string {
	var out []string
	if p == nil {
		return out
	}
	for _, st := range p.Statements {
		if st.Effect == policy.Allow && st.Principal != nil && !st.NotPrincipal {
			out = append(out, st.Principal.Service...)
		}
	}
	return out
}

// broadTrusts: a trust statement that allows a whole account (its root or
// id) or everyone, without any condition, lets in every principal the
// account's own policies allow (IAM User Guide, "How to use trust
// policies"; seed 003).
func broadTrusts(role *subject) []Remark {
	var out []Remark
	if role.role.Trust == nil {
		return out
	}
	for _, st := range role.role.Trust.Statements {
		if st.Effect != policy.Allow || st.Principal == nil || len(st.Conditions) > 0 {
			continue
		}
		if st.Principal.Any || st.NotPrincipal {
			out = append(out, Remark{Principal: role.arn, Message: "trusts every principal (\"*\") with no condition"})
			continue
		}
		for _, p := range st.Principal.AWS {
			if pr, err := arn.ParsePrincipal(p); err == nil && pr.Kind == arn.Account {
				out = append(out, Remark{Principal: role.arn, Message: "trusts the whole account " + pr.Account + " with no condition: every principal whose own policies allow sts:AssumeRole can assume it; trust specific roles or users"})
			}
		}
	}
	return out
}

func sortedNodes(m map[string]Node) []Node {
	out := make([]Node, 0, len(m))
	for _, n := range m {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sortEdges(es []Edge) {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].From != es[j].From {
			return es[i].From < es[j].From
		}
		if es[i].To != es[j].To {
			return es[i].To < es[j].To
		}
		return es[i].Kind < es[j].Kind
	})
}

// allowed decides one request as a principal of the model.
func (a *Analyzer) allowed(principal, action, resource string) (bool, *decision, error) {
	d, err := a.decide(model.Query{Credentials: byPrincipal(principal), Action: action, Resource: resource})
	if err != nil {
		return false, nil, err
	}
	return d.Result.Decision == eval.Allow, d, nil
}
