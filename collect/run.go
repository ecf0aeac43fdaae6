package collect

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/sekisho/sekisho/internal/shard"
)

// Shard is one part of a collection split over several runs: run i of n
// collects the accounts whose SHA-256 split (internal/shard) is i.
type Shard = shard.Shard

// Options say what to collect and where to write it.
type Options struct {
	Out         string   // the output directory
	Org         bool     // collect the organization and every ACTIVE member account
	RoleName    string   // the role assumed in other accounts (default OrganizationAccountAccessRole)
	Accounts    []string // only these accounts (default: the caller's, or the organization's with Org)
	Regions     []string // only these Regions (default: each account's enabled Regions)
	Resume      bool     // skip what the manifest says was collected
	Shard       shard.Shard
	Concurrency int // tasks in flight (default DefaultConcurrency)
	Tool        string
	// Events, when set, is told of each call and account; it is called
	// from several goroutines at once.
	Events func(Event)

	// Endpoint, when set, is the base endpoint of every service (a test's
	// fake AWS); S3 is then addressed path-style.
	Endpoint   string
	HTTPClient *http.Client
	// MaxBackoff bounds the retryer's back-off (default the SDK's 20 s).
	MaxBackoff time.Duration
}

// DefaultConcurrency is how many account/Region tasks run at once unless
// told otherwise: enough to hide latency, few enough to stay under the API
// rate limits of one account (the tasks of one account share them).
const DefaultConcurrency = 16

// DefaultRoleName is the role AWS Organizations creates in member accounts.
const DefaultRoleName = "OrganizationAccountAccessRole"

// SessionName names the collector's sessions in member accounts, so that
// CloudTrail says who read them.
const SessionName = "sekisho-collect"

// EventKind tells events apart.
type EventKind uint8

// The kinds of events.
const (
	CallDone      EventKind = iota // one call finished (Outcome says how)
	AccountsKnown                  // Total accounts will be collected
	AccountDone                    // one account finished
)

// Event is progress, for a display or a log.
type Event struct {
	Kind    EventKind
	Account string
	Region  string
	File    string
	Outcome string // collected, absent, denied, failed, skipped
	Code    string
	Err     error
	Total   int
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// Check validates the options without touching AWS.
func (o *Options) Check() error {
	if o.Out == "" {
		return errors.New("an output directory is required (--out)")
	}
	for _, a := range o.Accounts {
		if !accountID.MatchString(a) {
			return fmt.Errorf("account %q: expected 12 digits", a)
		}
	}
	for _, r := range o.Regions {
		if !regionName.MatchString(r) {
			return fmt.Errorf("region %q: expected a Region name such as us-east-1", r)
		}
	}
	if o.Concurrency < 0 || o.Concurrency > 1024 {
		return fmt.Errorf("concurrency %d: expected 1 to 1024", o.Concurrency)
	}
	if o.RoleName != "" && !roleName.MatchString(o.RoleName) {
		return fmt.Errorf("role name %q: expected an IAM role name (path allowed)", o.RoleName)
	}
	return nil
}

var (
	regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	roleName   = regexp.MustCompile(`^(/[\x21-\x7e]*/)?[A-Za-z0-9+=,.@_-]{1,64}$`)
)

// Run collects what the options say into o.Out and writes its manifest.
// A cancelled context stops the run after the calls in flight; the
// manifest then says what was collected, and a run with Resume completes it.
func Run(ctx context.Context, cfg aws.Config, o Options) error {
	if err := o.Check(); err != nil {
		return err
	}
	r, err := newRunner(cfg, o)
	if err != nil {
		return err
	}
	err = r.run(ctx)
	if ferr := r.ledger.flush(time.Now(), true); err == nil {
		err = ferr
	}
	return err
}

type runner struct {
	o             Options
	base          aws.Config
	ledger        *ledger
	tasks         chan struct{} // bounds the tasks in flight
	caller        string        // ARN of the base credentials
	callerAccount string
	partition     string
	orgID         string            // with Org: the organization's id
	inactive      map[string]string // with Org: accounts of the organization that are not ACTIVE → their state
}

func newRunner(cfg aws.Config, o Options) (*runner, error) {
	if o.Concurrency == 0 {
		o.Concurrency = DefaultConcurrency
	}
	if o.RoleName == "" {
		o.RoleName = DefaultRoleName
	}
	l, err := openLedger(o.Out, o.Resume, time.Now())
	if err != nil {
		return nil, err
	}
	l.m.Tool = o.Tool
	l.m.Shard = o.Shard.String()
	base := cfg.Copy()
	if base.Region == "" {
		base.Region = "us-east-1"
	}
	if o.Endpoint != "" {
		base.BaseEndpoint = aws.String(o.Endpoint)
	}
	if o.HTTPClient != nil {
		base.HTTPClient = o.HTTPClient
	}
	base.Retryer = newRetryer(o.MaxBackoff)
	return &runner{o: o, base: base, ledger: l, tasks: make(chan struct{}, o.Concurrency), inactive: map[string]string{}}, nil
}

func (r *runner) run(ctx context.Context) error {
	id, err := sts.NewFromConfig(r.base).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return fmt.Errorf("who am I (sts get-caller-identity): %w", err)
	}
	r.caller, r.callerAccount = aws.ToString(id.Arn), aws.ToString(id.Account)
	r.partition = "aws"
	if a, err := arn.Parse(r.caller); err == nil {
		r.partition = a.Partition
	}
	r.ledger.mu.Lock()
	r.ledger.m.Caller = r.caller
	r.ledger.mu.Unlock()

	accounts, err := r.accounts(ctx)
	if err != nil {
		return err
	}
	r.emit(Event{Kind: AccountsKnown, Total: len(accounts)})
	r.runAccounts(ctx, accounts)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	r.ledger.mu.Lock()
	r.ledger.m.Complete = true
	for _, a := range r.ledger.m.Accounts {
		if a.Error != "" {
			r.ledger.m.Complete = false
		}
	}
	r.ledger.mu.Unlock()
	return nil
}

// accounts lists the accounts of this run (and, with Org, collects the
// organization on the way).
func (r *runner) accounts(ctx context.Context) ([]string, error) {
	var list []string
	switch {
	case r.o.Org:
		org, err := r.organization(ctx)
		if err != nil {
			return nil, err
		}
		list = org
		if len(r.o.Accounts) > 0 {
			list = intersect(org, r.o.Accounts)
			r.skipOutside(org)
		}
	case len(r.o.Accounts) > 0:
		list = append([]string(nil), r.o.Accounts...)
	default:
		list = []string{r.callerAccount}
	}
	sort.Strings(list)
	list = dedupe(list)
	return r.o.Shard.Of(list), nil
}

// skipOutside records the accounts asked for (--accounts) that the
// organization does not hold as ACTIVE accounts: they are not collected,
// and the manifest says so rather than dropping them in silence. Each is
// recorded by the shard it belongs to, so that the shards' manifests stay
// disjoint.
func (r *runner) skipOutside(org []string) {
	in := map[string]bool{}
	for _, id := range org {
		in[id] = true
	}
	for _, id := range dedupe(sortedCopy(r.o.Accounts)) {
		if in[id] || !r.o.Shard.Has(id) {
			continue
		}
		reason := "not an account of the organization " + r.orgID
		if state := r.inactive[id]; state != "" {
			reason = fmt.Sprintf("an account of the organization %s in state %s, not ACTIVE", r.orgID, state)
		}
		r.ledger.skip(Skipped{ID: id, Reason: reason})
	}
}

func sortedCopy(list []string) []string {
	out := append([]string(nil), list...)
	sort.Strings(out)
	return out
}

func (r *runner) runAccounts(ctx context.Context, accounts []string) {
	inFlight := make(chan struct{}, r.o.Concurrency)
	var wg sync.WaitGroup
	for _, id := range accounts {
		select {
		case inFlight <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-inFlight }()
			r.account(ctx, id)
			if err := r.ledger.flush(time.Now(), false); err != nil {
				r.emit(Event{Kind: CallDone, Account: id, Outcome: "failed", Err: err})
			}
		}()
	}
	wg.Wait()
}

// task runs fn while holding one of the run's task slots.
func (r *runner) task(ctx context.Context, fn func()) bool {
	select {
	case r.tasks <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-r.tasks }()
	fn()
	return true
}

func (r *runner) emit(e Event) {
	if r.o.Events != nil {
		r.o.Events(e)
	}
}

// configFor returns the configuration for an account: the caller's own
// credentials in its own account, the assumed role elsewhere.
func (r *runner) configFor(account string) aws.Config {
	if account == r.callerAccount {
		return r.base
	}
	cfg := r.base.Copy()
	role := fmt.Sprintf("arn:%s:iam::%s:role/%s", r.partition, account, strings.TrimPrefix(r.o.RoleName, "/"))
	p := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(r.base), role, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = SessionName
	})
	cfg.Credentials = aws.NewCredentialsCache(p)
	return cfg
}

// errorCode is the AWS error code of err, or "".
func errorCode(err error) (code, msg string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", err.Error()
}

// deniedCodes are the codes with which services say "you may not"
// (each service's API Reference, Common Errors).
var deniedCodes = map[string]bool{
	"AccessDenied": true, "AccessDeniedException": true, "UnauthorizedOperation": true,
	"AuthorizationError": true, "AuthorizationErrorException": true, "UnauthorizedException": true,
	"Client.UnauthorizedOperation": true, "AllAccessDisabled": true,
}

func intersect(all, want []string) []string {
	set := map[string]bool{}
	for _, a := range all {
		set[a] = true
	}
	var out []string
	for _, w := range want {
		if set[w] {
			out = append(out, w)
		}
	}
	return out
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
