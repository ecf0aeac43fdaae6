package model

import (
	"fmt"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/policy"
)

// The changes below apply a planned change (a Terraform plan's) to a
// loaded model, for comparing the planned model with the current one.
// Like PutUser, they must not run while the model answers queries. Each
// fails, naming what is missing, rather than guess.

// PrincipalKind is what holds identity policies: a user, a role or a group.
type PrincipalKind string

// The holders of identity policies.
const (
	UserKind  PrincipalKind = "user"
	RoleKind  PrincipalKind = "role"
	GroupKind PrincipalKind = "group"
)

// inlineOf returns the inline policy list of a user, role or group, and
// the owner's ARN.
func (m *Model) inlineOf(account string, kind PrincipalKind, name string) (*[]*policy.Policy, *[]string, string, error) {
	a := m.Accounts[account]
	if a == nil {
		return nil, nil, "", NotInModel("account %s is not in the model", account)
	}
	switch kind {
	case UserKind:
		if u := a.Users[name]; u != nil {
			return &u.Inline, &u.Managed, u.ARN, nil
		}
	case RoleKind:
		if r := a.Roles[name]; r != nil {
			return &r.Inline, &r.Managed, r.ARN, nil
		}
	case GroupKind:
		if g := a.Groups[name]; g != nil {
			return &g.Inline, &g.Managed, g.ARN, nil
		}
	}
	return nil, nil, "", fmt.Errorf("account %s has no %s %q", account, kind, name)
}

// InlineName is how the model names an inline policy: "OWNER-ARN inline NAME".
func InlineName(owner, name string) string { return owner + " inline " + name }

// PutInline sets the inline policy policyName of a user, role or group
// (doc nil: deletes it). The document keeps its own Name for
// explanations; the policy is found again by InlineName or that name.
func (m *Model) PutInline(account string, kind PrincipalKind, name, policyName string, doc *policy.Policy) error {
	list, _, owner, err := m.inlineOf(account, kind, name)
	if err != nil {
		return err
	}
	out := (*list)[:0:0]
	for _, p := range *list {
		if p.Name != InlineName(owner, policyName) && !strings.HasSuffix(p.Name, " inline "+policyName) && p.Name != policyName {
			out = append(out, p)
		}
	}
	if doc != nil {
		out = append(out, doc)
	}
	*list = out
	return nil
}

// AttachManaged attaches (or detaches) a managed policy to a user, role or
// group. Attaching needs the policy in the model.
func (m *Model) AttachManaged(account string, kind PrincipalKind, name, policyARN string, attach bool) error {
	_, list, _, err := m.inlineOf(account, kind, name)
	if err != nil {
		return err
	}
	if attach && (m.Managed[policyARN] == nil || m.Managed[policyARN].Document == nil) {
		return NotInModel("managed policy %s is not in the model", policyARN)
	}
	*list = slices.DeleteFunc(*list, func(s string) bool { return s == policyARN })
	if attach {
		*list = append(*list, policyARN)
	}
	return nil
}

// PutManaged sets a customer managed policy's document, adding the
// policy; doc nil deletes it (IAM refuses to delete a policy still
// attached, so a delete of an attached policy is an error).
func (m *Model) PutManaged(policyARN string, doc *policy.Policy) error {
	if doc != nil {
		m.Managed[policyARN] = &ManagedPolicy{ARN: policyARN, Name: ManagedName(policyARN), Document: doc}
		return nil
	}
	for _, id := range m.AccountIDs() {
		a := m.Accounts[id]
		for _, u := range a.Users {
			if slices.Contains(u.Managed, policyARN) {
				return fmt.Errorf("managed policy %s is still attached to %s", policyARN, u.ARN)
			}
		}
		for _, r := range a.Roles {
			if slices.Contains(r.Managed, policyARN) {
				return fmt.Errorf("managed policy %s is still attached to %s", policyARN, r.ARN)
			}
		}
		for _, g := range a.Groups {
			if slices.Contains(g.Managed, policyARN) {
				return fmt.Errorf("managed policy %s is still attached to %s", policyARN, g.ARN)
			}
		}
	}
	delete(m.Managed, policyARN)
	return nil
}

// PutRole sets a role's trust policy, adding the role (path /) when the
// account has none of that name; trust nil deletes the role.
func (m *Model) PutRole(account, name string, trust *policy.Policy) (*Role, error) {
	a := m.Accounts[account]
	if a == nil {
		return nil, NotInModel("account %s is not in the model", account)
	}
	if trust == nil {
		delete(a.Roles, name)
		return nil, nil
	}
	r := a.Roles[name]
	if r == nil {
		r = &Role{Principal: Principal{ARN: arn.IAM(account, "role", "/", name), Name: name, Path: "/", Account: account}, MaxSessionDuration: 3600}
		a.Roles[name] = r
	}
	r.Trust = trust
	return r, nil
}

// DeleteUser removes a user.
func (m *Model) DeleteUser(account, name string) error {
	a := m.Accounts[account]
	if a == nil || a.Users[name] == nil {
		return fmt.Errorf("account %s has no user %q", account, name)
	}
	delete(a.Users, name)
	return nil
}

// PutGroupMember adds (or removes) a user to a group.
func (m *Model) PutGroupMember(account, group, user string, member bool) error {
	a := m.Accounts[account]
	if a == nil {
		return NotInModel("account %s is not in the model", account)
	}
	if a.Groups[group] == nil {
		return fmt.Errorf("account %s has no group %q", account, group)
	}
	u := a.Users[user]
	if u == nil {
		return fmt.Errorf("account %s has no user %q", account, user)
	}
	u.Groups = slices.DeleteFunc(u.Groups, func(g string) bool { return g == group })
	if member {
		u.Groups = append(u.Groups, group)
	}
	return nil
}

// PutResourcePolicy sets the policy of a resource of the model (nil: none).
func (m *Model) PutResourcePolicy(resourceARN string, doc *policy.Policy) error {
	r := m.Resources[resourceARN]
	if r == nil {
		return NotInModel("resource %s is not in the model", resourceARN)
	}
	r.Policy = doc
	return nil
}

// PutOrgPolicy sets the document of an SCP or RCP by id, adding the
// policy; doc nil deletes it (Organizations refuses to delete an attached
// policy, so that is an error).
func (m *Model) PutOrgPolicy(id, name string, t OrgPolicyType, doc *policy.Policy) error {
	o := m.Org
	if o == nil {
		return fmt.Errorf("the model has no organization")
	}
	if doc != nil {
		o.Policies[id] = &OrgPolicy{ID: id, Name: name, Type: t, Document: doc}
		return nil
	}
	for _, n := range o.Nodes {
		if slices.Contains(n.SCPs, id) || slices.Contains(n.RCPs, id) {
			return fmt.Errorf("policy %s is still attached to %s", id, n.ID)
		}
	}
	for _, a := range m.Accounts {
		if slices.Contains(a.SCPs, id) || slices.Contains(a.RCPs, id) {
			return fmt.Errorf("policy %s is still attached to account %s", id, a.ID)
		}
	}
	delete(o.Policies, id)
	return nil
}

// AttachOrgPolicy attaches (or detaches) an SCP or RCP to a root, an OU
// or an account, by id.
func (m *Model) AttachOrgPolicy(target, id string, attach bool) error {
	o := m.Org
	if o == nil {
		return fmt.Errorf("the model has no organization")
	}
	p := o.Policies[id]
	if p == nil {
		return NotInModel("policy %s is not in the model", id)
	}
	var scps, rcps *[]string
	if n := o.Nodes[target]; n != nil {
		scps, rcps = &n.SCPs, &n.RCPs
	} else if a := m.Accounts[target]; a != nil {
		scps, rcps = &a.SCPs, &a.RCPs
	} else {
		return fmt.Errorf("target %s is neither a root, an OU nor an account of the model", target)
	}
	list := scps
	if p.Type == RCPType {
		list = rcps
	}
	*list = slices.DeleteFunc(*list, func(s string) bool { return s == id })
	if attach {
		*list = append(*list, id)
	}
	return nil
}

// PutInstanceProfile creates or updates the instance profile name of an
// account to hold role (a role name or ARN; "" for none), or deletes it
// (del). A profile holds at most one role (IAM User Guide, "Use instance
// profiles"), and every instance launched with the profile gets that
// role's credentials: changing it changes what the instances' credentials
// may do. The role must be in the model.
func (m *Model) PutInstanceProfile(account, name, path, role string, del bool) error {
	a := m.Accounts[account]
	if a == nil {
		return NotInModel("account %s is not in the model", account)
	}
	if del {
		if a.InstanceProfiles[name] == nil {
			return fmt.Errorf("account %s has no instance profile %q", account, name)
		}
		delete(a.InstanceProfiles, name)
		return nil
	}
	if role != "" {
		role = RoleName(role)
		if a.Roles[role] == nil {
			return fmt.Errorf("account %s has no role %q for instance profile %q", account, role, name)
		}
	}
	ip := a.InstanceProfiles[name]
	if ip == nil {
		if path == "" {
			path = "/"
		}
		ip = &InstanceProfile{ARN: "arn:aws:iam::" + account + ":instance-profile" + path + name, Name: name, Path: path, Account: account}
		a.InstanceProfiles[name] = ip
	}
	ip.Role = role
	return nil
}

// InstanceRole returns the role whose credentials instance id receives
// through its instance profile, or nil (no such instance, no profile, an
// empty profile).
func (m *Model) InstanceRole(id string) *Role {
	in := m.Instances[id]
	if in == nil {
		return nil
	}
	return m.instanceRole(in)
}
