package lint

import (
	"fmt"
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
)

// resourceScope is a statement whose resources can be compared with its
// actions: a Resource list and an Action list that the reference knows.
func resourceScope(f *stmtFacts) ([]awsref.Action, bool) {
	if f.all || f.st.NotResource || f.st.AnyResource {
		return nil, false
	}
	acts := f.knownActions()
	return acts, len(acts) > 0
}

// arnService returns the service part of an ARN ("s3"), or "" when the
// value is not an ARN with a literal service.
func arnService(r string) string {
	parts := strings.SplitN(r, ":", 4)
	if len(parts) < 4 || parts[0] != "arn" || strings.ContainsAny(parts[2], "*?$<") {
		return ""
	}
	return strings.ToLower(parts[2])
}

// accepts reports whether some action can act on a resource the ARN
// pattern denotes: one of the action's resource types has an ARN format
// the pattern intersects.
func accepts(acts []awsref.Action, arn string) bool {
	for _, a := range acts {
		for _, r := range a.Resources {
			t, ok := awsref.LookupResourceType(a.Service, r.Type)
			if !ok {
				return true // the reference is incomplete: give it the benefit
			}
			for _, f := range t.ARNFormats {
				if arnIntersects(f, arn) {
					return true
				}
			}
		}
	}
	return false
}

func starOnly(acts []awsref.Action) bool {
	for _, a := range acts {
		if len(a.Resources) > 0 {
			return false
		}
	}
	return true
}

func hasStarResource(f *stmtFacts) bool {
	for _, r := range f.st.Resources {
		if r.Raw == "*" {
			return true
		}
	}
	return false
}

// checkable returns the statement's actions and whether resource r of it
// can be judged: an ARN of a known service, and no action entry of that
// service that the reference does not know.
func checkable(f *stmtFacts, r string) ([]awsref.Action, bool) {
	acts, ok := resourceScope(f)
	if !ok || r == "*" || hasPlaceholder(r) {
		return nil, false
	}
	svc := arnService(r)
	if svc == "" || f.hasUnknownEntry(svc) || hasPlaceholderEntry(f) {
		return nil, false
	}
	if _, known := awsref.LookupService(svc); !known {
		return nil, false
	}
	return acts, true
}

// SK4001: an ARN that none of the statement's actions acts on.
func checkResourceMismatch(ps *pass) {
	for i, f := range ps.stmts {
		for j, r := range f.st.Resources {
			acts, ok := checkable(f, r.Raw)
			if !ok || starOnly(acts) || accepts(acts, r.Raw) {
				continue
			}
			ps.report(ps.narrowing(f.st), ps.loc.item(i, "Resource", j),
				"%q matches no resource type of this statement's actions, so it adds nothing to the statement; expected %s",
				r.Raw, expectedFormats(acts, arnService(r.Raw)))
		}
	}
}

// expectedFormats lists a few ARN formats the actions accept, preferring
// those of the ARN's own service.
func expectedFormats(acts []awsref.Action, svc string) string {
	var out []string
	seen := map[string]bool{}
	for round := 0; round < 2 && len(out) < 3; round++ {
		for _, a := range acts {
			if (round == 0) != strings.EqualFold(a.Service, svc) {
				continue
			}
			for _, r := range a.Resources {
				t, ok := awsref.LookupResourceType(a.Service, r.Type)
				if !ok || len(t.ARNFormats) == 0 || seen[t.ARNFormats[0]] || len(out) == 3 {
					continue
				}
				seen[t.ARNFormats[0]] = true
				out = append(out, fmt.Sprintf("%s (%s %s)", t.ARNFormats[0], a.Service, t.Name))
			}
		}
	}
	if len(out) == 0 {
		return "\"*\""
	}
	return "an ARN such as " + strings.Join(out, ", ")
}

// SK4002: actions without resource types need Resource "*". Named at the
// ARN when every action of the statement is such, else at the action.
func checkStarOnlyActions(ps *pass) {
	for i, f := range ps.stmts {
		if hasStarResource(f) {
			continue
		}
		for j, r := range f.st.Resources {
			acts, ok := checkable(f, r.Raw)
			if ok && starOnly(acts) {
				ps.report(ps.narrowing(f.st), ps.loc.item(i, "Resource", j),
					"the actions of this statement (%s) support only Resource \"*\": with the ARN %q the statement applies to none of them", actionList(acts), r.Raw)
			}
		}
		starOnlyEntries(ps, i, f)
	}
}

// starOnlyEntries reports literal actions that support only "*" in a
// statement whose other actions take the ARNs.
func starOnlyEntries(ps *pass, i int, f *stmtFacts) {
	acts, ok := resourceScope(f)
	if !ok || starOnly(acts) || len(f.st.Resources) == 0 || hasPlaceholderEntry(f) {
		return
	}
	for j, e := range f.entries {
		if len(e.matches) != 1 || wildcard.HasWildcard(e.raw) || len(e.matches[0].Resources) > 0 {
			continue
		}
		ps.report(ps.narrowing(f.st), ps.loc.item(i, "Action", j),
			"%s supports only Resource \"*\", which this statement does not list: the statement does not apply to it; move it to a statement with \"Resource\": \"*\"", e.matches[0])
	}
}

func actionList(acts []awsref.Action) string {
	names := make([]string, 0, 3)
	for _, a := range acts {
		if len(names) == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(acts)-3))
			break
		}
		names = append(names, a.String())
	}
	return strings.Join(names, ", ")
}
