package server

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
	"sync"

	"github.com/sekisho/sekisho/eval"
)

// The XML of SimulateCustomPolicy and SimulatePrincipalPolicy responses
// (IAM API Reference: SimulatePolicyResponse, EvaluationResult,
// ResourceSpecificResult, Statement, Position,
// OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail).

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

// writeSimulateXML writes the response element by element: the shape is
// fixed and small, and encoding/xml's reflection was a quarter of the
// cost of a simulate call.
func writeSimulateXML(w http.ResponseWriter, op simulateOp, sim *simulation, requestID string) {
	x := newXMLWriter(len(sim.results))
	defer x.free()
	x.raw(xml.Header)
	x.raw("<" + op.String() + "Response xmlns=\"" + iamNamespace + "\">")
	x.open(op.String() + "Result")
	x.open("EvaluationResults")
	for _, r := range sim.results {
		x.open("member")
		evaluationResult(x, r)
		x.close("member")
	}
	x.close("EvaluationResults")
	x.text("IsTruncated", strconv.FormatBool(sim.truncated))
	if sim.marker != "" {
		x.text("Marker", sim.marker)
	}
	x.close(op.String() + "Result")
	x.open("ResponseMetadata")
	x.text("RequestId", requestID)
	x.close("ResponseMetadata")
	x.close(op.String() + "Response")
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(x.b.Bytes())
}

// evaluationResult: with named resources, the per-resource fields go in
// ResourceSpecificResults and MissingContextValues moves there too (IAM
// API Reference, EvaluationResult.MissingContextValues).
func evaluationResult(x *xmlWriter, r simResult) {
	x.text("EvalActionName", r.action)
	x.text("EvalResourceName", r.resource)
	x.text("EvalDecision", iamDecision(r.decision))
	statements(x, r.matched)
	if r.resourceGiven {
		x.raw("<MissingContextValues></MissingContextValues>")
	} else {
		strs(x, "MissingContextValues", r.missing)
	}
	if r.orgs != nil {
		x.open("OrganizationsDecisionDetail")
		x.text("AllowedByOrganizations", strconv.FormatBool(*r.orgs))
		x.close("OrganizationsDecisionDetail")
	}
	boundary(x, r.boundary)
	details(x, r.gates)
	if !r.resourceGiven {
		return
	}
	x.open("ResourceSpecificResults")
	x.open("member")
	x.text("EvalResourceName", r.resource)
	x.text("EvalResourceDecision", iamDecision(r.decision))
	statements(x, r.matched)
	strs(x, "MissingContextValues", r.missing)
	details(x, r.gates)
	boundary(x, r.boundary)
	x.close("member")
	x.close("ResourceSpecificResults")
}

func boundary(x *xmlWriter, b *bool) {
	if b == nil {
		return
	}
	x.open("PermissionsBoundaryDecisionDetail")
	x.text("AllowedByPermissionsBoundary", strconv.FormatBool(*b))
	x.close("PermissionsBoundaryDecisionDetail")
}

func statements(x *xmlWriter, ms []matchedStatement) {
	x.open("MatchedStatements")
	for _, m := range ms {
		x.open("member")
		x.text("SourcePolicyId", m.policyID)
		if m.policyType != "" {
			x.text("SourcePolicyType", m.policyType)
		}
		if m.line > 0 {
			x.open("StartPosition")
			x.int("Line", m.line)
			x.int("Column", m.col)
			x.close("StartPosition")
		}
		x.close("member")
	}
	x.close("MatchedStatements")
}

func strs(x *xmlWriter, name string, values []string) {
	x.open(name)
	for _, v := range values {
		x.text("member", v)
	}
	x.close(name)
}

// details: EvalDecisionDetails, one entry per gate that applied, keyed
// by Sekisho's gate name (scp, rcp, vpcEndpoint, boundary, session,
// identity, resource), so that the gate that decided is visible.
func details(x *xmlWriter, gates []gateDecision) {
	if len(gates) == 0 {
		return
	}
	x.open("EvalDecisionDetails")
	for _, g := range gates {
		x.open("entry")
		x.text("key", g.gate)
		x.text("value", iamDecision(g.decision))
		x.close("entry")
	}
	x.close("EvalDecisionDetails")
}

// xmlWriter writes elements whose names are constants; text is escaped.
// Its buffer comes from a pool, sized for the results, so that a response
// is written without growing it.
type xmlWriter struct{ b bytes.Buffer }

// resultBytes is about what one result takes in XML, to size the buffer.
const resultBytes = 1536

// maxPooledXML: a buffer that grew past this (a page of 1,000 results) is
// left to the garbage collector rather than kept.
const maxPooledXML = 1 << 20

var xmlPool = sync.Pool{New: func() any { return new(xmlWriter) }}

func newXMLWriter(results int) *xmlWriter {
	x := xmlPool.Get().(*xmlWriter)
	x.b.Reset()
	x.b.Grow(512 + results*resultBytes)
	return x
}

func (x *xmlWriter) free() {
	if x.b.Cap() <= maxPooledXML {
		xmlPool.Put(x)
	}
}

func (x *xmlWriter) raw(s string) { x.b.WriteString(s) }

func (x *xmlWriter) open(name string) {
	x.b.WriteByte('<')
	x.b.WriteString(name)
	x.b.WriteByte('>')
}

func (x *xmlWriter) close(name string) {
	x.b.WriteString("</")
	x.b.WriteString(name)
	x.b.WriteByte('>')
}

func (x *xmlWriter) text(name, v string) {
	x.open(name)
	if plainXML(v) {
		x.b.WriteString(v)
	} else {
		_ = xml.EscapeText(&x.b, []byte(v))
	}
	x.close(name)
}

func (x *xmlWriter) int(name string, v int) {
	x.open(name)
	x.b.Write(strconv.AppendInt(x.b.AvailableBuffer(), int64(v), 10))
	x.close(name)
}

// plainXML reports whether xml.EscapeText would write s unchanged: no
// character it escapes (the five of XML and tab, newline, carriage
// return), nothing outside printable ASCII (which it checks as UTF-8).
func plainXML(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f {
			return false
		}
		switch c {
		case '"', '\'', '&', '<', '>':
			return false
		}
	}
	return true
}
