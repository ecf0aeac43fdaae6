package node

import "github.com/sekisho/sekisho/internal/readfile"

// An Arena holds the nodes, members and items of the trees parsed into it
// (ParseJSONIn), so that a reader of many files reuses one file's memory
// for the next instead of leaving it to the garbage collector: a model
// load of 1,000 accounts allocated 370 MB of trees (280 MB of nodes) for
// a model of 184 MB, and the collection those trees brought on was a
// fifth of the load's instructions.
//
// Reset hands the memory back for the next parse: every *Node, Items and
// Fields of the trees parsed into the arena since the last Reset is then
// invalid, and will be overwritten by later trees. A caller resets only
// once it holds no such reference, and nothing it gave one to does
// (strings are not in the arena: a Text or Key stays valid). An Arena is
// for one goroutine at a time; the zero Arena is ready to use.
type Arena struct {
	nodes, freeNodes   [][]Node
	fields, freeFields [][]Field
	items, freeItems   [][]*Node
	// names is the member names of the documents parsed into the arena
	// (jsonParser.name), kept across Reset: strings stay valid, and the
	// files of a model repeat their names (a table and its strings per
	// file were 14 MB at 1,000 accounts).
	names map[string]string
}

// Clone returns a copy of the tree n in memory of its own, positions and
// marks included (strings are shared: they are not in an arena), for a
// caller that keeps a tree parsed into an arena past its Reset.
func Clone(n *Node) *Node {
	c := *n
	if n.Items != nil {
		c.Items = make([]*Node, len(n.Items))
		for i, it := range n.Items {
			c.Items[i] = Clone(it)
		}
	}
	if n.Fields != nil {
		c.Fields = make([]Field, len(n.Fields))
		for i, f := range n.Fields {
			c.Fields[i] = Field{Key: f.Key, KeyPos: f.KeyPos, Value: Clone(f.Value)}
		}
	}
	return &c
}

// ParseJSONIn is ParseJSONAs, with the tree's nodes, members and items in
// a (see Arena for when they stay valid).
func ParseJSONIn(src []byte, l readfile.Limit, a *Arena) (*Node, error) {
	return parseJSONAs(src, l, a)
}

// Reset makes the memory of every tree parsed into a since the last Reset
// free for the next parses, cleared (a stale reference would read zero
// values or another tree's, never memory the collector freed).
func (a *Arena) Reset() {
	a.freeNodes, a.nodes = recycle(a.freeNodes, a.nodes)
	a.freeFields, a.fields = recycle(a.freeFields, a.fields)
	a.freeItems, a.items = recycle(a.freeItems, a.items)
}

// recycle clears the slabs of used, appends them to free, and returns
// both (used emptied).
func recycle[T any](free, used [][]T) ([][]T, [][]T) {
	for _, s := range used {
		s = s[:cap(s)]
		clear(s)
		free = append(free, s[:0])
	}
	clear(used)
	return free, used[:0]
}

// slab returns an empty slab of capacity at least want: the arena's last
// freed one if it is large enough, else a new one of capacity size (the
// parser's doubling size, at least want), so that a short document, or
// one whose tree is kept, pays for no more than without an arena. It
// counts as used until Reset.
func slab[T any](free, used *[][]T, want, size int) []T {
	var s []T
	if n := len(*free); n > 0 && cap((*free)[n-1]) >= want {
		s = (*free)[n-1]
		(*free)[n-1] = nil
		*free = (*free)[:n-1]
	} else {
		s = make([]T, 0, max(want, size))
	}
	*used = append(*used, s)
	return s
}
