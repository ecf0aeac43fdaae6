package load

import (
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// bucketPolicy reads `aws s3api get-bucket-policy` output, {"Policy":
// "JSON string"}, from a file named bucket-policy.BUCKET.json (the bucket
// is declared in a model file, which gives its owner and region) or
// bucket-policy.ACCOUNT.REGION.BUCKET.json.
func (b *builder) bucketPolicy(r *reader, n *node.Node) error {
	if r.place.layout != "" {
		return b.policyFile(r, n, model.Bucket, "bucket", func(id string) string { return "arn:aws:s3:::" + id }, node.Root, "Policy")
	}
	parts := nameParts(r.file)
	if len(parts) < 2 || parts[0] != "bucket-policy" {
		return r.errf(n, node.Root, "cannot tell which bucket this policy is for: name the file bucket-policy.BUCKET.json or bucket-policy.ACCOUNT-ID.REGION.BUCKET.json")
	}
	rest := parts[1:]
	account, region := "", ""
	if len(rest) >= 3 && arn.IsAccountID(rest[0]) && isRegion(rest[1]) {
		account, region, rest = rest[0], rest[1], rest[2:]
	}
	name := strings.Join(rest, ".")
	where := r.where(n, node.Root)
	if account == "" {
		b.pendingBuckets = append(b.pendingBuckets, pendingBucket{name: name, doc: n.Get("Policy"), r: r, where: where})
		return nil
	}
	res := &model.Resource{ARN: "arn:aws:s3:::" + name, Type: model.Bucket, Name: name, Account: account, Region: region, Where: where}
	var err error
	if res.Policy, err = r.awsDocument(n.Get("Policy"), node.Root.Key("Policy"), policy.Resource, res.ARN+" bucket policy"); err != nil {
		return err
	}
	b.m.EnsureAccount(account)
	return b.addResource(res)
}

// resolveBuckets attaches the policies of bucket-policy.BUCKET.json files
// to the buckets that model files declare.
func (b *builder) resolveBuckets() {
	for _, pb := range b.pendingBuckets {
		arnStr := "arn:aws:s3:::" + pb.name
		res := b.m.Resources[arnStr]
		if res == nil {
			b.failAt(pb.where, "bucket %s is not declared in any model file, so its owner account and region are unknown: "+
				"declare it (accounts[].buckets) or name the file bucket-policy.ACCOUNT-ID.REGION.%s.json", pb.name, pb.name)
			continue
		}
		if res.Policy != nil {
			b.failAt(pb.where, "bucket %s has a policy already, at %s", pb.name, res.Where)
			continue
		}
		pol, err := pb.r.awsDocument(pb.doc, node.Root.Key("Policy"), policy.Resource, arnStr+" bucket policy")
		if err != nil {
			b.fail(err)
			continue
		}
		res.Policy = pol
	}
}

// listBuckets reads `aws s3api list-buckets`: {"Buckets": [{"Name",
// "CreationDate", "BucketRegion"}], "Owner": {...}}. A bucket's Region
// comes from BucketRegion when the CLI prints it, else from the Region
// directory of its other files. It keeps no reference into the tree
// (resourceAt keeps the name, the Region and the position: format.frees).
func (b *builder) listBuckets(r *reader, n *node.Node) error {
	return r.list(n.Get("Buckets"), node.Root.Key("Buckets"), "buckets", func(item *node.Node, ip node.Path) error {
		name, err := r.reqStr(item, ip, "Name")
		if err != nil {
			return err
		}
		res, err := b.resourceAt(r, item, ip, model.Bucket, "arn:aws:s3:::"+name, name)
		if err != nil {
			return err
		}
		if region, _ := r.optStr(item, ip, "BucketRegion"); region != "" {
			res.Region = region
		}
		return nil
	})
}

// publicAccessBlock reads {"PublicAccessBlockConfiguration": {"BlockPublicAcls", ...}},
// the answer of s3api get-public-access-block and s3control get-public-access-block.
func (r *reader) publicAccessBlock(n *node.Node) (*model.PublicAccessBlock, error) {
	p := node.Root.Key("PublicAccessBlockConfiguration")
	c := n.Get("PublicAccessBlockConfiguration")
	if c == nil || c.Kind != node.Object {
		return nil, r.errf(n, node.Root, "expected {\"PublicAccessBlockConfiguration\": {...}}, the answer of get-public-access-block")
	}
	return r.publicAccessConfig(c, p)
}

// publicAccessConfig reads a PublicAccessBlockConfiguration object:
// {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}.
func (r *reader) publicAccessConfig(c *node.Node, p node.Path) (*model.PublicAccessBlock, error) {
	if c.Kind != node.Object {
		return nil, r.errf(c, p, "expected a PublicAccessBlockConfiguration object, got %s", node.Describe(c))
	}
	pab := &model.PublicAccessBlock{Where: r.where(c, p)}
	for _, f := range []struct {
		key string
		dst *bool
	}{{"BlockPublicAcls", &pab.BlockPublicAcls}, {"IgnorePublicAcls", &pab.IgnorePublicAcls},
		{"BlockPublicPolicy", &pab.BlockPublicPolicy}, {"RestrictPublicBuckets", &pab.RestrictPublicBuckets}} {
		v := c.Get(f.key)
		if v == nil {
			continue // an absent setting is false
		}
		if v.Kind != node.Bool {
			return nil, r.errf(v, p.Key(f.key), "expected true or false, got %s", node.Describe(v))
		}
		*f.dst = v.Text == "true"
	}
	return pab, nil
}

// bucketPublicAccessBlock reads s3api get-public-access-block --bucket BUCKET.
func (b *builder) bucketPublicAccessBlock(r *reader, n *node.Node) error {
	res, err := b.bucketOfFile(r, n)
	if err != nil {
		return err
	}
	res.PublicAccessBlock, err = r.publicAccessBlock(n)
	return err
}

// accountPublicAccessBlock reads s3control get-public-access-block --account-id ACCOUNT.
func (b *builder) accountPublicAccessBlock(r *reader, n *node.Node) error {
	pab, err := r.publicAccessBlock(n)
	if err == nil {
		b.m.EnsureAccount(r.place.account).PublicAccessBlock = pab
	}
	return err
}

// bucketOwnership reads s3api get-bucket-ownership-controls:
// {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}}.
func (b *builder) bucketOwnership(r *reader, n *node.Node) error {
	res, err := b.bucketOfFile(r, n)
	if err != nil {
		return err
	}
	p := node.Root.Key("OwnershipControls")
	oc := n.Get("OwnershipControls")
	if oc == nil || oc.Kind != node.Object {
		return r.errf(n, node.Root, "expected {\"OwnershipControls\": {\"Rules\": [...]}}")
	}
	return r.list(oc.Get("Rules"), p.Key("Rules"), "ownership rules", func(item *node.Node, ip node.Path) error {
		o, err := r.reqStr(item, ip, "ObjectOwnership")
		switch o {
		case "BucketOwnerEnforced", "BucketOwnerPreferred", "ObjectWriter":
			res.ObjectOwnership = o
		default:
			if err == nil {
				err = r.errf(item.Get("ObjectOwnership"), ip.Key("ObjectOwnership"), "expected BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter, got %q", o)
			}
		}
		return err
	})
}

func (b *builder) bucketOfFile(r *reader, n *node.Node) (*model.Resource, error) {
	name, err := r.id(n, "bucket")
	if err != nil {
		return nil, err
	}
	return b.resourceAt(r, n, node.Root, model.Bucket, "arn:aws:s3:::"+name, name)
}

// listAccessPoints reads s3control list-access-points: {"AccessPointList":
// [{"Name", "NetworkOrigin", "VpcConfiguration": {"VpcId"}, "Bucket", "AccessPointArn"}]}.
// Access point ARNs: arn:aws:s3:REGION:ACCOUNT:accesspoint/NAME; requests
// for objects through it name .../accesspoint/NAME/object/KEY.
func (b *builder) listAccessPoints(r *reader, n *node.Node) error {
	return r.list(n.Get("AccessPointList"), node.Root.Key("AccessPointList"), "access points", func(item *node.Node, ip node.Path) error {
		a, name, err := r.byARN("AccessPointArn", "Name")(item, ip)
		if err != nil {
			return err
		}
		res, err := b.resourceAt(r, item, ip, model.AccessPoint, a, name)
		if err != nil {
			return err
		}
		res.Bucket, _ = r.optStr(item, ip, "Bucket")
		res.NetworkOrigin, _ = r.optStr(item, ip, "NetworkOrigin")
		if vc := item.Get("VpcConfiguration"); vc != nil && vc.Kind == node.Object {
			res.AccessPointVPC, _ = r.optStr(vc, ip.Key("VpcConfiguration"), "VpcId")
		}
		return nil
	})
}

// accessPointPolicy reads s3control get-access-point-policy --name NAME: {"Policy": "..."}.
func (b *builder) accessPointPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.AccessPoint, "access point", func(id string) string { return r.head("s3") + "accesspoint/" + id }, node.Root, "Policy")
}
