package lint

import (
	"github.com/sekisho/sekisho/awsref"
)

// closest is the reference's typo suggestion (shared with the CLI's
// validation of questions).
func closest(s string, candidates []string) (string, bool) { return awsref.Closest(s, candidates) }

// didYouMean formats a suggestion, or nothing.
func didYouMean(s string, candidates []string) string {
	if c, ok := closest(s, candidates); ok {
		return "; did you mean " + quote(c) + "?"
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

func servicePrefixes() []string { return awsref.ServicePrefixes() }

func actionNames(svc awsref.Service) []string { return awsref.ActionNames(svc) }

// referenceDate names the snapshot of the reference, for messages about
// names it does not know.
func referenceDate() string {
	_, date := awsref.Version()
	return date
}
