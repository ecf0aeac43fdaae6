package memo

import "sync"

// Map is a map filled on demand. Two goroutines asking for a key at once
// may both build its value; both get the value stored first, so a value
// once returned for a key is the one every later call returns. The zero
// Map is empty and ready to use.
type Map[K comparable, V any] struct {
	mu sync.RWMutex
	m  map[K]V
}

// Get returns k's value, building and storing it on the first call.
func (c *Map[K, V]) Get(k K, build func() V) V {
	if v, ok := c.Load(k); ok {
		return v
	}
	return c.Store(k, build())
}

// Load returns k's value if one is stored. Load and Store are Get in two
// steps, for hot paths that must not build a closure on every call.
func (c *Map[K, V]) Load(k K) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

// Store stores v for k unless a value is stored already, and returns the
// stored value.
func (c *Map[K, V]) Store(k K, v V) V {
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

// Delete drops k's value, so that the next Get builds it again: only for
// values whose builder makes them alike each time (a caller may hold the
// old value and get the new one), to bound what a long-lived cache keeps.
func (c *Map[K, V]) Delete(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, k)
}

// Each calls f for every stored value, in no particular order.
func (c *Map[K, V]) Each(f func(V)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, v := range c.m {
		f(v)
	}
}
