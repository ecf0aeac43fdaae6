package eval

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/cond"
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

	action    string // lower-cased
	service   string // lower-cased service prefix
	serviceID uint32 // interned service, 0 when no compiled statement names it
}

// NewRequest validates in (as CheckInput) and derives the context keys
// AWS derives from the principal and resource when the input does not
// give them; now is the request time for aws:CurrentTime and
// aws:EpochTime when the context does not give them (the zero time means
// the clock's).
func NewRequest(in RequestInput, now time.Time) (*Request, error) {
	if err := CheckInput(in); err != nil {
		return nil, err
	}
	svc := strings.ToLower(in.Action[:strings.IndexByte(in.Action, ':')])
	r := &Request{
		Principal:       in.Principal,
		Action:          in.Action,
		Resource:        resourceOrAny(in.Resource),
		ResourceAccount: in.ResourceAccount,
		action:          strings.ToLower(in.Action),
		service:         svc,
		serviceID:       internService(svc),
		Context:         cond.NewContextSize(len(in.Context) + 12),
	}
	if r.ResourceAccount == "" {
		r.ResourceAccount = defaultResourceAccount(in.Principal, r.Resource)
	}
	for k, v := range in.Context {
		r.Context.Set(k, v...)
	}
	r.derive(now)
	return r, nil
}

// CheckInput reports what NewRequest would reject in in, without building
// the request: a case file checks its requests when it is read, so that
// the error can name the place.
func CheckInput(in RequestInput) error {
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
	return nil
}

// checkAction: a request names one action, service:Action, no wildcards.
func checkAction(action string) error {
	svc, name, ok := strings.Cut(action, ":")
	if !ok || svc == "" || name == "" || strings.ContainsAny(action, "*? ") {
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

// defaultResourceAccount: the case-file contract says the resource account
// defaults to the principal's; for anonymous and service callers, the
// account in the resource ARN is the best we know.
func defaultResourceAccount(p arn.Principal, resource string) string {
	if p.Account != "" {
		return p.Account
	}
	if a, err := arn.Parse(resource); err == nil && arn.IsAccountID(a.AccountID) {
		return a.AccountID
	}
	return ""
}

// derive fills in the keys AWS sets from the principal and the resource.
// IAM User Guide, "AWS global condition context keys".
func (r *Request) derive(now time.Time) {
	p := r.Principal
	set := func(key string, v string) {
		if v != "" && !r.Context.Has(key) {
			r.Context.Set(key, v)
			r.Derived = append(r.Derived, key)
		}
	}
	switch p.Kind {
	case arn.Service:
		set("aws:PrincipalServiceName", p.Name)
		set("aws:PrincipalIsAWSService", "true")
	case arn.Anonymous:
		set("aws:PrincipalType", "Anonymous")
	case arn.WebIdentity:
		set("aws:FederatedProvider", p.Raw)
	default:
		set("aws:PrincipalArn", p.IAMARN())
		set("aws:PrincipalAccount", p.Account)
		set("aws:PrincipalType", principalType(p.Kind))
		set("aws:PrincipalIsAWSService", "false")
		if p.Kind == arn.User {
			set("aws:username", p.Name)
		}
		if p.Kind == arn.Account {
			set("aws:userid", p.Account)
		}
	}
	set("aws:ResourceAccount", r.ResourceAccount)
	// AWS puts the time in every request's context.
	if now.IsZero() {
		now = time.Now()
	}
	set("aws:CurrentTime", now.UTC().Format(time.RFC3339))
	set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	if a, err := arn.Parse(r.Resource); err == nil && a.Region != "" && !strings.ContainsAny(a.Region, "*?") {
		set("aws:RequestedRegion", a.Region)
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
	if err := checkAction(action); err != nil {
		return nil, err
	}
	c := *r
	c.Action = action
	c.action = strings.ToLower(action)
	c.service = strings.ToLower(action[:strings.IndexByte(action, ':')])
	c.serviceID = internService(c.service)
	return &c, nil
}
