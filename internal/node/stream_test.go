package node_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/sekisho/sekisho/internal/node"
)

// FuzzEachJSONItem: reading a list one element at a time is reading it
// whole: the same elements (values and positions) for what ParseJSON
// accepts, the same error for what it rejects, nothing for what is not a
// list.
func FuzzEachJSONItem(f *testing.F) {
	for _, s := range eachSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) { checkEach(t, src) })
}

var eachSeeds = []string{
	`[]`, ` [ {"a": 1}, [2, 3], "x" ] `, `[1,]`, `[1 2]`, `[{"a":1,"a":2}]`, `[1] x`, `[`, `{"a":[1]}`, `"s"`, ``,
	"[\n {\"name\": \"a\"},\n {\"name\": \"b\"}\n]",
}

func TestEachJSONItem(t *testing.T) {
	t.Parallel()
	for _, s := range eachSeeds {
		checkEach(t, []byte(s))
	}
}

func checkEach(t *testing.T, src []byte) {
	whole, wholeErr := node.ParseJSON(src)
	var items []*node.Node
	listed, err := node.EachJSONItem(src, func(i int, item *node.Node) error {
		if i != len(items) {
			t.Fatalf("%q: element %d handed as %d", src, len(items), i)
		}
		items = append(items, item)
		return nil
	})
	if !listed {
		if len(items) > 0 || err != nil {
			t.Fatalf("%q: not a list, yet %d elements, error %v", src, len(items), err)
		}
		if wholeErr == nil && whole.Kind == node.Array {
			t.Fatalf("%q: a list read as not one", src)
		}
		return
	}
	if (err == nil) != (wholeErr == nil) || err != nil && err.Error() != wholeErr.Error() {
		t.Fatalf("%q: one at a time: %v; whole: %v", src, err, wholeErr)
	}
	if err == nil && !reflect.DeepEqual(items, append([]*node.Node(nil), whole.Items...)) {
		t.Fatalf("%q: elements differ from ParseJSON's", src)
	}
}

// TestEachJSONItemStops: an error of fn ends the reading and comes back as
// it is, not as a syntax error.
func TestEachJSONItemStops(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	seen := 0
	listed, err := node.EachJSONItem([]byte(`[1, 2, 3, oops`), func(i int, _ *node.Node) error {
		seen++
		if i == 1 {
			return stop
		}
		return nil
	})
	if !listed || err != stop || seen != 2 {
		t.Fatalf("listed %v, err %v, %d seen; want true, stop, 2", listed, err, seen)
	}
}
