package load

import (
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// authDetails reads `aws iam get-account-authorization-details` output:
// one account's users, groups, roles with their instance profiles, and
// managed policies (customer managed and the AWS managed ones attached).
// On its own it is a complete one-account model.
func (b *builder) authDetails(r *reader, n *node.Node) error {
	acct, err := authAccount(r, n)
	if err != nil {
		return err
	}
	if r.place.account != "" && acct != r.place.account {
		return r.errf(n, node.Root, "the ARNs of this file are of account %s, but it is under accounts/%s/", acct, r.place.account)
	}
	a := b.m.EnsureAccount(acct)
	if a.Where.File == "" {
		a.Where = r.where(n, node.Root)
	}
	ar := &authReader{b: b, r: r, a: a}
	for _, step := range []struct {
		key  string
		what string
		fn   func(*node.Node, node.Path) error
	}{
		{"Policies", "managed policies", ar.policy},
		{"GroupDetailList", "groups", ar.group},
		{"UserDetailList", "users", ar.user},
		{"RoleDetailList", "roles", ar.role},
	} {
		p := node.Root.Key(step.key)
		if err := r.list(n.Get(step.key), p, step.what, step.fn); err != nil {
			return err
		}
	}
	return nil
}

// authAccount finds the account of an authorization details file from
// the ARNs it holds, or from a 12-digit part of its file name.
func authAccount(r *reader, n *node.Node) (string, error) {
	acct := ""
	var where *node.Node
	var wherePath node.Path
	for _, key := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"} {
		list := n.Get(key)
		if list == nil || list.Kind != node.Array {
			continue
		}
		for i, item := range list.Items {
			a := item.Get("Arn")
			if a == nil || a.Kind != node.String {
				continue
			}
			id := model.AccountOf(a.Text)
			if !arn.IsAccountID(id) {
				continue // AWS managed policies: arn:aws:iam::aws:policy/...
			}
			if acct == "" {
				acct, where, wherePath = id, a, node.Root.Key(key).Index(i).Key("Arn")
			} else if id != acct {
				return "", r.errf(a, node.Root.Key(key).Index(i).Key("Arn"),
					"ARN of account %s in a file of account %s (%s at %s): one get-account-authorization-details output per account",
					id, acct, wherePath, where.Pos)
			}
		}
	}
	if acct != "" {
		return acct, nil
	}
	if r.place.account != "" {
		return r.place.account, nil
	}
	for _, part := range nameParts(r.file) {
		if arn.IsAccountID(part) {
			return part, nil
		}
	}
	return "", r.errf(n, node.Root, "cannot tell the account of this authorization details output (no ARN with an account id): name the file authorization-details.ACCOUNT-ID.json")
}

type authReader struct {
	b *builder
	r *reader
	a *model.Account
}

// inlineList reads [{PolicyName, PolicyDocument}]; each policy is named by
// its name until addUser, addGroup or addRole prefixes the owner's ARN.
func (ar *authReader) inlineList(n *node.Node, p node.Path) ([]*policy.Policy, error) {
	var out []*policy.Policy
	err := ar.r.list(n, p, "inline policies", func(item *node.Node, ip node.Path) error {
		name, err := ar.r.reqStr(item, ip, "PolicyName")
		if err != nil {
			return err
		}
		doc := item.Get("PolicyDocument")
		if doc == nil {
			return ar.r.errf(item, ip, "missing PolicyDocument")
		}
		pol, err := ar.r.awsDocument(doc, ip.Key("PolicyDocument"), policy.Identity, name)
		out = append(out, pol)
		return err
	})
	return out, err
}

// attached reads [{PolicyName, PolicyArn}].
func (ar *authReader) attached(n *node.Node, p node.Path) ([]string, error) {
	var out []string
	err := ar.r.list(n, p, "attached managed policies", func(item *node.Node, ip node.Path) error {
		a, err := ar.r.reqStr(item, ip, "PolicyArn")
		out = append(out, a)
		return err
	})
	return out, err
}

// principal reads the members users and roles share.
func (ar *authReader) principal(n *node.Node, p node.Path, nameKey, idKey, inlineKey string) (model.Principal, error) {
	r := ar.r
	pr := model.Principal{Account: ar.a.ID, Where: r.where(n, p)}
	var err error
	if pr.Name, err = r.reqStr(n, p, nameKey); err != nil {
		return pr, err
	}
	pr.Path, _ = r.optStr(n, p, "Path")
	pr.ID, _ = r.optStr(n, p, idKey)
	pr.ARN, _ = r.optStr(n, p, "Arn")
	if in := n.Get(inlineKey); !emptyList(in) {
		if pr.Inline, err = ar.inlineList(in, p.Key(inlineKey)); err != nil {
			return pr, err
		}
	}
	if pr.Managed, err = ar.attachedAt(n, p); err != nil {
		return pr, err
	}
	if pb := n.Get("PermissionsBoundary"); pb != nil && pb.Kind == node.Object {
		if pr.Boundary, err = r.reqStr(pb, p.Key("PermissionsBoundary"), "PermissionsBoundaryArn"); err != nil {
			return pr, err
		}
	}
	if t := n.Get("Tags"); t != nil {
		if tags, ok := ar.b.sharedTags(t); ok {
			pr.Tags = tags
		} else if pr.Tags, err = r.tags(t, p.Key("Tags")); err != nil {
			return pr, err
		}
	}
	return pr, nil
}

// A role's or user's lists are read without building the JSON path of
// each member and item when nothing of them can fail, and so no path is
// needed (an error's path, a path the model keeps): at 100,000 roles the
// paths of their empty inline lists, attached policies and tags, built
// on the one goroutine that builds the model, were half a million strings.
// What is read, and every error, is that of reading them with paths:
// anything else is read so (plainLists turns the shortcut off for the
// test that holds the two to each other).
var plainLists = true

// emptyList reports a list that the readers of lists (reader.list) read
// as no items without an error: absent, null, or [].
func emptyList(n *node.Node) bool {
	return plainLists && (n == nil || n.Kind == node.Null || n.Kind == node.Array && len(n.Items) == 0)
}

// attachedAt reads member AttachedManagedPolicies of n, at p, as attached
// does.
func (ar *authReader) attachedAt(n *node.Node, p node.Path) ([]string, error) {
	const key = "AttachedManagedPolicies"
	list := n.Get(key)
	if out, ok := plainAttached(list); ok {
		return out, nil
	}
	return ar.attached(list, p.Key(key))
}

// plainAttached is what attached reads of n when it reads it without an
// error: null (or absent), or a list of objects whose PolicyArn is a
// string (a number or a boolean, as reader.str reads them); ok is false
// for anything else.
func plainAttached(n *node.Node) (out []string, ok bool) {
	if !plainLists {
		return nil, false
	}
	if n == nil || n.Kind == node.Null {
		return nil, true
	}
	if n.Kind != node.Array {
		return nil, false
	}
	for _, item := range n.Items {
		v := item.Get("PolicyArn")
		if v == nil {
			return nil, false
		}
		s, plain := text(v)
		if !plain {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// plainTagList is what reader.tags reads of the AWS list of tags n when
// it reads it without an error: a list of objects whose Key is a string
// and whose Value, when present and not null, is one; ok is false for
// anything else (null, a map of tags, an item that is not so), which
// reader.tags reads with paths.
func plainTagList(n *node.Node) (map[string]string, bool) {
	out := map[string]string{}
	ok := eachPlainTag(n, func(key, value string) { out[key] = value })
	return out, ok
}

// eachPlainTag calls fn with each tag of the AWS list of tags n, in order,
// when plainTagList reads it; ok is false when it does not (fn may have
// been called for the tags before the one it cannot read).
func eachPlainTag(n *node.Node, fn func(key, value string)) (ok bool) {
	if !plainLists || n.Kind != node.Array {
		return false
	}
	for _, item := range n.Items {
		k := item.Get("Key")
		if k == nil {
			return false
		}
		key, plain := text(k)
		if !plain {
			return false
		}
		value := ""
		if v := item.Get("Value"); v != nil && v.Kind != node.Null {
			if value, plain = text(v); !plain {
				return false
			}
		}
		fn(key, value)
	}
	return true
}

// maxSharedTags bounds the distinct tag lists sharedTags keeps.
const maxSharedTags = 4096

// sharedTags is plainTagList, but the map is the one read before from
// the same list of tags, if any: principals share their tags (a team, an
// owner), and a map per principal, at least 300 bytes even for one tag,
// was 34 MB of a model of 150 MB at 100,000 roles. The model's maps are
// read only, so sharing them changes nothing a query sees.
func (b *builder) sharedTags(n *node.Node) (map[string]string, bool) {
	key := b.tagKey[:0]
	ok := eachPlainTag(n, func(k, v string) {
		key = binary.AppendUvarint(key, uint64(len(k)))
		key = append(key, k...)
		key = binary.AppendUvarint(key, uint64(len(v)))
		key = append(key, v...)
	})
	b.tagKey = key
	if !ok {
		return nil, false
	}
	if tags, seen := b.tagMaps[string(key)]; seen {
		return tags, true
	}
	tags, _ := plainTagList(n)
	if len(b.tagMaps) < maxSharedTags {
		b.tagMaps[string(key)] = tags
	}
	return tags, true
}

func (ar *authReader) user(n *node.Node, p node.Path) error {
	pr, err := ar.principal(n, p, "UserName", "UserId", "UserPolicyList")
	if err != nil {
		return err
	}
	u := &model.User{Principal: pr}
	if u.Groups, err = ar.r.strings(n.Get("GroupList"), p.Key("GroupList"), "group names"); err != nil {
		return err
	}
	return ar.b.addUser(ar.a, u)
}

func (ar *authReader) group(n *node.Node, p node.Path) error {
	r := ar.r
	g := &model.Group{Account: ar.a.ID, Where: r.where(n, p)}
	var err error
	if g.Name, err = r.reqStr(n, p, "GroupName"); err != nil {
		return err
	}
	g.Path, _ = r.optStr(n, p, "Path")
	if g.Inline, err = ar.inlineList(n.Get("GroupPolicyList"), p.Key("GroupPolicyList")); err != nil {
		return err
	}
	if g.Managed, err = ar.attached(n.Get("AttachedManagedPolicies"), p.Key("AttachedManagedPolicies")); err != nil {
		return err
	}
	return ar.b.addGroup(ar.a, g)
}

func (ar *authReader) role(n *node.Node, p node.Path) error {
	pr, err := ar.principal(n, p, "RoleName", "RoleId", "RolePolicyList")
	if err != nil {
		return err
	}
	ro := &model.Role{Principal: pr}
	trust := n.Get("AssumeRolePolicyDocument")
	if trust == nil {
		return ar.r.errf(n, p, "role %s has no AssumeRolePolicyDocument", pr.Name)
	}
	ro.Path = normPath(pr.Path)
	arnStr := roleARN(ar.a.ID, ro.Path, pr.Name)
	if ro.Trust, err = ar.r.awsDocument(trust, p.Key("AssumeRolePolicyDocument"), policy.Trust, arnStr+" trust policy"); err != nil {
		return err
	}
	if d := n.Get("MaxSessionDuration"); d != nil {
		v, err := strconv.Atoi(d.Text)
		if d.Kind != node.Number || err != nil {
			return ar.r.errf(d, p.Key("MaxSessionDuration"), "expected a number of seconds, got %s", node.Describe(d))
		}
		ro.MaxSessionDuration = v
	}
	if err := ar.b.addRoleARN(ar.a, ro, arnStr); err != nil {
		return err
	}
	profiles := n.Get("InstanceProfileList")
	if emptyList(profiles) {
		return nil
	}
	return ar.r.list(profiles, p.Key("InstanceProfileList"), "instance profiles", func(item *node.Node, ip node.Path) error {
		name, err := ar.r.reqStr(item, ip, "InstanceProfileName")
		if err != nil {
			return err
		}
		path, _ := ar.r.optStr(item, ip, "Path")
		return ar.b.addProfile(ar.a, &model.InstanceProfile{Name: name, Path: path, Account: ar.a.ID, Role: pr.Name, Where: ar.r.where(item, ip)})
	})
}

// policy reads a managed policy with its default version's document.
func (ar *authReader) policy(n *node.Node, p node.Path) error {
	r := ar.r
	arnStr, err := r.reqStr(n, p, "Arn")
	if err != nil {
		return err
	}
	def, _ := r.optStr(n, p, "DefaultVersionId")
	mp := &model.ManagedPolicy{ARN: arnStr, Name: model.ManagedName(arnStr), AWSManaged: model.AccountOf(arnStr) == "aws", Where: r.where(n, p)}
	found := false
	err = r.list(n.Get("PolicyVersionList"), p.Key("PolicyVersionList"), "policy versions", func(item *node.Node, ip node.Path) error {
		isDef := item.Get("IsDefaultVersion")
		vid, _ := r.optStr(item, ip, "VersionId")
		if !(isDef != nil && isDef.Text == "true" || def != "" && vid == def) {
			return nil
		}
		doc := item.Get("Document")
		if doc == nil {
			return r.errf(item, ip, "missing Document")
		}
		found = true
		if mp.AWSManaged && ar.b.sameAWSManaged(arnStr, doc) {
			return nil // parsed already, from another account's output
		}
		mp.Document, err = r.awsDocument(doc, ip.Key("Document"), policy.Identity, arnStr)
		if err == nil && mp.AWSManaged && ar.b.awsManagedDocs[arnStr] == nil {
			// a copy: the file's tree is reused once read (format.frees)
			ar.b.awsManagedDocs[arnStr] = node.Clone(doc)
		}
		return err
	})
	if err != nil {
		return err
	}
	if !found {
		return r.errf(n, p, "managed policy %s has no default version in PolicyVersionList", arnStr)
	}
	if prev := ar.b.m.Managed[arnStr]; prev != nil && mp.AWSManaged {
		return nil // the same AWS managed policy in another account's output
	}
	return ar.b.addManaged(mp)
}

// sameAWSManaged reports whether doc is, value for value, the document of
// the AWS managed policy arn that an earlier account's output held and
// that was read then. Each account's get-account-authorization-details
// output lists the AWS managed policies attached in it, the same
// documents over and over (ReadOnlyAccess is some 100 KB): one identical
// to a document read without error reads without error, so it is not
// parsed again; a document that differs is parsed, and so checked.
func (b *builder) sameAWSManaged(arn string, doc *node.Node) bool {
	first := b.awsManagedDocs[arn]
	return first != nil && node.Equal(first, doc)
}

// listInstanceProfiles reads `aws iam list-instance-profiles`:
// {"InstanceProfiles": [{"InstanceProfileName", "Path", "Arn", "Roles": [{"RoleName"}]}]}.
func (b *builder) listInstanceProfiles(r *reader, n *node.Node) error {
	a := b.m.EnsureAccount(r.place.account)
	return r.list(n.Get("InstanceProfiles"), node.Root.Key("InstanceProfiles"), "instance profiles", func(item *node.Node, ip node.Path) error {
		if _, err := r.ownARN(item, ip, "Arn"); err != nil {
			return err
		}
		name, err := r.reqStr(item, ip, "InstanceProfileName")
		if err != nil {
			return err
		}
		path, _ := r.optStr(item, ip, "Path")
		prof := &model.InstanceProfile{Name: name, Path: path, Account: a.ID, Where: r.where(item, ip)}
		roles := item.Get("Roles")
		err = r.list(roles, ip.Key("Roles"), "roles", func(role *node.Node, rp node.Path) error {
			if prof.Role != "" {
				return r.errf(role, rp, "instance profile %s lists a second role: an instance profile holds at most one role", name)
			}
			prof.Role, err = r.reqStr(role, rp, "RoleName")
			return err
		})
		if err != nil {
			return err
		}
		return b.addProfile(a, prof)
	})
}

// listOIDCProviders reads `aws iam list-open-id-connect-providers`: {"OpenIDConnectProviderList": [{"Arn"}]}.
func (b *builder) listOIDCProviders(r *reader, n *node.Node) error {
	a := b.m.EnsureAccount(r.place.account)
	return r.list(n.Get("OpenIDConnectProviderList"), node.Root.Key("OpenIDConnectProviderList"), "OIDC providers", func(item *node.Node, ip node.Path) error {
		s, err := r.ownARN(item, ip, "Arn")
		if err == nil && !slices.Contains(a.OIDCProviders, s) {
			a.OIDCProviders = append(a.OIDCProviders, s)
		}
		return err
	})
}

// getOIDCProvider reads `aws iam get-open-id-connect-provider` from a file
// named by the provider's name (its URL without https://):
// {"Url", "ClientIDList", "ThumbprintList", "CreateDate", "Tags"}.
func (b *builder) getOIDCProvider(r *reader, n *node.Node) error {
	name, err := r.id(n, "provider")
	if err != nil {
		return err
	}
	if _, err := r.reqStr(n, node.Root, "Url"); err != nil {
		return err
	}
	a := b.m.EnsureAccount(r.place.account)
	s := "arn:aws:iam::" + a.ID + ":oidc-provider/" + name
	if !slices.Contains(a.OIDCProviders, s) {
		a.OIDCProviders = append(a.OIDCProviders, s)
	}
	return nil
}

// listSAMLProviders reads `aws iam list-saml-providers`: {"SAMLProviderList": [{"Arn", "ValidUntil", "CreateDate"}]}.
func (b *builder) listSAMLProviders(r *reader, n *node.Node) error {
	a := b.m.EnsureAccount(r.place.account)
	return r.list(n.Get("SAMLProviderList"), node.Root.Key("SAMLProviderList"), "SAML providers", func(item *node.Node, ip node.Path) error {
		s, err := r.ownARN(item, ip, "Arn")
		if err == nil && !slices.Contains(a.SAMLProviders, s) {
			a.SAMLProviders = append(a.SAMLProviders, s)
		}
		return err
	})
}
