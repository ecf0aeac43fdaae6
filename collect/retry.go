package collect

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// maxAttempts is more than the SDK's default of 3: a collection of a large
// organization meets throttling on IAM and Organizations, and a retry that
// waits is cheaper than a call that failed.
const maxAttempts = 8

// newRetryer is the SDK's standard retryer in adaptive mode: exponential
// back-off with jitter, and a client-side rate that drops when the service
// throttles (AWS SDKs and Tools Reference Guide, "Retry behavior").
func newRetryer(maxBackoff time.Duration) func() aws.Retryer {
	return func() aws.Retryer {
		return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
			o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) {
				so.MaxAttempts = maxAttempts
				if maxBackoff > 0 {
					so.MaxBackoff = maxBackoff
					so.Backoff = retry.NewExponentialJitterBackoff(maxBackoff)
				}
			})
		})
	}
}
