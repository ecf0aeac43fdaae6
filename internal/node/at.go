package node

import "strings"

// At is a JSON path not written out until it is needed, for an error or
// to be kept: a parent place and one step below it. A walk makes an At
// for each value on its stack (fp := at.Key(k), then &fp to the callee),
// so that a walk over a million values that finds nothing wrong builds no
// path string at all.
type At struct {
	up    *At
	path  Path // the whole path, when up is nil
	key   string
	index int
	step  byte // 0: none (path), 'k': .key, 'i': [index]
}

// AtPath is the place at path p.
func AtPath(p Path) At { return At{path: p} }

// Key is the place of member k of the value at a.
func (a *At) Key(k string) At { return At{up: a, key: k, step: 'k'} }

// Index is the place of item i of the list at a.
func (a *At) Index(i int) At { return At{up: a, index: i, step: 'i'} }

// Path writes the path out. It returns new strings only, never one of
// a's: escape analysis does not tell an At's fields apart, so a string of
// a's in the result would make the walk's Ats escape with it to the heap.
func (a *At) Path() Path {
	switch a.step {
	case 'k':
		return a.up.Path().Key(a.key)
	case 'i':
		return a.up.Path().Index(a.index)
	}
	return Path(strings.Clone(string(a.path)))
}
