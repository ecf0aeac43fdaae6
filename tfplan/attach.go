package tfplan

import (
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/sekisho/sekisho/policy"
)

// references maps a configuration resource address (module path and
// type.name, without instance keys) to the references of each of its
// attribute expressions: what Terraform's configuration says a value
// comes from when the value itself is known only after apply.
type references map[string]map[string][]string

func configReferences(c *tfjson.Config) references {
	refs := references{}
	if c != nil {
		refs.module("", c.RootModule)
	}
	return refs
}

func (refs references) module(prefix string, m *tfjson.ConfigModule) {
	if m == nil {
		return
	}
	for _, r := range m.Resources {
		if r == nil {
			continue
		}
		attrs := map[string][]string{}
		for k, e := range r.Expressions {
			if e != nil && e.ExpressionData != nil {
				attrs[k] = e.References
			}
		}
		refs[prefix+r.Address] = attrs
	}
	for name, call := range m.ModuleCalls {
		if call != nil {
			refs.module(prefix+"module."+name+".", call.Module)
		}
	}
}

// configAddress drops the instance keys from a resource address:
// module.a["x"].aws_iam_policy.p[0] → module.a.aws_iam_policy.p.
func configAddress(addr string) string {
	var b strings.Builder
	depth := 0
	inString := false
	for i := 0; i < len(addr); i++ {
		ch := addr[i]
		switch {
		case inString:
			if ch == '\\' {
				i++
			} else if ch == '"' {
				inString = false
			}
		case ch == '"' && depth > 0:
			inString = true
		case ch == '[':
			depth++
		case ch == ']':
			depth--
		case depth == 0:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// modulePrefix is the module part of a configuration address, with its
// trailing dot: module.a.aws_x.y → module.a.
func modulePrefix(cfgAddr, typ string) string {
	if i := strings.LastIndex(cfgAddr, typ+"."); i >= 0 {
		return cfgAddr[:i]
	}
	return ""
}

func (c change) attachment(refs references) *Attachment {
	spec := attachments[c.rc.Type]
	a := &Attachment{Address: c.rc.Address, Type: c.rc.Type, Action: c.act, Kind: spec.kind, Unknown: c.unknowns(), Pos: c.n.Pos}
	m := c.after()
	if c.act == Delete {
		m = c.before()
	}
	if s, ok := m[spec.policy].(string); ok {
		a.Policy = s
	}
	for _, t := range spec.targets {
		switch v := m[t].(type) {
		case string:
			if v != "" {
				a.Targets = append(a.Targets, v)
			}
		case []any:
			for _, x := range v {
				if s, ok := x.(string); ok {
					a.Targets = append(a.Targets, s)
				}
			}
		}
		if c.act != Delete && c.unknown(t) {
			a.Targets = append(a.Targets, t+" "+unknownText)
		}
	}
	sort.Strings(a.Targets)
	return a
}

func (c change) other() *Other {
	o := &Other{Address: c.rc.Address, Type: c.rc.Type, Action: c.act, Values: map[string]string{}, Unknown: c.unknowns(), Pos: c.n.Pos}
	m := c.after()
	if c.act == Delete {
		m = c.before()
	}
	for _, k := range others[c.rc.Type] {
		switch v := m[k].(type) {
		case string:
			if v != "" {
				o.Values[k] = v
			}
		case []any:
			var parts []string
			for _, x := range v {
				if s, ok := x.(string); ok {
					parts = append(parts, s)
				}
			}
			sort.Strings(parts)
			o.Values[k] = strings.Join(parts, ", ")
		}
		if c.act != Delete && c.unknown(k) {
			o.Values[k] = unknownText
		}
	}
	return o
}

// resolve finds the policy each attachment attaches among the plan's
// policies: by the planned (or prior) ARN or ID when it is known, else by
// the configuration's reference (policy_arn = aws_iam_policy.x.arn).
func (p *Plan) resolve(refs references) {
	for _, a := range p.Attachments {
		spec := attachments[a.Type]
		d := p.byValue(a)
		if d == nil {
			d = p.byReference(a, spec, refs)
		}
		if d == nil {
			why := "the attached policy " + a.Policy + " is not in this plan: its document is not known here"
			if a.Policy == "" {
				why = "the attached policy is known only after apply and no configuration reference names it"
			}
			p.NotReviewable = append(p.NotReviewable, Gap{Address: a.Address, Why: why})
			continue
		}
		a.From, a.FromName = d.Address, d.Name()
		if a.Kind == policy.AnyKind {
			a.Kind = d.Kind
		}
		// Attaching adds the policy as planned; detaching removes it as it was.
		if a.Action != Create {
			a.Old = d.Before
		}
		if a.Action != Delete {
			a.New = d.After
			if d.Unknown {
				a.Unknown = append(a.Unknown, "the attached policy's document")
				p.NotReviewable = append(p.NotReviewable, Gap{Address: a.Address, Why: "the attached policy " + d.Address + " has a document known only after apply"})
			}
		}
	}
}

// byValue finds the policy whose ARN or ID is the attached one.
func (p *Plan) byValue(a *Attachment) *Document {
	if a.Policy == "" {
		return nil
	}
	for _, d := range p.known {
		if d.Type != attachments[a.Type].policyType {
			continue
		}
		for _, v := range d.ids {
			if v == a.Policy {
				return d.Document
			}
		}
	}
	return nil
}

// byReference follows the attachment's configuration to the policy it names.
func (p *Plan) byReference(a *Attachment, spec attachment, refs references) *Document {
	cfg := configAddress(a.Address)
	prefix := modulePrefix(cfg, a.Type)
	for _, r := range refs[cfg][spec.policy] {
		for _, d := range p.known {
			if d.Type != spec.policyType {
				continue
			}
			target := configAddress(d.Address)
			for _, attr := range spec.idAttrs {
				if prefix+r == target+"."+attr {
					return d.Document
				}
			}
		}
	}
	return nil
}

// policyDoc is a policy of the plan, changed or not, with its ARN and ID
// values: what attachments are resolved against.
type policyDoc struct {
	*Document
	ids []string
}

// index keeps every aws_iam_policy and aws_organizations_policy of the
// plan, changed or not, for resolve.
func (p *Plan) index(c change) {
	attr, kind, holder := "policy", policy.Identity, "managed"
	if c.rc.Type == "aws_organizations_policy" {
		a, ok := c.orgPolicy()
		if !ok {
			return
		}
		attr, kind, holder = a.attr, a.kind, ""
	}
	d := &Document{Address: c.rc.Address, Type: c.rc.Type, Attribute: attr, Kind: kind, Holder: holder, Action: c.act,
		Before: text(c.before(), attr), After: text(c.after(), attr), Unknown: c.act != Delete && c.unknown(attr)}
	var ids []string
	for _, m := range []map[string]any{c.before(), c.after()} {
		for _, k := range attachments[map[string]string{"aws_iam_policy": "aws_iam_role_policy_attachment", "aws_organizations_policy": "aws_organizations_policy_attachment"}[c.rc.Type]].idAttrs {
			if s, ok := m[k].(string); ok && s != "" {
				ids = append(ids, s)
			}
		}
	}
	p.known = append(p.known, policyDoc{Document: d, ids: ids})
}
