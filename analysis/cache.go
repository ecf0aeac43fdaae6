package analysis

import "sync"

// memo is a map filled on demand and kept as long as its owner (an
// Analyzer, or one question's filter): never process-wide, so a server
// that drops an Analyzer drops its caches. It is safe for concurrent use;
// two goroutines asking for a key at once may both build it, and both get
// the value stored first. A typed map under a read-write lock: a sync.Map
// hashes its keys as interfaces, which for the [2]string keys of
// resourceSide cost more than the lookups they save (a 1,000-account
// audit looks one up per bucket per instance and place).
type memo[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

func (c *memo[K, V]) get(k K, build func() V) V {
	if v, ok := c.load(k); ok {
		return v
	}
	return c.store(k, build())
}

// load and store are get in two steps, for hot paths that must not build
// a closure on every call.
func (c *memo[K, V]) load(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *memo[K, V]) store(k K, v V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if got, ok := c.m[k]; ok {
		return got
	}
	if c.m == nil {
		c.m = map[K]V{}
	}
	c.m[k] = v
	return v
}

// each calls f for every value, for tests.
func (c *memo[K, V]) each(f func(V)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, v := range c.m {
		f(v)
	}
}
