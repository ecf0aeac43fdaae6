package server

import (
	"crypto/sha256"
	"strconv"
	"sync"

	"github.com/sekisho/sekisho/eval"
)

// preparedCache keeps compiled policy sets of SimulateCustomPolicy calls
// by the digest of their documents, so that a client that asks about the
// same policies again (a test suite, a load test, the playground as one
// types) does not parse and compile them again. It holds at most max
// sets; when full, it starts over (simple, and bounded).
type preparedCache struct {
	mu  sync.RWMutex
	max int
	m   map[[32]byte]*eval.Prepared
}

func newPreparedCache(max int) *preparedCache {
	return &preparedCache{max: max, m: map[[32]byte]*eval.Prepared{}}
}

func (c *preparedCache) get(in *simulateInput, build func() (*eval.Prepared, error)) (*eval.Prepared, error) {
	key := documentsKey(in)
	c.mu.RLock()
	p := c.m[key]
	c.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	p, err := build()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = map[[32]byte]*eval.Prepared{}
	}
	c.m[key] = p
	c.mu.Unlock()
	return p, nil
}

// documentsKey digests every document of a call with the parameter it
// came in, lengths first so that no two different calls collide by
// concatenation.
func documentsKey(in *simulateInput) [32]byte {
	h := sha256.New()
	write := func(tag string, docs []string) {
		h.Write([]byte(tag + ":" + strconv.Itoa(len(docs)) + ":"))
		for _, d := range docs {
			h.Write([]byte(strconv.Itoa(len(d)) + ":"))
			h.Write([]byte(d))
		}
	}
	write("p", in.policies)
	write("b", in.boundaries)
	for _, l := range in.scpLevels {
		write("s", l)
	}
	write("r", []string{in.resourcePolicy})
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k
}
