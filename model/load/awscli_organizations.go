package load

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// orgDraft is the organization while files are read; resolve links it.
type orgDraft struct {
	present    bool
	fromNative bool
	id, mgmt   string
	where      model.Where
	rootID     string
	scpEnabled *bool // from list-roots PolicyTypes
	rcpEnabled *bool

	nodes          map[string]*model.OrgNode
	parentOf       map[string]parentRef // OU id → parent (list-organizational-units-for-parent)
	accountParent  map[string]parentRef // account id → parent id, or OU name path (native)
	outside        map[string]bool      // native accounts marked inOrganization: false
	nativeAccounts map[string]bool      // accounts written in native files
	nativeNodes    map[string]bool      // roots and OUs written in native files
	explicitSCPs   map[string]bool      // native targets with a "scps" member
	policies       map[string]*model.OrgPolicy
	listed         map[string]listedPolicy
	attach         []attachment
}

type parentRef struct {
	parent string
	where  model.Where
	byName bool // native: an OU name path or id
}

type listedPolicy struct {
	name  string
	typ   model.OrgPolicyType
	where model.Where
}

// attachment is a policy attached to a root, OU or account.
type attachment struct {
	target string
	ref    string               // policy id or (native) name
	want   *model.OrgPolicyType // native: the list it was written in
	where  model.Where
}

func newOrgDraft() orgDraft {
	return orgDraft{nodes: map[string]*model.OrgNode{}, parentOf: map[string]parentRef{},
		accountParent: map[string]parentRef{}, outside: map[string]bool{}, nativeAccounts: map[string]bool{}, nativeNodes: map[string]bool{}, explicitSCPs: map[string]bool{},
		policies: map[string]*model.OrgPolicy{}, listed: map[string]listedPolicy{}}
}

func (o *orgDraft) addNode(n *model.OrgNode) {
	if prev := o.nodes[n.ID]; prev != nil {
		if prev.Name == "" {
			prev.Name = n.Name
		}
		return
	}
	o.nodes[n.ID] = n
}

func (o *orgDraft) addPolicy(b *builder, p *model.OrgPolicy) error {
	if prev := o.policies[p.ID]; prev != nil {
		b.duplicate(p.Where, prev.Where, "organization policy "+p.ID)
		return nil
	}
	o.policies[p.ID] = p
	return nil
}

// The policies AWS manages for every organization.
const (
	fullAWSAccessID    = "p-FullAWSAccess"
	rcpFullAWSAccessID = "p-RCPFullAWSAccess"
)

func builtinOrgPolicies() []*model.OrgPolicy {
	scp := mustPolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, policy.SCP)
	rcp := mustPolicy(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, policy.RCP)
	return []*model.OrgPolicy{
		{ID: fullAWSAccessID, Name: "FullAWSAccess", Type: model.SCPType, Document: scp,
			ARN: "arn:aws:organizations::aws:policy/service_control_policy/" + fullAWSAccessID},
		{ID: rcpFullAWSAccessID, Name: "RCPFullAWSAccess", Type: model.RCPType, Document: rcp,
			ARN: "arn:aws:organizations::aws:policy/resource_control_policy/" + rcpFullAWSAccessID},
	}
}

func mustPolicy(src string, k policy.Kind) *policy.Policy {
	p, err := policy.Parse([]byte(src), policy.Source{Kind: k, Name: "built in"})
	if err != nil {
		panic(err)
	}
	return p
}

func orgPolicyARN(mgmt, orgID string, p *model.OrgPolicy) string {
	typ := "service_control_policy"
	if p.Type == model.RCPType {
		typ = "resource_control_policy"
	}
	return "arn:aws:organizations::" + mgmt + ":policy/" + orgID + "/" + typ + "/" + p.ID
}

// describeOrganization: {"Organization": {"Id", "MasterAccountId", ...}}.
func (b *builder) describeOrganization(r *reader, n *node.Node) error {
	p := node.Root.Key("Organization")
	o := n.Get("Organization")
	id, err := r.reqStr(o, p, "Id")
	if err != nil {
		return err
	}
	mgmt, err := r.optStr(o, p, "MasterAccountId")
	if err != nil {
		return err
	}
	if m, _ := r.optStr(o, p, "ManagementAccountId"); m != "" {
		mgmt = m
	}
	if (b.org.id != "" && b.org.id != id) || (b.org.mgmt != "" && mgmt != "" && b.org.mgmt != mgmt) {
		return r.errf(o, p, "organization %s (management account %s) differs from %s (%s) at %s", id, mgmt, b.org.id, b.org.mgmt, b.org.where)
	}
	b.org.present, b.org.id, b.org.mgmt, b.org.where = true, id, mgmt, r.where(o, p)
	return nil
}

// listRoots: {"Roots": [{"Id", "Arn", "Name", "PolicyTypes": [{"Type", "Status"}]}]}.
func (b *builder) listRoots(r *reader, n *node.Node) error {
	return r.list(n.Get("Roots"), node.Root.Key("Roots"), "roots", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "Id")
		if err != nil {
			return err
		}
		name, _ := r.optStr(item, ip, "Name")
		b.org.present = true
		b.org.rootID = id
		if b.org.where.File == "" {
			b.org.where = r.where(item, ip)
		}
		b.org.addNode(&model.OrgNode{ID: id, Name: name, Where: r.where(item, ip)})
		if orgID := orgIDOfARN(item); orgID != "" && b.org.id == "" {
			b.org.id = orgID
		}
		scp, rcp := false, false
		err = r.list(item.Get("PolicyTypes"), ip.Key("PolicyTypes"), "policy types", func(t *node.Node, tp node.Path) error {
			typ, _ := r.optStr(t, tp, "Type")
			status, _ := r.optStr(t, tp, "Status")
			if status == "ENABLED" {
				scp = scp || typ == "SERVICE_CONTROL_POLICY"
				rcp = rcp || typ == "RESOURCE_CONTROL_POLICY"
			}
			return nil
		})
		b.org.scpEnabled, b.org.rcpEnabled = &scp, &rcp
		return err
	})
}

// orgIDOfARN reads o-xxx from an Organizations ARN member "Arn".
func orgIDOfARN(n *node.Node) string {
	a := n.Get("Arn")
	if a == nil || a.Kind != node.String {
		return ""
	}
	for _, part := range strings.Split(a.Text, "/") {
		if strings.HasPrefix(part, "o-") {
			return part
		}
	}
	return ""
}

// parentFromName reads the parent id from a file named KIND.PARENT-ID.json.
func parentFromName(r *reader, n *node.Node, prefix string) (string, error) {
	parts := nameParts(r.file)
	if len(parts) == 2 && parts[0] == prefix && (strings.HasPrefix(parts[1], "r-") || strings.HasPrefix(parts[1], "ou-")) {
		return parts[1], nil
	}
	return "", r.errf(n, node.Root, "cannot tell which parent this answer is for: name the file %s.PARENT-ID.json (PARENT-ID: r-... or ou-...)", prefix)
}

// ousForParent: {"OrganizationalUnits": [{"Id", "Arn", "Name"}]}, in a file named ous-for-parent.PARENT.json.
func (b *builder) ousForParent(r *reader, n *node.Node) error {
	parent, err := parentFromName(r, n, "ous-for-parent")
	if err != nil {
		return err
	}
	b.org.present = true
	return r.list(n.Get("OrganizationalUnits"), node.Root.Key("OrganizationalUnits"), "organizational units", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "Id")
		if err != nil {
			return err
		}
		name, _ := r.optStr(item, ip, "Name")
		b.org.addNode(&model.OrgNode{ID: id, Name: name, Where: r.where(item, ip)})
		b.org.parentOf[id] = parentRef{parent: parent, where: r.where(item, ip)}
		return nil
	})
}

// accountsForParent: {"Accounts": [{"Id", "Arn", "Name", "Email", "Status"}]}, in a file named accounts-for-parent.PARENT.json.
func (b *builder) accountsForParent(r *reader, n *node.Node) error {
	parent, err := parentFromName(r, n, "accounts-for-parent")
	if err != nil {
		return err
	}
	b.org.present = true
	return r.list(n.Get("Accounts"), node.Root.Key("Accounts"), "accounts", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "Id")
		if err != nil {
			return err
		}
		if !arn.IsAccountID(id) {
			return r.errf(item.Get("Id"), ip.Key("Id"), "expected a 12-digit account id, got %q", id)
		}
		a := b.m.EnsureAccount(id)
		if name, _ := r.optStr(item, ip, "Name"); name != "" {
			a.Name = name
		}
		if a.Where.File == "" {
			a.Where = r.where(item, ip)
		}
		if orgID := orgIDOfARN(item); orgID != "" && b.org.id == "" {
			b.org.id = orgID
		}
		if prev, ok := b.org.accountParent[id]; ok && prev.parent != parent {
			b.failAt(r.where(item, ip), "account %s is listed under %s here and under %s at %s", id, parent, prev.parent, prev.where)
			return nil
		}
		b.org.accountParent[id] = parentRef{parent: parent, where: r.where(item, ip)}
		return nil
	})
}

// listPolicies: {"Policies": [{"Id", "Arn", "Name", "Type", "AwsManaged"}]}.
func (b *builder) listPolicies(r *reader, n *node.Node) error {
	return r.list(n.Get("Policies"), node.Root.Key("Policies"), "policy summaries", func(item *node.Node, ip node.Path) error {
		s, err := r.policySummary(item, ip)
		if err != nil {
			return err
		}
		b.org.listed[s.ID] = listedPolicy{name: s.Name, typ: s.Type, where: s.Where}
		return nil
	})
}

// policySummary reads an Organizations PolicySummary.
func (r *reader) policySummary(n *node.Node, p node.Path) (*model.OrgPolicy, error) {
	id, err := r.reqStr(n, p, "Id")
	if err != nil {
		return nil, err
	}
	op := &model.OrgPolicy{ID: id, Where: r.where(n, p)}
	op.Name, _ = r.optStr(n, p, "Name")
	op.ARN, _ = r.optStr(n, p, "Arn")
	typ, err := r.reqStr(n, p, "Type")
	if err != nil {
		return nil, err
	}
	switch typ {
	case "SERVICE_CONTROL_POLICY":
		op.Type = model.SCPType
	case "RESOURCE_CONTROL_POLICY":
		op.Type = model.RCPType
	default:
		return nil, r.errf(n.Get("Type"), p.Key("Type"), "Sekisho reads SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY, got %q", typ)
	}
	return op, nil
}

// describePolicy: {"Policy": {"PolicySummary": {...}, "Content": "JSON string"}}.
func (b *builder) describePolicy(r *reader, n *node.Node) error {
	p := node.Root.Key("Policy")
	pol := n.Get("Policy")
	op, err := r.policySummary(pol.Get("PolicySummary"), p.Key("PolicySummary"))
	if err != nil {
		return err
	}
	content := pol.Get("Content")
	if content == nil {
		return r.errf(pol, p, "missing Content")
	}
	kind := policy.SCP
	if op.Type == model.RCPType {
		kind = policy.RCP
	}
	if op.Document, err = r.awsDocument(content, p.Key("Content"), kind, op.ARN); err != nil {
		return err
	}
	return b.org.addPolicy(b, op)
}

// targetsForPolicy: {"Targets": [{"TargetId", "Arn", "Name", "Type"}]}, in a file named targets-for-policy.POLICY-ID.json.
func (b *builder) targetsForPolicy(r *reader, n *node.Node) error {
	parts := nameParts(r.file)
	if len(parts) != 2 || parts[0] != "targets-for-policy" || !strings.HasPrefix(parts[1], "p-") {
		return r.errf(n, node.Root, "cannot tell which policy these targets are for: name the file targets-for-policy.POLICY-ID.json (POLICY-ID: p-...)")
	}
	pid := parts[1]
	return r.list(n.Get("Targets"), node.Root.Key("Targets"), "targets", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "TargetId")
		if err != nil {
			return err
		}
		b.org.attach = append(b.org.attach, attachment{target: id, ref: pid, where: r.where(item, ip)})
		return nil
	})
}

// delegatedAdministrators reads `aws organizations list-delegated-administrators`:
// {"DelegatedAdministrators": [{"Id", "Arn", "Name", "Status"}]}.
func (b *builder) delegatedAdministrators(r *reader, n *node.Node) error {
	return r.list(n.Get("DelegatedAdministrators"), node.Root.Key("DelegatedAdministrators"), "delegated administrators", func(item *node.Node, ip node.Path) error {
		id, err := r.reqStr(item, ip, "Id")
		if err != nil {
			return err
		}
		if !arn.IsAccountID(id) {
			return r.errf(item.Get("Id"), ip.Key("Id"), "expected a 12-digit account id, got %q", id)
		}
		b.m.EnsureAccount(id).DelegatedAdmin = true
		return nil
	})
}

// orgTags reads `aws organizations list-tags-for-resource --resource-id ACCOUNT-ID`,
// from organizations/list-tags-for-resource.ACCOUNT-ID.json: {"Tags": [{"Key", "Value"}]}.
func (b *builder) orgTags(r *reader, n *node.Node) error {
	id := r.place.id
	if !arn.IsAccountID(id) {
		return r.errf(n, node.Root, "cannot tell which account these tags are for: name the file list-tags-for-resource.ACCOUNT-ID.json")
	}
	t := n.Get("Tags")
	if t == nil {
		return r.errf(n, node.Root, "missing Tags")
	}
	tags, err := r.tags(t, node.Root.Key("Tags"))
	if err != nil {
		return err
	}
	a := b.m.EnsureAccount(id)
	if a.Tags == nil {
		a.Tags = map[string]string{}
	}
	for k, v := range tags {
		a.Tags[k] = v
	}
	return nil
}
