package load

import (
	"slices"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The IAM directories of an iam-collect layout, under
// accounts/ACCOUNT-ID/iam/: role/, user/, group/, policy/ (customer
// managed), aws/policy/ (the AWS managed policies attached in the account),
// instance-profile/, oidc-provider/. iam-collect writes them from
// get-account-authorization-details: inline-policies.json is its
// [{PolicyName, PolicyDocument}] list with the documents decoded,
// managed-policies.json the attached policies' ARNs, trust-policy.json and
// current-policy.json (the default version) bare documents, tags.json
// {key: value}.

// icMeta reads a member of metadata.json.
func icMeta(res icRes, key string) (string, error) {
	return res.meta.r.optStr(res.meta.n, node.Root, key)
}

// icCheckARN: the ARN of metadata.json is the one AWS gives the IAM entity
// of this name and path (IAM User Guide, "IAM identifiers").
func icCheckARN(res icRes, want string) error {
	if got := res.arn.String(); got != want {
		m := res.meta
		return m.r.errf(m.n.Get("arn"), node.Root.Key("arn"), "the arn %s does not match this metadata's name and path, which make %s", got, want)
	}
	return nil
}

// icPrincipal reads what users and roles share: metadata's name, path, id
// and permissionBoundary, inline-policies.json, managed-policies.json and
// tags.json.
func (b *builder) icPrincipal(d *icDir, res icRes, a *model.Account) (model.Principal, error) {
	m := res.meta
	pr := model.Principal{Account: a.ID, Where: m.r.where(m.n, node.Root)}
	var err error
	if pr.Name, err = m.r.reqStr(m.n, node.Root, "name"); err != nil {
		return pr, err
	}
	if pr.Path, err = icMeta(res, "path"); err != nil {
		return pr, err
	}
	if pr.ID, err = icMeta(res, "id"); err != nil {
		return pr, err
	}
	if pr.Boundary, err = icMeta(res, "permissionBoundary"); err != nil {
		return pr, err
	}
	if pr.Inline, err = b.icInline(d, a); err != nil {
		return pr, err
	}
	if pr.Managed, err = icARNList(d, "managed-policies", "managed policy ARNs"); err != nil {
		return pr, err
	}
	pr.Tags, err = icTags(d)
	return pr, err
}

// icInline reads inline-policies.json: [{PolicyName, PolicyDocument}].
func (b *builder) icInline(d *icDir, a *model.Account) ([]*policy.Policy, error) {
	f, ok := d.get("inline-policies")
	if !ok {
		return nil, nil
	}
	ar := &authReader{b: b, r: f.r, a: a}
	return ar.inlineList(f.n, node.Root)
}

// icARNList reads a file holding a list of ARNs; an absent file is none.
func icARNList(d *icDir, name, what string) ([]string, error) {
	f, ok := d.get(name)
	if !ok {
		return nil, nil
	}
	if f.n.Kind != node.Array {
		return nil, f.r.errf(f.n, node.Root, "expected a list of %s, got %s", what, node.Describe(f.n))
	}
	return f.r.strings(f.n, node.Root, what)
}

// icTags reads tags.json: {key: value}.
func icTags(d *icDir) (map[string]string, error) {
	f, ok := d.get("tags")
	if !ok {
		return nil, nil
	}
	if f.n.Kind != node.Object {
		return nil, f.r.errf(f.n, node.Root, "expected tags as {key: value}, got %s", node.Describe(f.n))
	}
	return f.r.tags(f.n, node.Root)
}

// icDocument reads a file holding a bare policy document.
func icDocument(f icFile, kind policy.Kind, name string) (*policy.Policy, error) {
	if f.n.Kind != node.Object {
		return nil, f.r.errf(f.n, node.Root, "expected a policy document (an object), got %s", node.Describe(f.n))
	}
	return f.r.awsDocument(f.n, node.Root, kind, name)
}

func (b *builder) icAccount(d *icDir) *model.Account {
	a := b.m.EnsureAccount(d.path.account)
	if a.Where.File == "" {
		f := d.files[sortedKeys(d.files)[0]]
		a.Where = f.r.where(f.n, node.Root)
	}
	return a
}

func (b *builder) icRole(d *icDir, res icRes) error {
	a := b.icAccount(d)
	pr, err := b.icPrincipal(d, res, a)
	if err != nil {
		return err
	}
	ro := &model.Role{Principal: pr}
	trust, ok := d.get("trust-policy")
	if !ok {
		return res.meta.r.errf(res.meta.n, node.Root, "role %s has no trust-policy.json beside this metadata: every role has a trust policy", res.arn)
	}
	if ro.Trust, err = icDocument(trust, policy.Trust, res.arn.String()+" trust policy"); err != nil {
		return err
	}
	profiles, err := icARNList(d, "instance-profiles", "instance profile ARNs")
	if err != nil {
		return err
	}
	if err := b.addRole(a, ro); err != nil {
		return err
	}
	if err := icCheckARN(res, ro.ARN); err != nil {
		return err
	}
	f, _ := d.get("instance-profiles")
	for i, s := range profiles {
		path, name := iamPathName(s, "instance-profile")
		if name == "" || model.AccountOf(s) != a.ID {
			return f.r.errf(f.n.Items[i], node.Root.Index(i), "expected an instance profile ARN of account %s, got %q", a.ID, s)
		}
		if err := b.addProfile(a, &model.InstanceProfile{Name: name, Path: path, Account: a.ID, Role: ro.Name, Where: f.r.where(f.n.Items[i], node.Root.Index(i))}); err != nil {
			return err
		}
	}
	return nil
}

// iamPathName splits the resource part of an IAM ARN, TYPE/PATH/NAME, into
// its path and name; "" when the ARN is not of that type.
func iamPathName(s, typ string) (path, name string) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) < 6 || !strings.HasPrefix(parts[5], typ+"/") {
		return "", ""
	}
	rest := strings.TrimPrefix(parts[5], typ)
	i := strings.LastIndexByte(rest, '/')
	return rest[:i+1], rest[i+1:]
}

func (b *builder) icUser(d *icDir, res icRes) error {
	a := b.icAccount(d)
	pr, err := b.icPrincipal(d, res, a)
	if err != nil {
		return err
	}
	u := &model.User{Principal: pr}
	groups, err := icARNList(d, "groups", "group ARNs")
	if err != nil {
		return err
	}
	f, _ := d.get("groups")
	for i, g := range groups {
		_, name := iamPathName(g, "group")
		if name == "" || model.AccountOf(g) != a.ID {
			return f.r.errf(f.n.Items[i], node.Root.Index(i), "expected a group ARN of account %s, got %q", a.ID, g)
		}
		u.Groups = append(u.Groups, name)
	}
	if err := b.addUser(a, u); err != nil {
		return err
	}
	return icCheckARN(res, u.ARN)
}

func (b *builder) icGroup(d *icDir, res icRes) error {
	a := b.icAccount(d)
	m := res.meta
	g := &model.Group{Account: a.ID, Where: m.r.where(m.n, node.Root)}
	var err error
	if g.Name, err = m.r.reqStr(m.n, node.Root, "name"); err != nil {
		return err
	}
	if g.Path, err = icMeta(res, "path"); err != nil {
		return err
	}
	if g.Inline, err = b.icInline(d, a); err != nil {
		return err
	}
	if g.Managed, err = icARNList(d, "managed-policies", "managed policy ARNs"); err != nil {
		return err
	}
	if err := b.addGroup(a, g); err != nil {
		return err
	}
	return icCheckARN(res, g.ARN)
}

// icManagedPolicy reads a customer managed policy (iam/policy/) or an AWS
// managed one (iam/aws/policy/): current-policy.json is its default
// version's document. Every account's directory holds the AWS managed
// policies attached in it: the same document again is not parsed again.
func (b *builder) icManagedPolicy(d *icDir, res icRes) error {
	s := res.arn.String()
	aws := res.arn.AccountID == "aws"
	if aws != (len(d.path.rel) > 2 && d.path.rel[1] == "aws") {
		m := res.meta
		return m.r.errf(m.n.Get("arn"), node.Root.Key("arn"), "%s is not where iam-collect stores it: AWS managed policies are under iam/aws/policy/, the account's own under iam/policy/", s)
	}
	if !aws {
		b.icAccount(d)
	}
	doc, ok := d.get("current-policy")
	if !ok {
		return res.meta.r.errf(res.meta.n, node.Root, "managed policy %s has no current-policy.json beside this metadata (its default version's document)", s)
	}
	mp := &model.ManagedPolicy{ARN: s, Name: model.ManagedName(s), AWSManaged: aws, Where: doc.r.where(doc.n, node.Root)}
	if prev := b.m.Managed[s]; prev != nil && aws {
		if b.sameAWSManaged(s, doc.n) {
			return nil
		}
		_, err := icDocument(doc, policy.Identity, s) // checked, then the first one kept
		return err
	}
	var err error
	if mp.Document, err = icDocument(doc, policy.Identity, s); err != nil {
		return err
	}
	if aws {
		b.awsManagedDocs[s] = doc.n
	}
	return b.addManaged(mp)
}

// icInstanceProfile reads an instance profile: metadata's "roles" lists
// the ARN of the role it holds (at most one). Its name comes from the ARN.
func (b *builder) icInstanceProfile(d *icDir, res icRes) error {
	a := b.icAccount(d)
	m := res.meta
	s := res.arn.String()
	path, name := iamPathName(s, "instance-profile")
	prof := &model.InstanceProfile{Name: name, Path: path, Account: a.ID, Where: m.r.where(m.n, node.Root)}
	roles := m.n.Get("roles")
	list, err := m.r.strings(roles, node.Root.Key("roles"), "role ARNs")
	if err != nil {
		return err
	}
	switch {
	case len(list) > 1:
		return m.r.errf(roles, node.Root.Key("roles"), "instance profile %s lists %d roles: an instance profile holds at most one role", s, len(list))
	case len(list) == 1:
		if _, prof.Role = iamPathName(list[0], "role"); prof.Role == "" || model.AccountOf(list[0]) != a.ID {
			return m.r.errf(roles.Items[0], node.Root.Key("roles").Index(0), "expected a role ARN of account %s, got %q", a.ID, list[0])
		}
	}
	return b.addProfile(a, prof)
}

// icProvider records an OIDC or SAML identity provider of the account.
func (b *builder) icProvider(d *icDir, res icRes) error {
	a := b.icAccount(d)
	s := res.arn.String()
	if strings.HasPrefix(res.arn.Resource, "saml-provider/") {
		if !slices.Contains(a.SAMLProviders, s) {
			a.SAMLProviders = append(a.SAMLProviders, s)
		}
		return nil
	}
	if !slices.Contains(a.OIDCProviders, s) {
		a.OIDCProviders = append(a.OIDCProviders, s)
	}
	return nil
}
