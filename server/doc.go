// Package server is `sekisho serve`: an HTTP server over one organization
// model that answers, offline,
//
//   - the IAM Query API's SimulateCustomPolicy and SimulatePrincipalPolicy
//     (form-encoded POST to "/", XML responses in IAM's shape), so that AWS
//     SDKs and the AWS CLI pointed at it with an endpoint URL work unchanged;
//   - a JSON API under /api/v1/ whose answers are the CLI's --format json;
//   - a web UI (a policy playground and an organization explorer) embedded
//     in the binary;
//   - /healthz and Prometheus text-format /metrics.
//
// Usage:
//
//	s, err := server.New(server.Config{ModelDir: dir})
//	err = s.Serve(ctx, listener) // until ctx is done, then a graceful shutdown
//
// The server is read-only: it never writes to AWS or to the model directory.
// The model is held behind an atomic pointer: Reload (SIGHUP, --watch)
// loads a new model and swaps it in only when it loaded without error, so
// requests in flight finish on the model they started with and a broken
// model directory leaves the old model serving.
//
// Under load: at most Config.MaxInFlight requests run at once; up to
// Config.MaxQueue more wait (each at most Config.QueueWait) and the rest
// get 429; a request that waited too long gets 503, as does every request
// past Config.RequestTimeout. Bodies are limited to Config.MaxBodyBytes.
//
// Limits: org-wide questions (whocan, whatcan, leak, exfil, graph, audit)
// run one at a time per model, since the analyzer's caches are not yet
// safe for concurrent use; simulations run in parallel.
package server
