package guardrail_test

import (
	"fmt"
	"os"

	"github.com/sekisho/sekisho/guardrail"
)

// The SCP that requires IMDSv2: the policy to deploy, and the number of
// generated cases that prove it (sekisho guardrail require-imdsv2 --tests).
func Example() {
	r, err := guardrail.Generate("require-imdsv2", nil)
	if err != nil {
		panic(err)
	}
	os.Stdout.Write(r.Policy.JSON())
	fmt.Println(r.Kind, len(r.Cases), "cases")
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "RequireImdsV2",
	//       "Effect": "Deny",
	//       "Action": "ec2:RunInstances",
	//       "Resource": "arn:aws:ec2:*:*:instance/*",
	//       "Condition": {
	//         "StringNotEquals": {
	//           "ec2:MetadataHttpTokens": "required"
	//         }
	//       }
	//     },
	//     {
	//       "Sid": "DenyImdsV1RoleCredentials",
	//       "Effect": "Deny",
	//       "Action": "*",
	//       "Resource": "*",
	//       "Condition": {
	//         "NumericLessThan": {
	//           "ec2:RoleDelivery": "2.0"
	//         }
	//       }
	//     }
	//   ]
	// }
	// scp 6 cases
}
