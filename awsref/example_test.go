package awsref_test

import (
	"fmt"

	"github.com/sekisho/sekisho/awsref"
)

func ExampleExpand() {
	for _, a := range awsref.Expand("ec2:Run*") {
		fmt.Println(a, a.Access)
	}
	// Output:
	// ec2:RunInstances Write
	// ec2:RunScheduledInstances Write
}

func ExampleLookupConditionKey() {
	k, _ := awsref.LookupConditionKey("aws:RequestTag/CostCenter")
	fmt.Println(k.Name, k.Type, k.MultiValued())
	k, _ = awsref.LookupConditionKey("aws:TagKeys")
	fmt.Println(k.Name, k.Type, k.MultiValued())
	// Output:
	// aws:RequestTag/${TagKey} String false
	// aws:TagKeys ArrayOfString true
}

func ExampleResourceTypesForARN() {
	for _, arn := range []string{"arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"} {
		for _, t := range awsref.ResourceTypesForARN("s3", arn) {
			fmt.Println(arn, "is", t.Name)
		}
	}
	// Output:
	// arn:aws:s3:::bucket is bucket
	// arn:aws:s3:::bucket/* is object
}
