package remediate

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// ClientOptions configure the IAM client. Credentials and the rest come
// from the SDK's default chain (environment, shared config, the Lambda
// execution role).
type ClientOptions struct {
	// EndpointURL overrides the IAM endpoint (a local test server).
	EndpointURL string
	// MaxAttempts is how many times a call is tried, the first included;
	// default DefaultMaxAttempts.
	MaxAttempts int
	// MaxBackoff caps the exponential, jittered delay between attempts;
	// default DefaultMaxBackoff.
	MaxBackoff time.Duration
}

// Retry defaults: the SDK's standard retryer retries throttling, 5xx
// responses and connection errors with exponential back-off and jitter.
const (
	DefaultMaxAttempts = 5
	DefaultMaxBackoff  = 20 * time.Second
)

// iamRegion is the Region that signs IAM requests when none is configured:
// IAM is a global service with its endpoint in us-east-1.
const iamRegion = "us-east-1"

// NewRetryer returns the retry policy of the IAM client: the SDK's
// standard retryer with the given attempts and back-off cap (0: defaults).
func NewRetryer(maxAttempts int, maxBackoff time.Duration) aws.Retryer {
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	if maxBackoff <= 0 {
		maxBackoff = DefaultMaxBackoff
	}
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		o.MaxBackoff = maxBackoff
		o.Backoff = retry.NewExponentialJitterBackoff(maxBackoff)
	})
}

// NewIAMClient loads the SDK's default configuration and returns an IAM
// client with the retry policy of NewRetryer.
func NewIAMClient(ctx context.Context, o ClientOptions) (*iam.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRetryer(func() aws.Retryer {
		return NewRetryer(o.MaxAttempts, o.MaxBackoff)
	}))
	if err != nil {
		return nil, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		cfg.Region = iamRegion
	}
	return iam.NewFromConfig(cfg, func(opts *iam.Options) {
		if o.EndpointURL != "" {
			opts.BaseEndpoint = aws.String(o.EndpointURL)
		}
	}), nil
}
