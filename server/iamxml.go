package server

import (
	"encoding/xml"

	"github.com/sekisho/sekisho/eval"
)

// The XML of SimulateCustomPolicy and SimulatePrincipalPolicy responses
// (IAM API Reference: SimulatePolicyResponse, EvaluationResult,
// ResourceSpecificResult, Statement, Position,
// OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail).

type simulateResponse struct {
	XMLName  xml.Name
	Xmlns    string       `xml:"xmlns,attr"`
	Inner    any          `xml:",any"`
	Metadata responseMeta `xml:"ResponseMetadata"`
}

type responseMeta struct {
	RequestID string `xml:"RequestId"`
}

type simulateResult struct {
	XMLName           xml.Name
	EvaluationResults evaluationResults `xml:"EvaluationResults"`
	IsTruncated       bool              `xml:"IsTruncated"`
	Marker            string            `xml:"Marker,omitempty"`
}

type evaluationResults struct {
	Members []evaluationResultXML `xml:"member"`
}

type evaluationResultXML struct {
	EvalActionName                    string                  `xml:"EvalActionName"`
	EvalResourceName                  string                  `xml:"EvalResourceName"`
	EvalDecision                      string                  `xml:"EvalDecision"`
	MatchedStatements                 statementsXML           `xml:"MatchedStatements"`
	MissingContextValues              stringsXML              `xml:"MissingContextValues"`
	OrganizationsDecisionDetail       *orgsDetailXML          `xml:"OrganizationsDecisionDetail,omitempty"`
	PermissionsBoundaryDecisionDetail *boundaryDetailXML      `xml:"PermissionsBoundaryDecisionDetail,omitempty"`
	EvalDecisionDetails               *decisionDetailsXML     `xml:"EvalDecisionDetails,omitempty"`
	ResourceSpecificResults           *resourceSpecificResult `xml:"ResourceSpecificResults,omitempty"`
}

type resourceSpecificResult struct {
	Members []resourceResultXML `xml:"member"`
}

type resourceResultXML struct {
	EvalResourceName                  string              `xml:"EvalResourceName"`
	EvalResourceDecision              string              `xml:"EvalResourceDecision"`
	MatchedStatements                 statementsXML       `xml:"MatchedStatements"`
	MissingContextValues              stringsXML          `xml:"MissingContextValues"`
	EvalDecisionDetails               *decisionDetailsXML `xml:"EvalDecisionDetails,omitempty"`
	PermissionsBoundaryDecisionDetail *boundaryDetailXML  `xml:"PermissionsBoundaryDecisionDetail,omitempty"`
}

type statementsXML struct {
	Members []statementXML `xml:"member"`
}

type statementXML struct {
	SourcePolicyID   string       `xml:"SourcePolicyId"`
	SourcePolicyType string       `xml:"SourcePolicyType,omitempty"`
	StartPosition    *positionXML `xml:"StartPosition,omitempty"`
}

type positionXML struct {
	Line   int `xml:"Line"`
	Column int `xml:"Column"`
}

type stringsXML struct {
	Members []string `xml:"member"`
}

type orgsDetailXML struct {
	AllowedByOrganizations bool `xml:"AllowedByOrganizations"`
}

type boundaryDetailXML struct {
	AllowedByPermissionsBoundary bool `xml:"AllowedByPermissionsBoundary"`
}

type decisionDetailsXML struct {
	Entries []entryXML `xml:"entry"`
}

type entryXML struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

// iamDecision is IAM's PolicyEvaluationDecisionType for a decision.
func iamDecision(d eval.Decision) string {
	switch d {
	case eval.Allow:
		return "allowed"
	case eval.ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

func simulateResponseXML(op simulateOp, sim *simulation, requestID string) *simulateResponse {
	res := simulateResult{XMLName: xml.Name{Local: op.String() + "Result"}, IsTruncated: sim.truncated, Marker: sim.marker}
	for _, r := range sim.results {
		res.EvaluationResults.Members = append(res.EvaluationResults.Members, evaluationResultOf(r))
	}
	return &simulateResponse{XMLName: xml.Name{Local: op.String() + "Response"}, Xmlns: iamNamespace,
		Inner: res, Metadata: responseMeta{RequestID: requestID}}
}

// evaluationResultOf: with named resources, the per-resource fields go in
// ResourceSpecificResults and MissingContextValues moves there too (IAM
// API Reference, EvaluationResult.MissingContextValues).
func evaluationResultOf(r simResult) evaluationResultXML {
	e := evaluationResultXML{
		EvalActionName:      r.action,
		EvalResourceName:    r.resource,
		EvalDecision:        iamDecision(r.decision),
		MatchedStatements:   statementsOf(r.matched),
		EvalDecisionDetails: detailsOf(r.gates),
	}
	if r.orgs != nil {
		e.OrganizationsDecisionDetail = &orgsDetailXML{AllowedByOrganizations: *r.orgs}
	}
	var boundary *boundaryDetailXML
	if r.boundary != nil {
		boundary = &boundaryDetailXML{AllowedByPermissionsBoundary: *r.boundary}
		e.PermissionsBoundaryDecisionDetail = boundary
	}
	if !r.resourceGiven {
		e.MissingContextValues = stringsXML{Members: r.missing}
		return e
	}
	e.ResourceSpecificResults = &resourceSpecificResult{Members: []resourceResultXML{{
		EvalResourceName:                  r.resource,
		EvalResourceDecision:              iamDecision(r.decision),
		MatchedStatements:                 statementsOf(r.matched),
		MissingContextValues:              stringsXML{Members: r.missing},
		EvalDecisionDetails:               detailsOf(r.gates),
		PermissionsBoundaryDecisionDetail: boundary,
	}}}
	return e
}

func statementsOf(ms []matchedStatement) statementsXML {
	var out statementsXML
	for _, m := range ms {
		s := statementXML{SourcePolicyID: m.policyID, SourcePolicyType: m.policyType}
		if m.line > 0 {
			s.StartPosition = &positionXML{Line: m.line, Column: m.col}
		}
		out.Members = append(out.Members, s)
	}
	return out
}

// detailsOf: EvalDecisionDetails, one entry per gate that applied, keyed
// by Sekisho's gate name (scp, rcp, vpcEndpoint, boundary, session,
// identity, resource), so that the gate that decided is visible.
func detailsOf(gates []gateDecision) *decisionDetailsXML {
	if len(gates) == 0 {
		return nil
	}
	d := &decisionDetailsXML{}
	for _, g := range gates {
		d.Entries = append(d.Entries, entryXML{Key: g.gate, Value: iamDecision(g.decision)})
	}
	return d
}
