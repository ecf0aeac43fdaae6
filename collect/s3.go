package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
)

// s3 collects the account's buckets (global list, then each bucket's
// policy, Block Public Access and ownership in the bucket's Region) and the
// account-level Block Public Access.
func (a *acct) s3(ctx context.Context) {
	ctl := s3control.NewFromConfig(a.cfg)
	a.fetch(ctx, callAccountPAB, Global, func(ctx context.Context) (any, error) {
		out, err := ctl.GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: aws.String(a.id)})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "PublicAccessBlockConfiguration", out.PublicAccessBlockConfiguration)
	})

	c := a.s3Client(a.cfg.Region)
	data := a.fetch(ctx, callListBuckets, Global, func(ctx context.Context) (any, error) {
		var all []s3types.Bucket
		var owner *s3types.Owner
		p := s3.NewListBucketsPaginator(c, &s3.ListBucketsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Buckets...)
			if page.Owner != nil {
				owner = page.Owner
			}
		}
		return obj(pascal, "Buckets", nonNil(all), "Owner", owner)
	})
	list, _ := decode[struct {
		Buckets []struct{ Name, BucketRegion string }
	}](data)
	clients := map[string]*s3.Client{}
	for _, b := range list.Buckets {
		if ctx.Err() != nil {
			return
		}
		region := b.BucketRegion
		if region == "" {
			region = a.bucketRegion(ctx, c, b.Name)
			if region == "" {
				continue // recorded as denied or failed
			}
		}
		if clients[region] == nil {
			clients[region] = a.s3Client(region)
		}
		a.bucket(ctx, clients[region], region, b.Name)
	}
}

func (a *acct) s3Client(region string) *s3.Client {
	return s3.NewFromConfig(a.cfg, func(o *s3.Options) {
		o.Region = region
		o.UsePathStyle = a.r.o.Endpoint != ""
	})
}

// bucketRegion asks a bucket's Region when list-buckets did not say it.
// LocationConstraint is empty for us-east-1 and "EU" for eu-west-1
// (Amazon S3 API Reference, GetBucketLocation).
func (a *acct) bucketRegion(ctx context.Context, c *s3.Client, bucket string) string {
	out, err := c.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: aws.String(bucket)})
	if err != nil {
		if ctx.Err() == nil {
			a.r.recordError(callBucketLocation, a.id, Global, err, bucket)
		}
		return ""
	}
	switch out.LocationConstraint {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return string(out.LocationConstraint)
}

func (a *acct) bucket(ctx context.Context, c *s3.Client, region, bucket string) {
	a.fetch(ctx, callBucketPolicy, region, func(ctx context.Context) (any, error) {
		out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "Policy", out.Policy)
	}, bucket)
	a.fetch(ctx, callBucketPAB, region, func(ctx context.Context) (any, error) {
		out, err := c.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: aws.String(bucket)})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "PublicAccessBlockConfiguration", out.PublicAccessBlockConfiguration)
	}, bucket)
	a.fetch(ctx, callBucketOwnership, region, func(ctx context.Context) (any, error) {
		out, err := c.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: aws.String(bucket)})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "OwnershipControls", out.OwnershipControls)
	}, bucket)
}

// s3control collects the Region's access points and their policies.
func (a *acct) s3control(ctx context.Context, cfg aws.Config) {
	c := s3control.NewFromConfig(cfg)
	data := a.fetch(ctx, callListAccessPoints, cfg.Region, func(ctx context.Context) (any, error) {
		var all []any
		p := s3control.NewListAccessPointsPaginator(c, &s3control.ListAccessPointsInput{AccountId: aws.String(a.id)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			for _, ap := range page.AccessPointList {
				all = append(all, ap)
			}
		}
		return obj(pascal, "AccessPointList", nonNil(all))
	})
	list, _ := decode[struct{ AccessPointList []struct{ Name string } }](data)
	for _, ap := range list.AccessPointList {
		a.fetch(ctx, callAccessPointPolicy, cfg.Region, func(ctx context.Context) (any, error) {
			out, err := c.GetAccessPointPolicy(ctx, &s3control.GetAccessPointPolicyInput{AccountId: aws.String(a.id), Name: aws.String(ap.Name)})
			if err != nil {
				return nil, err
			}
			if out.Policy == nil {
				return nil, nil
			}
			return obj(pascal, "Policy", out.Policy)
		}, ap.Name)
	}
}
