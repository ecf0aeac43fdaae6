package eventpattern_test

import (
	"fmt"

	"github.com/sekisho/sekisho/eventpattern"
)

// Seed 001's EventBridge rule: the CloudTrail record of a successful
// CreateUser call.
func Example() {
	p, err := eventpattern.Parse([]byte(`{
	  "source": ["aws.iam"],
	  "detail-type": ["AWS API Call via CloudTrail"],
	  "detail": {
	    "eventSource": ["iam.amazonaws.com"],
	    "eventName": ["CreateUser"],
	    "errorCode": [{"exists": false}]
	  }
	}`))
	if err != nil {
		panic(err)
	}
	ok, err := p.Match([]byte(createUser))
	if err != nil {
		panic(err)
	}
	fmt.Println(ok)
	// Output: true
}
