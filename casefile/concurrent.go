package casefile

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// EachConcurrent is Each with the work on each case done on up to workers
// goroutines while the file is still being read (EachListedConcurrent);
// fn is called on the calling goroutine, in file order. A file that is
// not a JSON list is read whole, and work and fn are called in turn. src
// must not change while the cases are in use (EachListed).
func EachConcurrent[T any](src []byte, file string, workers int, work func(*Case) (T, error), fn func(*Case, T) error) error {
	if listed, err := EachListedConcurrent(src, file, workers, work, fn); listed || err != nil {
		return err
	}
	cases, err := Parse(src, file)
	if err != nil {
		return err
	}
	for _, c := range cases {
		v, err := work(c)
		if err != nil {
			return err
		}
		if err := fn(c, v); err != nil {
			return err
		}
	}
	return nil
}

// EachListedConcurrent reads a JSON list of cases as EachListed does and
// has work done on each case on up to workers goroutines: one goroutine
// reads the list into trees, the workers build each case from its tree and
// call work, and fn is called on the calling goroutine with each case and
// its work's value, in file order. The cases, the errors and the error
// returned are those of EachListed with an fn calling work and then fn:
// the first in file order (reading a case, a duplicate name, work, fn,
// then the file's syntax), so a run is as deterministic as one goroutine's.
// Work may be done on cases after the one that fails, and its values are
// dropped; work must be safe for concurrent use. At most a few batches of
// cases per worker are in flight, so the file is still never whole in
// memory as a tree. workers < 2 is EachListed. As with EachListed, src
// must not change while the cases are in use.
func EachListedConcurrent[T any](src []byte, file string, workers int, work func(*Case) (T, error), fn func(*Case, T) error) (listed bool, err error) {
	if workers < 2 {
		return EachListed(src, file, func(c *Case) error {
			v, err := work(c)
			if err != nil {
				return err
			}
			return fn(c, v)
		})
	}
	if isYAML(file) {
		return false, nil
	}
	p := &pipeline[T]{
		r:     &reader{file: file, dir: filepath.Dir(file)},
		work:  work,
		todo:  make(chan *batch[T], 2*workers),
		order: make(chan *batch[T], 2*workers+2),
		stop:  make(chan struct{}),
	}
	var wg sync.WaitGroup
	wg.Go(func() { p.read(src) })
	for range workers {
		wg.Go(p.decide)
	}
	err = p.collect(file, namesHint(src), fn)
	if err != nil {
		close(p.stop)
	}
	wg.Wait() // before listed and the syntax error are read
	if err != nil {
		return true, err
	}
	return p.listed, fileErr(p.syntaxErr, file)
}

// batchSize is the cases a worker takes at once: enough that handing them
// over costs little, few enough that both cores have work from the start.
const batchSize = 32

// pipeline is one run of EachListedConcurrent.
type pipeline[T any] struct {
	r     *reader
	work  func(*Case) (T, error)
	todo  chan *batch[T] // batches to decide, to the workers
	order chan *batch[T] // the same batches in file order, to collect
	stop  chan struct{}  // closed when collect has its error

	listed    bool  // set by read before it closes order
	syntaxErr error // the same
}

// batch is consecutive items of the list, from start.
type batch[T any] struct {
	start int
	items []*node.Node // an item's tree, or nil when it is read (cases)
	cases []*Case      // an item's case, read by the fast reader (eachItem)
	slots []slot[T]
	ready chan struct{} // closed when every slot is filled
}

// slot is what became of one item.
type slot[T any] struct {
	c    *Case
	v    T
	err  error
	read bool // err is reading the case, not work's
}

var errStopped = errors.New("stopped")

// read reads the list, handing the items over in batches.
func (p *pipeline[T]) read(src []byte) {
	defer close(p.todo)
	defer close(p.order)
	var b *batch[T]
	send := func() bool {
		for _, ch := range []chan *batch[T]{p.order, p.todo} {
			select {
			case ch <- b:
			case <-p.stop:
				return false
			}
		}
		b = nil
		return true
	}
	// A case file's bound on values, as on one goroutine (EachListed):
	// this read once took the reader's default, a model file's eight
	// times larger, so a file refused by one reader passed the other.
	listed, err := p.r.eachItem(src, readfile.Cases, func(i int, c *Case, item *node.Node) error {
		if b == nil {
			b = &batch[T]{start: i, ready: make(chan struct{})}
		}
		b.items = append(b.items, item)
		b.cases = append(b.cases, c)
		if i == MaxCases { // the error of this item (decide) ends the file
			send()
			return errStopped
		}
		if len(b.items) == batchSize && !send() {
			return errStopped
		}
		return nil
	})
	if err == errStopped {
		err = nil
	} else if b != nil {
		send()
	}
	p.listed, p.syntaxErr = listed, err
}

// decide builds the cases of batches and does their work.
func (p *pipeline[T]) decide() {
	for b := range p.todo {
		b.slots = make([]slot[T], len(b.items))
		for j, item := range b.items {
			select {
			case <-p.stop:
				continue // the run has failed: nobody reads the slots
			default:
			}
			s, i, c := &b.slots[j], b.start+j, b.cases[j]
			if item != nil {
				path := node.Root.Index(i)
				if i == MaxCases {
					s.err, s.read = node.Errorf(item, path, "more than %d cases in one file: split the cases into several files", MaxCases), true
					continue
				}
				var err error
				if c, err = p.r.oneCase(item, path); err != nil {
					s.err, s.read = err, true
					continue
				}
			}
			s.c = c
			s.v, s.err = p.work(c)
		}
		b.items, b.cases = nil, nil // the trees are garbage now
		close(b.ready)
	}
}

// collect hands the cases to fn in file order; it returns the first error.
func (p *pipeline[T]) collect(file string, hint int, fn func(*Case, T) error) error {
	names := make(map[string]bool, hint)
	for b := range p.order {
		<-b.ready
		for j := range b.slots {
			s := &b.slots[j]
			if s.read {
				return fileErr(s.err, file)
			}
			if !addName(names, s.c.Name) {
				path := node.Root.Index(b.start + j).Key("name")
				return fileErr(&node.Error{Path: path, Pos: s.c.Pos, Msg: fmt.Sprintf("duplicate case name %q in this file", s.c.Name)}, file)
			}
			if s.err != nil {
				return s.err
			}
			if err := fn(s.c, s.v); err != nil {
				return err
			}
			*s = slot[T]{}
		}
	}
	return nil
}
