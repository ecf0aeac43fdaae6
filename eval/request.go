package eval

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/cond"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// RequestInput is a request as a case file or a model gives it, the
// principal already parsed. It is policy.Request, named here for callers
// of the engine.
type RequestInput = policy.Request

// Request is a prepared request: parsed principal, lower-cased action, and
// the full context with derived keys. Prepare it once, evaluate it often.
type Request struct {
	Principal       arn.Principal
	Action          string // as given
	Resource        string
	ResourceAccount string
	Context         cond.Context
	Derived         []string // the context keys Sekisho filled in, as named in AWS docs
	// DerivedFrom says, for each key of Derived (same index), where Sekisho
	// took its value from.
	DerivedFrom []string
	// assumed says, for each key of Derived, whether its value is a guess
	// that may differ from what AWS sends (the Region of the resource ARN,
	// the clock's time, a role path, a defaulted resource account) rather
	// than a consequence of what the request gives.
	assumed []bool
	// values holds the values of the keys Sekisho derived, each the
	// one-value list its Context entry holds: one allocation for them
	// all instead of one per key.
	values []string

	action   string // lower-cased
	service  string // lower-cased service prefix
	reserved reservedKind
	rule     serviceRule // the service rule that decides whatever the policies say
}

// NewRequest validates in (as CheckInput) and derives the context keys
// AWS derives from the principal and resource when the input does not
// give them; now is the request time for aws:CurrentTime and
// aws:EpochTime when the context gives neither (the zero time means the
// clock's).
func NewRequest(in RequestInput, now time.Time) (*Request, error) {
	r := &Request{}
	if err := r.build(in, now, nil); err != nil {
		return nil, err
	}
	return r, nil
}

// build is NewRequest into r, for a caller that allocates r with what it
// is decided for (Compiler.Decide); room, when it is not nil, is the
// memory of a request done with to build r in (Compiler.DecideTransient).
func (r *Request) build(in RequestInput, now time.Time, room *requestRoom) error {
	return errcode.With(errcode.Request, r.init(in, now, room))
}

// requestRoom is the memory of a request that can be reused for another
// once the first is done with: its context's entries, and its lists of
// derived keys. The derived keys' values are not reused, since an
// explanation keeps them (Explanation.Context, DerivedKeys): each request
// takes its slots from values, a chunk of valuesChunk written once, slot
// after slot.
type requestRoom struct {
	context cond.Context
	names   []string
	assumed []bool
	values  []string // the slots taken: the next request's start at len
}

// valuesChunk is the number of derived values a requestRoom allocates at
// once: the requests of two dozen cases, and at most 4 KB kept alive by
// each kept explanation.
const valuesChunk = 256

// keep keeps the memory of r, built in room, for the next request, and
// empties r.
func (room *requestRoom) keep(r *Request) {
	if r.Context != (cond.Context{}) { // not when it failed before its context
		room.context = r.Context
	}
	if r.assumed != nil {
		room.assumed = r.assumed[:0]
	}
	// The slots r took are taken for good (all of them if it outgrew them).
	room.values = room.values[:len(room.values)+min(len(r.values), derivedKeys)]
	clear(room.names) // the strings are no longer kept alive
	*r = Request{}
}

func (r *Request) init(in RequestInput, now time.Time, room *requestRoom) error {
	if err := CheckInput(in); err != nil {
		return err
	}
	svc := strings.ToLower(in.Action[:strings.IndexByte(in.Action, ':')])
	*r = Request{
		Principal:       in.Principal,
		Action:          in.Action,
		Resource:        resourceOrAny(in.Resource),
		ResourceAccount: in.ResourceAccount,
		action:          awsref.LowerActionName(in.Action),
		service:         svc,
	}
	n := len(in.Context)
	for _, l := range in.Layers {
		n += len(l) // a key of several layers counts more than once: room to spare
	}
	if r.ResourceAccount == "" {
		r.ResourceAccount = defaultResourceAccount(in.Principal, r.Resource)
	}
	// Room for the keys Sekisho derives (derive, deriveTime) and those the
	// input says it assumed, in one allocation instead of a slice grown
	// key by key: a request is built for every decision a server makes.
	m := len(in.Assumed) + derivedKeys
	if room == nil {
		r.Context = cond.NewContextSize(n + derivedKeys)
		names := make([]string, 0, 2*m+derivedKeys)
		r.Derived, r.DerivedFrom, r.values = names[:0:m], names[m:m:2*m], names[2*m:2*m]
		r.assumed = make([]bool, 0, m)
	} else {
		r.Context = room.context.Reset(n + derivedKeys)
		if len(room.names) < 2*m {
			room.names = make([]string, 2*m)
		}
		names := room.names
		r.Derived, r.DerivedFrom = names[:0:m], names[m:m:2*m]
		if cap(room.values)-len(room.values) < derivedKeys {
			room.values = make([]string, 0, valuesChunk)
		}
		at := len(room.values)
		r.values = room.values[at : at : at+derivedKeys]
		r.assumed = slices.Grow(room.assumed[:0], m)
	}
	for k, v := range in.All() { // a key given again replaces its value
		if in.Lists[k] {
			r.Context.SetList(k, v...)
		} else {
			r.Context.Set(k, v...)
		}
	}
	for k, from := range in.Assumed {
		if r.Context.Has(k) {
			r.Derived = append(r.Derived, k)
			r.DerivedFrom = append(r.DerivedFrom, from)
			r.assumed = append(r.assumed, true)
		}
	}
	if err := r.deriveTime(now); err != nil {
		return err
	}
	r.derive(in.ResourceAccount != "")
	r.reserved = classifyResource(r.Resource)
	r.rule = r.classifyRule()
	return nil
}

// derivedKeys is the most keys derive and deriveTime fill in for one
// request (aws:CurrentTime, aws:EpochTime, the principal's five, the
// resource account and Region, and the session's aws:PrincipalArn).
const derivedKeys = 10

// CheckInput reports what NewRequest would reject in in, without building
// the request: a case file checks its requests when it is read, so that
// the error can name the place.
func CheckInput(in RequestInput) error {
	return errcode.With(errcode.Request, checkInput(in))
}

func checkInput(in RequestInput) error {
	if err := checkAction(in.Action); err != nil {
		return err
	}
	res := resourceOrAny(in.Resource)
	if res != "*" && !arn.IsARN(res) {
		return fmt.Errorf("resource: malformed resource %q: expected an ARN or \"*\"", res)
	}
	account := in.ResourceAccount
	if account == "" {
		account = defaultResourceAccount(in.Principal, res)
	}
	if account != "" && !arn.IsAccountID(account) {
		return fmt.Errorf("resourceAccount: expected a 12-digit account id, got %q", account)
	}
	_, _, err := requestInstant(func(k contextKey) []string { return getFold(&in, k.name) })
	return err
}

// checkAction: a request names one action, service:Action, no wildcards.
func checkAction(action string) error {
	svc, name, ok := strings.Cut(action, ":")
	if !ok || svc == "" || name == "" || strings.IndexByte(action, ' ') >= 0 || wildcard.HasWildcard(action) {
		return fmt.Errorf("action: malformed action %q: expected service:Action without wildcards, such as s3:GetObject", action)
	}
	return nil
}

func resourceOrAny(resource string) string {
	if resource == "" {
		return "*"
	}
	return resource
}

// getFold returns the values of a condition key, whose names are
// case-insensitive ("IAM JSON policy elements: Condition").
func getFold(in *RequestInput, key string) []string {
	if v, ok := in.Value(key); ok {
		return v
	}
	var found []string
	for k, v := range in.All() {
		if strings.EqualFold(k, key) {
			found = v // the last given, as Context replaces Layers
		}
	}
	return found
}

// deriveTime sets aws:CurrentTime and aws:EpochTime, which are one
// instant: AWS puts the time of the request in every request's context, as
// an ISO 8601 date and as seconds since the epoch ("AWS global condition
// context keys", aws:CurrentTime and aws:EpochTime). When the request gives
// one, the other is taken from it, never from the clock, so a case set at
// one instant is decided at that instant by every date condition. Given
// both, they must name the same second; the clock (or in.Now) is used only
// when neither is given.
func (r *Request) deriveTime(now time.Time) error {
	const cur, epoch = "aws:CurrentTime", "aws:EpochTime"
	t, given, err := requestInstant(func(k contextKey) []string { return r.Context.Lookup(k.lower) })
	if err != nil {
		return err
	}
	from := "from the time given for the run"
	switch {
	case given && len(r.Context.Lookup(keyCurrentTime.lower)) > 0:
		now, from = t, "from "+cur
	case given:
		now, from = t, "from "+epoch
	case now.IsZero():
		now, from = time.Now(), "from the clock"
	}
	clock := from == "from the clock"
	text := instantTextOf(now)
	r.setDerived(keyCurrentTime, text.current, from, clock)
	r.setDerived(keyEpochTime, text.epoch, from, clock)
	return nil
}

// instantText is the text of aws:CurrentTime and aws:EpochTime at one
// second.
type instantText struct {
	unix           int64
	current, epoch string
}

// lastInstant is the instantText made last: a run decides its cases at
// one time (sekisho test --now, or each case's own), whose two texts
// were two of a request's allocations.
var lastInstant atomic.Pointer[instantText]

// instantTextOf returns the texts of t's second: RFC 3339 in UTC has no
// fraction of a second, so the second decides both.
func instantTextOf(t time.Time) *instantText {
	unix := t.Unix()
	if last := lastInstant.Load(); last != nil && last.unix == unix {
		return last
	}
	text := &instantText{unix: unix, current: t.UTC().Format(time.RFC3339), epoch: strconv.FormatInt(unix, 10)}
	lastInstant.Store(text)
	return text
}

// contextKey is a condition key Sekisho reads or fills in, with its
// lower-cased form made once (Context looks keys up lower-cased).
type contextKey struct{ name, lower string }

func newContextKey(name string) contextKey {
	return contextKey{name: name, lower: strings.ToLower(name)}
}

var (
	keyCurrentTime           = newContextKey("aws:CurrentTime")
	keyEpochTime             = newContextKey("aws:EpochTime")
	keyPrincipalArn          = newContextKey("aws:PrincipalArn")
	keyPrincipalServiceName  = newContextKey("aws:PrincipalServiceName")
	keyPrincipalIsAWSService = newContextKey("aws:PrincipalIsAWSService")
	keyPrincipalType         = newContextKey("aws:PrincipalType")
	keyFederatedProvider     = newContextKey("aws:FederatedProvider")
	keyPrincipalAccount      = newContextKey("aws:PrincipalAccount")
	keyUsername              = newContextKey("aws:username")
	keyUserid                = newContextKey("aws:userid")
	keyResourceAccount       = newContextKey("aws:ResourceAccount")
	keyRequestedRegion       = newContextKey("aws:RequestedRegion")
)

// requestInstant reads the time keys of a request: the instant they name
// (given: at least one is), or an error when one is malformed or they
// disagree.
func requestInstant(get func(contextKey) []string) (time.Time, bool, error) {
	const cur, epoch = "aws:CurrentTime", "aws:EpochTime"
	ct, hasCur, err := instant(get, keyCurrentTime)
	if err != nil {
		return time.Time{}, false, err
	}
	et, hasEpoch, err := instant(get, keyEpochTime)
	if err != nil {
		return time.Time{}, false, err
	}
	switch {
	case hasCur && hasEpoch && ct.Unix() != et.Unix():
		return time.Time{}, false, fmt.Errorf("context: %s %s and %s %s are not the same instant: they are one time, give one of them or both equal",
			cur, ct.UTC().Format(time.RFC3339), epoch, et.UTC().Format(time.RFC3339))
	case hasCur:
		return ct, true, nil
	case hasEpoch:
		return et, true, nil
	}
	return time.Time{}, false, nil
}

// instant reads a time key of the request: absent, or one date.
func instant(get func(contextKey) []string, k contextKey) (time.Time, bool, error) {
	key := k.name
	vs := get(k)
	switch len(vs) {
	case 0:
		return time.Time{}, false, nil
	case 1:
		t, err := policy.ParseDate(vs[0])
		if err != nil {
			return time.Time{}, false, fmt.Errorf("context: %s: %w", key, err)
		}
		return t, true, nil
	}
	return time.Time{}, false, fmt.Errorf("context: %s has %d values: it is single-valued, the time of the request", key, len(vs))
}

// setDerived sets a key Sekisho fills in, unless the request gives it,
// and says where the value comes from.
func (r *Request) setDerived(k contextKey, v, from string, assumed bool) {
	if v == "" {
		return
	}
	// The value's one-value list is a slot of r.values, given back when
	// the request gives the key (SetAbsentLower keeps it only when it
	// sets the key).
	r.values = append(r.values, v)
	n := len(r.values)
	if !r.Context.SetAbsentLower(k.lower, k.name, r.values[n-1:n:n]) {
		r.values = r.values[:n-1]
		return
	}
	r.Derived = append(r.Derived, k.name)
	r.DerivedFrom = append(r.DerivedFrom, from)
	r.assumed = append(r.assumed, assumed)
}

// isAssumed reports whether the i-th derived key's value is assumed.
func (r *Request) isAssumed(i int) bool { return i < len(r.assumed) && r.assumed[i] }

// derivedFrom says where the i-th derived key's value comes from.
func (r *Request) derivedFrom(i int) string {
	if i < len(r.DerivedFrom) {
		return r.DerivedFrom[i]
	}
	return "filled in by Sekisho"
}

// defaultResourceAccount: the case-file contract says the resource account
// defaults to the principal's; for anonymous and service callers, the
// account in the resource ARN is the best we know.
func defaultResourceAccount(p arn.Principal, resource string) string {
	if p.Account != "" {
		return p.Account
	}
	if a, ok := arn.Parsed(resource); ok && arn.IsAccountID(a.AccountID) {
		return a.AccountID
	}
	return ""
}

// derive fills in the keys AWS sets from the principal and the resource.
// IAM User Guide, "AWS global condition context keys".
func (r *Request) derive(givenAccount bool) {
	p := r.Principal
	from := "from the principal"
	set := func(k contextKey, v string) { r.setDerived(k, v, from, false) }
	if p.Kind == arn.AssumedRole {
		// The session ARN does not carry the role's path.
		r.setDerived(keyPrincipalArn, p.IAMARN(), "from the role session ARN, with the role's path taken as /", true)
	}
	switch p.Kind {
	case arn.Service:
		set(keyPrincipalServiceName, p.Name)
		set(keyPrincipalIsAWSService, "true")
	case arn.Anonymous:
		set(keyPrincipalType, "Anonymous")
	case arn.WebIdentity:
		set(keyFederatedProvider, p.Raw)
	case arn.CloudFrontOAI:
		// AWS documents no principal keys for an origin access identity;
		// none is filled in, so conditions on them see the key absent.
	default:
		set(keyPrincipalArn, p.IAMARN())
		set(keyPrincipalAccount, p.Account)
		set(keyPrincipalType, principalType(p.Kind))
		set(keyPrincipalIsAWSService, "false")
		if p.Kind == arn.User {
			set(keyUsername, p.Name)
		}
		if p.Kind == arn.Account {
			set(keyUserid, p.Account)
		}
	}
	from = "from the request's resourceAccount"
	if !givenAccount {
		from = "from the principal's account, as the request gives no resourceAccount"
		if p.Account == "" {
			from = "from the resource ARN"
		}
	}
	r.setDerived(keyResourceAccount, r.ResourceAccount, from, !givenAccount)
	// The Region of the resource is the Region the request is sent to for
	// most calls, not all: ec2:CopySnapshot is sent to the destination
	// Region and names a source snapshot in another.
	if a, ok := arn.Parsed(r.Resource); ok && a.Region != "" && !wildcard.HasWildcard(a.Region) {
		r.setDerived(keyRequestedRegion, a.Region, "from the resource ARN's Region; a call sent to another Region has that one (ec2:CopySnapshot is sent to the destination Region)", true)
	}
}

// principalType is the value of aws:PrincipalType ("AWS global condition
// context keys": Account, User, FederatedUser, AssumedRole, Anonymous).
func principalType(k arn.PrincipalKind) string {
	switch k {
	case arn.Account:
		return "Account"
	case arn.User:
		return "User"
	case arn.FederatedUser:
		return "FederatedUser"
	case arn.Role, arn.AssumedRole:
		return "AssumedRole"
	}
	return ""
}

// sameAccount reports whether the principal and the resource are in one account.
func (r *Request) sameAccount() bool {
	return r.Principal.Account != "" && r.Principal.Account == r.ResourceAccount
}

// WithAction returns a copy of the request for another action, sharing the
// context (which does not depend on the action). Analyses that ask about
// many actions on one resource prepare the request once and derive the rest.
func (r *Request) WithAction(action string) (*Request, error) {
	c := *r
	if err := c.retarget(action); err != nil {
		return nil, err
	}
	return &c, nil
}

// retarget aims the request at another action, in place.
func (r *Request) retarget(action string) error {
	if err := checkAction(action); err != nil {
		return err
	}
	r.Action = action
	r.action = awsref.LowerActionName(action)
	r.service = strings.ToLower(action[:strings.IndexByte(action, ':')])
	r.rule = r.classifyRule()
	return nil
}
