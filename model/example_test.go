package model_test

import (
	"fmt"
	"time"

	"github.com/sekisho/sekisho/eval"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
)

// Seed 000: instance credentials stolen and used from the internet are
// denied by the SCP that pins them to their VPC; the same credentials on
// the instance, through its S3 endpoint, are allowed.
func Example() {
	m, err := load.Load("../examples/seeds-model/000-instance-credentials/model", load.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	creds, _ := model.ParseCredentials("instance-profile:i-0abc123def4567890")
	for _, from := range []string{"instance:i-0abc123def4567890", "internet:203.0.113.50"} {
		v, _ := model.ParseVantage(from)
		ps, in, err := m.Gather(model.Query{Credentials: creds, From: v, Action: "s3:ListBucket", Resource: "arn:aws:s3:::app-bucket"})
		if err != nil {
			fmt.Println(err)
			return
		}
		d, err := eval.Decide(ps, in, time.Time{})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s\n", from, d.Result.Decision)
	}
	// Output:
	// instance:i-0abc123def4567890: Allow
	// internet:203.0.113.50: ExplicitDeny
}
