package load

import (
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// native reads a Sekisho model file (docs/model.md).
func (b *builder) native(r *reader, n *node.Node) error {
	return r.object(n, node.Root, "a model file", func(f node.Field, fp node.Path) error {
		switch f.Key {
		case "organization":
			return b.nativeOrg(r, f.Value, fp)
		case "accounts":
			return r.list(f.Value, fp, "accounts", func(item *node.Node, ip node.Path) error {
				return b.nativeAccount(r, item, ip)
			})
		case "awsManagedPolicies":
			return r.list(f.Value, fp, "AWS managed policies", func(item *node.Node, ip node.Path) error {
				return b.nativeManaged(r, item, ip, "aws", true)
			})
		}
		return nil
	})
}

func (b *builder) nativeOrg(r *reader, n *node.Node, p node.Path) error {
	o := &b.org
	if o.present && o.where.File != "" && o.fromNative {
		b.duplicate(r.where(n, p), o.where, "the organization")
		return nil
	}
	o.present, o.fromNative, o.where = true, true, r.where(n, p)
	root := &model.OrgNode{ID: "r-0000", Name: "Root", Where: r.where(n, p)}
	if v := n.Get("rootId"); v != nil {
		id, err := r.str(v, p.Key("rootId"))
		if err != nil {
			return err
		}
		root.ID = id
	}
	err := r.object(n, p, "an organization", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "id":
			o.id, err = r.str(f.Value, fp)
		case "managementAccount":
			o.mgmt, err = r.str(f.Value, fp)
		case "rootId":
		case "scps", "rcps":
			err = b.nativeAttach(r, f.Value, fp, root.ID, f.Key)
		case "ous":
			err = b.nativeOUs(r, f.Value, fp, root)
		case "policies":
			err = r.list(f.Value, fp, "organization policies", func(item *node.Node, ip node.Path) error {
				return b.nativeOrgPolicy(r, item, ip)
			})
		default:
			err = r.unknownField(f, fp, "organization", "id, managementAccount, rootId, scps, rcps, ous or policies")
		}
		return err
	})
	if err != nil {
		return err
	}
	if o.id == "" {
		return r.errf(n, p, "organization has no id: expected \"id\": \"o-...\"")
	}
	if !arn.IsAccountID(o.mgmt) {
		return r.errf(n, p, "organization has no managementAccount: expected a 12-digit account id")
	}
	o.addNode(root)
	o.rootID = root.ID
	o.nativeNodes[root.ID] = true
	return nil
}

// nativeAttach records the policies named in a scps or rcps list.
func (b *builder) nativeAttach(r *reader, n *node.Node, p node.Path, target, key string) error {
	t := model.SCPType
	if key == "rcps" {
		t = model.RCPType
	}
	if t == model.SCPType {
		b.org.explicitSCPs[target] = true
	}
	return r.list(n, p, "policy names or ids", func(item *node.Node, ip node.Path) error {
		ref, err := r.str(item, ip)
		if err != nil {
			return err
		}
		b.org.attach = append(b.org.attach, attachment{target: target, ref: ref, want: &t, where: r.where(item, ip)})
		return nil
	})
}

func (b *builder) nativeOUs(r *reader, n *node.Node, p node.Path, parent *model.OrgNode) error {
	return r.list(n, p, "organizational units", func(item *node.Node, ip node.Path) error {
		name, err := r.reqStr(item, ip, "name")
		if err != nil {
			return err
		}
		id, err := r.optStr(item, ip, "id")
		if err != nil {
			return err
		}
		if id == "" {
			id = "ou-" + slug(parent.ID+"-"+name)
		}
		ou := &model.OrgNode{ID: id, Name: name, Parent: parent, Where: r.where(item, ip)}
		err = r.object(item, ip, "an organizational unit", func(f node.Field, fp node.Path) error {
			switch f.Key {
			case "name", "id":
				return nil
			case "scps", "rcps":
				return b.nativeAttach(r, f.Value, fp, id, f.Key)
			case "ous":
				return b.nativeOUs(r, f.Value, fp, ou)
			}
			return r.unknownField(f, fp, "organizational unit", "name, id, scps, rcps or ous")
		})
		if err != nil {
			return err
		}
		if prev := b.org.nodes[id]; prev != nil {
			b.duplicate(ou.Where, prev.Where, "organizational unit "+id)
			return nil
		}
		parent.Children = append(parent.Children, ou)
		b.org.addNode(ou)
		b.org.nativeNodes[id] = true
		return nil
	})
}

func (b *builder) nativeOrgPolicy(r *reader, n *node.Node, p node.Path) error {
	op := &model.OrgPolicy{Where: r.where(n, p)}
	var doc *node.Node
	var docPath node.Path
	err := r.object(n, p, "an organization policy", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "name":
			op.Name, err = r.str(f.Value, fp)
		case "id":
			op.ID, err = r.str(f.Value, fp)
		case "type":
			var t string
			if t, err = r.str(f.Value, fp); err == nil {
				switch strings.ToLower(t) {
				case "scp", "service_control_policy":
					op.Type = model.SCPType
				case "rcp", "resource_control_policy":
					op.Type = model.RCPType
				default:
					err = r.errf(f.Value, fp, "expected \"scp\" or \"rcp\", got %q", t)
				}
			}
		case "document", "file":
			doc, docPath = f.Value, fp
		default:
			err = r.unknownField(f, fp, "organization policy", "name, id, type, document or file")
		}
		return err
	})
	if err != nil {
		return err
	}
	if op.Name == "" {
		return r.errf(n, p, "organization policy has no name")
	}
	if n.Get("type") == nil {
		return r.errf(n, p, "organization policy %q has no type: expected \"scp\" or \"rcp\"", op.Name)
	}
	if doc == nil {
		return r.errf(n, p, "organization policy %q has no document: expected \"document\" (inline) or \"file\" (a path)", op.Name)
	}
	if op.ID == "" {
		op.ID = "p-" + slug(op.Name)
	}
	kind := policy.SCP
	if op.Type == model.RCPType {
		kind = policy.RCP
	}
	op.ARN = orgPolicyARN(b.org.mgmt, b.org.id, op)
	if op.Document, err = r.document(doc, docPath, kind, op.ARN); err != nil {
		return err
	}
	return b.org.addPolicy(b, op)
}

func (b *builder) nativeAccount(r *reader, n *node.Node, p node.Path) error {
	idNode := n.Get("id")
	if n.Kind != node.Object || idNode == nil {
		return r.errf(n, p, "expected an account with an id (12 digits)")
	}
	id, err := r.str(idNode, p.Key("id"))
	if err != nil {
		return err
	}
	if !arn.IsAccountID(id) {
		return r.errf(idNode, p.Key("id"), "expected a 12-digit account id, got %q", id)
	}
	a := b.m.EnsureAccount(id)
	if a.Where.File == "" {
		a.Where = r.where(n, p)
	}
	b.org.nativeAccounts[id] = true
	ac := &accountReader{b: b, r: r, a: a}
	return r.object(n, p, "an account", ac.field)
}

// accountReader reads the members of one native account.
type accountReader struct {
	b *builder
	r *reader
	a *model.Account
}

func (ac *accountReader) field(f node.Field, fp node.Path) error {
	r, b, a := ac.r, ac.b, ac.a
	switch f.Key {
	case "id":
		return nil
	case "name":
		name, err := r.str(f.Value, fp)
		a.Name = name
		return err
	case "ou":
		ref, err := r.str(f.Value, fp)
		b.org.accountParent[a.ID] = parentRef{parent: ref, where: r.where(f.Value, fp), byName: true}
		return err
	case "inOrganization":
		if f.Value.Kind != node.Bool {
			return r.errf(f.Value, fp, "expected true or false, got %s", node.Describe(f.Value))
		}
		if f.Value.Text == "false" {
			b.org.outside[a.ID] = true
		}
		return nil
	case "scps", "rcps":
		return b.nativeAttach(r, f.Value, fp, a.ID, f.Key)
	case "tags":
		t, err := r.tags(f.Value, fp)
		a.Tags = t
		return err
	case "policies":
		return r.list(f.Value, fp, "customer managed policies", func(item *node.Node, ip node.Path) error {
			return b.nativeManaged(r, item, ip, a.ID, false)
		})
	case "users":
		return r.list(f.Value, fp, "users", ac.user)
	case "groups":
		return r.list(f.Value, fp, "groups", ac.group)
	case "roles":
		return r.list(f.Value, fp, "roles", ac.role)
	case "instanceProfiles":
		return r.list(f.Value, fp, "instance profiles", ac.profile)
	case "buckets", "keys", "queues", "topics", "functions", "secrets", "resources":
		return r.list(f.Value, fp, f.Key, func(item *node.Node, ip node.Path) error {
			return ac.resource(f.Key, item, ip)
		})
	case "vpcs":
		return r.list(f.Value, fp, "VPCs", ac.vpc)
	case "instances":
		return r.list(f.Value, fp, "instances", ac.instance)
	}
	return r.unknownField(f, fp, "account", "id, name, ou, inOrganization, scps, rcps, tags, policies, users, groups, roles, "+
		"instanceProfiles, buckets, keys, queues, topics, functions, secrets, resources, vpcs or instances")
}

// nativeManaged reads a managed policy: customer managed (account id) or AWS managed ("aws").
func (b *builder) nativeManaged(r *reader, n *node.Node, p node.Path, account string, awsManaged bool) error {
	mp := &model.ManagedPolicy{AWSManaged: awsManaged, Where: r.where(n, p)}
	path := "/"
	var doc *node.Node
	var docPath node.Path
	err := r.object(n, p, "a managed policy", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "name":
			mp.Name, err = r.str(f.Value, fp)
		case "arn":
			mp.ARN, err = r.str(f.Value, fp)
		case "path":
			path, err = r.str(f.Value, fp)
		case "document", "file":
			doc, docPath = f.Value, fp
		default:
			err = r.unknownField(f, fp, "managed policy", "name, arn, path, document or file")
		}
		return err
	})
	if err != nil {
		return err
	}
	if mp.ARN == "" {
		if mp.Name == "" {
			return r.errf(n, p, "managed policy has neither name nor arn")
		}
		mp.ARN = "arn:aws:iam::" + account + ":policy" + normPath(path) + mp.Name
	}
	mp.Name = model.ManagedName(mp.ARN)
	if doc == nil {
		return r.errf(n, p, "managed policy %s has no document: expected \"document\" (inline) or \"file\" (a path)", mp.ARN)
	}
	if mp.Document, err = r.document(doc, docPath, policy.Identity, mp.ARN); err != nil {
		return err
	}
	return b.addManaged(mp)
}

// field is one member a native object may have: where its value goes
// (one of the destinations), or read for anything else.
type field struct {
	key    string
	str    *string
	list   *[]string
	listOf string // what list holds, for messages
	tags   *map[string]string
	inline *[]*policy.Policy
	flag   *bool // true or false
	secs   *int  // a session duration
	later  bool  // read by the caller afterwards (a trust policy, once the ARN is known)
	read   func(v *node.Node, p node.Path) error
}

// fields reads an object whose members are among fs; any other member is
// an error that lists fs's keys, so the message cannot drift from the code.
func (ac *accountReader) fields(n *node.Node, p node.Path, what string, fs []field) error {
	r := ac.r
	article := "a "
	if strings.ContainsRune("aeiou", rune(what[0])) {
		article = "an "
	}
	if n.Kind != node.Object {
		return r.errf(n, p, "expected %s (an object), got %s", article+what, node.Describe(n))
	}
next:
	for _, f := range n.Fields {
		for i := range fs {
			if fs[i].key == f.Key {
				// A string, or a member read later, needs no path but
				// for an error: a model has hundreds of thousands.
				switch s, ok := text(f.Value); {
				case fs[i].later:
				case fs[i].str != nil && ok:
					*fs[i].str = s
				case fs[i].list != nil && plainStrings(f.Value):
					*fs[i].list, _ = ac.r.strings(f.Value, "", "")
				case fs[i].tags != nil && plainTags(f.Value):
					*fs[i].tags, _ = ac.r.tags(f.Value, "")
				default:
					if err := ac.readField(&fs[i], f.Value, p.Key(f.Key)); err != nil {
						return err
					}
				}
				continue next
			}
		}
		fp := p.Key(f.Key)
		keys := make([]string, len(fs))
		for i, fd := range fs {
			keys[i] = fd.key
		}
		return r.unknownField(f, fp, what, strings.Join(keys[:len(keys)-1], ", ")+" or "+keys[len(keys)-1])
	}
	return nil
}

func (ac *accountReader) readField(fd *field, v *node.Node, p node.Path) (err error) {
	switch {
	case fd.str != nil:
		*fd.str, err = ac.r.str(v, p)
	case fd.list != nil:
		*fd.list, err = ac.r.strings(v, p, fd.listOf)
	case fd.tags != nil:
		*fd.tags, err = ac.r.tags(v, p)
	case fd.inline != nil:
		*fd.inline, err = ac.inline(v, p)
	case fd.flag != nil:
		if v.Kind != node.Bool {
			return ac.r.errf(v, p, "expected true or false, got %s", node.Describe(v))
		}
		*fd.flag = v.Text == "true"
	case fd.secs != nil:
		*fd.secs, err = ac.duration(v, p)
	case fd.later:
	default:
		err = fd.read(v, p)
	}
	return err
}

// entity reads a named IAM entity (user, group, role, instance profile)
// with its fields; it must have a name.
func (ac *accountReader) entity(n *node.Node, p node.Path, what string, name *string, fs []field) error {
	if err := ac.fields(n, p, what, fs); err != nil {
		return err
	}
	if *name == "" {
		return ac.r.errf(n, p, "%s has no name", what)
	}
	return nil
}

// inline reads {POLICY-NAME: DOCUMENT-OR-FILE}; the owner's ARN is
// prefixed to the names later (nameInline).
func (ac *accountReader) inline(n *node.Node, p node.Path) ([]*policy.Policy, error) {
	var out []*policy.Policy
	err := ac.r.object(n, p, "inline policies {name: document or file}", func(f node.Field, fp node.Path) error {
		pol, err := ac.r.document(f.Value, fp, policy.Identity, f.Key)
		if err == nil {
			out = append(out, pol)
		}
		return err
	})
	return out, err
}

// nameInline names inline policies for explanations: "OWNER-ARN inline NAME".
func nameInline(owner string, pols []*policy.Policy) {
	for _, p := range pols {
		p.Name = owner + " inline " + p.Name
	}
}

func (ac *accountReader) user(n *node.Node, p node.Path) error {
	r := ac.r
	u := &model.User{Principal: model.Principal{Path: "/", Account: ac.a.ID, Where: r.where(n, p)}}
	pr := &u.Principal
	err := ac.entity(n, p, "user", &pr.Name, []field{
		{key: "name", str: &pr.Name}, {key: "path", str: &pr.Path}, {key: "id", str: &pr.ID},
		{key: "groups", list: &u.Groups, listOf: "group names"}, {key: "inline", inline: &pr.Inline},
		{key: "managed", list: &pr.Managed, listOf: "managed policy ARNs"}, {key: "boundary", str: &pr.Boundary}, {key: "tags", tags: &pr.Tags},
		{key: "accessKeys", read: func(v *node.Node, fp node.Path) error {
			return r.list(v, fp, "access keys", func(item *node.Node, ip node.Path) error {
				k, err := ac.accessKey(item, ip)
				u.AccessKeys = append(u.AccessKeys, k)
				return err
			})
		}},
	})
	if err != nil {
		return err
	}
	return ac.b.addUser(ac.a, u)
}

func (ac *accountReader) accessKey(n *node.Node, p node.Path) (model.AccessKey, error) {
	if n.Kind == node.String {
		return model.AccessKey{ID: n.Text}, nil
	}
	id, err := ac.r.reqStr(n, p, "id")
	if err != nil {
		return model.AccessKey{}, err
	}
	status, err := ac.r.optStr(n, p, "status")
	if status != "" && status != "Active" && status != "Inactive" {
		return model.AccessKey{}, ac.r.errf(n.Get("status"), p.Key("status"), "expected \"Active\" or \"Inactive\", got %q", status)
	}
	return model.AccessKey{ID: id, Inactive: status == "Inactive"}, err
}

func (ac *accountReader) group(n *node.Node, p node.Path) error {
	r := ac.r
	g := &model.Group{Path: "/", Account: ac.a.ID, Where: r.where(n, p)}
	err := ac.entity(n, p, "group", &g.Name, []field{
		{key: "name", str: &g.Name}, {key: "path", str: &g.Path}, {key: "inline", inline: &g.Inline},
		{key: "managed", list: &g.Managed, listOf: "managed policy ARNs"},
	})
	if err != nil {
		return err
	}
	return ac.b.addGroup(ac.a, g)
}

func (ac *accountReader) role(n *node.Node, p node.Path) error {
	r := ac.r
	ro := &model.Role{Principal: model.Principal{Path: "/", Account: ac.a.ID, Where: r.where(n, p)}}
	pr := &ro.Principal
	err := ac.entity(n, p, "role", &pr.Name, []field{
		{key: "name", str: &pr.Name}, {key: "path", str: &pr.Path}, {key: "id", str: &pr.ID},
		{key: "trust", later: true},
		{key: "inline", inline: &pr.Inline}, {key: "managed", list: &pr.Managed, listOf: "managed policy ARNs"},
		{key: "boundary", str: &pr.Boundary}, {key: "tags", tags: &pr.Tags},
		{key: "maxSessionDuration", secs: &ro.MaxSessionDuration}, {key: "serviceLinked", flag: &ro.ServiceLinked},
	})
	if err != nil {
		return err
	}
	trust := n.Get("trust")
	if trust == nil {
		return r.errf(n, p, "role %s has no trust policy: expected \"trust\": a document or a file", pr.Name)
	}
	arnStr := "arn:aws:iam::" + ac.a.ID + ":role" + normPath(pr.Path) + pr.Name
	if ro.Trust, err = r.document(trust, p.Key("trust"), policy.Trust, arnStr+" trust policy"); err != nil {
		return err
	}
	return ac.b.addRole(ac.a, ro)
}

func (ac *accountReader) duration(n *node.Node, p node.Path) (int, error) {
	d, err := strconv.Atoi(n.Text)
	if n.Kind != node.Number || err != nil || d < 3600 || d > 43200 {
		return 0, ac.r.errf(n, p, "expected a number of seconds from 3600 to 43200, got %s", node.Describe(n))
	}
	return d, nil
}

func (ac *accountReader) profile(n *node.Node, p node.Path) error {
	r := ac.r
	ip := &model.InstanceProfile{Path: "/", Account: ac.a.ID, Where: r.where(n, p)}
	err := ac.entity(n, p, "instance profile", &ip.Name, []field{
		{key: "name", str: &ip.Name}, {key: "path", str: &ip.Path}, {key: "role", str: &ip.Role},
	})
	if err != nil {
		return err
	}
	return ac.b.addProfile(ac.a, ip)
}

// resource reads a bucket, key, queue, topic, function, secret or generic resource.
func (ac *accountReader) resource(list string, n *node.Node, p node.Path) error {
	res := &model.Resource{Type: resourceTypeOfList[list], Account: ac.a.ID, Where: ac.r.where(n, p)}
	var doc *node.Node
	var docPath node.Path
	err := ac.r.object(n, p, "a resource", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "name", "id":
			res.Name, err = ac.r.str(f.Value, fp)
		case "arn":
			res.ARN, err = ac.r.str(f.Value, fp)
		case "region":
			res.Region, err = ac.r.str(f.Value, fp)
		case "policy":
			doc, docPath = f.Value, fp
		case "tags":
			res.Tags, err = ac.r.tags(f.Value, fp)
		default:
			err = ac.r.unknownField(f, fp, "resource", "name (id for keys), arn, region, policy or tags")
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := ac.resourceARN(res, n, p); err != nil {
		return err
	}
	if doc != nil {
		kind := policy.Resource
		if res.Policy, err = ac.r.document(doc, docPath, kind, res.ARN+" "+res.Type.PolicyLabel()); err != nil {
			return err
		}
	}
	return ac.b.addResource(res)
}

var resourceTypeOfList = map[string]model.ResourceType{
	"buckets": model.Bucket, "keys": model.Key, "queues": model.Queue, "topics": model.Topic,
	"functions": model.Function, "secrets": model.Secret, "resources": model.OtherResource,
}

// resourceARN builds the ARN of a native resource from its name and region.
func (ac *accountReader) resourceARN(res *model.Resource, n *node.Node, p node.Path) error {
	if res.ARN != "" {
		a, err := arn.Parse(res.ARN)
		if err != nil {
			return ac.r.errf(n.Get("arn"), p.Key("arn"), "%v", err)
		}
		if res.Region == "" {
			res.Region = a.Region
		}
		if res.Name == "" {
			res.Name = a.Resource
		}
		if res.Type == model.OtherResource {
			res.Type = typeOfARN(a)
		}
		return nil
	}
	if res.Name == "" {
		return ac.r.errf(n, p, "%s has neither name nor arn", res.Type)
	}
	if res.Region == "" {
		return ac.r.errf(n, p, "%s %s has no region", res.Type, res.Name)
	}
	head := ":" + res.Region + ":" + ac.a.ID + ":"
	switch res.Type {
	case model.Bucket:
		res.ARN = "arn:aws:s3:::" + res.Name
	case model.Key:
		res.ARN = "arn:aws:kms" + head + "key/" + res.Name
	case model.Queue:
		res.ARN = "arn:aws:sqs" + head + res.Name
	case model.Topic:
		res.ARN = "arn:aws:sns" + head + res.Name
	case model.Function:
		res.ARN = "arn:aws:lambda" + head + "function:" + res.Name
	case model.Secret:
		res.ARN = "arn:aws:secretsmanager" + head + "secret:" + res.Name
	default:
		return ac.r.errf(n, p, "a resource in \"resources\" needs an arn")
	}
	return nil
}

func (ac *accountReader) vpc(n *node.Node, p node.Path) error {
	v := &model.VPC{Account: ac.a.ID, Where: ac.r.where(n, p)}
	var eps *node.Node
	var epsPath node.Path
	err := ac.r.object(n, p, "a VPC", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "id":
			v.ID, err = ac.r.str(f.Value, fp)
		case "region":
			v.Region, err = ac.r.str(f.Value, fp)
		case "internetGateway":
			v.InternetGateway, err = ac.r.str(f.Value, fp)
		case "endpoints":
			eps, epsPath = f.Value, fp
		default:
			err = ac.r.unknownField(f, fp, "VPC", "id, region, internetGateway or endpoints")
		}
		return err
	})
	if err != nil {
		return err
	}
	if v.ID == "" || v.Region == "" {
		return ac.r.errf(n, p, "a VPC needs an id and a region")
	}
	if err := ac.b.addVPC(v); err != nil {
		return err
	}
	return ac.r.list(eps, epsPath, "VPC endpoints", func(item *node.Node, ip node.Path) error {
		return ac.endpoint(v, item, ip)
	})
}

func (ac *accountReader) endpoint(v *model.VPC, n *node.Node, p node.Path) error {
	e := &model.Endpoint{Account: v.Account, VPC: v.ID, Region: v.Region, Where: ac.r.where(n, p)}
	var doc *node.Node
	var docPath node.Path
	err := ac.r.object(n, p, "a VPC endpoint", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "id":
			e.ID, err = ac.r.str(f.Value, fp)
		case "service":
			e.ServiceName, err = ac.r.str(f.Value, fp)
		case "type":
			var t string
			if t, err = ac.r.str(f.Value, fp); err == nil {
				switch strings.ToLower(t) {
				case "gateway":
					e.Type = model.Gateway
				case "interface":
					e.Type = model.Interface
				default:
					err = ac.r.errf(f.Value, fp, "expected \"gateway\" or \"interface\", got %q", t)
				}
			}
		case "policy":
			doc, docPath = f.Value, fp
		default:
			err = ac.r.unknownField(f, fp, "VPC endpoint", "id, service, type or policy")
		}
		return err
	})
	if err != nil {
		return err
	}
	if e.ID == "" || e.ServiceName == "" || n.Get("type") == nil {
		return ac.r.errf(n, p, "a VPC endpoint needs an id, a service (s3, or com.amazonaws.REGION.s3) and a type (gateway or interface)")
	}
	if !strings.Contains(e.ServiceName, ".") {
		e.ServiceName = "com.amazonaws." + v.Region + "." + e.ServiceName
	}
	e.Service = endpointService(e.ServiceName)
	if doc != nil {
		if e.Policy, err = ac.r.document(doc, docPath, policy.Endpoint, e.ARN()+" endpoint policy"); err != nil {
			return err
		}
	}
	return ac.b.addEndpoint(e)
}

// endpointService is the service part of com.amazonaws.REGION.SERVICE.
func endpointService(serviceName string) string {
	parts := strings.SplitN(serviceName, ".", 4)
	if len(parts) == 4 {
		return parts[3]
	}
	return serviceName
}

func (ac *accountReader) instance(n *node.Node, p node.Path) error {
	in := &model.Instance{Account: ac.a.ID, Where: ac.r.where(n, p)}
	err := ac.r.object(n, p, "an instance", func(f node.Field, fp node.Path) error {
		var err error
		switch f.Key {
		case "id":
			in.ID, err = ac.r.str(f.Value, fp)
		case "vpc":
			in.VPC, err = ac.r.str(f.Value, fp)
		case "privateIp":
			in.PrivateIP, err = ac.r.ip(f.Value, fp)
		case "publicIp":
			in.PublicIP, err = ac.r.ip(f.Value, fp)
		case "instanceProfile":
			in.InstanceProfile, err = ac.r.str(f.Value, fp)
		case "imds":
			var s string
			if s, err = ac.r.str(f.Value, fp); err == nil {
				switch s {
				case "v2":
					in.IMDS = model.IMDSv2Only
				case "v1+v2":
					in.IMDS = model.IMDSv1v2
				default:
					err = ac.r.errf(f.Value, fp, "expected \"v2\" (IMDSv2 required) or \"v1+v2\", got %q", s)
				}
			}
		default:
			err = ac.r.unknownField(f, fp, "instance", "id, vpc, privateIp, publicIp, instanceProfile or imds")
		}
		return err
	})
	if err != nil {
		return err
	}
	if in.ID == "" || in.VPC == "" {
		return ac.r.errf(n, p, "an instance needs an id and a vpc")
	}
	if in.InstanceProfile != "" && !strings.HasPrefix(in.InstanceProfile, "arn:") {
		in.InstanceProfile = "arn:aws:iam::" + ac.a.ID + ":instance-profile/" + in.InstanceProfile
	}
	return ac.b.addInstance(in)
}
