package casefile

import (
	"fmt"
	"path/filepath"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
)

// EachListed reads the cases of a JSON file that holds a list of cases one
// at a time, calling fn with each case as soon as it is read, so that a
// caller done with a case lets it go before the next is read: a file of
// many cases is never whole in memory as a tree. The cases and the errors
// are those of Parse, in the same order, except that the cases before an
// error have been handed to fn. An error of fn stops the reading and is
// returned as it is. listed is false, and nothing is read, for a file that
// is not a JSON list (YAML, one case, a policy document): read it with
// Parse or Decode. The cases' strings may share src's memory: src must
// not change while they are in use (read each file into bytes of its own,
// not into a buffer used again, as readfile.ReadInto allows).
func EachListed(src []byte, file string, fn func(*Case) error) (listed bool, err error) {
	if isYAML(file) {
		return false, nil
	}
	r := &reader{file: file, dir: filepath.Dir(file)}
	names := make(map[string]bool, namesHint(src))
	stopped := false // by fn
	listed, err = r.eachItem(src, readfile.Cases, func(i int, c *Case, item *node.Node) error {
		if item != nil { // not read by the fast reader
			p := node.Root.Index(i)
			if i == MaxCases {
				return node.Errorf(item, p, "more than %d cases in one file: split the cases into several files", MaxCases)
			}
			var err error
			if c, err = r.oneCase(item, p); err != nil {
				return err
			}
		}
		if !addName(names, c.Name) {
			return &node.Error{Path: node.Root.Index(i).Key("name"), Pos: c.Pos, Msg: fmt.Sprintf("duplicate case name %q in this file", c.Name)}
		}
		err := fn(c)
		stopped = err != nil
		return err
	})
	if stopped {
		return true, err
	}
	return listed, fileErr(err, file)
}

// addName adds name to names, reporting false when it was there: one
// hash of the name instead of two (a lookup, then a store), for each
// case of a long list.
func addName(names map[string]bool, name string) bool {
	n := len(names)
	names[name] = true
	return len(names) > n
}

// namesHint is the room to make for the case names of a list of cases
// in src: a case of a large file takes a kilobyte or more, and growing
// the map of 10,000 names a step at a time was a twentieth of reading
// them. It is only a hint: a map grows past it.
func namesHint(src []byte) int {
	return min(MaxCases, len(src)>>10)
}

// Each calls fn with every case of a file's content, in order: a JSON list
// is read one case at a time (EachListed: src must not change while the
// cases are in use), anything else whole (Parse).
func Each(src []byte, file string, fn func(*Case) error) error {
	if listed, err := EachListed(src, file, fn); listed || err != nil {
		return err
	}
	cases, err := Parse(src, file)
	if err != nil {
		return err
	}
	for _, c := range cases {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
