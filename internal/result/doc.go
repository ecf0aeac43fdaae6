// Package result holds the JSON answers that the command line (--format
// json) and the server's JSON API both write, and the functions that
// compute them, so that the two cannot drift apart: eval of case files,
// eval of a model query, and test reports. The organization-wide
// questions answer with the analysis package's own result types.
package result
