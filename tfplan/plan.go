package tfplan

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/policy"
)

// Plan is what a Terraform plan changes that Sekisho reviews.
type Plan struct {
	File             string
	FormatVersion    string
	TerraformVersion string
	Documents        []*Document    // policy documents created, changed or deleted
	Attachments      []*Attachment  // policies attached to or detached from targets
	Others           []*Other       // other IAM changes, listed
	NotReviewable    []Gap          // what cannot be reviewed before apply, and why
	Unchanged        int            // resource changes of the types above that change nothing (no-op)
	OtherTypes       map[string]int // resource changes of types Sekisho does not read, by type

	known []policyDoc // every IAM and organization policy, changed or not
}

// Action is what Terraform plans for a resource: create, update, delete,
// replace (delete and create, in either order), or no-op.
type Action string

// The actions Sekisho reviews.
const (
	Create   Action = "create"
	Update   Action = "update"
	Delete   Action = "delete"
	Replace  Action = "replace"
	NoOp     Action = "no-op"
	ReadData Action = "read"
	Forget   Action = "forget"
)

// Document is one policy document the plan changes: its text before and
// as planned.
type Document struct {
	Address   string      // the resource address: aws_iam_policy.admin
	Type      string      // the resource type
	Attribute string      // where the document is: policy, assume_role_policy, inline_policy["name"].policy
	Kind      policy.Kind // the policy's kind in AWS
	Holder    string      // how an identity policy is stored: managed, role, user or group
	Action    Action
	Before    *string  // the prior document; nil when there was none
	After     *string  // the planned document; nil when there is none, or Unknown
	Unknown   bool     // the planned document is known only after apply
	Pos       node.Pos // where the planned (else the prior) document is in the plan file
	Path      node.Path
	Note      string // what AWS does in place of an absent document
	Target    string // what the policy is on: the role, bucket, queue… as planned ("" when unknown)
	// Values are the resource's other string attributes as planned (as
	// before, for a delete), unknown ones left out: the names and ARNs
	// that say where the document goes (role, name, bucket, arn, id…).
	Values map[string]string
}

// Name is the document's address and attribute: aws_iam_policy.admin.policy.
func (d *Document) Name() string { return d.Address + "." + d.Attribute }

// Attachment is a policy attached to (or detached from) targets.
type Attachment struct {
	Address string
	Type    string
	Action  Action
	Kind    policy.Kind // Identity, SCP or RCP; AnyKind when the policy is not in the plan
	Policy  string      // the policy ARN or ID as planned (or prior, for a delete); "" when unknown
	Targets []string    // the roles, users, groups or organization targets
	// From is the address of the attached policy when the plan holds it
	// (found by value or by the configuration's references); Old and New
	// are then the documents attached before and as planned (nil: none).
	From     string
	FromName string // the attached document's address and attribute
	Old, New *string
	Unknown  []string // attributes known only after apply
	Pos      node.Pos
}

// Other is another IAM change, listed with its planned values.
type Other struct {
	Address string
	Type    string
	Action  Action
	Values  map[string]string // planned (or, for a delete, prior) values of the attributes that matter
	Unknown []string          // attributes known only after apply
	Pos     node.Pos
}

// Gap is something the review cannot cover, and why.
type Gap struct {
	Address string `json:"address"`
	Why     string `json:"why"`
}

// unknownText marks a value known only after apply.
const unknownText = "(known after apply)"

// Read reads the plan in src (the file named file).
func Read(file string, src []byte) (*Plan, error) {
	root, err := node.ParseJSONAs(src, readfile.Plan)
	if err != nil {
		return nil, withFile(err, file)
	}
	if err := validate(root); err != nil {
		return nil, withFile(err, file)
	}
	var tp tfjson.Plan
	if err := json.Unmarshal(src, &tp); err != nil {
		// validate checked what Sekisho reads; this is the rest of the format.
		return nil, &node.Error{File: file, Path: node.Root, Pos: root.Pos, Msg: "not a Terraform plan in JSON (terraform show -json): " + err.Error()}
	}
	p := &Plan{File: file, FormatVersion: tp.FormatVersion, TerraformVersion: tp.TerraformVersion, OtherTypes: map[string]int{}}
	changes := root.Get("resource_changes")
	refs := configReferences(tp.Config)
	for i, rc := range tp.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		p.add(rc, changes.Items[i], node.Path("$.resource_changes").Index(i), refs)
	}
	p.resolve(refs)
	if tp.Complete != nil && !*tp.Complete {
		p.NotReviewable = append(p.NotReviewable, Gap{Address: "(plan)", Why: "the plan is not complete (deferred changes or -target): what it leaves out is not reviewed"})
	}
	return p, nil
}

func withFile(err error, file string) error {
	if e, ok := err.(*node.Error); ok {
		if e.File == "" {
			e.File = file
		}
		return e
	}
	return fmt.Errorf("%s: %w", file, err)
}

// actionOf reads change.actions (Terraform docs, "JSON Output Format":
// ["delete","create"] and ["create","delete"] are a replace).
func actionOf(a tfjson.Actions) Action {
	switch {
	case a.Replace():
		return Replace
	case a.Create():
		return Create
	case a.Delete():
		return Delete
	case a.Update():
		return Update
	case a.Read():
		return ReadData
	case a.Forget():
		return Forget
	}
	return NoOp
}

// add sorts one resource change into the plan.
func (p *Plan) add(rc *tfjson.ResourceChange, n *node.Node, path node.Path, refs references) {
	act := actionOf(rc.Change.Actions)
	_, isDoc := documents[rc.Type]
	_, isAtt := attachments[rc.Type]
	_, isOther := others[rc.Type]
	isLambda := rc.Type == "aws_lambda_permission"
	if !isDoc && !isAtt && !isOther && !isLambda && rc.Type != "aws_organizations_policy" {
		if strings.HasPrefix(rc.Type, "aws_") && act != NoOp {
			p.OtherTypes[rc.Type]++
		}
		return
	}
	if rc.Type == "aws_iam_policy" || rc.Type == "aws_organizations_policy" {
		p.index(change{rc: rc, act: act, n: n.Get("change"), path: path.Key("change")})
	}
	if act == NoOp || act == ReadData || act == Forget {
		p.Unchanged++ // forget drops the resource from the state, not from AWS
		return
	}
	c := change{rc: rc, act: act, n: n.Get("change"), path: path.Key("change")}
	c.cfg, c.hasCfg = refs[configAddress(rc.Address)]
	switch {
	case isLambda:
		p.lambdaPermission(c)
	case isDoc || rc.Type == "aws_organizations_policy":
		p.addDocuments(c)
	case isAtt:
		p.Attachments = append(p.Attachments, c.attachment(refs))
	default:
		p.Others = append(p.Others, c.other())
	}
}

// change is one resource change with its syntax tree.
type change struct {
	rc   *tfjson.ResourceChange
	act  Action
	n    *node.Node // the "change" object
	path node.Path  // its JSON path
	// cfg is the configuration's expressions of the resource, by
	// attribute, when the plan has the configuration.
	cfg    map[string][]string
	hasCfg bool
}

func (c change) before() map[string]any { m, _ := c.rc.Change.Before.(map[string]any); return m }
func (c change) after() map[string]any  { m, _ := c.rc.Change.After.(map[string]any); return m }

// unknown reports whether the planned attribute is known only after apply:
// after_unknown holds true at its place (Terraform docs, "JSON Output
// Format"), or the whole object is unknown.
func (c change) unknown(attr string) bool {
	switch u := c.rc.Change.AfterUnknown.(type) {
	case bool:
		return u
	case map[string]any:
		return isTrue(u[attr])
	}
	return false
}

// isTrue reports whether an after_unknown value marks anything unknown.
func isTrue(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case map[string]any:
		for _, x := range v {
			if isTrue(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if isTrue(x) {
				return true
			}
		}
	}
	return false
}

// unknowns lists the planned attributes known only after apply.
func (c change) unknowns() []string {
	var out []string
	if u, ok := c.rc.Change.AfterUnknown.(map[string]any); ok {
		for k, v := range u {
			if isTrue(v) {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// text reads a string attribute of m; absent, null and "" are none.
func text(m map[string]any, attr string) *string {
	s, ok := m[attr].(string)
	if !ok || s == "" {
		return nil
	}
	return &s
}

// pos is where the planned (else the prior) value of attr is.
func (c change) pos(attr string) (node.Pos, node.Path) {
	for _, side := range []string{"after", "before"} {
		if v := c.n.Get(side); v != nil && v.Kind == node.Object {
			if a := v.Get(attr); a != nil && a.Kind != node.Null {
				return a.Pos, c.path.Key(side).Key(attr)
			}
		}
	}
	return c.n.Pos, c.path
}

func (p *Plan) addDocuments(c change) {
	attrs := documents[c.rc.Type]
	if c.rc.Type == "aws_organizations_policy" {
		a, ok := c.orgPolicy()
		switch {
		case !ok && a.attr == "":
			p.NotReviewable = append(p.NotReviewable, Gap{Address: c.rc.Address, Why: a.note})
			return
		case !ok:
			p.OtherTypes[c.rc.Type+" ("+a.attr+")"]++ // a tag, backup or AI opt-out policy
			return
		}
		attrs = []docAttr{a}
	}
	for _, a := range attrs {
		p.addDocument(c, a)
	}
	if c.rc.Type == "aws_iam_role" {
		p.inlinePolicies(c)
	}
}

// orgPolicy is the document attribute of an aws_organizations_policy, by
// its type.
func (c change) orgPolicy() (docAttr, bool) {
	t, _ := c.after()["type"].(string)
	if c.act == Delete {
		t, _ = c.before()["type"].(string)
	}
	if c.act != Delete && c.unknown("type") {
		return docAttr{note: "the policy type is known only after apply"}, false
	}
	k, ok := kindOfOrgPolicy(t)
	if !ok {
		return docAttr{attr: t}, false // not an IAM policy document
	}
	return docAttr{attr: "content", kind: k}, true
}

func (p *Plan) addDocument(c change, a docAttr) {
	d := &Document{Address: c.rc.Address, Type: c.rc.Type, Attribute: a.attr, Kind: a.kind, Holder: a.holder, Action: c.act}
	if c.act != Create {
		d.Before = text(c.before(), a.attr)
	}
	if c.act != Delete {
		d.After = text(c.after(), a.attr)
		d.Unknown = c.unknown(a.attr)
	}
	d.Pos, d.Path = c.pos(a.attr)
	d.Target = c.target()
	d.Values = c.values()
	if d.Before == nil && d.After == nil && !d.Unknown {
		if a.note == "" || c.act == Delete {
			return // no document on either side: nothing to review
		}
		d.Note = a.note
	} else if d.After == nil && !d.Unknown && c.act != Delete {
		d.Note = a.note
	}
	if d.Before != nil && d.After != nil && *d.Before == *d.After && c.act == Update {
		return // the document is not what changes
	}
	if d.Unknown {
		p.NotReviewable = append(p.NotReviewable, Gap{Address: d.Name(), Why: "the planned document is known only after apply (it depends on a value Terraform computes then): apply the values first, or review the policy where it is written"})
	}
	p.Documents = append(p.Documents, d)
}

// target names what a resource's policy is on, from the attribute the
// provider names it by.
func (c change) target() string {
	m := c.after()
	if c.act == Delete {
		m = c.before()
	}
	for _, k := range []string{"role", "user", "group", "bucket", "queue_url", "arn", "key_id", "secret_arn", "repository", "vpc_endpoint_id", "name"} {
		if s, ok := m[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// values are the string attributes of the planned (for a delete, the
// prior) resource but those known only after apply.
func (c change) values() map[string]string {
	m := c.after()
	if c.act == Delete {
		m = c.before()
	}
	out := map[string]string{}
	for k, v := range m {
		if s, ok := v.(string); ok && s != "" && (c.act == Delete || !c.unknown(k)) {
			out[k] = s
		}
	}
	return out
}

// inlinePolicies reads aws_iam_role's inline_policy blocks, each by name.
func (p *Plan) inlinePolicies(c change) {
	before := blocks(c.before())
	after := blocks(c.after())
	if c.act == Create {
		before = nil
	}
	if c.act == Delete {
		after = nil
	}
	// inline_policy is computed when the configuration has no such
	// block: a role created without one starts with no inline policies
	// (aws_iam_role_policy resources are read on their own).
	_, configured := c.cfg["inline_policy"]
	if c.act == Create && c.hasCfg && !configured {
		return
	}
	if c.act != Delete && c.unknown("inline_policy") {
		p.NotReviewable = append(p.NotReviewable, Gap{Address: c.rc.Address + ".inline_policy", Why: "the planned inline policies are known only after apply"})
		return
	}
	names := map[string]bool{}
	for n := range before {
		names[n] = true
	}
	for n := range after {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, name := range sorted {
		b, a := before[name], after[name]
		if b != nil && a != nil && *b == *a {
			continue
		}
		act := Update
		switch {
		case b == nil:
			act = Create
		case a == nil:
			act = Delete
		}
		pos, path := c.pos("inline_policy")
		p.Documents = append(p.Documents, &Document{Address: c.rc.Address, Type: c.rc.Type,
			Attribute: "inline_policy[" + strconv.Quote(name) + "].policy", Kind: policy.Identity, Holder: "role",
			Action: act, Before: b, After: a, Pos: pos, Path: path, Target: c.target(), Values: c.values()})
	}
}

// blocks maps inline_policy block names to their documents.
func blocks(m map[string]any) map[string]*string {
	out := map[string]*string{}
	list, _ := m["inline_policy"].([]any)
	for _, b := range list {
		o, _ := b.(map[string]any)
		name, _ := o["name"].(string)
		if doc := text(o, "policy"); doc != nil {
			out[name] = doc
		}
	}
	return out
}
