package eval_test

import (
	"fmt"
	"time"

	"github.com/sekisho/sekisho/arn"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/policy"
)

// The seed 000 guardrail: an SCP that denies every action when instance
// credentials are used outside the VPC they were delivered to. Compile the
// policies once, then evaluate requests: here the stolen credentials used
// from the internet, where aws:SourceVpc is absent.
func Example() {
	scp, err := policy.Parse([]byte(`{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "PinInstanceCredentials",
	    "Effect": "Deny", "Action": "*", "Resource": "*",
	    "Condition": {
	      "StringNotEquals": {"aws:ec2InstanceSourceVpc": "${aws:SourceVpc}"},
	      "Null": {"aws:ec2InstanceSourceVpc": "false"}
	    }
	  }]
	}`), policy.Source{File: "scp.json", Kind: policy.SCP})
	if err != nil {
		panic(err)
	}
	fullAccess, _ := policy.Parse([]byte(`{"Version": "2012-10-17",
	  "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}`),
		policy.Source{File: "FullAWSAccess.json", Kind: policy.SCP})
	role, _ := policy.Parse([]byte(`{"Version": "2012-10-17",
	  "Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}}`),
		policy.Source{File: "role.json", Kind: policy.Identity})

	prepared, err := eval.Prepare(eval.PolicySet{
		Identity: []*policy.Policy{role},
		SCP:      [][]*policy.Policy{{fullAccess}, {fullAccess, scp}},
	})
	if err != nil {
		panic(err)
	}
	session, err := arn.ParsePrincipal("arn:aws:sts::111111111111:assumed-role/app/i-0abc")
	if err != nil {
		panic(err)
	}
	for _, sourceVpc := range []string{"vpc-abc123", "", "vpc-xyz789"} {
		ctx := map[string][]string{"aws:ec2InstanceSourceVpc": {"vpc-abc123"}}
		if sourceVpc != "" {
			ctx["aws:SourceVpc"] = []string{sourceVpc}
		}
		req, err := eval.NewRequest(eval.RequestInput{
			Principal: session,
			Action:    "s3:ListBucket",
			Resource:  "arn:aws:s3:::bucket",
			Context:   ctx,
		}, time.Time{})
		if err != nil {
			panic(err)
		}
		res := prepared.Evaluate(req)
		fmt.Printf("aws:SourceVpc=%q: %s\n", sourceVpc, res.Decision)
	}
	// Output:
	// aws:SourceVpc="vpc-abc123": Allow
	// aws:SourceVpc="": ExplicitDeny
	// aws:SourceVpc="vpc-xyz789": ExplicitDeny
}
