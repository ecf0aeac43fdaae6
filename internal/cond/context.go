package cond

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Context holds the condition keys of a request. Keys are stored
// lower-cased because context key names are case-insensitive (IAM User
// Guide, "IAM JSON policy elements: Condition").
//
// The keys are a list in the order first set, looked up by a scan: a
// request holds a dozen or two (those of the case or call, and the ten or
// so Sekisho derives), and a hash map of that size was two of a
// request's largest allocations and its lookups a hash each; past
// indexedKeys keys a map indexes the list, so a request of many keys is
// still read in constant time per lookup.
type Context struct {
	d *contextData // behind one pointer, so a Context stays one word
}

type contextData struct {
	entries []entry
	index   map[string]int // lower-cased key → entries, once len(entries) > indexedKeys
	lists   int            // entries with list set
}

// entry is one key.
type entry struct {
	lower  string   // the key lower-cased
	name   string   // the key as first written, for explanations
	values []string // none: the key counts as absent
	// list is set for a key given as a list: multivalued, even with one
	// value. A key with several values is multivalued whatever it holds.
	list bool
}

// indexedKeys is the number of keys up to which a scan finds a key sooner
// than hashing it.
const indexedKeys = 24

// NewContext returns an empty context.
func NewContext() Context { return NewContextSize(0) }

// NewContextSize returns an empty context with room for n keys.
func NewContextSize(n int) Context {
	d := &contextData{}
	if n > 0 {
		d.entries = make([]entry, 0, n)
	}
	return Context{d: d}
}

// Reset empties c for reuse with room for n keys and returns it (a new
// Context when c is the zero Context), for a caller that builds requests
// one after another, done with each before the next (eval's
// Compiler.DecideTransient). The values it held are not touched: they are
// the caller's, and what an explanation keeps of them stays valid.
func (c Context) Reset(n int) Context {
	if c.d == nil {
		return NewContextSize(n)
	}
	clear(c.d.entries) // what they point to is no longer kept alive
	c.d.entries = slices.Grow(c.d.entries[:0], n)
	c.d.index, c.d.lists = nil, 0
	return c
}

// find returns the entry of a lower-cased key, or nil.
func (c Context) find(lowerKey string) *entry {
	if c.d == nil {
		return nil
	}
	if c.d.index != nil {
		if i, ok := c.d.index[lowerKey]; ok {
			return &c.d.entries[i]
		}
		return nil
	}
	for i := range c.d.entries {
		if e := &c.d.entries[i]; e.lower == lowerKey {
			return e
		}
	}
	return nil
}

// lookup returns the values of a lower-cased key.
func (c Context) lookup(lowerKey string) []string {
	if e := c.find(lowerKey); e != nil {
		return e.values
	}
	return nil
}

// Set sets key to values (a key with no values counts as absent). One
// value is a single value; several are a list.
func (c Context) Set(key string, values ...string) { c.set(key, values, false) }

// SetList sets key to a list of values: the key is multivalued even when
// the list has one value, as AWS's simulator takes a context entry of a
// list type (SimulateCustomPolicy, ContextKeyType "stringList" and the like).
func (c Context) SetList(key string, values ...string) { c.set(key, values, true) }

func (c Context) set(key string, values []string, list bool) {
	lk := lower(key)
	e := c.find(lk)
	if e == nil {
		e = c.add(lk, key)
	}
	c.update(e, values, list)
}

// SetAbsent sets key to values, as Set does, when the key has no value
// yet (Has is false), and reports whether it did: Has and Set in one
// lookup, for the keys a request derives unless they are given.
func (c Context) SetAbsent(key string, values ...string) bool {
	return c.SetAbsentLower(lower(key), key, values)
}

// SetAbsentLower is SetAbsent for a key whose lower-cased form lowerKey
// the caller has at hand (the keys a request derives are constants):
// lowering a key looks it up in a cache shared by every goroutine, a
// dozen times per request.
func (c Context) SetAbsentLower(lowerKey, key string, values []string) bool {
	lk := lowerKey
	e := c.find(lk)
	switch {
	case e == nil:
		e = c.add(lk, key)
	case len(e.values) > 0:
		return false
	}
	c.update(e, values, false)
	return true
}

// add appends a key with no value and returns its entry.
func (c Context) add(lk, key string) *entry {
	d := c.d
	d.entries = append(d.entries, entry{lower: lk, name: key})
	switch {
	case d.index != nil:
		d.index[lk] = len(d.entries) - 1
	case len(d.entries) > indexedKeys:
		d.index = make(map[string]int, 2*len(d.entries))
		for i := range d.entries {
			d.index[d.entries[i].lower] = i
		}
	}
	return &d.entries[len(d.entries)-1]
}

// update sets the values of an entry.
func (c Context) update(e *entry, values []string, list bool) {
	if e.list != list {
		if list {
			c.d.lists++
		} else {
			c.d.lists--
		}
	}
	e.values, e.list = values, list
}

// IsList reports whether a lower-cased key holds a list of values (given
// as a list, or with more than one value) rather than a single value.
func (c Context) IsList(lowerKey string) bool { return c.isList(lowerKey, c.lookup(lowerKey)) }

// isList is IsList for the values v of the key, already looked up: with no
// key given as a list, it costs one comparison.
func (c Context) isList(lowerKey string, v []string) bool {
	return len(v) > 1 || len(v) == 1 && c.listed(lowerKey)
}

// listed reports whether a lower-cased key was given as a list.
func (c Context) listed(lowerKey string) bool {
	if c.d == nil || c.d.lists == 0 {
		return false
	}
	e := c.find(lowerKey)
	return e != nil && e.list
}

// Name returns a lower-cased key as it was first written.
func (c Context) Name(lowerKey string) string {
	if c.d == nil {
		return lowerKey
	}
	for i := range c.d.entries {
		if n := c.d.entries[i].name; len(n) == len(lowerKey) && strings.EqualFold(n, lowerKey) {
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
func (c Context) Has(key string) bool { return len(c.lookup(lower(key))) > 0 }

// Lookup returns the values of a lower-cased key.
func (c Context) Lookup(lowerKey string) []string { return c.lookup(lowerKey) }

// Get returns the values of key in any case.
func (c Context) Get(key string) []string { return c.lookup(lower(key)) }

// Keys returns the lower-cased keys present, in no particular order.
func (c Context) Keys() []string {
	if c.d == nil {
		return []string{}
	}
	out := make([]string, 0, len(c.d.entries))
	for i := range c.d.entries {
		out = append(out, c.d.entries[i].lower)
	}
	return out
}

// Resolve returns the value of a policy variable: present only when the key
// has a single value, since a multivalued key cannot be a variable (IAM
// User Guide, "Single-valued vs. multivalued context keys": "you can't use
// a multivalued context key as a policy variable"), a list of one included.
func (c Context) Resolve(lowerKey string) (string, bool) {
	e := c.find(lowerKey)
	if e == nil || len(e.values) != 1 || e.list {
		return "", false
	}
	return e.values[0], true
}
