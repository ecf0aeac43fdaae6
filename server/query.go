package server

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// iamNamespace is the XML namespace of IAM's Query API responses.
const iamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/"

// iamVersion is the only API version IAM has.
const iamVersion = "2010-05-08"

// Bounds of one simulation call. IAM's own: a policy document is at most
// 131,072 characters (policyDocumentType), MaxItems is 1 to 1,000
// (maxItemsType), a marker at most 320 characters (markerType).
const (
	maxPolicyChars   = 131072
	maxItemsLimit    = 1000
	defaultMaxItems  = 100
	maxMarkerChars   = 320
	maxListMembers   = 1000  // members of one list parameter
	maxCombinations  = 10000 // actions × resources in one call
	maxContextValues = 1000
)

// queryAPI answers the IAM Query API at "/": form-encoded POST (or GET
// with the parameters in the query string), Action and Version.
func (s *Server) queryAPI(w http.ResponseWriter, r *http.Request) {
	f, err := queryForm(r)
	if err != nil {
		writeXMLError(w, requestID(r), errorf(KindBadInput, "the request is not form-encoded: %v", err))
		return
	}
	action := f.get("Action")
	setLogAction(r, action)
	if v := f.get("Version"); v != iamVersion {
		writeXMLError(w, requestID(r), errorf(KindBadInput, "Version must be %s, got %q", iamVersion, v))
		return
	}
	var op simulateOp
	switch action {
	case "SimulateCustomPolicy":
		op = simCustom
	case "SimulatePrincipalPolicy":
		op = simPrincipal
	case "":
		writeXMLError(w, requestID(r), errorf(KindBadInput, "the request has no Action parameter"))
		return
	default:
		writeXMLError(w, requestID(r), errorf(KindUnknownAction, "the action %q is not valid for this endpoint: it answers SimulateCustomPolicy and SimulatePrincipalPolicy", action))
		return
	}
	in, err := parseSimulateInput(f, op)
	if err != nil {
		writeXMLError(w, requestID(r), err)
		return
	}
	res, err := s.simulate(r.Context(), in)
	if err != nil {
		writeXMLError(w, requestID(r), err)
		return
	}
	writeSimulateXML(w, op, res, requestID(r))
}

// queryForm reads the parameters as http.Request.ParseForm does (a
// form-encoded POST body's, then the URL's, in that order for a name
// given in both), from the body wrap already holds: without reading it
// again or building ParseForm's maps.
func queryForm(r *http.Request) (form, error) {
	hb, held := r.Body.(*heldBody)
	if !held {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return formOf(r.Form), nil
	}
	f := make(form, 0, 16)
	if r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch {
		ct := r.Header.Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		ct, _, err := mime.ParseMediaType(ct)
		if err != nil {
			return nil, err
		}
		if ct == "application/x-www-form-urlencoded" {
			if f, err = appendQuery(f, string(hb.b)); err != nil {
				return nil, err
			}
		}
	}
	f, err := appendQuery(f, r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	return f.sorted(), nil
}

// simulateOp is which of the two simulations a request asks for.
type simulateOp uint8

const (
	simCustom simulateOp = iota
	simPrincipal
)

func (o simulateOp) String() string {
	if o == simPrincipal {
		return "SimulatePrincipalPolicy"
	}
	return "SimulateCustomPolicy"
}

// simulateInput is the parameters of either simulation, validated.
type simulateInput struct {
	op             simulateOp
	policySource   string   // SimulatePrincipalPolicy: PolicySourceArn
	policies       []string // PolicyInputList
	boundaries     []string // PermissionsBoundaryPolicyInputList
	scpLevels      [][]string
	actions        []string
	resources      []string // "*" when none are given
	resourcePolicy string
	resourceOwner  string // account id
	caller         string // CallerArn
	context        map[string][]string
	contextOrder   []string
	contextLists   map[string]bool // keys of a list type (stringList, ...): multivalued even with one value
	handlingOption string
	maxItems       int
	marker         string
	resourcesGiven bool
	callerGiven    bool
}

func parseSimulateInput(f form, op simulateOp) (*simulateInput, error) {
	in := &simulateInput{op: op}
	var err error
	if op == simPrincipal {
		in.policySource = f.get("PolicySourceArn")
		if in.policySource == "" {
			return nil, errorf(KindBadInput, "PolicySourceArn is required: the ARN of a user or role of the model")
		}
	}
	if in.policies, err = memberList(f, "PolicyInputList"); err != nil {
		return nil, err
	}
	if op == simCustom && len(in.policies) == 0 {
		return nil, errorf(KindBadInput, "PolicyInputList is required: at least one policy document")
	}
	if in.boundaries, err = memberList(f, "PermissionsBoundaryPolicyInputList"); err != nil {
		return nil, err
	}
	if in.scpLevels, err = scpLevels(f); err != nil {
		return nil, err
	}
	for _, list := range [][]string{in.policies, in.boundaries} {
		if err := checkPolicyLengths(list); err != nil {
			return nil, err
		}
	}
	if in.actions, err = memberList(f, "ActionNames"); err != nil {
		return nil, err
	}
	if len(in.actions) == 0 {
		return nil, errorf(KindBadInput, "ActionNames is required: at least one action such as s3:GetObject")
	}
	for i, a := range in.actions {
		if svc, name, ok := strings.Cut(a, ":"); !ok || svc == "" || name == "" || strings.ContainsAny(a, "*? ") {
			return nil, errorf(KindBadInput, "ActionNames.member.%d: %q is not an action: expected service:Action without wildcards, such as iam:CreateUser", i+1, a)
		}
	}
	if in.resources, err = memberList(f, "ResourceArns"); err != nil {
		return nil, err
	}
	in.resourcesGiven = len(in.resources) > 0
	if !in.resourcesGiven {
		in.resources = []string{"*"}
	}
	if len(in.actions)*len(in.resources) > maxCombinations {
		return nil, errorf(KindBadInput, "%d actions × %d resources is over the limit of %d simulations per call", len(in.actions), len(in.resources), maxCombinations)
	}
	in.resourcePolicy = f.get("ResourcePolicy")
	if len(in.resourcePolicy) > maxPolicyChars {
		return nil, errorf(KindBadInput, "ResourcePolicy is longer than %d characters", maxPolicyChars)
	}
	if owner := f.get("ResourceOwner"); owner != "" {
		if in.resourceOwner, err = accountOfOwner(owner); err != nil {
			return nil, err
		}
	}
	in.caller = f.get("CallerArn")
	in.callerGiven = in.caller != ""
	if in.context, in.contextOrder, in.contextLists, err = contextEntries(f); err != nil {
		return nil, err
	}
	in.handlingOption = f.get("ResourceHandlingOption")
	if in.maxItems, err = maxItems(f.get("MaxItems")); err != nil {
		return nil, err
	}
	in.marker = f.get("Marker")
	if len(in.marker) > maxMarkerChars {
		return nil, errorf(KindBadInput, "Marker is longer than %d characters", maxMarkerChars)
	}
	return in, nil
}

func checkPolicyLengths(list []string) error {
	for i, p := range list {
		if len(p) > maxPolicyChars {
			return errorf(KindBadInput, "policy %d is longer than %d characters", i+1, maxPolicyChars)
		}
	}
	return nil
}

// memberList reads a Query API list: NAME.member.1, NAME.member.2, ...
// (a bare "NAME=" is the empty list, as the AWS CLI sends it). Indexes
// must run from 1 without a gap.
func memberList(f form, name string) ([]string, error) {
	prefix := name + ".member."
	run := f.prefixed(prefix)
	members := make([]indexed[string], 0, len(run))
	for k, p := range run {
		if k > 0 && run[k-1].name == p.name {
			continue // a parameter given twice: its first value, as url.Values.Get
		}
		i, err := strconv.Atoi(p.name[len(prefix):])
		if err != nil || i < 1 {
			return nil, errorf(KindBadInput, "parameter %s: expected %s<N> with N from 1", p.name, prefix)
		}
		if i > maxListMembers {
			return nil, errorf(KindBadInput, "parameter %s: a list has at most %d members", p.name, maxListMembers)
		}
		members = append(members, indexed[string]{i, p.value})
	}
	return dense(members, name)
}

// indexed is a list member with its index N.
type indexed[T any] struct {
	i int
	v T
}

// dense orders the members by index and checks that the indexes run from
// 1 to their number without a gap. Two names of one index ("1" and
// "01") are one member, the first.
func dense[T any](members []indexed[T], name string) ([]T, error) {
	slices.SortStableFunc(members, func(a, b indexed[T]) int { return a.i - b.i })
	members = slices.CompactFunc(members, func(a, b indexed[T]) bool { return a.i == b.i })
	out := make([]T, 0, len(members))
	for k, m := range members {
		if m.i != k+1 {
			return nil, errorf(KindBadInput, "%s: member %d is missing (members must be numbered 1 to %d)", name, k+1, len(members))
		}
		out = append(out, m.v)
	}
	return out, nil
}

// indexes reads the distinct N of the parameters PREFIX<N>.FIELD, in
// ascending order, each from 1 to limit; bad is the message of a
// parameter that is not of that form.
func indexes(f form, prefix string, limit int, bad func(name string) error) ([]int, error) {
	var out []int
	for _, p := range f.prefixed(prefix) {
		n, _, _ := strings.Cut(p.name[len(prefix):], ".")
		i, err := strconv.Atoi(n)
		if err != nil || i < 1 || i > limit {
			return nil, bad(p.name)
		}
		out = append(out, i)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// scpLevels reads OrderedOrganizationPolicyInputList: one level of the
// organization per member, root first, each with its
// ServiceControlPolicyInputList.
func scpLevels(f form) ([][]string, error) {
	const prefix = "OrderedOrganizationPolicyInputList.member."
	levels, err := indexes(f, prefix, 32, func(name string) error {
		return errorf(KindBadInput, "parameter %s: expected %s<N>.ServiceControlPolicyInputList.member.<M>, N from 1 to 32", name, prefix)
	})
	if err != nil || len(levels) == 0 {
		return nil, err
	}
	members := make([]indexed[[]string], 0, len(levels))
	for _, i := range levels {
		docs, err := memberList(f, prefix+strconv.Itoa(i)+".ServiceControlPolicyInputList")
		if err != nil {
			return nil, err
		}
		if err := checkPolicyLengths(docs); err != nil {
			return nil, err
		}
		members = append(members, indexed[[]string]{i, docs})
	}
	return dense(members, "OrderedOrganizationPolicyInputList")
}

// accountOfOwner reads ResourceOwner: arn:aws:iam::ACCOUNT:root (IAM API
// Reference, SimulateCustomPolicy), or a bare account id.
func accountOfOwner(s string) (string, error) {
	acct := s
	if rest, ok := strings.CutPrefix(s, "arn:aws:iam::"); ok {
		acct, _ = strings.CutSuffix(rest, ":root")
	}
	if len(acct) != 12 || strings.Trim(acct, "0123456789") != "" {
		return "", errorf(KindBadInput, "ResourceOwner %q: expected arn:aws:iam::ACCOUNT-ID:root", s)
	}
	return acct, nil
}

func maxItems(s string) (int, error) {
	if s == "" {
		return defaultMaxItems, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxItemsLimit {
		return 0, errorf(KindBadInput, "MaxItems must be an integer from 1 to %d, got %q", maxItemsLimit, s)
	}
	return n, nil
}

// contextEntries reads ContextEntries.member.N.{ContextKeyName,
// ContextKeyValues.member.M, ContextKeyType} and checks each value against
// its type (ContextKeyTypeEnum): a value that is not of its type is bad
// input, never a silent string. A key of a list type (stringList,
// numericList, ...) is multivalued even with one value, as the simulator
// takes it: lists names those keys.
func contextEntries(f form) (out map[string][]string, order []string, lists map[string]bool, err error) {
	const prefix = "ContextEntries.member."
	nums, err := indexes(f, prefix, maxListMembers, func(name string) error {
		return errorf(KindBadInput, "parameter %s: expected %s<N>.ContextKeyName, N from 1 to %d", name, prefix, maxListMembers)
	})
	if err != nil || len(nums) == 0 {
		return nil, nil, nil, err
	}
	out = make(map[string][]string, len(nums))
	total := 0
	for _, i := range nums {
		p := prefix + strconv.Itoa(i) + "."
		name := f.get(p + "ContextKeyName")
		if name == "" {
			return nil, nil, nil, errorf(KindBadInput, "%sContextKeyName is required", p)
		}
		values, err := memberList(f, p+"ContextKeyValues")
		if err != nil {
			return nil, nil, nil, err
		}
		total += len(values)
		if total > maxContextValues {
			return nil, nil, nil, errorf(KindBadInput, "ContextEntries: more than %d values in all", maxContextValues)
		}
		typ := f.get(p + "ContextKeyType")
		if err := checkContextValues(typ, values); err != nil {
			return nil, nil, nil, errorf(KindBadInput, "context key %s: %v", name, err)
		}
		// The declared type is the caller's word; the key's own type in the
		// service reference decides too, so aws:SourceIp sent as a string
		// "not-an-ip" cannot skip a Deny (eval.CheckContextValue).
		for _, v := range values {
			if err := eval.CheckContextValue(name, v); err != nil {
				return nil, nil, nil, errorf(KindBadInput, "context key %s: %v", name, err)
			}
		}
		if _, dup := out[name]; dup {
			return nil, nil, nil, errorf(KindBadInput, "context key %s is given twice", name)
		}
		out[name] = values
		order = append(order, name)
		if strings.HasSuffix(typ, "List") {
			if lists == nil {
				lists = map[string]bool{}
			}
			lists[name] = true
		}
	}
	return out, order, lists, nil
}

// checkContextValues checks values against a ContextKeyType.
func checkContextValues(typ string, values []string) error {
	base, list := strings.CutSuffix(typ, "List")
	if typ == "" {
		base = "string"
	}
	if !list && len(values) > 1 {
		return fmt.Errorf("type %s takes one value, got %d (use %sList)", typ, len(values), base)
	}
	var check func(string) error
	switch base {
	case "string":
		check = func(string) error { return nil }
	case "numeric":
		check = func(v string) error { _, err := policy.ParseNumber(v); return err }
	case "boolean":
		check = func(v string) error { _, err := policy.ParseBool(v); return err }
	case "ip":
		check = func(v string) error { _, err := policy.ParseCIDR(v); return err }
	case "binary":
		check = func(v string) error { _, err := policy.ParseBinary(v); return err }
	case "date":
		check = func(v string) error { _, err := policy.ParseDate(v); return err }
	default:
		return fmt.Errorf("unknown ContextKeyType %q: expected string, numeric, boolean, ip, binary or date, or one of them with List", typ)
	}
	for _, v := range values {
		if err := check(v); err != nil {
			return fmt.Errorf("value %q is not of type %s: %v", v, typ, err)
		}
	}
	return nil
}
