package load

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The organization directory of an iam-collect layout,
// aws/aws/organizations/ORG-ID/ (its path lower-cased; ids and ARNs come
// from the files):
//
//	metadata.json          {"id", "arn", "rootOu", "rootAccountId", "features": {"SERVICE_CONTROL_POLICY": true, ...}}
//	ous.json               {"OU-OR-ROOT-ID": {"parent", "scps": [ARN], "rcps": [ARN]}}
//	accounts.json          {"ACCOUNT-ID": {"ou", "scps": [ARN], "rcps": [ARN], "tags": {...}}}
//	delegated-admins.json  {"SERVICE-PRINCIPAL": ["ACCOUNT-ID"]}
//	structure.json         the same tree as ous.json and accounts.json (not read)
//	policy.json            the organization's resource policy (not read: listed)
//	ous/ID/metadata.json   {"arn", "name"}; ous/ID/tags.json
//	scps/ID/, rcps/ID/     metadata.json {"arn", "name", "awsManaged"}, policy.json (the content), tags.json
//	s3-policies/ID/        Organizations S3 policies (not read: listed)

// icOrgFiles are the files of the organization directory itself.
var icOrgFiles = []string{"metadata", "ous", "accounts", "delegated-admins", "structure", "policy"}

// icOrganization builds the organization from its directory.
func (b *builder) icOrganization(d *icDir) error {
	meta, ok := d.get("metadata")
	if !ok {
		f := d.files[sortedKeys(d.files)[0]]
		return f.r.errf(f.n, node.Root, "the iam-collect organization directory %s has no metadata.json: its id, root and management account are unknown", d.key)
	}
	if err := b.icOrgMetadata(d, meta); err != nil {
		return err
	}
	for _, name := range sortedKeys(d.files) {
		if err := b.icOrgFile(d, name, d.files[name]); err != nil {
			return err
		}
	}
	return nil
}

// icOrgMetadata reads metadata.json: the organization's id, management
// account, root and enabled policy types.
func (b *builder) icOrgMetadata(d *icDir, f icFile) error {
	r, n := f.r, f.n
	if n.Kind != node.Object {
		return r.errf(n, node.Root, "expected the organization's metadata (an object), got %s", node.Describe(n))
	}
	id, err := r.reqStr(n, node.Root, "id")
	if err != nil {
		return err
	}
	if strings.ToLower(id) != d.key {
		return r.errf(n.Get("id"), node.Root.Key("id"), "organization %s in the directory of organization %s", id, d.key)
	}
	mgmt, err := r.reqStr(n, node.Root, "rootAccountId")
	if err != nil {
		return err
	}
	root, err := r.reqStr(n, node.Root, "rootOu")
	if err != nil {
		return err
	}
	if b.org.present && (b.org.id != id || b.org.mgmt != mgmt) {
		return r.errf(n, node.Root, "organization %s (management account %s) differs from %s (%s) at %s: a model holds one organization", id, mgmt, b.org.id, b.org.mgmt, b.org.where)
	}
	b.org.present, b.org.id, b.org.mgmt, b.org.rootID, b.org.where = true, id, mgmt, root, r.where(n, node.Root)
	b.org.addNode(&model.OrgNode{ID: root, Where: r.where(n, node.Root.Key("rootOu"))})
	b.m.EnsureAccount(mgmt)
	scp, rcp := false, false
	features := n.Get("features")
	err = r.object(features, node.Root.Key("features"), "the enabled policy types", func(fl node.Field, fp node.Path) error {
		if fl.Value.Kind != node.Bool {
			return r.errf(fl.Value, fp, "expected true or false, got %s", node.Describe(fl.Value))
		}
		on := fl.Value.Text == "true"
		switch fl.Key {
		case "SERVICE_CONTROL_POLICY":
			scp = on
		case "RESOURCE_CONTROL_POLICY":
			rcp = on
		}
		return nil
	})
	b.org.scpEnabled, b.org.rcpEnabled = &scp, &rcp
	return err
}

// icOrgFile reads one file of the organization directory but its metadata.
func (b *builder) icOrgFile(d *icDir, name string, f icFile) error {
	parts := strings.Split(name, "/")
	switch {
	case name == "metadata" || name == "structure":
		return nil
	case name == "ous":
		return b.icOUs(f)
	case name == "accounts":
		return b.icOrgAccounts(f)
	case name == "delegated-admins":
		return b.icDelegatedAdmins(f)
	case name == "policy":
		b.icNotRead(b.org.mgmt, "", model.OtherResource, "organizations", "", "iam-collect organizations/"+d.key+"/policy.json",
			"the organization's resource policy (delegated administration of AWS Organizations) is not modelled")
		return nil
	case len(parts) == 3 && parts[0] == "ous" && (parts[2] == "metadata" || parts[2] == "tags"):
		if parts[2] == "metadata" {
			return b.icOUName(f)
		}
		return nil
	case len(parts) == 3 && (parts[0] == "scps" || parts[0] == "rcps") && (parts[2] == "metadata" || parts[2] == "policy" || parts[2] == "tags"):
		if parts[2] == "metadata" {
			return b.icOrgPolicy(d, parts[0], parts[1], f)
		}
		return nil // read with its metadata
	case len(parts) == 3 && parts[0] == "s3-policies":
		b.icNotRead(b.org.mgmt, "", model.OtherResource, "organizations", "policy/", "iam-collect organizations/"+d.key+"/s3-policies/",
			"Organizations S3 policies are not modelled")
		return nil
	}
	return f.r.errf(f.n, node.Root, "%s.json in the iam-collect organization directory: Sekisho reads %s.json, ous/ID/, scps/ID/, rcps/ID/ and s3-policies/ID/ there "+
		"(a file it does not read could change an answer)", name, strings.Join(icOrgFiles, ".json, "))
}

// icTargets reads a target's "scps" and "rcps" lists of policy ARNs as
// attachments (the policy id is the ARN's last part).
func (b *builder) icTargets(r *reader, item *node.Node, ip node.Path, target string) error {
	for _, list := range []struct {
		key string
		typ model.OrgPolicyType
	}{{"scps", model.SCPType}, {"rcps", model.RCPType}} {
		arns, err := r.strings(item.Get(list.key), ip.Key(list.key), "policy ARNs")
		if err != nil {
			return err
		}
		for i, s := range arns {
			id := s[strings.LastIndexByte(s, '/')+1:]
			if !strings.HasPrefix(id, "p-") || !strings.HasPrefix(s, "arn:aws:organizations::") {
				return r.errf(item.Get(list.key).Items[i], ip.Key(list.key).Index(i), "expected an organization policy ARN (arn:aws:organizations::...:policy/.../p-...), got %q", s)
			}
			typ := list.typ
			b.org.attach = append(b.org.attach, attachment{target: target, ref: id, want: &typ, where: r.where(item.Get(list.key).Items[i], ip.Key(list.key).Index(i))})
		}
	}
	return nil
}

// icOUs reads ous.json: each OU's (and the root's) parent and policies.
func (b *builder) icOUs(f icFile) error {
	r := f.r
	return r.object(f.n, node.Root, "the organizational units by id", func(fl node.Field, fp node.Path) error {
		item := fl.Value
		if item.Kind != node.Object {
			return r.errf(item, fp, "expected {\"parent\", \"scps\", \"rcps\"}, got %s", node.Describe(item))
		}
		id := fl.Key
		b.org.addNode(&model.OrgNode{ID: id, Where: r.where(item, fp)})
		parent, err := r.optStr(item, fp, "parent")
		if err != nil {
			return err
		}
		switch {
		case parent == "" && id != b.org.rootID:
			return r.errf(item, fp, "OU %s has no parent, and it is not the root %s", id, b.org.rootID)
		case parent != "":
			b.org.parentOf[id] = parentRef{parent: parent, where: r.where(item, fp)}
		}
		return b.icTargets(r, item, fp, id)
	})
}

// icOrgAccounts reads accounts.json: each member account's parent, policies and tags.
func (b *builder) icOrgAccounts(f icFile) error {
	r := f.r
	return r.object(f.n, node.Root, "the member accounts by id", func(fl node.Field, fp node.Path) error {
		item := fl.Value
		id := fl.Key
		if item.Kind != node.Object || !isAccountKey(id) {
			return r.errf(item, fp, "expected a 12-digit account id with {\"ou\", \"scps\", \"rcps\", \"tags\"}, got %q: %s", id, node.Describe(item))
		}
		ou, err := r.reqStr(item, fp, "ou")
		if err != nil {
			return err
		}
		a := b.m.EnsureAccount(id)
		if a.Where.File == "" {
			a.Where = r.where(item, fp)
		}
		b.org.accountParent[id] = parentRef{parent: ou, where: r.where(item, fp)}
		if t := item.Get("tags"); t != nil {
			tags, err := r.tags(t, fp.Key("tags"))
			if err != nil {
				return err
			}
			if len(tags) > 0 && a.Tags == nil {
				a.Tags = map[string]string{}
			}
			for k, v := range tags {
				a.Tags[k] = v
			}
		}
		return b.icTargets(r, item, fp, id)
	})
}

func isAccountKey(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// icDelegatedAdmins reads delegated-admins.json: service principal → account ids.
func (b *builder) icDelegatedAdmins(f icFile) error {
	r := f.r
	return r.object(f.n, node.Root, "delegated administrators by service principal", func(fl node.Field, fp node.Path) error {
		ids, err := r.strings(fl.Value, fp, "account ids")
		for i, id := range ids {
			if !isAccountKey(id) {
				return r.errf(fl.Value.Items[i], fp.Index(i), "expected a 12-digit account id, got %q", id)
			}
			b.m.EnsureAccount(id).DelegatedAdmin = true
		}
		return err
	})
}

// icOUName reads ous/ID/metadata.json: {"arn", "name"}.
func (b *builder) icOUName(f icFile) error {
	r, n := f.r, f.n
	if n.Kind != node.Object {
		return r.errf(n, node.Root, "expected the OU's metadata {\"arn\", \"name\"}, got %s", node.Describe(n))
	}
	s, err := r.reqStr(n, node.Root, "arn")
	if err != nil {
		return err
	}
	name, err := r.optStr(n, node.Root, "name")
	b.org.addNode(&model.OrgNode{ID: s[strings.LastIndexByte(s, '/')+1:], Name: name, Where: r.where(n, node.Root)})
	return err
}

// icOrgPolicy reads scps/ID/ or rcps/ID/: metadata.json and policy.json.
func (b *builder) icOrgPolicy(d *icDir, typ, dirID string, f icFile) error {
	dir, rcp := typ+"/"+dirID, typ == "rcps"
	r, n := f.r, f.n
	if n.Kind != node.Object {
		return r.errf(n, node.Root, "expected the policy's metadata {\"arn\", \"name\"}, got %s", node.Describe(n))
	}
	s, err := r.reqStr(n, node.Root, "arn")
	if err != nil {
		return err
	}
	id := s[strings.LastIndexByte(s, '/')+1:]
	if strings.ToLower(id) != dirID || !strings.HasPrefix(s, "arn:aws:organizations::") {
		return r.errf(n.Get("arn"), node.Root.Key("arn"), "expected the ARN of the organization policy of this directory (%s), got %q", dir, s)
	}
	op := &model.OrgPolicy{ID: id, ARN: s, Type: model.SCPType, Where: r.where(n, node.Root)}
	kind := policy.SCP
	if rcp {
		op.Type, kind = model.RCPType, policy.RCP
	}
	if op.Name, err = r.optStr(n, node.Root, "name"); err != nil {
		return err
	}
	doc, ok := d.get(dir + "/policy")
	if !ok {
		return r.errf(n, node.Root, "organization policy %s has no policy.json beside this metadata (its content)", id)
	}
	if op.Document, err = icDocument(doc, kind, s); err != nil {
		return err
	}
	return b.org.addPolicy(b, op)
}
