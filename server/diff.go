package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/diff"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/result"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// The names the two sides of a diff go by in the answer (the CLI names
// them by their files).
const (
	diffOldName = "old.json"
	diffNewName = "new.json"
)

// diffBody is what POST /api/v1/diff takes: the two sides, each a policy
// document (null or absent: no policy, a policy added or deleted) or
// each a case (or a list of cases, of which the first is compared, as
// sekisho diff compares the first case of each file).
type diffBody struct {
	Old json.RawMessage `json:"old"`
	New json.RawMessage `json:"new"`
}

// diffPolicies is `sekisho diff --format json OLD NEW`, with the flags as
// query parameters: kind, principal, both=true, mustNotGrant (repeated or
// comma-separated), now (RFC 3339).
func (s *Server) diffPolicies(r *http.Request, _ *state) (any, error) {
	q := r.URL.Query()
	in, what, err := diffInput(r, q.Get("kind"), q.Get("principal"))
	if err != nil {
		return nil, err
	}
	if in.Both, err = boolParam(q, "both"); err != nil {
		return nil, err
	}
	if v := q.Get("now"); v != "" {
		if in.Now, err = time.Parse(time.RFC3339, v); err != nil {
			return nil, errorf(KindBadInput, "now: expected a time such as 2026-01-31T12:00:00Z, got %q", v)
		}
	}
	mustNot, err := actionPatterns(q["mustNotGrant"])
	if err != nil {
		return nil, err
	}
	out, err := result.CompareDiff(in, what, mustNot)
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	return out, nil
}

// diffInput reads the body: two cases, or two policy documents of one
// kind (inferred when kind is empty).
func diffInput(r *http.Request, kindName, principal string) (diff.Input, string, error) {
	raw, err := readAll(r)
	if err != nil {
		return diff.Input{}, "", err
	}
	var body diffBody
	if err := json.Unmarshal(raw, &body); err != nil {
		return diff.Input{}, "", errorf(KindBadInput, "the body: expected {\"old\": POLICY or CASE or null, \"new\": POLICY or CASE or null}: %v", err)
	}
	if isCase(body.Old) && isCase(body.New) {
		old, err := firstCase(body.Old, diffOldName)
		if err != nil {
			return diff.Input{}, "", err
		}
		new, err := firstCase(body.New, diffNewName)
		if err != nil {
			return diff.Input{}, "", err
		}
		in, what, err := result.DiffCases(old, new, principal)
		if err != nil {
			return diff.Input{}, "", &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
		}
		return in, what, nil
	}
	kind := policy.AnyKind
	if kindName != "" {
		k, ok := policy.ParseKind(kindName)
		if !ok || k == policy.AnyKind {
			return diff.Input{}, "", errorf(KindBadInput, "unknown kind %q: expected identity, boundary, session, scp, rcp, resource, trust or endpoint", kindName)
		}
		kind = k
	}
	in, what, err := result.DiffPolicies(kind, document(diffOldName, body.Old), document(diffNewName, body.New), principal)
	if err != nil {
		return diff.Input{}, "", &Error{Kind: KindMalformedPolicy, Message: err.Error(), Err: err}
	}
	return in, what, nil
}

// document is one side as a policy document; JSON null or nothing is no
// policy.
func document(name string, raw json.RawMessage) result.PolicyDocument {
	if len(raw) == 0 || string(raw) == "null" {
		return result.PolicyDocument{Name: name}
	}
	return result.PolicyDocument{Name: name, Src: raw}
}

// isCase reports whether a side is a case (or a list of cases) rather
// than a policy document, as sekisho diff tells a case file from a policy.
func isCase(raw json.RawMessage) bool {
	if len(raw) == 0 || string(raw) == "null" {
		return false
	}
	n, err := node.ParseJSON(raw)
	if err != nil {
		return false // reported when it is read as a policy
	}
	if n.Kind == node.Array {
		return len(n.Items) > 0 && n.Items[0].Kind == node.Object && n.Items[0].Get("request") != nil
	}
	return !casefile.LooksLikePolicy(n) && n.Kind == node.Object && n.Get("request") != nil
}

// firstCase reads a side as a self-contained case file (no file is
// opened) and returns its first case.
func firstCase(raw json.RawMessage, name string) (*casefile.Case, error) {
	cases, err := casefile.ParseInline(raw, name)
	if err != nil {
		return nil, &Error{Kind: KindBadInput, Message: err.Error(), Err: err}
	}
	if len(cases) == 0 {
		return nil, errorf(KindBadInput, "%s: expected a case with its policies", name)
	}
	return cases[0], nil
}

// actionPatterns reads mustNotGrant: service:Action patterns; an action
// without a wildcard must be one of the service reference, as the CLI's
// --must-not-grant checks it, so that a typo cannot pass as "not granted".
func actionPatterns(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, a := range strings.Split(v, ",") {
			a = strings.TrimSpace(a)
			if a == "" {
				continue
			}
			svc, name, ok := strings.Cut(a, ":")
			if !ok || svc == "" || name == "" {
				return nil, errorf(KindBadInput, "mustNotGrant %q: expected an action written service:Action, such as s3:GetObject", a)
			}
			if !wildcard.HasWildcard(a) {
				if _, ok := awsref.LookupAction(a); !ok {
					return nil, errorf(KindBadInput, "mustNotGrant %q is not an action of the AWS service reference", a)
				}
			}
			out = append(out, a)
		}
	}
	return out, nil
}
