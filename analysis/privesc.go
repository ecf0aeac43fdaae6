package analysis

import (
	"slices"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/model"
)

// Privilege escalation: who can make themselves (or reach) someone with
// more permissions. The techniques are the documented IAM ones: editing a
// principal's policies or trust, creating its credentials, rewriting a
// managed policy it has attached, passing a role to a compute service that
// the role trusts, and assuming a role.

// editActions act on a role or user and hand the actor its permissions.
var editActions = map[string][]string{
	"role": {"iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy"},
	"user": {"iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"},
}

// passRoleServices: launching compute with a passed role gives the actor
// that role's permissions, when the role trusts the service.
var passRoleServices = []struct{ action, service string }{
	{"ec2:RunInstances", "ec2.amazonaws.com"},
	{"lambda:CreateFunction", "lambda.amazonaws.com"},
	{"ecs:RunTask", "ecs-tasks.amazonaws.com"},
	{"cloudformation:CreateStack", "cloudformation.amazonaws.com"},
	{"glue:CreateJob", "glue.amazonaws.com"},
	{"sagemaker:CreateNotebookInstance", "sagemaker.amazonaws.com"},
}

// adminProbes: a principal allowed all of these on "*" is taken as an
// administrator (our reading: these span identity, compute, storage and
// key management; a policy granting them all grants "*" in practice).
var adminProbes = []string{"iam:CreateUser", "iam:AttachRolePolicy", "ec2:TerminateInstances", "s3:DeleteBucket", "kms:ScheduleKeyDeletion"}

// PrivescGraph builds the escalation edges of every user and role, marks
// administrators, and says who ends up effectively administrator, with the
// shortest path.
func (a *Analyzer) PrivescGraph() (*Graph, error) {
	g := &Graph{SchemaVersion: SchemaVersion, Kind: "privesc", Assumptions: a.Assumptions(), Edges: []Edge{}}
	nodes := map[string]Node{}
	for _, s := range a.shardSubjects() {
		n := subjectNode(s)
		admin, err := a.isAdmin(s)
		if err != nil {
			return nil, err
		}
		n.Admin = admin
		nodes[s.arn] = n
	}
	for _, s := range a.shardSubjects() {
		edges, err := a.escalationsFrom(s)
		if err != nil {
			return nil, err
		}
		g.Edges = append(g.Edges, edges...)
	}
	assume, err := a.AssumeGraph(model.Vantage{})
	if err != nil {
		return nil, err
	}
	for _, e := range assume.Edges {
		if e.Kind == "assume" {
			g.Edges = append(g.Edges, e)
		}
	}
	sortEdges(g.Edges)
	g.Nodes = sortedNodes(nodes)
	if a.Shard.Count <= 1 { // a shard's edges are not the whole graph: MergeGraph finds the paths
		g.Remarks = effectiveAdmins(g)
	}
	a.complete(g)
	return g, nil
}

func (a *Analyzer) isAdmin(s *subject) (bool, error) {
	for _, act := range adminProbes {
		if !s.mayAllow(a.filter(act)) {
			return false, nil
		}
		ok, _, err := a.allowed(s.arn, act, "*")
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// filter returns the cached action filter of an action.
func (a *Analyzer) filter(action string) *actionFilter {
	return a.filters.Get(action, func() *actionFilter { return newActionFilter(a.pat, action) })
}

// escalationsFrom finds the edges from one principal: IAM only acts within
// the principal's own account, so the targets are that account's users
// and roles.
func (a *Analyzer) escalationsFrom(s *subject) ([]Edge, error) {
	var out []Edge
	for _, t := range a.idx().byAccount[s.account.ID] {
		kind := "user"
		if t.role != nil {
			kind = "role"
		}
		for _, act := range editActions[kind] {
			e, err := a.edgeIf(s, t, act, t.arn, "policy-edit")
			if err != nil {
				return nil, err
			}
			out = append(out, e...)
		}
		if t.role != nil {
			e, err := a.passRoleEdges(s, t)
			if err != nil {
				return nil, err
			}
			out = append(out, e...)
		}
	}
	return out, nil
}

// edgeIf adds an edge s → t when s may do action on resource.
func (a *Analyzer) edgeIf(s, t *subject, action, resource, kind string) ([]Edge, error) {
	if !s.mayAllow(a.filter(action)) {
		return nil, nil
	}
	ok, d, err := a.allowed(s.arn, action, resource)
	if err != nil || !ok {
		return nil, err
	}
	w := d.witness()
	return []Edge{{From: s.arn, To: t.arn, Kind: kind, Via: action, Witness: &w}}, nil
}

// passRoleEdges: s can pass role t to a compute service t trusts, and
// launch that compute.
func (a *Analyzer) passRoleEdges(s, t *subject) ([]Edge, error) {
	trusted := trustedServices(t.role.Trust)
	if len(trusted) == 0 || !s.mayAllow(a.filter("iam:PassRole")) {
		return nil, nil
	}
	var out []Edge
	for _, ps := range passRoleServices {
		if !slices.Contains(trusted, ps.service) || !s.mayAllow(a.filter(ps.action)) {
			continue
		}
		pass, d, err := a.allowed(s.arn, "iam:PassRole", t.arn)
		if err != nil || !pass {
			return out, err
		}
		launch, _, err := a.allowed(s.arn, ps.action, "*")
		if err != nil {
			return nil, err
		}
		if launch {
			w := d.witness()
			out = append(out, Edge{From: s.arn, To: t.arn, Kind: "passrole", Via: "iam:PassRole + " + ps.action, Witness: &w})
		}
	}
	return out, nil
}

// effectiveAdmins finds, breadth first over reversed edges, every
// principal with a path to an administrator (or that can edit itself),
// with the shortest path.
func effectiveAdmins(g *Graph) []Remark {
	into := map[string][]Edge{}
	for _, e := range g.Edges {
		into[e.To] = append(into[e.To], e)
	}
	path := map[string][]string{}
	var frontier []string
	for _, n := range g.Nodes {
		if n.Admin {
			path[n.ID] = []string{n.ID}
			frontier = append(frontier, n.ID)
		}
	}
	for _, e := range g.Edges {
		if e.From == e.To && path[e.From] == nil {
			path[e.From] = []string{e.From + " (edits itself via " + e.Via + ")"}
			frontier = append(frontier, e.From)
		}
	}
	for len(frontier) > 0 {
		var next []string
		for _, to := range frontier {
			for _, e := range into[to] {
				if path[e.From] != nil {
					continue
				}
				path[e.From] = append([]string{e.From + " —" + edgeLabel(e) + "→"}, path[to]...)
				next = append(next, e.From)
			}
		}
		sort.Strings(next)
		frontier = next
	}
	var out []Remark
	for _, n := range g.Nodes {
		p := path[n.ID]
		switch {
		case p == nil:
		case n.Admin:
			out = append(out, Remark{Principal: n.ID, Message: "administrator"})
		default:
			out = append(out, Remark{Principal: n.ID, Message: "effectively administrator: " + strings.Join(p, " ")})
		}
	}
	return out
}

func edgeLabel(e Edge) string {
	if e.Via != "" {
		return " " + e.Via + " "
	}
	return " " + e.Kind + " "
}
