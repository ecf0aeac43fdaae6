package lint

import (
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
	"github.com/sekisho/sekisho/policy"
)

// stmtFacts holds what several checks need to know about one statement,
// computed once and lazily: the actions each Action entry matches, and the
// condition keys those actions support.
type stmtFacts struct {
	st      *policy.Statement
	entries []actionEntry
	// all is set when the statement covers every action: "*" in Action,
	// or a NotAction element (which covers all but a few).
	all bool

	actions     []awsref.Action // union of the entries' matches (Action only)
	actionsDone bool
	keys        map[string]bool // lower-case key names the actions support
}

// actionEntry is one value of an Action or NotAction element.
type actionEntry struct {
	raw         string
	service     string // the part before ':', lower-case; "" for "*"
	placeholder bool
	pattern     wildcard.Pattern
	matches     []awsref.Action // nil for "*", placeholders and unknown names
}

func newStmtFacts(st *policy.Statement) *stmtFacts {
	f := &stmtFacts{st: st, all: st.NotAction}
	for _, a := range st.Actions {
		e := actionEntry{raw: a, placeholder: hasPlaceholder(a), pattern: wildcard.Compile(a, wildcard.Fold)}
		svc, _, _ := strings.Cut(a, ":")
		e.service = strings.ToLower(svc)
		if a == "*" {
			e.service = ""
			f.all = f.all || !st.NotAction
		} else if !e.placeholder {
			e.matches = awsref.Expand(a)
		}
		f.entries = append(f.entries, e)
	}
	return f
}

// wildService reports whether the entry's service part has a wildcard.
func (e actionEntry) wildService() bool { return wildcard.HasWildcard(e.service) || e.raw == "*" }

// covers reports whether the statement applies to the named action
// ("iam:PassRole"), whether or not the reference knows it.
func (f *stmtFacts) covers(action string) bool {
	hit := false
	for i := range f.entries {
		if f.entries[i].pattern.Match(action) {
			hit = true
			break
		}
	}
	return hit != f.st.NotAction
}

// knownActions returns the reference actions an Action element covers
// (nil when the statement covers all actions).
func (f *stmtFacts) knownActions() []awsref.Action {
	if f.actionsDone || f.all {
		return f.actions
	}
	f.actionsDone = true
	seen := map[string]bool{}
	for _, e := range f.entries {
		for _, a := range e.matches {
			if s := a.String(); !seen[s] {
				seen[s] = true
				f.actions = append(f.actions, a)
			}
		}
	}
	return f.actions
}

// hasUnknownEntry reports whether an entry for service svc (lower-case)
// matches no action the reference knows: the statement may then cover
// actions, and keys, that the reference does not list.
func (f *stmtFacts) hasUnknownEntry(svc string) bool {
	for _, e := range f.entries {
		if !e.placeholder && len(e.matches) == 0 && (e.service == svc || e.wildService()) {
			return true
		}
	}
	return false
}

// supportsKey reports whether some action of the statement supports the
// condition key k: global keys always, service keys when an action lists
// them, directly or on one of its resource types.
func (f *stmtFacts) supportsKey(k awsref.ConditionKey) bool {
	if k.Global || f.all {
		return true
	}
	svc, _, _ := strings.Cut(strings.ToLower(k.Name), ":")
	if f.hasUnknownEntry(svc) || hasPlaceholderEntry(f) {
		return true
	}
	if f.keys == nil {
		f.keys = actionKeys(f.knownActions())
	}
	return f.keys[strings.ToLower(k.Name)]
}

func hasPlaceholderEntry(f *stmtFacts) bool {
	for _, e := range f.entries {
		if e.placeholder {
			return true
		}
	}
	return false
}

// actionKeys gathers the condition keys the actions support.
func actionKeys(actions []awsref.Action) map[string]bool {
	keys := map[string]bool{}
	add := func(names []string) {
		for _, n := range names {
			keys[strings.ToLower(n)] = true
		}
	}
	types := map[string]bool{}
	for _, a := range actions {
		add(a.ConditionKeys)
		for _, r := range a.Resources {
			add(r.ConditionKeys)
			types[a.Service+"\x00"+r.Type] = true
		}
	}
	for t := range types {
		svc, name, _ := strings.Cut(t, "\x00")
		if rt, ok := awsref.LookupResourceType(svc, name); ok {
			add(rt.ConditionKeys)
		}
	}
	return keys
}

// services returns the lower-case service prefixes the statement's Action
// entries name, without wildcards; ok is false when an entry's service is
// a wildcard or a placeholder.
func (f *stmtFacts) services() (svcs []string, ok bool) {
	seen := map[string]bool{}
	for _, e := range f.entries {
		if e.wildService() || e.placeholder {
			return nil, false
		}
		if !seen[e.service] {
			seen[e.service] = true
			svcs = append(svcs, e.service)
		}
	}
	return svcs, true
}
