package cond

import "strings"

// Context holds the condition keys of a request. Keys are stored
// lower-cased because context key names are case-insensitive (IAM User
// Guide, "IAM JSON policy elements: Condition").
type Context struct {
	m     map[string][]string
	names map[string]string // lower-cased key → the key as first written
}

// NewContext returns an empty context.
func NewContext() Context {
	return Context{m: map[string][]string{}, names: map[string]string{}}
}

// Set sets key to values (a key with no values counts as absent).
func (c Context) Set(key string, values ...string) {
	lk := strings.ToLower(key)
	c.m[lk] = values
	if _, ok := c.names[lk]; !ok {
		c.names[lk] = key
	}
}

// Name returns a lower-cased key as it was first written.
func (c Context) Name(lowerKey string) string {
	if n, ok := c.names[lowerKey]; ok {
		return n
	}
	return lowerKey
}

// Has reports whether key (any case) is present with at least one value.
func (c Context) Has(key string) bool { return len(c.m[strings.ToLower(key)]) > 0 }

// Lookup returns the values of a lower-cased key.
func (c Context) Lookup(lowerKey string) []string { return c.m[lowerKey] }

// Get returns the values of key in any case.
func (c Context) Get(key string) []string { return c.m[strings.ToLower(key)] }

// Keys returns the lower-cased keys present.
func (c Context) Keys() []string {
	out := make([]string, 0, len(c.m))
	for k := range c.m {
		out = append(out, k)
	}
	return out
}

// Resolve returns the value of a policy variable: present only when the key
// has exactly one value, since a multivalued key cannot be a variable.
func (c Context) Resolve(lowerKey string) (string, bool) {
	v := c.m[lowerKey]
	if len(v) != 1 {
		return "", false
	}
	return v[0], true
}
