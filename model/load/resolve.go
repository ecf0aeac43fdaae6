package load

import (
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// resolve links what the files said and reports every dangling reference.
func (b *builder) resolve() {
	for _, link := range b.pending {
		link()
	}
	b.resolveBuckets()
	if b.org.present {
		b.resolveOrg()
	}
	for _, id := range b.m.AccountIDs() {
		b.resolveAccount(b.m.Accounts[id])
	}
	b.resolveNetwork()
	b.resolveRoutes()
	b.checkResources()
	b.checkDocuments()
}

// policyDocument notes a bare policy document of the model directory: a
// native file refers to it, or it is an error.
func (b *builder) policyDocument(r *reader, n *node.Node) error {
	b.documents = append(b.documents, r.where(n, node.Root))
	return nil
}

// checkDocuments: a policy document that no model file refers to attaches
// to nothing, so it would be skipped in silence, and a Deny it holds
// lost. It is an error instead; AWS managed policy documents in
// Options.AWSManagedDir are found by name, not referred to.
func (b *builder) checkDocuments() {
	managed := ""
	if b.opt.AWSManagedDir != "" {
		managed = absPath(b.opt.AWSManagedDir) + string(filepath.Separator)
	}
	for _, w := range b.documents {
		abs := absPath(w.File)
		if b.referenced[abs] || managed != "" && strings.HasPrefix(abs, managed) {
			continue
		}
		b.failAt(w, "policy document that no model file refers to: it attaches to nothing, so it would not be evaluated; "+
			"refer to it from a model file (docs/model.md: file:, policy:, trust:, inline:), or move it out of the model directory")
	}
}

// absPath makes paths comparable whichever way a file was named.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

func (b *builder) resolveOrg() {
	o := &b.org
	if o.mgmt == "" {
		b.failAt(o.where, "the organization's management account is unknown: add the output of aws organizations describe-organization")
		return
	}
	if o.rootID == "" {
		b.failAt(o.where, "the organization's root is unknown: add the output of aws organizations list-roots")
		return
	}
	org := &model.Organization{ID: o.id, ManagementAccount: o.mgmt, Root: o.nodes[o.rootID], Nodes: o.nodes,
		Policies: o.policies, Where: o.where}
	for _, bp := range builtinOrgPolicies() {
		if org.Policies[bp.ID] == nil {
			org.Policies[bp.ID] = bp
		}
	}
	for _, p := range org.Policies {
		if p.ARN == "" || strings.Contains(p.ARN, "::/") || strings.HasPrefix(p.ARN, "arn:aws:organizations:::") {
			p.ARN = orgPolicyARN(o.mgmt, o.id, p)
		}
		if p.Document != nil {
			p.Document.Name = p.ARN
		}
	}
	for id, lp := range o.listed {
		if org.Policies[id] == nil {
			b.failAt(lp.where, "list-policies names %s (%s) but no describe-policy output gives its content", id, lp.name)
		}
	}
	b.linkOUs(org)
	b.placeAccounts(org)
	b.attachPolicies(org)
	b.policyTypes(org)
	b.m.Org = org
}

// linkOUs links the OUs that list-organizational-units-for-parent named.
func (b *builder) linkOUs(org *model.Organization) {
	ids := make([]string, 0, len(b.org.parentOf))
	for id := range b.org.parentOf {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		ref := b.org.parentOf[id]
		parent := org.Nodes[ref.parent]
		if parent == nil {
			b.failAt(ref.where, "OU %s is listed under %s, which no list-roots or list-organizational-units-for-parent output names", id, ref.parent)
			continue
		}
		ou := org.Nodes[id]
		ou.Parent = parent
		parent.Children = append(parent.Children, ou)
	}
	for _, id := range slices.Sorted(maps.Keys(org.Nodes)) {
		n := org.Nodes[id]
		if n != org.Root && n.Parent == nil {
			b.failAt(n.Where, "OU %s has no parent: add the list-organizational-units-for-parent output that lists it", n.ID)
		}
		steps := 0
		for p := n.Parent; p != nil; p = p.Parent {
			if steps++; steps > len(org.Nodes) {
				b.failAt(n.Where, "OU %s is its own ancestor: the list-organizational-units-for-parent outputs form a cycle", n.ID)
				for _, m := range org.Nodes {
					if m != org.Root {
						m.Parent = nil // keep later steps finite; the error stops the load
					}
				}
				return
			}
		}
	}
}

// placeAccounts gives each member account its parent.
func (b *builder) placeAccounts(org *model.Organization) {
	o := &b.org
	for _, id := range b.m.AccountIDs() {
		a := b.m.Accounts[id]
		ref, ok := o.accountParent[id]
		switch {
		case o.outside[id]:
			if id == org.ManagementAccount {
				b.failAt(a.Where, "account %s is the management account: it is in the organization", id)
			}
			continue
		case ok:
			n := b.findNode(org, ref)
			if n == nil {
				b.failAt(ref.where, "account %s is placed in %q, which is neither the root nor an OU of the organization", id, ref.parent)
				continue
			}
			a.Parent = n.ID
		case id == org.ManagementAccount || o.nativeAccounts[id]:
			// A native account without "ou" is in the root.
			a.Parent = org.Root.ID
		}
	}
}

// findNode finds a root or OU by id, or (native) by name path "A/B".
func (b *builder) findNode(org *model.Organization, ref parentRef) *model.OrgNode {
	if n := org.Nodes[ref.parent]; n != nil {
		return n
	}
	if !ref.byName {
		return nil
	}
	cur := org.Root
	for _, name := range strings.Split(ref.parent, "/") {
		var next *model.OrgNode
		for _, c := range cur.Children {
			if c.Name == name {
				next = c
			}
		}
		if next == nil {
			return nil
		}
		cur = next
	}
	return cur
}

// attachPolicies resolves every attachment to a policy and a target.
func (b *builder) attachPolicies(org *model.Organization) {
	byName := map[string][]*model.OrgPolicy{}
	for _, p := range org.Policies {
		byName[p.Name] = append(byName[p.Name], p)
	}
	for _, at := range b.org.attach {
		p := org.Policies[at.ref]
		if p == nil {
			switch cands := byName[at.ref]; len(cands) {
			case 0:
				b.failAt(at.where, "no organization policy has the id or name %q (describe-policy output, or organization.policies)", at.ref)
				continue
			case 1:
				p = cands[0]
			default:
				b.failAt(at.where, "%d organization policies are named %q: use the id", len(cands), at.ref)
				continue
			}
		}
		if at.want != nil && *at.want != p.Type {
			b.failAt(at.where, "%s (%s) is %s, listed here among the %ss", p.ID, p.Name, p.Type.Article(), at.want.Short())
			continue
		}
		b.attachTo(org, at, p)
	}
}

func (b *builder) attachTo(org *model.Organization, at attachment, p *model.OrgPolicy) {
	var scps, rcps *[]string
	if n := org.Nodes[at.target]; n != nil {
		scps, rcps = &n.SCPs, &n.RCPs
	} else if a := b.m.Accounts[at.target]; a != nil && a.Parent != "" {
		scps, rcps = &a.SCPs, &a.RCPs
	} else {
		b.failAt(at.where, "%s is attached to %s, which is neither the root, an OU nor a member account of the organization", p.ID, at.target)
		return
	}
	list := scps
	if p.Type == model.RCPType {
		list = rcps
	}
	for _, id := range *list {
		if id == p.ID {
			return
		}
	}
	*list = append(*list, p.ID)
}

// policyTypes decides which policy types are enabled and checks that SCPs
// cover every node: AWS keeps at least one SCP attached to the root, each
// OU and each account while SCPs are enabled. RCPFullAWSAccess is attached
// everywhere by AWS and cannot be detached.
func (b *builder) policyTypes(org *model.Organization) {
	anySCP, anyRCP := false, false
	for _, at := range b.org.attach {
		if p := org.Policies[at.ref]; p != nil && p.Type == model.RCPType || at.want != nil && *at.want == model.RCPType {
			anyRCP = true
		} else {
			anySCP = true
		}
	}
	org.SCPEnabled, org.RCPEnabled = anySCP, anyRCP
	if b.org.scpEnabled != nil {
		org.SCPEnabled, org.RCPEnabled = *b.org.scpEnabled, *b.org.rcpEnabled
	}
	visit := func(id, label string, native bool, w model.Where, scps, rcps *[]string) {
		if org.SCPEnabled && len(*scps) == 0 && native && !b.org.explicitSCPs[id] {
			// Written natively without "scps": FullAWSAccess, which AWS
			// attaches to every new OU and account.
			*scps = []string{fullAWSAccessID}
		}
		if org.SCPEnabled && len(*scps) == 0 {
			b.failAt(w, "%s has no SCP attached, but AWS keeps at least one on every root, OU and account while SCPs are enabled: "+
				"attach FullAWSAccess (or add its list-targets-for-policy output)", label)
		}
		if org.RCPEnabled && !slices.Contains(*rcps, rcpFullAWSAccessID) {
			*rcps = append([]string{rcpFullAWSAccessID}, *rcps...)
		}
	}
	ids := make([]string, 0, len(org.Nodes))
	for id := range org.Nodes {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		n := org.Nodes[id]
		label := id
		if n.Name != "" {
			label += " (" + n.Name + ")"
		}
		visit(id, label, b.org.nativeNodes[id], n.Where, &n.SCPs, &n.RCPs)
	}
	for _, id := range b.m.AccountIDs() {
		if a := b.m.Accounts[id]; a.Parent != "" {
			visit(id, "account "+id, b.org.nativeAccounts[id], a.Where, &a.SCPs, &a.RCPs)
		}
	}
}

func (b *builder) resolveAccount(a *model.Account) {
	if a.Parent == "" && (len(a.SCPs) > 0 || len(a.RCPs) > 0) {
		b.failAt(a.Where, "account %s has SCPs or RCPs but is not in the organization", a.ID)
	}
	for _, u := range a.Users {
		for _, g := range u.Groups {
			if a.Groups[g] == nil {
				b.failAt(u.Where, "user %s is in group %q, which account %s does not have", u.ARN, g, a.ID)
			}
		}
		b.checkPrincipal(&u.Principal)
	}
	for _, g := range a.Groups {
		for _, arn := range g.Managed {
			b.checkManaged(g.Where, g.ARN, arn)
		}
	}
	for _, r := range a.Roles {
		b.checkPrincipal(&r.Principal)
	}
	for _, ip := range a.InstanceProfiles {
		if ip.Role != "" && a.Roles[model.RoleName(ip.Role)] == nil {
			b.failAt(ip.Where, "instance profile %s holds role %q, which account %s does not have", ip.ARN, ip.Role, a.ID)
		}
	}
}

func (b *builder) checkPrincipal(p *model.Principal) {
	for _, arn := range p.Managed {
		b.checkManaged(p.Where, p.ARN, arn)
	}
	if p.Boundary != "" {
		b.checkManaged(p.Where, p.ARN+" (permissions boundary)", p.Boundary)
	}
}

func (b *builder) resolveNetwork() {
	for _, id := range slices.Sorted(maps.Keys(b.m.Endpoints)) {
		e := b.m.Endpoints[id]
		v := b.m.VPCs[e.VPC]
		if v == nil {
			b.failAt(e.Where, "endpoint %s is in VPC %s, which is not in the model", e.ID, e.VPC)
			continue
		}
		v.Endpoints = append(v.Endpoints, e)
	}
	for _, id := range slices.Sorted(maps.Keys(b.m.Instances)) {
		in := b.m.Instances[id]
		v := b.m.VPCs[in.VPC]
		if v == nil {
			b.failAt(in.Where, "instance %s is in VPC %s, which is not in the model", in.ID, in.VPC)
			continue
		}
		if in.Region == "" {
			in.Region = v.Region
		}
		if in.InstanceProfile != "" && b.m.Profile(in.InstanceProfile) == nil {
			b.failAt(in.Where, "instance %s has instance profile %s, which is not in the model", in.ID, in.InstanceProfile)
		}
		if in.Subnet != "" && b.m.Subnets[in.Subnet] == nil && v.RoutesKnown {
			b.failAt(in.Where, "instance %s is in subnet %s, which ec2 describe-subnets does not list", in.ID, in.Subnet)
		}
	}
	for _, a := range b.igws {
		if v := b.m.VPCs[a[0]]; v != nil && v.InternetGateway == "" {
			v.InternetGateway = a[1]
		}
	}
}

// resolveRoutes decides which subnets reach which gateway endpoint: a
// subnet uses the route table explicitly associated with it, else its
// VPC's main route table, and reaches a gateway endpoint when that table
// routes to it (VPC User Guide, "Configure route tables"; "Gateway
// endpoints"). Only VPCs whose route tables were read are so restricted.
func (b *builder) resolveRoutes() {
	if len(b.routeTables) == 0 {
		return
	}
	tables := map[string]*routeTable{}
	mainOf := map[string]*routeTable{}
	explicit := map[string]*routeTable{}
	for _, rt := range b.routeTables {
		tables[rt.id] = rt
		if v := b.m.VPCs[rt.vpc]; v != nil {
			v.RoutesKnown = true
		}
		if rt.main {
			mainOf[rt.vpc] = rt
		}
		for _, s := range rt.subnets {
			explicit[s] = rt
		}
	}
	// A gateway endpoint lists its route tables too (RouteTableIds).
	for _, id := range slices.Sorted(maps.Keys(b.m.Endpoints)) {
		e := b.m.Endpoints[id]
		for _, t := range e.RouteTables {
			if rt := tables[t]; rt != nil && !slices.Contains(rt.gateways, e.ID) {
				rt.gateways = append(rt.gateways, e.ID)
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(b.m.Subnets)) {
		s := b.m.Subnets[id]
		rt := explicit[id]
		if rt == nil {
			rt = mainOf[s.VPC]
		}
		if rt == nil {
			continue
		}
		s.RouteTable = rt.id
		for _, g := range rt.gateways {
			s.Gateways[g] = true
		}
	}
}

// checkResources reports resources a collected file declared with no
// account (a policy file read before any file said whose it is).
func (b *builder) checkResources() {
	for _, id := range slices.Sorted(maps.Keys(b.m.Resources)) {
		if res := b.m.Resources[id]; res.Account == "" {
			b.failAt(res.Where, "%s %s has no owner account", res.Type, res.ARN)
		}
	}
}
