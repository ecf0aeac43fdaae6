package cli

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
	"github.com/sekisho/sekisho/remediate"
)

// modelApplication is a planned remediation applied to the organization
// model instead of AWS: the user gets the inline policy (a new user is
// added), and a launch outside the allowed regions is decided before and
// after, which shows that the guardrail now holds.
type modelApplication struct {
	User    string `json:"user"`
	Created bool   `json:"created,omitempty"` // the user was not in the model
	Probe   string `json:"probe"`             // the request decided before and after
	Before  string `json:"before"`
	After   string `json:"after"`
	By      string `json:"by,omitempty"` // what decided after
}

// applyToModel applies every planned PutUserPolicy of a dry run to m.
func applyToModel(m *model.Model, events []*remediate.Event, rep *remediate.Report, allowed []string) ([]modelApplication, error) {
	var out []modelApplication
	for _, o := range rep.Outcomes {
		if o.Call == nil || o.Event < 1 || o.Event > len(events) {
			continue
		}
		app, err := applyCall(m, events[o.Event-1].Account, o.Call, allowed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", events[o.Event-1].Label(), err)
		}
		out = append(out, app)
	}
	return out, nil
}

func applyCall(m *model.Model, account string, call *remediate.Call, allowed []string) (modelApplication, error) {
	u, created, err := m.PutUser(account, call.UserName)
	if err != nil {
		return modelApplication{}, err
	}
	app := modelApplication{User: u.ARN, Created: created}
	region := outsideRegion(allowed)
	resource := "arn:aws:ec2:" + region + ":" + account + ":instance/*"
	app.Probe = "ec2:RunInstances on " + resource
	before, _, err := decideInModel(m, u.ARN, resource)
	if err != nil {
		return app, err
	}
	doc, err := policy.Parse([]byte(call.PolicyDocument), policy.Source{File: "remediation", Kind: policy.Identity,
		Name: u.ARN + " inline " + call.PolicyName + " (applied by the dry run)"})
	if err != nil {
		return app, err
	}
	if _, _, err := m.PutUser(account, call.UserName, doc); err != nil {
		return app, err
	}
	after, by, err := decideInModel(m, u.ARN, resource)
	if err != nil {
		return app, err
	}
	app.Before, app.After, app.By = before.Decision.String(), after.Decision.String(), by
	return app, nil
}

func outsideRegion(allowed []string) string {
	for _, r := range []string{"us-east-1", "us-west-2", "eu-west-1"} {
		if !slices.Contains(allowed, r) {
			return r
		}
	}
	return "sa-east-1"
}

// decideInModel decides ec2:RunInstances for a user of the model.
func decideInModel(m *model.Model, userARN, resource string) (eval.Result, string, error) {
	set, in, err := m.Gather(model.Query{Credentials: model.Credentials{Type: model.ByPrincipal, Principal: userARN},
		Action: "ec2:RunInstances", Resource: resource})
	if err != nil {
		return eval.Result{}, "", err
	}
	d, err := eval.Decide(set, in, time.Time{})
	if err != nil {
		return eval.Result{}, "", err
	}
	res := d.Result
	by := res.Reason.String()
	if res.Statement != nil {
		by = fmt.Sprintf("statement %s of %s", res.Statement.Statement.Label(), res.Statement.Policy.Name)
	}
	return res, by, nil
}

func writeModelApplications(w io.Writer, apps []modelApplication) {
	for _, a := range apps {
		created := ""
		if a.Created {
			created = " (added to the model)"
		}
		fmt.Fprintf(w, "model: %s%s: %s: %s before, %s after (%s)\n", a.User, created, a.Probe, a.Before, a.After, a.By)
	}
}
