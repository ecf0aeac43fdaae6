package remediate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go/middleware"

	"github.com/sekisho/sekisho/guardrail"
)

// IAM is the part of the IAM API the remediations call; *iam.Client
// implements it.
type IAM interface {
	PutUserPolicy(ctx context.Context, in *iam.PutUserPolicyInput, opts ...func(*iam.Options)) (*iam.PutUserPolicyOutput, error)
}

// Config says what the remediations do.
type Config struct {
	Regions    []string // the Regions the attached region-lock allows; default DefaultRegions
	PolicyName string   // the inline policy's name; default DefaultPolicyName
	DryRun     bool     // plan the calls, make none
}

// Defaults of Config.
var (
	DefaultRegions    = []string{"ap-northeast-1"}
	DefaultPolicyName = "sekisho-region-lock"
)

// Remediator applies the rules to events. It is safe for concurrent use.
type Remediator struct {
	cfg      Config
	client   IAM
	document string // the region-lock policy, as PutUserPolicy sends it
	rules    []Rule
}

// New returns a Remediator calling client (which may be nil for a dry run).
func New(cfg Config, client IAM) (*Remediator, error) {
	if len(cfg.Regions) == 0 {
		cfg.Regions = DefaultRegions
	}
	if cfg.PolicyName == "" {
		cfg.PolicyName = DefaultPolicyName
	}
	if client == nil && !cfg.DryRun {
		return nil, errors.New("remediate: no IAM client: give one, or use a dry run")
	}
	doc, err := guardrail.RegionLockPolicy(cfg.Regions)
	if err != nil {
		return nil, fmt.Errorf("remediate: region-lock policy: %w", err)
	}
	return &Remediator{cfg: cfg, client: client, document: doc.Compact(), rules: Rules()}, nil
}

// PolicyDocument returns the region-lock document the remediation attaches.
func (r *Remediator) PolicyDocument() string { return r.document }

// Status is what happened to one event.
type Status string

// The statuses.
const (
	StatusApplied Status = "applied" // the remediation call succeeded
	StatusPlanned Status = "planned" // dry run: the call that would be made
	StatusFinding Status = "finding" // a problem reported, nothing to apply
	StatusFailed  Status = "failed"  // the remediation could not be applied
	StatusSkipped Status = "skipped" // the call the event records failed: nothing to remediate
	StatusIgnored Status = "ignored" // no rule matched, or nothing to do
)

// Call is an iam:PutUserPolicy call, made or planned.
type Call struct {
	Action         string `json:"action"` // iam:PutUserPolicy
	UserName       string `json:"userName"`
	PolicyName     string `json:"policyName"`
	PolicyDocument string `json:"policyDocument"`
}

// Outcome is the result of one event.
type Outcome struct {
	Event    int          `json:"event"` // the event's position in the input, from 1
	EventID  string       `json:"eventId,omitempty"`
	Label    string       `json:"-"`
	Rule     string       `json:"rule,omitempty"`
	Status   Status       `json:"status"`
	User     string       `json:"user,omitempty"`
	Role     string       `json:"role,omitempty"`
	Call     *Call        `json:"call,omitempty"`
	Attempts int          `json:"attempts,omitempty"` // calls made, retries included
	Findings []BroadTrust `json:"findings,omitempty"`
	Message  string       `json:"message"`
	Error    string       `json:"error,omitempty"`
}

// Report is the outcome of every event, with counts by status.
type Report struct {
	Outcomes []Outcome      `json:"outcomes"`
	Counts   map[Status]int `json:"counts"`
}

// Failed returns the outcomes that failed.
func (rep *Report) Failed() []Outcome {
	var out []Outcome
	for _, o := range rep.Outcomes {
		if o.Status == StatusFailed {
			out = append(out, o)
		}
	}
	return out
}

// Err is nil when no remediation failed, and otherwise names each failed
// event, its user or role, and the error.
func (rep *Report) Err() error {
	failed := rep.Failed()
	if len(failed) == 0 {
		return nil
	}
	var msgs []string
	for _, o := range failed {
		msgs = append(msgs, o.Summary())
	}
	return fmt.Errorf("remediation failed for %d event(s): %s", len(failed), strings.Join(msgs, "; ")) // each Summary is escaped
}

// Summary is the outcome in one line, with what came from the event
// escaped (Printable): a user name cannot forge a line or hide text.
func (o Outcome) Summary() string {
	return Printable(o.summary())
}

func (o Outcome) summary() string {
	s := o.Label
	if s == "" {
		s = fmt.Sprintf("event %d", o.Event)
	}
	if o.Rule != "" {
		s += ": " + o.Rule
	}
	s += ": " + string(o.Status) + ": " + o.Message
	if o.Error != "" {
		s += ": " + o.Error
	}
	return s
}

// Process applies the rules to each event, in order. Each event goes to
// the first rule whose pattern matches it.
func (r *Remediator) Process(ctx context.Context, events []*Event) *Report {
	rep := &Report{Counts: map[Status]int{}}
	for _, ev := range events {
		o := r.processOne(ctx, ev)
		o.Event, o.EventID, o.Label = ev.Index, ev.ID, ev.Label()
		rep.Outcomes = append(rep.Outcomes, o)
		rep.Counts[o.Status]++
	}
	return rep
}

func (r *Remediator) processOne(ctx context.Context, ev *Event) Outcome {
	if ev.invalid != nil {
		where := "the event"
		if ev.Form != "" {
			where = "the " + ev.Form
		}
		if ev.Line > 0 {
			where += fmt.Sprintf(" at line %d", ev.Line)
		}
		return Outcome{Status: StatusFailed, Message: where + " cannot be read as an event", Error: ev.invalid.Error()}
	}
	if failedCall.Matches(ev.decoded) {
		return Outcome{Status: StatusSkipped, Message: fmt.Sprintf("the %s call failed with errorCode %s (%s): nothing was changed, nothing to remediate",
			shorten(ev.Detail.EventName), shorten(ev.Detail.ErrorCode), shorten(ev.Detail.ErrorMessage))}
	}
	for _, rule := range r.rules {
		if rule.Pattern.Matches(ev.decoded) {
			o := rule.apply(r, ctx, ev)
			o.Rule = rule.Name
			return o
		}
	}
	msg := fmt.Sprintf("no rule matches (source %s, detail-type %s, eventName %s)", quoted(ev.Source), quoted(ev.DetailType), quoted(ev.Detail.EventName))
	if ev.Form != "" {
		msg += "; read from a " + ev.Form
	}
	return Outcome{Status: StatusIgnored, Message: msg}
}

// attachRegionLock puts the region-lock policy inline on the new user.
// PutUserPolicy creates the inline policy or replaces the one of the same
// name, so applying it again for the same user (a redelivered event, a
// re-run) leaves the same state: the remediation is idempotent.
func (r *Remediator) attachRegionLock(ctx context.Context, ev *Event) Outcome {
	user, err := createdUser(ev)
	if err != nil {
		return Outcome{Status: StatusFailed, Message: "cannot tell which user was created", Error: err.Error()}
	}
	call := &Call{Action: "iam:PutUserPolicy", UserName: user, PolicyName: r.cfg.PolicyName, PolicyDocument: r.document}
	o := Outcome{User: user, Call: call}
	if r.cfg.DryRun {
		o.Status = StatusPlanned
		o.Message = fmt.Sprintf("would call iam:PutUserPolicy UserName=%s PolicyName=%s (dry run)", user, r.cfg.PolicyName)
		return o
	}
	n := 0
	_, err = r.client.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName:       aws.String(user),
		PolicyName:     aws.String(r.cfg.PolicyName),
		PolicyDocument: aws.String(r.document),
	}, countAttempts(&n))
	o.Attempts = max(n, 1)
	if err != nil {
		o.Status = StatusFailed
		o.Message = fmt.Sprintf("iam:PutUserPolicy for user %s failed after %d attempt(s)", user, o.Attempts)
		o.Error = err.Error()
		return o
	}
	o.Status = StatusApplied
	o.Message = fmt.Sprintf("iam:PutUserPolicy UserName=%s PolicyName=%s", user, r.cfg.PolicyName)
	return o
}

// countAttempts counts the attempts of one call, retries included: its
// middleware runs after the SDK's retry middleware, once per attempt.
func countAttempts(n *int) func(*iam.Options) {
	return func(o *iam.Options) {
		o.APIOptions = append(o.APIOptions, func(s *middleware.Stack) error {
			return s.Finalize.Insert(middleware.FinalizeMiddlewareFunc("SekishoCountAttempts",
				func(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
					*n++
					return next.HandleFinalize(ctx, in)
				}), "Retry", middleware.After)
		})
	}
}

// Handle is the AWS Lambda handler: it takes the event an EventBridge rule
// delivers, applies the rules, and returns the report. The error is
// non-nil when a remediation failed, so that Lambda retries the
// asynchronous invocation and finally sends the event to the dead-letter
// queue: a failed remediation is never lost.
func (r *Remediator) Handle(ctx context.Context, event json.RawMessage) (*Report, error) {
	ev, err := ParseEvent(event)
	if err != nil {
		return nil, fmt.Errorf("sekisho-remediate: %w", err)
	}
	ev.Index = 1
	rep := r.Process(ctx, []*Event{ev})
	return rep, rep.Err()
}
