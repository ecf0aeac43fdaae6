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
	m    map[string][]string
	meta *contextMeta // behind one pointer, so a Context stays two words
}

type contextMeta struct {
	names []string // the keys as first written, for explanations
	// lists holds the keys given as lists: multivalued, even with one
	// value. A key with several values is multivalued whatever it holds.
	lists map[string]bool
}

// NewContext returns an empty context.
func NewContext() Context { return NewContextSize(0) }

// NewContextSize returns an empty context with room for n keys.
func NewContextSize(n int) Context {
	return Context{m: make(map[string][]string, n), meta: &contextMeta{names: make([]string, 0, n)}}
}

// Set sets key to values (a key with no values counts as absent). One
// value is a single value; several are a list.
func (c Context) Set(key string, values ...string) {
	lk := c.set(key, values)
	delete(c.meta.lists, lk)
}

// SetList sets key to a list of values: the key is multivalued even when
// the list has one value, as AWS's simulator takes a context entry of a
// list type (SimulateCustomPolicy, ContextKeyType "stringList" and the like).
func (c Context) SetList(key string, values ...string) {
	lk := c.set(key, values)
	if c.meta.lists == nil {
		c.meta.lists = map[string]bool{}
	}
	c.meta.lists[lk] = true
}

func (c Context) set(key string, values []string) string {
	lk := lower(key)
	if _, ok := c.m[lk]; !ok {
		c.meta.names = append(c.meta.names, key)
	}
	c.m[lk] = values
	return lk
}

// IsList reports whether a lower-cased key holds a list of values (given
// as a list, or with more than one value) rather than a single value.
func (c Context) IsList(lowerKey string) bool { return c.isList(lowerKey, c.m[lowerKey]) }

// isList is IsList for the values v of the key, already looked up: with no
// key given as a list, it costs one comparison.
func (c Context) isList(lowerKey string, v []string) bool {
	return len(v) > 1 || len(v) == 1 && len(c.meta.lists) > 0 && c.meta.lists[lowerKey]
}

// Name returns a lower-cased key as it was first written.
func (c Context) Name(lowerKey string) string {
	for _, n := range c.meta.names {
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
// has a single value, since a multivalued key cannot be a variable (IAM
// User Guide, "Single-valued vs. multivalued context keys": "you can't use
// a multivalued context key as a policy variable"), a list of one included.
func (c Context) Resolve(lowerKey string) (string, bool) {
	v := c.m[lowerKey]
	if len(v) != 1 || len(c.meta.lists) > 0 && c.meta.lists[lowerKey] {
		return "", false
	}
	return v[0], true
}
