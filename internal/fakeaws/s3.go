package fakeaws

import (
	"net/http"
	"strings"
)

// S3 and S3 Control speak REST-XML: the operation is the method, path and
// query; errors are <Error><Code>.

func init() {
	handlers["s3"] = func(c *call) { c.s3Call() }
	handlers["s3control"] = func(c *call) { c.s3controlCall() }
}

func (c *call) s3Errors() {
	c.errorf = func(status int, code, msg string) {
		var x xmlWriter
		x.open("Error")
		x.leaf("Code", code)
		x.leaf("Message", msg)
		x.leaf("RequestId", "fake-request")
		x.close("Error")
		c.reply(status, "application/xml", x.b.Bytes())
	}
}

func (c *call) s3Call() {
	c.s3Errors()
	bucket := strings.Trim(c.r.URL.Path, "/")
	if h, _, ok := strings.Cut(c.r.Host, ".127.0.0.1"); ok && bucket == "" {
		bucket = h // virtual-hosted style
	}
	q := c.r.URL.Query()
	a := c.acct()
	if bucket == "" {
		if !c.begin("s3:ListAllMyBuckets", "") {
			return
		}
		var x xmlWriter
		x.open("ListAllMyBucketsResult", "xmlns", "http://s3.amazonaws.com/doc/2006-03-01/")
		x.open("Owner")
		x.leaf("ID", "fakecanonicalid"+c.account)
		x.close("Owner")
		x.open("Buckets")
		for _, b := range a.Buckets {
			x.open("Bucket")
			x.leaf("Name", b.Name)
			x.leaf("CreationDate", "2024-04-01T09:00:00.000Z")
			x.leaf("BucketRegion", b.Region)
			x.close("Bucket")
		}
		x.close("Buckets")
		x.close("ListAllMyBucketsResult")
		c.reply(http.StatusOK, "application/xml", x.b.Bytes())
		return
	}
	var b *Bucket
	for _, cand := range a.Buckets {
		if cand.Name == bucket {
			b = cand
		}
	}
	op := "s3:Unknown"
	switch {
	case q.Has("policy"):
		op = "s3:GetBucketPolicy"
	case q.Has("publicAccessBlock"):
		op = "s3:GetBucketPublicAccessBlock"
	case q.Has("ownershipControls"):
		op = "s3:GetBucketOwnershipControls"
	case q.Has("location"):
		op = "s3:GetBucketLocation"
	}
	if !c.begin(op, bucket) {
		return
	}
	if b == nil {
		c.errorf(http.StatusNotFound, "NoSuchBucket", "The specified bucket does not exist")
		return
	}
	if b.Region != c.region && op != "s3:GetBucketLocation" {
		c.errorf(http.StatusMovedPermanently, "PermanentRedirect", "The bucket is in "+b.Region)
		return
	}
	var x xmlWriter
	switch op {
	case "s3:GetBucketPolicy":
		if b.Policy == "" {
			c.errorf(http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return
		}
		c.reply(http.StatusOK, "application/json", []byte(b.Policy))
		return
	case "s3:GetBucketPublicAccessBlock":
		if b.PAB == nil {
			c.errorf(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
			return
		}
		x.plain("PublicAccessBlockConfiguration", b.PAB)
	case "s3:GetBucketOwnershipControls":
		if b.Ownership == "" {
			c.errorf(http.StatusNotFound, "OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
			return
		}
		x.open("OwnershipControls")
		x.open("Rule")
		x.leaf("ObjectOwnership", b.Ownership)
		x.close("Rule")
		x.close("OwnershipControls")
	case "s3:GetBucketLocation":
		loc := b.Region
		if loc == "us-east-1" {
			loc = ""
		}
		x.leaf("LocationConstraint", loc)
	default:
		c.errorf(http.StatusNotImplemented, "NotImplemented", "not faked")
		return
	}
	c.reply(http.StatusOK, "application/xml", x.b.Bytes())
}

func (c *call) s3controlCall() {
	c.s3Errors()
	account := c.r.Header.Get("X-Amz-Account-Id")
	a := c.acct()
	path := strings.TrimPrefix(c.r.URL.Path, "/v20180820/")
	var x xmlWriter
	switch {
	case path == "configuration/publicAccessBlock":
		if !c.begin("s3:GetAccountPublicAccessBlock", account) {
			return
		}
		if a.PAB == nil {
			c.errorf(http.StatusNotFound, "NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
			return
		}
		x.plain("PublicAccessBlockConfiguration", a.PAB)
	case path == "accesspoint":
		if !c.begin("s3:ListAccessPoints", account) {
			return
		}
		x.open("ListAccessPointsResult")
		x.open("AccessPointList")
		if reg := a.Regions[c.region]; reg != nil {
			for _, ap := range reg.AccessPoints {
				x.open("AccessPoint")
				x.leaf("Name", ap.Name)
				x.leaf("NetworkOrigin", "Internet")
				x.leaf("Bucket", ap.Bucket)
				x.leaf("AccessPointArn", "arn:aws:s3:"+c.region+":"+c.account+":accesspoint/"+ap.Name)
				x.leaf("BucketAccountId", c.account)
				x.close("AccessPoint")
			}
		}
		x.close("AccessPointList")
		x.close("ListAccessPointsResult")
	case strings.HasPrefix(path, "accesspoint/") && strings.HasSuffix(path, "/policy"):
		name := strings.TrimSuffix(strings.TrimPrefix(path, "accesspoint/"), "/policy")
		if !c.begin("s3:GetAccessPointPolicy", name) {
			return
		}
		var ap *AccessPoint
		if reg := a.Regions[c.region]; reg != nil {
			for _, cand := range reg.AccessPoints {
				if cand.Name == name {
					ap = cand
				}
			}
		}
		if ap == nil || ap.Policy == "" {
			c.errorf(http.StatusNotFound, "NoSuchAccessPointPolicy", "no policy")
			return
		}
		x.open("GetAccessPointPolicyResult")
		x.leaf("Policy", ap.Policy)
		x.close("GetAccessPointPolicyResult")
	default:
		c.errorf(http.StatusNotImplemented, "NotImplemented", "not faked: "+path)
		return
	}
	c.reply(http.StatusOK, "application/xml", x.b.Bytes())
}
