package lint

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
)

// closest returns the candidate nearest to s by edit distance, ignoring
// case, when it is near enough to be a likely typo: at most 2 edits, and
// no more than a third of s's length.
func closest(s string, candidates []string) (string, bool) {
	ls := strings.ToLower(s)
	best, bestD := "", 3
	for _, c := range candidates {
		if d := editDistance(ls, strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best, best != "" && bestD*3 <= len(s)
}

// editDistance is the Levenshtein distance of a and b, or limit when it
// is at least limit (the search stops early).
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

// didYouMean formats a suggestion, or nothing.
func didYouMean(s string, candidates []string) string {
	if c, ok := closest(s, candidates); ok {
		return "; did you mean " + quote(c) + "?"
	}
	return ""
}

func quote(s string) string { return `"` + s + `"` }

func servicePrefixes() []string {
	var out []string
	for _, s := range awsref.Services() {
		out = append(out, s.Prefix)
	}
	return out
}

func actionNames(svc awsref.Service) []string {
	out := make([]string, len(svc.Actions))
	for i, a := range svc.Actions {
		out[i] = a.String()
	}
	return out
}

// referenceDate names the snapshot of the reference, for messages about
// names it does not know.
func referenceDate() string {
	_, date := awsref.Version()
	return date
}
