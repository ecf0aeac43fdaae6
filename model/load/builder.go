package load

import (
	"errors"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// builder accumulates files, then resolves references.
type builder struct {
	m    *model.Model
	opt  Options
	errs Errors
	org  orgDraft

	pendingBuckets []pendingBucket    // bucket policies whose owner comes from another file
	pending        []func()           // links that need every file read first (resolve runs them)
	gapSeen        map[model.Gap]bool // the manifests' gaps recorded so far
	routeTables    []*routeTable
	igws           [][2]string                  // VPC id, internet gateway id
	streams        map[string]string            // DynamoDB table ARN → its latest stream ARN (describe-table)
	documents      []model.Where                // bare policy documents of the model directory
	referenced     map[string]bool              // absolute paths of the policy files model files name
	awsManagedDocs map[string]*node.Node        // AWS managed policy ARN → the document read for it (sameAWSManaged)
	ic             icState                      // the iam-collect directory being read (iamcollect.go)
	tagMaps        map[string]map[string]string // principals' tags by their list (sharedTags)
	tagKey         []byte                       // sharedTags's buffer
}

type pendingBucket struct {
	name  string
	doc   *node.Node
	r     *reader
	where model.Where
}

func newBuilder(opt Options) *builder {
	return &builder{m: model.New(), opt: opt, org: newOrgDraft(), streams: map[string]string{}, referenced: map[string]bool{}, gapSeen: map[model.Gap]bool{},
		awsManagedDocs: map[string]*node.Node{}, ic: icState{orgs: map[string]*icDir{}}, tagMaps: map[string]map[string]string{}}
}

func (b *builder) fail(err error) {
	var ne *node.Error
	var es Errors
	switch {
	case errors.As(err, &es):
		b.errs = append(b.errs, es...)
	case errors.As(err, &ne):
		b.errs = append(b.errs, ne)
	default:
		b.errs = append(b.errs, &node.Error{Msg: err.Error()})
	}
}

func (b *builder) failAt(w model.Where, format string, args ...any) {
	b.errs = append(b.errs, w.Errorf(format, args...))
}

func (b *builder) finish() (*model.Model, error) {
	b.icFinish()
	if len(b.errs) == 0 {
		b.resolve()
	}
	if len(b.errs) > 0 {
		sort.SliceStable(b.errs, func(i, j int) bool {
			a, c := b.errs[i], b.errs[j]
			if a.File != c.File {
				return a.File < c.File
			}
			if a.Pos.Line != c.Pos.Line {
				return a.Pos.Line < c.Pos.Line
			}
			return a.Pos.Col < c.Pos.Col
		})
		return nil, b.errs
	}
	return b.m, nil
}

// duplicate reports a second definition of the same thing.
func (b *builder) duplicate(w, first model.Where, what string) {
	b.failAt(w, "%s is defined twice: first at %s", what, first)
}

func (b *builder) addManaged(mp *model.ManagedPolicy) error {
	if prev := b.m.Managed[mp.ARN]; prev != nil {
		b.duplicate(mp.Where, prev.Where, "managed policy "+mp.ARN)
		return nil
	}
	b.m.Managed[mp.ARN] = mp
	return nil
}

func (b *builder) addUser(a *model.Account, u *model.User) error {
	u.Path = normPath(u.Path)
	u.ARN = "arn:aws:iam::" + a.ID + ":user" + u.Path + u.Name
	nameInline(u.ARN, u.Inline)
	if prev := a.Users[u.Name]; prev != nil {
		b.duplicate(u.Where, prev.Where, "user "+u.ARN)
		return nil
	}
	a.Users[u.Name] = u
	return nil
}

func (b *builder) addGroup(a *model.Account, g *model.Group) error {
	g.Path = normPath(g.Path)
	g.ARN = "arn:aws:iam::" + a.ID + ":group" + g.Path + g.Name
	nameInline(g.ARN, g.Inline)
	if prev := a.Groups[g.Name]; prev != nil {
		b.duplicate(g.Where, prev.Where, "group "+g.ARN)
		return nil
	}
	a.Groups[g.Name] = g
	return nil
}

func (b *builder) addRole(a *model.Account, ro *model.Role) error {
	ro.Path = normPath(ro.Path)
	return b.addRoleARN(a, ro, roleARN(a.ID, ro.Path, ro.Name))
}

// roleARN is the ARN of a role of account, of path (normalized) and name.
func roleARN(account, path, name string) string {
	return "arn:aws:iam::" + account + ":role" + path + name
}

// addRoleARN is addRole for a role whose path is normalized and whose
// ARN the caller has made already (roleARN), as the authorization
// details reader does to name the trust policy: one string per role
// fewer, on the goroutine that builds the model.
func (b *builder) addRoleARN(a *model.Account, ro *model.Role, arnStr string) error {
	ro.ARN = arnStr
	if ro.MaxSessionDuration == 0 {
		ro.MaxSessionDuration = 3600
	}
	if model.IsServiceLinkedPath(ro.Path) {
		ro.ServiceLinked = true
	}
	nameInline(ro.ARN, ro.Inline)
	if prev := a.Roles[ro.Name]; prev != nil {
		b.duplicate(ro.Where, prev.Where, "role "+ro.ARN)
		return nil
	}
	a.Roles[ro.Name] = ro
	return nil
}

func (b *builder) addProfile(a *model.Account, ip *model.InstanceProfile) error {
	ip.Path = normPath(ip.Path)
	ip.ARN = "arn:aws:iam::" + a.ID + ":instance-profile" + ip.Path + ip.Name
	if prev := a.InstanceProfiles[ip.Name]; prev != nil {
		if prev.Role == ip.Role || ip.Role == "" {
			return nil // the same profile seen from two roles' lists
		}
		if prev.Role == "" {
			prev.Role = ip.Role
			return nil
		}
		b.failAt(ip.Where, "instance profile %s holds role %s here and role %s at %s: an instance profile holds at most one role",
			ip.ARN, ip.Role, prev.Role, prev.Where)
		return nil
	}
	a.InstanceProfiles[ip.Name] = ip
	return nil
}

func (b *builder) addResource(res *model.Resource) error {
	if prev := b.m.Resources[res.ARN]; prev != nil {
		if prev.Policy == nil && prev.Account == res.Account && (prev.Region == "" || prev.Region == res.Region) {
			// A resource declared without a policy, its policy from another file.
			prev.Policy, prev.Where = res.Policy, res.Where
			if prev.Tags == nil {
				prev.Tags = res.Tags
			}
			return nil
		}
		if res.Policy == nil && prev.Account == res.Account {
			if prev.Region == "" {
				prev.Region = res.Region
			}
			if prev.Tags == nil {
				prev.Tags = res.Tags
			}
			return nil
		}
		b.duplicate(res.Where, prev.Where, res.Type.String()+" "+res.ARN)
		return nil
	}
	b.m.Resources[res.ARN] = res
	return nil
}

func (b *builder) addVPC(v *model.VPC) error {
	if prev := b.m.VPCs[v.ID]; prev != nil {
		if prev.Account != v.Account || prev.Region != v.Region {
			b.duplicate(v.Where, prev.Where, "VPC "+v.ID)
			return nil
		}
		if prev.InternetGateway == "" {
			prev.InternetGateway = v.InternetGateway
		}
		return nil
	}
	b.m.VPCs[v.ID] = v
	return nil
}

func (b *builder) addEndpoint(e *model.Endpoint) error {
	if prev := b.m.Endpoints[e.ID]; prev != nil {
		b.duplicate(e.Where, prev.Where, "VPC endpoint "+e.ID)
		return nil
	}
	b.m.Endpoints[e.ID] = e
	return nil
}

func (b *builder) addInstance(in *model.Instance) error {
	if prev := b.m.Instances[in.ID]; prev != nil {
		b.duplicate(in.Where, prev.Where, "instance "+in.ID)
		return nil
	}
	b.m.Instances[in.ID] = in
	return nil
}

// normPath makes an IAM path start and end with "/".
func normPath(p string) string {
	if p == "" {
		return "/"
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// slug lower-cases s and keeps letters, digits and dashes.
func slug(s string) string {
	var sb strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-':
			sb.WriteRune(r)
		default:
			sb.WriteByte('-')
		}
	}
	return sb.String()
}

// typeOfARN is the model's type of a native resource given by ARN: every
// type the model knows (an event bus, a REST API, an access point, ...),
// so that its policy is named and covers what that type's does. An S3 ARN
// under a bucket (an object, a prefix) is no bucket.
func typeOfARN(a arn.ARN) model.ResourceType {
	if a.Service == "s3" && a.AccountID == "" && strings.Contains(a.Resource, "/") {
		return model.OtherResource
	}
	return model.TypeOfARN(a)
}
