package load

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// The storage layout of iam-collect (github.com/cloud-copilot/iam-collect,
// local file storage, docs/iam-collect.md): one directory per resource,
// named after its ARN, holding one JSON file per kind of data:
//
//	aws/PARTITION/accounts/ACCOUNT-ID/SERVICE/[REGION/][aws/][TYPE/]ID/NAME.json
//	aws/PARTITION/accounts/ACCOUNT-ID/NAME.json            (account data)
//	aws/PARTITION/organizations/ORG-ID/[ous|scps|rcps/ID/]NAME.json
//	aws/PARTITION/indexes/NAME.json                        (lookups derived from the rest)
//
// iam-collect lower-cases every path and writes no file for empty data, so
// a resource's identity comes from the "arn" of its metadata.json, never
// from its directory's name, and an absent file is empty data. The files
// of one resource directory are grouped as they are read (a directory's
// files are consecutive in the walk's order) and the resource is built
// when the next directory starts; the organization is built once every
// file is read.

// iamCollectKind is the format table's kind of every file of an
// iam-collect directory: the file's path says what it holds.
const iamCollectKind = "iam-collect file"

// icPath is where a file sits in an iam-collect directory.
type icPath struct {
	partition string
	account   string   // accounts/ACCOUNT-ID/...
	org       string   // organizations/ORG-ID/... (the lower-cased id)
	index     bool     // indexes/...
	rel       []string // the parts under the account or organization directory, the file's name last
}

// dir is the resource directory of a file under accounts/, as a key.
func (p *icPath) dir() string {
	return p.partition + "/" + p.account + "/" + strings.Join(p.rel[:len(p.rel)-1], "/")
}

// name is the file's name without .json.
func (p *icPath) name() string { return strings.TrimSuffix(p.rel[len(p.rel)-1], ".json") }

// iamCollectPath recognizes a file of an iam-collect directory from its
// path: the first aws/PARTITION/{accounts,organizations,indexes}/ in it is
// the root. A directory Sekisho collected that happens to lie under such a
// path is told apart by its own shape (accounts/ID/REGION|global/FILE,
// organizations/FILE). A relative path that starts inside the tree
// (accounts/..., aws/accounts/..., when --model is given from within it)
// is read from its absolute path; no other path costs a look at the
// working directory.
func iamCollectPath(file string) (*icPath, bool) {
	parts := strings.Split(filepath.ToSlash(filepath.Clean(file)), "/")
	if p, found := icMatch(parts); found {
		return p, p != nil
	}
	if filepath.IsAbs(file) || !icInside(parts) {
		return nil, false
	}
	p, _ := icMatch(strings.Split(filepath.ToSlash(absPath(file)), "/"))
	return p, p != nil
}

// icTops are the directories under aws/PARTITION/.
var icTops = map[string]bool{"accounts": true, "organizations": true, "indexes": true}

// icInside: a relative path that may start below aws/ or aws/PARTITION/.
func icInside(parts []string) bool {
	return len(parts) > 1 && (icTops[parts[0]] || isPartition(parts[0]) && icTops[parts[1]])
}

// icMatch finds aws/PARTITION/TOP/ in a path's parts: found says a root
// was seen, p is nil when what follows is Sekisho's own layout.
func icMatch(parts []string) (p *icPath, found bool) {
	for i := 0; i+3 < len(parts); i++ {
		if parts[i] != "aws" || !isPartition(parts[i+1]) || !icTops[parts[i+2]] {
			continue
		}
		p := &icPath{partition: parts[i+1]}
		rest := parts[i+3:]
		switch parts[i+2] {
		case "indexes":
			p.index, p.rel = true, rest
		case "accounts":
			if len(rest) < 2 || len(rest) == 3 && (rest[1] == "global" || isRegion(rest[1])) {
				return nil, true // Sekisho's collected layout
			}
			p.account, p.rel = rest[0], rest[1:]
		case "organizations":
			if len(rest) < 2 {
				return nil, true
			}
			p.org, p.rel = rest[0], rest[1:]
		}
		return p, true
	}
	return nil, false
}

// isPartition: aws, aws-cn, aws-us-gov, aws-iso, ...
func isPartition(s string) bool { return s == "aws" || strings.HasPrefix(s, "aws-") && len(s) > 4 }

// icState is what the builder holds of an iam-collect directory while its
// files are read.
type icState struct {
	cur  *icDir            // the resource directory being read
	orgs map[string]*icDir // organization directories by id
}

// icDir is one directory's files: a resource's, or an organization's
// (whose files are keyed by their path under it: "scps/p-x/policy").
type icDir struct {
	path  *icPath // of the first file
	key   string
	files map[string]icFile
}

type icFile struct {
	r *reader
	n *node.Node
}

func (d *icDir) get(name string) (icFile, bool) {
	f, ok := d.files[name]
	return f, ok
}

// iamCollect reads one file of an iam-collect directory: it is kept with
// the other files of its directory until the directory is complete.
func (b *builder) iamCollect(r *reader, n *node.Node) error {
	p := r.place.ic
	if p.partition != "aws" {
		return r.errf(n, node.Root, "iam-collect partition %s: Sekisho's model is of the aws partition (its ARNs are arn:aws:...); "+
			"load the aws/aws/ directory only", p.partition)
	}
	switch {
	case p.index:
		return nil // iam-collect's lookups, derived from the other files
	case p.org != "":
		d := b.ic.orgs[p.org]
		if d == nil {
			d = &icDir{path: p, key: p.org, files: map[string]icFile{}}
			b.ic.orgs[p.org] = d
		}
		d.files[strings.TrimSuffix(strings.Join(p.rel, "/"), ".json")] = icFile{r, n}
		return nil
	}
	if !arn.IsAccountID(p.account) {
		return r.errf(n, node.Root, "aws/%s/accounts/%s/: expected a 12-digit account id as the directory name (iam-collect layout)", p.partition, p.account)
	}
	if len(p.rel) == 1 {
		return b.icAccountFile(r, n)
	}
	if b.ic.cur != nil && b.ic.cur.key != p.dir() {
		b.icFlush()
	}
	if b.ic.cur == nil {
		b.ic.cur = &icDir{path: p, key: p.dir(), files: map[string]icFile{}}
	}
	b.ic.cur.files[p.name()] = icFile{r, n}
	return nil
}

// icFlush builds the resource of the directory being read.
func (b *builder) icFlush() {
	d := b.ic.cur
	if d == nil {
		return
	}
	b.ic.cur = nil
	if err := b.icResource(d); err != nil {
		b.fail(err)
	}
}

// icFinish builds what is left once every file is read: the last resource
// directory and the organizations.
func (b *builder) icFinish() {
	b.icFlush()
	for _, id := range sortedKeys(b.ic.orgs) {
		if err := b.icOrganization(b.ic.orgs[id]); err != nil {
			b.fail(err)
		}
	}
	b.ic.orgs = map[string]*icDir{}
}

// An icKind is a kind of resource directory Sekisho reads: the ARNs it
// holds (service, and the resource part's prefix), the files it may hold
// (any other is an error: it could hold what changes an answer) and its
// reader. Adding a kind is one row here and one reader.
type icKind struct {
	service, prefix string
	files           []string
	read            func(b *builder, d *icDir, res icRes) error
}

// icRes is a resource directory's metadata: its ARN, checked against the
// directory's place.
type icRes struct {
	arn  arn.ARN
	meta icFile
}

var icKinds = []icKind{
	// IAM (iamcollect_iam.go); iam-collect writes them from get-account-authorization-details.
	{"iam", "role/", []string{"metadata", "trust-policy", "inline-policies", "managed-policies", "instance-profiles", "tags"}, (*builder).icRole},
	{"iam", "user/", []string{"metadata", "inline-policies", "managed-policies", "groups", "tags"}, (*builder).icUser},
	{"iam", "group/", []string{"metadata", "inline-policies", "managed-policies"}, (*builder).icGroup},
	{"iam", "policy/", []string{"metadata", "current-policy", "tags"}, (*builder).icManagedPolicy},
	{"iam", "instance-profile/", []string{"metadata", "tags"}, (*builder).icInstanceProfile},
	{"iam", "oidc-provider/", []string{"metadata", "tags"}, (*builder).icProvider},
	{"iam", "saml-provider/", []string{"metadata", "tags"}, (*builder).icProvider},

	// Resources with a resource policy (iamcollect_resources.go). Access
	// points come before buckets, whose row takes every other S3 ARN
	// without account and Region.
	{"s3", "accesspoint/", []string{"metadata", "policy", "bpa", "tags"}, (*builder).icAccessPoint},
	{"s3", "", []string{"metadata", "policy", "bpa", "tags", "encryption"}, (*builder).icBucket},
	{"kms", "key/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"sqs", "", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"sns", "", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"lambda", "function:", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"lambda", "layer:", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"secretsmanager", "secret:", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"ecr", "repository/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"dynamodb", "table/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"events", "event-bus/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"elasticfilesystem", "file-system/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"es", "domain/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"backup", "backup-vault:", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"glacier", "vaults/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"kinesis", "stream/", []string{"metadata", "policy", "tags"}, (*builder).icPolicyResource},
	{"glue", "catalog", []string{"metadata", "policy"}, (*builder).icPolicyResource},
	{"apigateway", "/restapis/", []string{"metadata", "policy", "tags"}, (*builder).icRestAPI},
	{"ec2", "vpc-endpoint/", []string{"metadata", "endpoint-policy", "tags"}, (*builder).icEndpoint},
}

// icKindOf finds the kind of an ARN; an S3 ARN with an account is not a
// bucket (access points and the like are not read).
func icKindOf(a arn.ARN) *icKind {
	for i := range icKinds {
		k := &icKinds[i]
		if k.service != a.Service || !strings.HasPrefix(a.Resource, k.prefix) {
			continue
		}
		// A general purpose bucket's ARN has neither account nor Region, an
		// access point's both (a multi-Region access point's no Region).
		if k.service == "s3" && k.prefix == "" && (a.AccountID != "" || a.Region != "") ||
			k.prefix == "accesspoint/" && (a.AccountID == "" || a.Region == "") {
			continue
		}
		if k.service == "glue" && a.Resource != "catalog" || k.service == "apigateway" && strings.Count(a.Resource, "/") != 2 {
			continue
		}
		return k
	}
	return nil
}

// icResource builds one resource directory: its metadata names the
// resource, its kind says which files it may hold and how to read them.
func (b *builder) icResource(d *icDir) error {
	p := d.path
	if p.rel[0] == "ram" {
		b.icNotRead(p.account, icRegionOf(p), model.OtherResource, "ram", "", "iam-collect ram/", "RAM resource shares are not modelled")
		return nil
	}
	meta, ok := d.get("metadata")
	if !ok {
		f := d.files[sortedKeys(d.files)[0]]
		if !slices.ContainsFunc(icKinds, func(k icKind) bool { return k.service == p.rel[0] }) {
			b.icNotRead(p.account, icRegionOf(p), model.OtherResource, p.rel[0], "", "iam-collect "+p.rel[0]+"/", "Sekisho does not read this service's iam-collect data")
			return nil
		}
		return f.r.errf(f.n, node.Root, "this iam-collect resource directory has no metadata.json: cannot tell which resource it holds (its \"arn\")")
	}
	a, err := b.icARN(d, meta)
	if err != nil {
		return err
	}
	k := icKindOf(a)
	if k == nil {
		prefix := icTypePrefix(a)
		b.icNotRead(p.account, a.Region, model.TypeOfARN(a), a.Service, prefix, "iam-collect "+a.Service+"/"+strings.TrimRight(prefix, "/:"),
			"Sekisho does not read this kind of iam-collect data")
		return nil
	}
	for _, name := range sortedKeys(d.files) {
		if !slices.Contains(k.files, name) {
			f := d.files[name]
			return f.r.errf(f.n, node.Root, "%s.json in the iam-collect directory of %s: Sekisho reads only %s.json here (a file it does not read could change an answer)",
				name, a, strings.Join(k.files, ".json, "))
		}
	}
	return k.read(b, d, icRes{arn: a, meta: meta})
}

// icARN reads metadata.json's "arn" and checks it against the directory:
// the partition, the account (none for a bucket, "aws" for an AWS managed
// policy), the service and the Region are those of the path.
func (b *builder) icARN(d *icDir, meta icFile) (arn.ARN, error) {
	r, n, p := meta.r, meta.n, d.path
	if n.Kind != node.Object {
		return arn.ARN{}, r.errf(n, node.Root, "expected iam-collect metadata (an object with \"arn\"), got %s", node.Describe(n))
	}
	s, err := r.reqStr(n, node.Root, "arn")
	if err != nil {
		return arn.ARN{}, err
	}
	a, err := arn.Parse(s)
	if err != nil {
		return a, r.errf(n.Get("arn"), node.Root.Key("arn"), "%v", err)
	}
	rel := p.rel[:len(p.rel)-1]
	account := a.AccountID
	if account == "" || account == "aws" {
		account = p.account // a bucket's ARN names no account; an AWS managed policy's names "aws"
	}
	regionOK := a.Region == "" || len(rel) > 1 && rel[1] == strings.ToLower(a.Region)
	if a.Partition != p.partition || account != p.account || strings.ToLower(a.Service) != rel[0] || !regionOK {
		return a, r.errf(n.Get("arn"), node.Root.Key("arn"), "%s does not belong in aws/%s/accounts/%s/%s/: iam-collect stores it under aws/%s/accounts/%s/%s/%s",
			s, p.partition, p.account, strings.Join(rel, "/"), a.Partition, orAccount(a.AccountID, p.account), a.Service, regionPart(a.Region))
	}
	return a, nil
}

func orAccount(a, dir string) string {
	if a == "" || a == "aws" {
		return dir
	}
	return a
}

func regionPart(region string) string {
	if region == "" {
		return ""
	}
	return strings.ToLower(region) + "/"
}

// icTypePrefix is the resource part of an ARN up to its first / or : (the
// resource type), "" when it has none.
func icTypePrefix(a arn.ARN) string {
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[:i+1]
	}
	return ""
}

// icRegionOf is the Region of a directory that has one (SERVICE/REGION/...).
func icRegionOf(p *icPath) string {
	if len(p.rel) > 2 && isRegion(p.rel[1]) {
		return p.rel[1]
	}
	return ""
}

// icNotRead records data of the directory that Sekisho does not read: a
// question about a resource it covers is refused rather than answered as
// if the resource had no policy.
func (b *builder) icNotRead(account, region string, t model.ResourceType, service, prefix, where, why string) {
	b.addGap(model.Gap{Account: account, Region: region, Type: t, Service: service, Prefix: prefix, Call: where, Reason: "not read", Error: why})
}

// icAccountFile reads a file directly under accounts/ACCOUNT-ID/.
func (b *builder) icAccountFile(r *reader, n *node.Node) error {
	p := r.place.ic
	name := p.name()
	a := b.m.EnsureAccount(p.account)
	switch {
	case name == "organization":
		return nil // {"organizationId"}: the organization's own directory says which accounts it holds
	case name == "s3-bpa":
		pab, err := r.publicAccessConfig(n, node.Root)
		a.PublicAccessBlock = pab
		return err
	case strings.HasPrefix(name, "ecr-registry-policy."):
		region := strings.TrimPrefix(name, "ecr-registry-policy.")
		if !isRegion(region) {
			return r.errf(n, node.Root, "ecr-registry-policy.%s.json: expected a Region after ecr-registry-policy.", region)
		}
		pol, err := r.awsDocument(n, node.Root, policy.Resource, "ECR registry policy of "+p.account+" in "+region)
		if err != nil {
			return err
		}
		if a.RegistryPolicies == nil {
			a.RegistryPolicies = map[string]*policy.Policy{}
		}
		a.RegistryPolicies[region] = pol
		return nil
	}
	b.icNotRead(p.account, "", model.OtherResource, "", "", "iam-collect accounts/"+p.account+"/"+name+".json", "Sekisho does not read this account file")
	return nil
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
