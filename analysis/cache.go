package analysis

import "sync"

// memo is a map filled on demand and kept as long as its owner (an
// Analyzer, or one question's filter): never process-wide, so a server
// that drops an Analyzer drops its caches. It is safe for concurrent use;
// two goroutines asking for a key at once may both build it, and both get
// the value stored first.
type memo[K comparable, V any] struct{ m sync.Map }

func (c *memo[K, V]) get(k K, build func() V) V {
	if v, ok := c.load(k); ok {
		return v
	}
	return c.store(k, build())
}

// load and store are get in two steps, for hot paths that must not build
// a closure on every call.
func (c *memo[K, V]) load(k K) (V, bool) {
	v, ok := c.m.Load(k)
	if !ok {
		var zero V
		return zero, false
	}
	return v.(V), true
}

func (c *memo[K, V]) store(k K, v V) V {
	got, _ := c.m.LoadOrStore(k, v)
	return got.(V)
}
