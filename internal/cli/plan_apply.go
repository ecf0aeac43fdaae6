package cli

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
	"github.com/sekisho/sekisho/tfplan"
)

// planApplier applies a plan's changes to a model (plan --model): the
// planned model, to compare with the current one. What it cannot apply is
// a gap, never a guess.
type planApplier struct {
	m       *model.Model
	account string            // the account the plan's IAM changes are in
	managed map[string]string // aws_iam_policy address → the policy ARN as planned
	org     map[string]string // aws_organizations_policy address → its id (planned:ADDRESS when created)
	gaps    []tfplan.Gap
}

func applyPlan(m *model.Model, plan *tfplan.Plan, account string) []tfplan.Gap {
	a := &planApplier{m: m, account: account, managed: map[string]string{}, org: map[string]string{}}
	for _, o := range plan.Others {
		if o.Type == "aws_iam_user" && o.Action != tfplan.Delete {
			a.gap(o.Address, a.user(o))
		}
	}
	for _, at := range plan.Attachments { // detached first: IAM and Organizations delete no attached policy
		if at.Action == tfplan.Delete {
			a.gap(at.Address, a.attachment(at))
		}
	}
	for _, d := range plan.Documents {
		a.gap(d.Name(), a.document(d))
	}
	for _, o := range plan.Others {
		switch o.Type {
		case "aws_iam_user":
		case "aws_iam_user_group_membership", "aws_iam_group_membership":
			a.gap(o.Address, a.membership(o))
		case "aws_iam_instance_profile":
			a.gap(o.Address, a.instanceProfile(o))
		default:
			a.gap(o.Address, fmt.Errorf("a change of %s is not applied to the model", o.Type))
		}
	}
	for _, at := range plan.Attachments {
		if at.Action != tfplan.Delete {
			a.gap(at.Address, a.attachment(at))
		}
	}
	for _, o := range plan.Others {
		if o.Type == "aws_iam_user" && o.Action == tfplan.Delete {
			a.gap(o.Address, a.m.DeleteUser(a.acct(o.Values["arn"]), o.Values["name"]))
		}
	}
	return a.gaps
}

func (a *planApplier) gap(address string, err error) {
	if err != nil {
		a.gaps = append(a.gaps, tfplan.Gap{Address: address, Why: "not applied to the model: " + err.Error()})
	}
}

// acct is the account of an ARN, else the plan's account.
func (a *planApplier) acct(arnStr string) string {
	if id := model.AccountOf(arnStr); id != "" {
		return id
	}
	return a.account
}

func (a *planApplier) needAccount() error {
	if a.account == "" {
		return fmt.Errorf("the account the plan changes is not known: give --account")
	}
	return nil
}

func (a *planApplier) user(o *tfplan.Other) error {
	if err := a.needAccount(); err != nil {
		return err
	}
	name := o.Values["name"]
	if name == "" || name == "(known after apply)" {
		return fmt.Errorf("the user's name is known only after apply")
	}
	_, _, err := a.m.PutUser(a.account, name)
	return err
}

// parse reads the planned document; nil for none (deleted).
func (a *planApplier) parse(d *tfplan.Document, name string) (*policy.Policy, error) {
	if d.Unknown {
		return nil, fmt.Errorf("the planned document is known only after apply")
	}
	if d.After == nil || d.Action == tfplan.Delete {
		return nil, nil
	}
	return policy.ParseFile([]byte(*d.After), policy.Source{File: d.Name(), Name: name, Kind: d.Kind})
}

// document puts one planned document where it goes in the model.
func (a *planApplier) document(d *tfplan.Document) error {
	v := d.Values
	label := func(what string) string { return d.Name() + " (" + what + ")" }
	switch d.Type {
	case "aws_iam_policy":
		arn := v["arn"]
		if arn == "" {
			if err := a.needAccount(); err != nil {
				return err
			}
			path := v["path"]
			if path == "" {
				path = "/"
			}
			if v["name"] == "" {
				return fmt.Errorf("the policy's name and ARN are known only after apply")
			}
			arn = "arn:aws:iam::" + a.account + ":policy" + path + v["name"]
		}
		a.managed[d.Address] = arn
		doc, err := a.parse(d, label(arn))
		if err != nil {
			return err
		}
		return a.m.PutManaged(arn, doc)
	case "aws_iam_role":
		return a.role(d)
	case "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
		kind := model.PrincipalKind(strings.TrimSuffix(strings.TrimPrefix(d.Type, "aws_iam_"), "_policy"))
		holder := model.RoleName(v[string(kind)])
		doc, err := a.parse(d, label(string(kind)+" "+holder+" inline "+v["name"]))
		if err != nil {
			return err
		}
		if holder == "" || v["name"] == "" {
			return fmt.Errorf("the %s or the policy name is known only after apply", kind)
		}
		return a.m.PutInline(a.acct(v[string(kind)]), kind, holder, v["name"], doc)
	case "aws_organizations_policy":
		id := v["id"]
		if id == "" {
			id = "planned:" + d.Address
		}
		a.org[d.Address] = id
		doc, err := a.parse(d, label(v["name"]))
		if err != nil {
			return err
		}
		t := model.SCPType
		if d.Kind == policy.RCP {
			t = model.RCPType
		}
		return a.m.PutOrgPolicy(id, v["name"], t, doc)
	case "aws_vpc_endpoint", "aws_vpc_endpoint_policy":
		id := v["id"]
		if d.Type == "aws_vpc_endpoint_policy" {
			id = v["vpc_endpoint_id"]
		}
		e := a.m.Endpoints[id]
		if e == nil {
			return model.NotInModel("VPC endpoint %q is not in the model", id)
		}
		doc, err := a.parse(d, label(id))
		if err != nil {
			return err
		}
		e.Policy = doc // nil: the default full-access policy
		return nil
	}
	if d.Type == "aws_lambda_permission" {
		return a.lambdaPermission(d)
	}
	arn, err := a.resourceARN(d)
	if err != nil {
		return err
	}
	doc, err := a.parse(d, label(arn))
	if err != nil {
		return err
	}
	return a.m.PutResourcePolicy(arn, doc)
}

// role applies an aws_iam_role's trust policy or one inline_policy block.
func (a *planApplier) role(d *tfplan.Document) error {
	name, acct := d.Values["name"], a.acct(d.Values["arn"])
	if name == "" {
		return fmt.Errorf("the role's name is known only after apply")
	}
	if acct == "" {
		return a.needAccount()
	}
	if d.Attribute == "assume_role_policy" {
		doc, err := a.parse(d, d.Name()+" (role "+name+" trust)")
		if err != nil {
			return err
		}
		_, err = a.m.PutRole(acct, name, doc)
		return err
	}
	pname, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(d.Attribute, "inline_policy["), "].policy"))
	if err != nil {
		return fmt.Errorf("attribute %s: %w", d.Attribute, err)
	}
	doc, err := a.parse(d, d.Name()+" (role "+name+" inline "+pname+")")
	if err != nil {
		return err
	}
	if err := a.m.PutInline(acct, model.RoleKind, name, pname, doc); err != nil && (doc != nil || a.m.Accounts[acct] == nil || a.m.Accounts[acct].Roles[name] != nil) {
		return err // deleting the inline policy of a role the plan deletes is done
	}
	return nil
}

// resourceARN finds the model resource a resource policy is on.
func (a *planApplier) resourceARN(d *tfplan.Document) (string, error) {
	v := d.Values
	switch d.Type {
	case "aws_s3_bucket_policy":
		return "arn:aws:s3:::" + v["bucket"], nil
	case "aws_sqs_queue_policy":
		// https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (Amazon SQS Developer Guide, "Queue and message identifiers")
		u, err := url.Parse(v["queue_url"])
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		host := strings.Split(u.Host, ".")
		if err != nil || len(parts) != 2 || len(host) < 3 || host[0] != "sqs" {
			return "", fmt.Errorf("queue URL %q: expected https://sqs.REGION.amazonaws.com/ACCOUNT/NAME", v["queue_url"])
		}
		return "arn:aws:sqs:" + host[1] + ":" + parts[0] + ":" + parts[1], nil
	case "aws_sns_topic_policy", "aws_kms_key":
		if v["arn"] == "" {
			return "", fmt.Errorf("the ARN is known only after apply")
		}
		return v["arn"], nil
	case "aws_secretsmanager_secret_policy":
		return v["secret_arn"], nil
	case "aws_kms_key_policy":
		return a.find(model.Key, v["key_id"], "key/")
	case "aws_ecr_repository_policy":
		return a.find(model.Repository, v["repository"], "repository/")
	}
	return "", fmt.Errorf("a change of %s is not applied to the model", d.Type)
}

// find is the model resource of a type named by ARN or by its last part.
func (a *planApplier) find(t model.ResourceType, id, prefix string) (string, error) {
	if strings.HasPrefix(id, "arn:") {
		return id, nil
	}
	var found []string
	for arn, r := range a.m.Resources {
		if r.Type == t && strings.HasSuffix(arn, ":"+prefix+id) && (a.account == "" || r.Account == a.account) {
			found = append(found, arn)
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%s %q: %d resources of the model match it (give --account, or the ARN)", t, id, len(found))
	}
	return found[0], nil
}

// membership applies a group membership change.
func (a *planApplier) membership(o *tfplan.Other) error {
	if err := a.needAccount(); err != nil {
		return err
	}
	member := o.Action != tfplan.Delete
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		return strings.Split(s, ", ")
	}
	if o.Type == "aws_iam_user_group_membership" {
		for _, g := range split(o.Values["groups"]) {
			if err := a.m.PutGroupMember(a.account, g, o.Values["user"], member); err != nil {
				return err
			}
		}
		return nil
	}
	for _, u := range split(o.Values["users"]) {
		if err := a.m.PutGroupMember(a.account, o.Values["group"], u, member); err != nil {
			return err
		}
	}
	return nil
}

// attachment attaches (or detaches) a policy to its targets.
func (a *planApplier) attachment(at *tfplan.Attachment) error {
	attach := at.Action != tfplan.Delete
	pol := at.Policy
	if pol == "" || pol == "(known after apply)" {
		pol = a.managed[at.From]
		if at.Type == "aws_organizations_policy_attachment" {
			pol = a.org[at.From]
		}
	}
	if pol == "" {
		return fmt.Errorf("the attached policy is known only after apply and not in this plan")
	}
	if at.Action == tfplan.Update || at.Action == tfplan.Replace {
		a.gaps = append(a.gaps, tfplan.Gap{Address: at.Address, Why: "applied as an attachment of the planned policy; the prior attachment's policy and targets are not detached"})
	}
	for _, t := range at.Targets {
		var err error
		if at.Type == "aws_organizations_policy_attachment" {
			err = a.m.AttachOrgPolicy(t, pol, attach)
		} else {
			err = a.attachIAM(at.Type, t, pol, attach)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *planApplier) attachIAM(typ, target, pol string, attach bool) error {
	if err := a.needAccount(); err != nil {
		return err
	}
	kinds := []model.PrincipalKind{model.UserKind, model.RoleKind, model.GroupKind}
	switch typ {
	case "aws_iam_role_policy_attachment":
		kinds = kinds[1:2]
	case "aws_iam_user_policy_attachment":
		kinds = kinds[:1]
	case "aws_iam_group_policy_attachment":
		kinds = kinds[2:]
	}
	var err error
	for _, k := range kinds {
		if err = a.m.AttachManaged(a.acct(target), k, model.RoleName(target), pol, attach); err == nil {
			return nil
		}
	}
	return err
}

// lambdaPermission puts the permission's statement in its function's
// policy, replacing the statement of the same Sid (AddPermission's
// StatementId names it; RemovePermission removes it).
func (a *planApplier) lambdaPermission(d *tfplan.Document) error {
	arn := d.Target
	if strings.Contains(arn, "*") {
		name := arn[strings.LastIndex(arn, ":function:")+len(":function:"):]
		var err error
		if arn, err = a.find(model.Function, name, "function:"); err != nil {
			return err
		}
	}
	r := a.m.Resources[arn]
	if i := strings.LastIndex(arn, ":function:"); r == nil && i >= 0 {
		// a version or alias (FUNCTION:QUALIFIER): the statement's Resource names it
		head := arn[:i+len(":function:")]
		name, _, _ := strings.Cut(arn[len(head):], ":")
		r = a.m.Resources[head+name]
	}
	if r == nil {
		return model.NotInModel("function %s is not in the model", arn)
	}
	doc, err := a.parse(d, d.Name()+" ("+arn+")")
	if err != nil {
		return err
	}
	sid := d.Values["statement_id"]
	merged := &policy.Policy{Name: r.ARN + " function policy, with " + d.Name(), Kind: policy.Resource, Version: policy.Version2012, File: d.Name()}
	if r.Policy != nil {
		cp := *r.Policy
		merged = &cp
		merged.Name = r.Policy.Name + ", with " + d.Name()
		merged.Statements = nil
		for _, st := range r.Policy.Statements {
			if sid == "" || st.Sid != sid {
				merged.Statements = append(merged.Statements, st)
			}
		}
	}
	if doc != nil {
		merged.Statements = append(merged.Statements, doc.Statements...)
	}
	r.Policy = merged
	return nil
}

// instanceProfile applies a change of an instance profile: the role it
// holds is the one whose credentials its instances receive.
func (a *planApplier) instanceProfile(o *tfplan.Other) error {
	if err := a.needAccount(); err != nil {
		return err
	}
	name, role := o.Values["name"], o.Values["role"]
	if name == "" || slices.Contains(o.Unknown, "name") || name == "(known after apply)" {
		return fmt.Errorf("the instance profile's name is known only after apply")
	}
	if o.Action == tfplan.Delete {
		return a.m.PutInstanceProfile(a.account, name, "", "", true)
	}
	if slices.Contains(o.Unknown, "role") || role == "(known after apply)" {
		return fmt.Errorf("the role of instance profile %q is known only after apply", name)
	}
	return a.m.PutInstanceProfile(a.account, name, "", role, false)
}
