package awsref

import "strings"

// Closest returns the candidate nearest to s by edit distance, ignoring
// case, when it is near enough to be a likely typo: at most 2 edits, and
// no more than a third of s's length. Lint's "did you mean" and the
// validation of questions (whocan, --context, --service) share it.
func Closest(s string, candidates []string) (string, bool) {
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

// ServicePrefixes lists every service prefix of the reference.
func ServicePrefixes() []string {
	svcs := Services()
	out := make([]string, len(svcs))
	for i, s := range svcs {
		out[i] = s.Prefix
	}
	return out
}

// ActionNames lists the actions of a service as policies write them.
func ActionNames(svc Service) []string {
	out := make([]string, len(svc.Actions))
	for i, a := range svc.Actions {
		out[i] = a.String()
	}
	return out
}

// KeyCandidates lists the key names a misspelt key may have meant: the
// global keys and those of the key's service, without templates.
func KeyCandidates(key string) []string {
	var out []string
	add := func(ks []ConditionKey) {
		for _, k := range ks {
			if !strings.ContainsAny(k.Name, "$<") {
				out = append(out, k.Name)
			}
		}
	}
	add(GlobalConditionKeys())
	svc, _, _ := strings.Cut(key, ":")
	if s, ok := LookupService(svc); ok {
		add(s.ConditionKeys)
	}
	return out
}

// Nearest returns the candidates at the smallest edit distance from s,
// ignoring case, when that distance is small enough for a likely typo: at
// most 2 edits and a third of s's length, but always 1 edit (so that the
// short service prefixes "s4" and "ec3" find "s3" and "ec2"). At most
// three are returned, in the candidates' order; ties are all plausible.
func Nearest(s string, candidates []string) []string {
	limit := max(1, min(2, len(s)/3))
	ls := strings.ToLower(s)
	var best []string
	bestD := limit + 1
	for _, c := range candidates {
		d := editDistance(ls, strings.ToLower(c), bestD+1)
		switch {
		case d < bestD:
			best, bestD = []string{c}, d
		case d == bestD && len(best) < 3 && !containsFold(best, c):
			best = append(best, c)
		}
	}
	return best
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// SuggestService lists the likely intended service prefixes for an unknown one.
func SuggestService(prefix string) []string { return Nearest(prefix, ServicePrefixes()) }

// SuggestAction lists the likely intended actions for an unknown
// "service:Name": actions of the same service, or the same name under the
// likely intended services.
func SuggestAction(name string) []string {
	svc, act, _ := strings.Cut(name, ":")
	if s, ok := LookupService(svc); ok {
		return Nearest(name, ActionNames(s))
	}
	var out []string
	for _, p := range SuggestService(svc) {
		if a, ok := LookupAction(p + ":" + act); ok {
			out = append(out, a.String())
			continue
		}
		s, _ := LookupService(p)
		out = append(out, Nearest(p+":"+act, ActionNames(s))...)
	}
	return out
}

// SuggestConditionKey lists the likely intended keys for an unknown one.
func SuggestConditionKey(name string) []string { return Nearest(name, KeyCandidates(name)) }

// ResolveConditionKey looks a condition key up as policies and requests
// write it. Beyond LookupConditionKey it knows two forms: service tag keys
// that the reference writes with a literal "tag-key"
// ("secretsmanager:ResourceTag/tag-key"), and the keys of identity
// providers, named by the provider's host
// ("token.actions.githubusercontent.com:sub"; IAM User Guide, "Available
// keys for AWS web identity federation"), which are reported with
// provider true and type String.
func ResolveConditionKey(name string) (k ConditionKey, provider, ok bool) {
	if k, ok := LookupConditionKey(name); ok {
		return k, false, true
	}
	if i := strings.LastIndexByte(name, '/'); i > 0 {
		if k, ok := LookupConditionKey(name[:i] + "/tag-key"); ok {
			return k, false, true
		}
	}
	if host, _, ok := strings.Cut(name, ":"); ok && strings.ContainsAny(host, "./") {
		return ConditionKey{Name: name, Type: "String"}, true, true
	}
	return ConditionKey{}, false, false
}
