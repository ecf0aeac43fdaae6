package server

import (
	"container/list"
	"crypto/sha256"
	"strconv"
	"sync"
	"unsafe"

	"github.com/sekisho/sekisho/eval"
)

// preparedCache keeps compiled policy sets of SimulateCustomPolicy calls
// by the SHA-256 digest of their documents, so that a client that asks
// about the same policies again (a test suite, a load test, the
// playground as one types) does not parse and compile them again. It is
// a least-recently-used cache bounded twice: at most maxEntries sets, and
// at most maxBytes of policy text behind them (a compiled set grows with
// its documents, and one document may be 131,072 characters).
type preparedCache struct {
	mu         sync.Mutex
	maxEntries int
	maxBytes   int
	bytes      int
	order      *list.List // of *cacheEntry, most recently used first
	m          map[[32]byte]*list.Element
}

type cacheEntry struct {
	key   [32]byte
	p     *eval.Prepared
	bytes int
}

func newPreparedCache(maxEntries, maxBytes int) *preparedCache {
	return &preparedCache{maxEntries: maxEntries, maxBytes: maxBytes, order: list.New(), m: map[[32]byte]*list.Element{}}
}

// get returns the set compiled for the call's documents, building and
// keeping it when it is not there. Errors are not kept.
func (c *preparedCache) get(in *simulateInput, build func() (*eval.Prepared, error)) (*eval.Prepared, error) {
	key, size := documentsKey(in)
	c.mu.Lock()
	if e, ok := c.m[key]; ok {
		c.order.MoveToFront(e)
		p := e.Value.(*cacheEntry).p
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	p, err := build()
	if err != nil {
		return nil, err
	}
	c.put(key, p, size)
	return p, nil
}

func (c *preparedCache) put(key [32]byte, p *eval.Prepared, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; ok || size > c.maxBytes {
		return // built twice at once, or too large to keep
	}
	c.m[key] = c.order.PushFront(&cacheEntry{key: key, p: p, bytes: size})
	c.bytes += size
	for c.order.Len() > c.maxEntries || c.bytes > c.maxBytes {
		oldest := c.order.Back()
		e := oldest.Value.(*cacheEntry)
		c.order.Remove(oldest)
		delete(c.m, e.key)
		c.bytes -= e.bytes
	}
}

// len is the number of sets kept.
func (c *preparedCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// documentsKey digests every document of a call with the parameter it
// came in, lengths first so that no two different calls collide by
// concatenation, and returns their total size.
func documentsKey(in *simulateInput) ([32]byte, int) {
	h := sha256.New()
	var num [24]byte
	size := 0
	write := func(tag byte, docs []string) {
		h.Write(append(strconv.AppendInt(append(num[:0], tag, ':'), int64(len(docs)), 10), ':'))
		for _, d := range docs {
			h.Write(append(strconv.AppendInt(num[:0], int64(len(d)), 10), ':'))
			h.Write(stringBytes(d))
			size += len(d)
		}
	}
	write('p', in.policies)
	write('b', in.boundaries)
	for _, l := range in.scpLevels {
		write('s', l)
	}
	write('r', []string{in.resourcePolicy})
	var k [32]byte
	h.Sum(k[:0])
	return k, size
}

// stringBytes is s's bytes without a copy, for a Write that, as io.Writer
// requires, neither modifies nor retains them: the documents are hashed on
// every call, and copying each into a new slice was an allocation of its
// size.
func stringBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }
