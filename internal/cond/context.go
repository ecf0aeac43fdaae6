package cond

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Context holds the condition keys of a request. Keys are stored
// lower-cased because context key names are case-insensitive (IAM User
// Guide, "IAM JSON policy elements: Condition").
type Context struct {
	m     map[string][]string
	names *[]string // the keys as first written, for explanations
}

// NewContext returns an empty context.
func NewContext() Context { return NewContextSize(0) }

// NewContextSize returns an empty context with room for n keys.
func NewContextSize(n int) Context {
	return Context{m: make(map[string][]string, n), names: new([]string)}
}

// Set sets key to values (a key with no values counts as absent).
func (c Context) Set(key string, values ...string) {
	lk := lower(key)
	if _, ok := c.m[lk]; !ok {
		*c.names = append(*c.names, key)
	}
	c.m[lk] = values
}

// Name returns a lower-cased key as it was first written.
func (c Context) Name(lowerKey string) string {
	for _, n := range *c.names {
		if len(n) == len(lowerKey) && strings.EqualFold(n, lowerKey) {
			return n
		}
	}
	return lowerKey
}

// lowered caches the lower-cased form of the keys seen, since requests
// repeat the same few dozen keys and lower-casing each allocates.
var (
	lowered      sync.Map
	loweredCount atomic.Int32
)

func lower(key string) string {
	if v, ok := lowered.Load(key); ok {
		return v.(string)
	}
	lk := strings.ToLower(key)
	if loweredCount.Load() < 4096 { // bound the cache: keys may come from anywhere
		if _, loaded := lowered.LoadOrStore(key, lk); !loaded {
			loweredCount.Add(1)
		}
	}
	return lk
}

// Has reports whether key (any case) is present with at least one value.
func (c Context) Has(key string) bool { return len(c.m[lower(key)]) > 0 }

// Lookup returns the values of a lower-cased key.
func (c Context) Lookup(lowerKey string) []string { return c.m[lowerKey] }

// Get returns the values of key in any case.
func (c Context) Get(key string) []string { return c.m[lower(key)] }

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
