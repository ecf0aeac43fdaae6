package tfplan

import (
	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/sekisho/sekisho/internal/node"
)

// validate checks the parts of the plan Sekisho reads, with their
// positions, before terraform-json decodes it (Terraform docs, "JSON
// Output Format"): a plan object with a supported format_version, and
// resource_changes whose entries have an address, a type, and a change
// with actions and before/after objects (or null). The policy attributes
// must be strings or null.
func validate(root *node.Node) error {
	if root.Kind != node.Object {
		return node.Errorf(root, node.Root, "expected a Terraform plan in JSON (terraform show -json PLANFILE), found %s", node.Describe(root))
	}
	if err := exactNames(root, node.Root, planNames); err != nil {
		return err
	}
	if err := formatVersion(root); err != nil {
		return err
	}
	rcs := root.Get("resource_changes")
	path := node.Root.Key("resource_changes")
	if rcs == nil || rcs.Kind == node.Null {
		return nil
	}
	if rcs.Kind != node.Array {
		return node.Errorf(rcs, path, "expected a list of resource changes, found %s", node.Describe(rcs))
	}
	for i, rc := range rcs.Items {
		if err := resourceChange(rc, path.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

func formatVersion(root *node.Node) error {
	fv := root.Get("format_version")
	path := node.Root.Key("format_version")
	if fv == nil {
		return node.Errorf(root, node.Root, "no format_version: expected a Terraform plan in JSON (terraform show -json PLANFILE)")
	}
	if fv.Kind != node.String {
		return node.Errorf(fv, path, "expected a version string such as \"1.2\", found %s", node.Describe(fv))
	}
	v, err := version.NewVersion(fv.Text)
	if err != nil {
		return node.Errorf(fv, path, "expected a version such as \"1.2\", found %q", fv.Text)
	}
	c := version.MustConstraints(version.NewConstraint(tfjson.PlanFormatVersionConstraints))
	if !c.Check(v) {
		return node.Errorf(fv, path, "plan format %s is not supported: expected a version %s", fv.Text, tfjson.PlanFormatVersionConstraints)
	}
	return nil
}

var knownActions = map[string]bool{"no-op": true, "create": true, "read": true, "update": true, "delete": true, "forget": true}

func resourceChange(rc *node.Node, path node.Path) error {
	if rc.Kind != node.Object {
		return node.Errorf(rc, path, "expected a resource change object, found %s", node.Describe(rc))
	}
	if err := exactNames(rc, path, changeNames); err != nil {
		return err
	}
	for _, k := range []string{"address", "type"} {
		v := rc.Get(k)
		if v == nil || v.Kind != node.String || v.Text == "" {
			return errAt(rc, v, path.Key(k), "expected the resource's "+k+" as a string")
		}
	}
	ch := rc.Get("change")
	cpath := path.Key("change")
	if ch == nil || ch.Kind != node.Object {
		return errAt(rc, ch, cpath, "expected the change object (actions, before, after)")
	}
	if err := exactNames(ch, cpath, diffNames); err != nil {
		return err
	}
	acts := ch.Get("actions")
	if acts == nil || acts.Kind != node.Array || len(acts.Items) == 0 {
		return errAt(ch, acts, cpath.Key("actions"), "expected a list of actions such as [\"create\"]")
	}
	for i, a := range acts.Items {
		if a.Kind != node.String || !knownActions[a.Text] {
			return node.Errorf(a, cpath.Key("actions").Index(i), "expected one of no-op, create, read, update, delete, forget; found %s", node.Describe(a))
		}
	}
	typ := rc.Get("type").Text
	for _, side := range []string{"before", "after"} {
		v := ch.Get(side)
		if v == nil || v.Kind == node.Null {
			continue
		}
		if v.Kind != node.Object {
			return node.Errorf(v, cpath.Key(side), "expected the resource's attributes as an object (or null), found %s", node.Describe(v))
		}
		if err := policyAttrs(typ, v, cpath.Key(side)); err != nil {
			return err
		}
	}
	return nil
}

// policyAttrs checks that the attributes holding policy documents are
// strings: a document in any other shape would be skipped in silence.
func policyAttrs(typ string, obj *node.Node, path node.Path) error {
	attrs := []string{}
	for _, a := range documents[typ] {
		attrs = append(attrs, a.attr)
	}
	if typ == "aws_organizations_policy" {
		attrs = append(attrs, "content", "type")
	}
	for _, a := range attrs {
		if v := obj.Get(a); v != nil && v.Kind != node.String && v.Kind != node.Null {
			return node.Errorf(v, path.Key(a), "expected the policy document as a JSON string, found %s", node.Describe(v))
		}
	}
	if typ == "aws_iam_role" {
		if ip := obj.Get("inline_policy"); ip != nil && ip.Kind != node.Null {
			if ip.Kind != node.Array {
				return node.Errorf(ip, path.Key("inline_policy"), "expected a list of inline_policy blocks, found %s", node.Describe(ip))
			}
			for i, b := range ip.Items {
				if b.Kind != node.Object {
					return node.Errorf(b, path.Key("inline_policy").Index(i), "expected an inline_policy block {name, policy}, found %s", node.Describe(b))
				}
				for _, k := range []string{"name", "policy"} {
					if v := b.Get(k); v != nil && v.Kind != node.String && v.Kind != node.Null {
						return node.Errorf(v, path.Key("inline_policy").Index(i).Key(k), "expected a string, found %s", node.Describe(v))
					}
				}
			}
		}
	}
	return nil
}

// errAt reports a missing (v nil) or wrong value: at the value when there
// is one, else at its parent.
func errAt(parent, v *node.Node, path node.Path, what string) error {
	if v == nil {
		return node.Errorf(parent, path, "missing: %s", what)
	}
	return node.Errorf(v, path, "%s, found %s", what, node.Describe(v))
}
