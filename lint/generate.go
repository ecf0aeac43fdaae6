package lint

// Regenerate managed_names.go from the built-in AWS managed policies and
// service reference (after `go generate ./awsref` or `./awsmanaged`).
//go:generate go run ../internal/gen/lintnames
