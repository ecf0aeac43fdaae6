package server

import (
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
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
	action := f.Get("Action")
	setLogAction(r, action)
	if v := f.Get("Version"); v != iamVersion {
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
// form-encoded POST body's, then the URL's, in that order for a key
// given in both), from the body wrap already holds: without reading it
// again or building ParseForm's second map.
func queryForm(r *http.Request) (url.Values, error) {
	hb, held := r.Body.(*heldBody)
	if !held {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		return r.Form, nil
	}
	var f url.Values
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
			if f, err = url.ParseQuery(string(hb.b)); err != nil {
				return nil, err
			}
		}
	}
	if r.URL.RawQuery == "" {
		if f == nil {
			f = url.Values{}
		}
		return f, nil
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	if f == nil {
		return q, nil
	}
	for k, v := range q {
		f[k] = append(f[k], v...)
	}
	return f, nil
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

func parseSimulateInput(f url.Values, op simulateOp) (*simulateInput, error) {
	in := &simulateInput{op: op}
	var err error
	if op == simPrincipal {
		in.policySource = f.Get("PolicySourceArn")
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
	in.resourcePolicy = f.Get("ResourcePolicy")
	if len(in.resourcePolicy) > maxPolicyChars {
		return nil, errorf(KindBadInput, "ResourcePolicy is longer than %d characters", maxPolicyChars)
	}
	if owner := f.Get("ResourceOwner"); owner != "" {
		if in.resourceOwner, err = accountOfOwner(owner); err != nil {
			return nil, err
		}
	}
	in.caller = f.Get("CallerArn")
	in.callerGiven = in.caller != ""
	if in.context, in.contextOrder, in.contextLists, err = contextEntries(f); err != nil {
		return nil, err
	}
	in.handlingOption = f.Get("ResourceHandlingOption")
	if in.maxItems, err = maxItems(f.Get("MaxItems")); err != nil {
		return nil, err
	}
	in.marker = f.Get("Marker")
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
func memberList(f url.Values, name string) ([]string, error) {
	prefix := name + ".member."
	byIndex := map[int]string{}
	for k, v := range f {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		i, err := strconv.Atoi(rest)
		if err != nil || i < 1 {
			return nil, errorf(KindBadInput, "parameter %s: expected %s<N> with N from 1", k, prefix)
		}
		if i > maxListMembers {
			return nil, errorf(KindBadInput, "parameter %s: a list has at most %d members", k, maxListMembers)
		}
		byIndex[i] = v[0]
	}
	return dense(byIndex, name)
}

func dense[T any](byIndex map[int]T, name string) ([]T, error) {
	out := make([]T, 0, len(byIndex))
	for i := 1; i <= len(byIndex); i++ {
		v, ok := byIndex[i]
		if !ok {
			return nil, errorf(KindBadInput, "%s: member %d is missing (members must be numbered 1 to %d)", name, i, len(byIndex))
		}
		out = append(out, v)
	}
	return out, nil
}

// scpLevels reads OrderedOrganizationPolicyInputList: one level of the
// organization per member, root first, each with its
// ServiceControlPolicyInputList.
func scpLevels(f url.Values) ([][]string, error) {
	const prefix = "OrderedOrganizationPolicyInputList.member."
	levels := map[int]bool{}
	for k := range f {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		if err != nil || i < 1 || i > 32 {
			return nil, errorf(KindBadInput, "parameter %s: expected %s<N>.ServiceControlPolicyInputList.member.<M>, N from 1 to 32", k, prefix)
		}
		levels[i] = true
	}
	byIndex := map[int][]string{}
	for i := range levels {
		docs, err := memberList(f, fmt.Sprintf("%s%d.ServiceControlPolicyInputList", prefix, i))
		if err != nil {
			return nil, err
		}
		if err := checkPolicyLengths(docs); err != nil {
			return nil, err
		}
		byIndex[i] = docs
	}
	return dense(byIndex, "OrderedOrganizationPolicyInputList")
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
func contextEntries(f url.Values) (out map[string][]string, order []string, lists map[string]bool, err error) {
	const prefix = "ContextEntries.member."
	idx := map[int]bool{}
	for k := range f {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		n, _, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		if err != nil || i < 1 || i > maxListMembers {
			return nil, nil, nil, errorf(KindBadInput, "parameter %s: expected %s<N>.ContextKeyName, N from 1 to %d", k, prefix, maxListMembers)
		}
		idx[i] = true
	}
	if len(idx) == 0 {
		return nil, nil, nil, nil
	}
	out = map[string][]string{}
	nums := make([]int, 0, len(idx))
	for i := range idx {
		nums = append(nums, i)
	}
	sort.Ints(nums)
	total := 0
	for _, i := range nums {
		p := fmt.Sprintf("%s%d.", prefix, i)
		name := f.Get(p + "ContextKeyName")
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
		typ := f.Get(p + "ContextKeyType")
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
