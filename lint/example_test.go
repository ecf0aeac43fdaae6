package lint_test

import (
	"fmt"

	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/policy"
)

func ExampleFile() {
	scp := `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny",
    "Action": "*",
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:ec2InstanceSourceVPCs": "vpc-0abc"}}
  }]
}`
	findings, err := lint.File("scp.json", []byte(scp), policy.SCP)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f.Line, f.Severity, f.Code)
	}
	// Output:
	// 3 security-warning SK6006
	// 7 error SK3001
}
