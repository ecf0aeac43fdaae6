package analysis

import (
	"errors"
	"fmt"
	"slices"
	"sort"
)

// Sharded answers. With Analyzer.Shard set, Audit, AssumeGraph and
// PrivescGraph do only the work units of one shard: audit its instances
// (by instance ID), principals (by ARN, for the region check) and VPCs (by
// VPC ID); the assume graph the edges into its roles (by role ARN), their
// trusted services and broad trusts; the privesc graph its principals'
// administrator probes and escalation edges (by the escalating
// principal's ARN) and the assume edges into its roles. Every unit is in
// exactly one shard and its work needs no other unit's, so the parts put
// together are the whole answer: MergeAudit and MergeGraph do it, and the
// tests compare the result with an unsharded run byte for byte.

// shardSubjects are the subjects of the Analyzer's shard, sorted by ARN.
func (a *Analyzer) shardSubjects() []*subject {
	all := a.subjects()
	if a.Shard.Count <= 1 {
		return all
	}
	var out []*subject
	for _, s := range all {
		if a.Shard.Has(s.arn) {
			out = append(out, s)
		}
	}
	return out
}

// shardNodes are a graph's nodes, sorted: the subjects of the shard and
// every other node (the service principals its roles trust). The whole
// node map is still needed to tell cross-account edges.
func (a *Analyzer) shardNodes(nodes map[string]Node) []Node {
	out := sortedNodes(nodes)
	if a.Shard.Count <= 1 {
		return out
	}
	return slices.DeleteFunc(out, func(n Node) bool { return n.Kind != "service" && !a.Shard.Has(n.ID) })
}

// auditPhase is the order of the audit's passes: instances (pinned
// credentials, then IMDSv2), principals (region), VPCs (endpoints). Within
// a pass the unsharded audit goes through its subjects sorted by ID or
// ARN, and one subject's findings are made in one shard, in order.
func auditPhase(check string) int {
	switch check {
	case CheckPinned, CheckIMDSv2:
		return 0
	case CheckRegion:
		return 1
	}
	return 2
}

// MergeAudit puts together the audits of every shard of one question:
// findings in the unsharded order, subjects checked and completeness
// summed (each counts the units of its own shard). The parts must agree
// on what was assumed and on the allowed regions.
func MergeAudit(parts []*AuditResult) (*AuditResult, error) {
	if len(parts) == 0 {
		return nil, errors.New("no audit to merge")
	}
	first := parts[0]
	out := &AuditResult{SchemaVersion: first.SchemaVersion, Assumptions: first.Assumptions, Regions: first.Regions,
		Checked: map[string]int{}, Findings: []AuditFinding{}}
	var cs []Completeness
	for i, p := range parts {
		if !slices.Equal(p.Assumptions, first.Assumptions) || !slices.Equal(p.Regions, first.Regions) || p.SchemaVersion != first.SchemaVersion {
			return nil, fmt.Errorf("part %d of the audit assumed other keys or regions than part 1", i+1)
		}
		for k, n := range p.Checked {
			out.Checked[k] += n
		}
		out.Findings = append(out.Findings, p.Findings...)
		cs = append(cs, p.Completeness)
	}
	sort.SliceStable(out.Findings, func(i, j int) bool {
		fi, fj := out.Findings[i], out.Findings[j]
		if pi, pj := auditPhase(fi.Check), auditPhase(fj.Check); pi != pj {
			return pi < pj
		}
		return fi.Subject < fj.Subject
	})
	out.Completeness = mergeCompleteness(cs)
	return out, nil
}

// MergeGraph puts together the graphs of every shard of one question:
// nodes and edges in the unsharded order (one unit's edges are made in one
// shard, in order, so a stable sort keeps them), remarks in principal
// order, and for the privesc graph who is effectively administrator,
// which needs every edge and so is found here.
func MergeGraph(parts []*Graph) (*Graph, error) {
	if len(parts) == 0 {
		return nil, errors.New("no graph to merge")
	}
	first := parts[0]
	out := &Graph{SchemaVersion: first.SchemaVersion, Kind: first.Kind, Assumptions: first.Assumptions, Edges: []Edge{}}
	nodes := map[string]Node{}
	var cs []Completeness
	for i, p := range parts {
		if p.Kind != first.Kind || !slices.Equal(p.Assumptions, first.Assumptions) || p.SchemaVersion != first.SchemaVersion {
			return nil, fmt.Errorf("part %d is another graph (%s) or assumed other keys than part 1 (%s)", i+1, p.Kind, first.Kind)
		}
		for _, n := range p.Nodes {
			if prev, ok := nodes[n.ID]; ok && prev != n {
				return nil, fmt.Errorf("part %d describes node %s differently", i+1, n.ID)
			}
			nodes[n.ID] = n
		}
		out.Edges = append(out.Edges, p.Edges...)
		out.Remarks = append(out.Remarks, p.Remarks...)
		cs = append(cs, p.Completeness)
	}
	out.Nodes = sortedNodes(nodes)
	sortEdges(out.Edges)
	if out.Kind == "privesc" {
		out.Remarks = effectiveAdmins(out)
	} else {
		sort.SliceStable(out.Remarks, func(i, j int) bool { return out.Remarks[i].Principal < out.Remarks[j].Principal })
	}
	out.Completeness = mergeCompleteness(cs)
	return out, nil
}

// mergeCompleteness adds up what the parts could not decide.
func mergeCompleteness(cs []Completeness) Completeness {
	g := newGaps()
	for _, c := range cs {
		g.merge(c)
	}
	return g.report()
}
