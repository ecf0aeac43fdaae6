package awsref

import "strings"

// keyIndex finds condition keys by exact name and by template. A template
// is a key with a variable part, "aws:RequestTag/${TagKey}" or
// "s3:ExistingObjectTag/<key>", which policies use with a concrete suffix.
type keyIndex struct {
	exact     map[string]ConditionKey  // lower-case name → key
	templates map[string][]keyTemplate // lower-case text before the first ':' → templates
}

// keyTemplate is a template split around its one variable part.
type keyTemplate struct {
	prefix, suffix string // lower-case
	key            ConditionKey
}

func buildKeyIndex(globals []ConditionKey, services []Service) keyIndex {
	ix := keyIndex{exact: map[string]ConditionKey{}, templates: map[string][]keyTemplate{}}
	for _, k := range globals {
		ix.add(k)
	}
	// Services repeat global keys such as aws:RequestTag/${TagKey}; the
	// global definition came first and wins.
	for _, s := range services {
		for _, k := range s.ConditionKeys {
			ix.add(k)
		}
	}
	return ix
}

func (ix keyIndex) add(k ConditionKey) {
	name := lowerASCII(k.Name)
	if _, dup := ix.exact[name]; dup {
		return
	}
	ix.exact[name] = k
	if t, ok := splitTemplate(name); ok {
		t.key = k
		head := templateHead(t.prefix)
		ix.templates[head] = append(ix.templates[head], t)
	}
}

// splitTemplate splits a lower-case key name around its variable part,
// written "${…}" or "<…>", or — as some services' entries in the reference
// write it — a literal final "/tag-key" ("secretsmanager:ResourceTag/tag-key").
func splitTemplate(name string) (keyTemplate, bool) {
	if prefix, ok := strings.CutSuffix(name, "/tag-key"); ok {
		return keyTemplate{prefix: prefix + "/"}, true
	}
	for _, delim := range [][2]string{{"${", "}"}, {"<", ">"}} {
		i := strings.Index(name, delim[0])
		if i < 0 {
			continue
		}
		j := strings.Index(name[i:], delim[1])
		if j < 0 {
			continue
		}
		return keyTemplate{prefix: name[:i], suffix: name[i+j+len(delim[1]):]}, true
	}
	return keyTemplate{}, false
}

// templateHead is the bucket a key or a template prefix falls into: the
// text before the first colon, or "" when the colon is not there yet
// (templates such as "agent.${Domain}.buildkite.dev:build_branch").
func templateHead(s string) string {
	head, _, ok := strings.Cut(s, ":")
	if !ok {
		return ""
	}
	return head
}

func (ix keyIndex) lookup(name string) (ConditionKey, bool) {
	// A name found as it is needs no lower-cased copy: it is looked up
	// lower-cased on the stack first (the map index of string(b) makes
	// none). Each request's context keys are looked up (the case reader
	// checks their values), and their copies were a twentieth of the
	// allocations of reading a case file.
	var buf [64]byte
	if len(name) <= len(buf) {
		if k, ok := ix.exact[string(buf[:copyLowerASCII(buf[:], name)])]; ok {
			return k, true
		}
	}
	l := lowerASCII(name)
	if k, ok := ix.exact[l]; ok {
		return k, true
	}
	if k, ok := matchTemplates(ix.templates[templateHead(l)], l); ok {
		return k, true
	}
	return matchTemplates(ix.templates[""], l)
}

// matchTemplates returns the most specific template that l instantiates,
// so "events:Metadata/x/Matcher" finds "events:Metadata/${MetadataKey}/Matcher"
// rather than "events:Metadata/${MetadataKey}".
func matchTemplates(ts []keyTemplate, l string) (ConditionKey, bool) {
	best, found := keyTemplate{}, false
	for _, t := range ts {
		fixed := len(t.prefix) + len(t.suffix)
		if len(l) > fixed && strings.HasPrefix(l, t.prefix) && strings.HasSuffix(l, t.suffix) &&
			(!found || fixed > len(best.prefix)+len(best.suffix)) {
			best, found = t, true
		}
	}
	return best.key, found
}

// LookupConditionKey finds a global or service condition key, ignoring
// case. A name with a concrete tag or variable part finds its template:
// "aws:RequestTag/CostCenter" finds "aws:RequestTag/${TagKey}".
func LookupConditionKey(name string) (ConditionKey, bool) {
	return ref().keys.lookup(name)
}

// GlobalConditionKeys returns the global condition keys, sorted by name
// ignoring case. The slice is shared: do not modify it.
func GlobalConditionKeys() []ConditionKey { return ref().globals }
