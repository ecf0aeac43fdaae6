// Command sekisho-remediate-lambda is the AWS Lambda function of seed 001:
// an EventBridge rule on CloudTrail's CreateUser event invokes it, and it
// attaches the region-lock policy inline to the new user. Build it as the
// bootstrap of the provided.al2023 runtime (see deploy/README.md).
//
// Environment: SEKISHO_REGIONS (comma-separated, default ap-northeast-1),
// SEKISHO_POLICY_NAME (default sekisho-region-lock).
package main

import (
	"context"
	"encoding/json"
	"log"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/sekisho/sekisho/remediate"
)

func main() {
	ctx := context.Background()
	client, err := remediate.NewIAMClient(ctx, remediate.ClientOptions{})
	if err != nil {
		log.Fatal(err)
	}
	r, err := remediate.New(remediate.Config{
		Regions:    splitList(os.Getenv("SEKISHO_REGIONS")),
		PolicyName: os.Getenv("SEKISHO_POLICY_NAME"),
	}, client)
	if err != nil {
		log.Fatal(err)
	}
	lambda.Start(logged(r))
}

// logged writes each report to the function's log as one JSON line.
func logged(r *remediate.Remediator) func(context.Context, json.RawMessage) (*remediate.Report, error) {
	enc := json.NewEncoder(os.Stdout)
	return func(ctx context.Context, ev json.RawMessage) (*remediate.Report, error) {
		rep, err := r.Handle(ctx, ev)
		if rep != nil {
			if encErr := enc.Encode(rep); encErr != nil {
				log.Print(encErr)
			}
		}
		return rep, err
	}
}

func splitList(s string) []string {
	var out []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}
