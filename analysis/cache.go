package analysis

import "sync"

// memo is a map filled on demand and kept as long as its owner (an
// Analyzer, or one question's filter): never process-wide, so a server
// that drops an Analyzer drops its caches. It is safe for concurrent use;
// two goroutines asking for a key at once may both build it, and both get
// the value stored first.
type memo[K comparable, V any] struct{ m sync.Map }

func (c *memo[K, V]) get(k K, build func() V) V {
	if v, ok := c.m.Load(k); ok {
		return v.(V)
	}
	v, _ := c.m.LoadOrStore(k, build())
	return v.(V)
}
