package node

import "github.com/sekisho/sekisho/internal/readfile"

// EachJSONItem reads src, when it holds a JSON array, one element at a
// time: fn is called with each element as soon as it is read, so that a
// caller done with an element lets it go before the next is read and a
// large file is never whole in memory as a tree. The elements, positions
// and errors are those of ParseJSON; an error of fn stops the reading and
// is returned as it is. isArray is false, and fn is never called, when
// src holds another value (or is not JSON): read it with ParseJSON.
func EachJSONItem(src []byte, fn func(i int, item *Node) error) (isArray bool, err error) {
	return eachJSONItem(src, readfile.Limit{}, fn)
}

func eachJSONItem(src []byte, l readfile.Limit, fn func(i int, item *Node) error) (isArray bool, err error) {
	p := newJSONParser(src)
	p.limit = valueLimit(l)
	p.skipSpace()
	if p.off >= len(p.src) || p.src[p.off] != '[' {
		return false, nil
	}
	stopped := false // by fn
	err = p.eachItem(0, func(i int, item *Node) error {
		err := fn(i, item)
		stopped = err != nil
		return err
	})
	if stopped {
		return true, err
	}
	if err == nil {
		err = p.end()
	}
	return true, syntaxError(err)
}

// end checks that nothing but white space follows the value read.
func (p *jsonParser) end() error {
	p.skipSpace()
	if p.off < len(p.src) {
		return p.errorf("unexpected %s after the end of the JSON value", p.describeNext())
	}
	return nil
}

// eachItem reads the array at p.off, at nesting depth, handing each
// element to fn as soon as it is read: array keeps them, EachJSONItem
// does not.
func (p *jsonParser) eachItem(depth int, fn func(i int, item *Node) error) error {
	p.off++ // '['
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.off++
		return nil
	}
	return p.itemsFrom(depth, 0, fn)
}

// itemsFrom reads the items of a list from item i, at p.off, to the list's
// end.
func (p *jsonParser) itemsFrom(depth, i int, fn func(i int, item *Node) error) error {
	for ; ; i++ {
		p.skipSpace()
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		if err := fn(i, v); err != nil {
			return err
		}
		if more, err := p.next(); !more || err != nil {
			return err
		}
	}
}

// next reads what follows an item of a list: true after a ',', false
// after the list's ']'.
func (p *jsonParser) next() (more bool, err error) {
	p.skipSpace()
	if p.off < len(p.src) && p.src[p.off] == ',' {
		p.off++
		return true, nil
	}
	if p.off < len(p.src) && p.src[p.off] == ']' {
		p.off++
		return false, nil
	}
	return false, p.errorf("expected ',' or ']' in list, got %s", p.describeNext())
}
