package shardfile

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/shard"
)

// SchemaVersion names the JSON Schema of shard documents
// (docs/schema/shard-*.schema.json).
const SchemaVersion = "1"

// Header is what a shard document says about itself: which question,
// on which model, and which part. sekisho merge puts documents together
// only when all of it but the index agrees.
type Header struct {
	SchemaVersion string        `json:"schemaVersion"`
	Command       string        `json:"command"` // audit, graph, whocan
	Question      Question      `json:"question"`
	Model         ModelIdentity `json:"model"`
	Shard         Part          `json:"shard"`
}

// Question is the command's arguments and the flags given to it, but for
// --shard, --format (chosen at merge) and the model's paths (a model is
// named by its digest, so that shards can run where it is mounted at
// other paths).
type Question struct {
	Args  []string            `json:"args"`
	Flags map[string][]string `json:"flags"`
}

// ModelIdentity names a model by its files: the SHA-256 of every file's
// path (relative to the model directory) and content, and the same of the
// --aws-managed-policies directory when one is given.
type ModelIdentity struct {
	Digest string `json:"digest"`
	Files  int    `json:"files"`
}

// Part is one shard: index of count, as --shard gave it.
type Part struct {
	Index int    `json:"index"`
	Count int    `json:"count"`
	Split string `json:"split"` // how units are assigned to shards
}

// Split says how work units are assigned to shards (internal/shard).
const Split = "sha256-mod: unit key's SHA-256, first 8 bytes big-endian, modulo count"

// The shard documents, one type per command, for their schemas.
type (
	AuditShard struct {
		Header
		Answer analysis.AuditResult `json:"answer"`
	}
	GraphShard struct {
		Header
		Answer analysis.Graph `json:"answer"`
	}
	WhoCanShard struct {
		Header
		Answer analysis.WhoCanMatrix `json:"answer"`
	}
)

// Doc is a decoded shard document of one command.
type Doc interface{ Head() *Header }

func (d *AuditShard) Head() *Header  { return &d.Header }
func (d *GraphShard) Head() *Header  { return &d.Header }
func (d *WhoCanShard) Head() *Header { return &d.Header }

// kinds are the commands whose answers can be sharded: the type of
// their documents and how their parts are put together.
var kinds = map[string]struct {
	doc   func() Doc
	merge func([]Doc) (any, error)
}{
	"audit": {func() Doc { return &AuditShard{} }, func(ds []Doc) (any, error) {
		return analysis.MergeAudit(answers(ds, func(d *AuditShard) *analysis.AuditResult { return &d.Answer }))
	}},
	"graph": {func() Doc { return &GraphShard{} }, func(ds []Doc) (any, error) {
		return analysis.MergeGraph(answers(ds, func(d *GraphShard) *analysis.Graph { return &d.Answer }))
	}},
	"whocan": {func() Doc { return &WhoCanShard{} }, func(ds []Doc) (any, error) {
		return analysis.MergeWhoCanMatrix(answers(ds, func(d *WhoCanShard) *analysis.WhoCanMatrix { return &d.Answer }))
	}},
}

// answers are the documents' answers, in shard order.
func answers[D Doc, T any](ds []Doc, answer func(D) *T) []*T {
	out := make([]*T, len(ds))
	for i, d := range ds {
		out[i] = answer(d.(D))
	}
	return out
}

// Merge puts together the answers of assembled documents (Assemble) with
// the merge of their command.
func Merge(docs []Doc) (any, error) {
	if len(docs) == 0 {
		return nil, errcode.With(errcode.Shards, fmt.Errorf("no shard to merge"))
	}
	k, ok := kinds[docs[0].Head().Command]
	if !ok {
		return nil, fmt.Errorf("no command %q writes shards", docs[0].Head().Command)
	}
	out, err := k.merge(docs)
	if err != nil {
		return nil, errcode.With(errcode.Shards, err)
	}
	return out, nil
}

// Assemble reads every file and checks that they are the parts 0..n-1
// of one question on one model, each once; the documents come back in
// shard order.
func Assemble(paths []string) ([]Doc, error) {
	docs := make([]Doc, len(paths))
	for i, p := range paths {
		d, err := Read(p)
		if err != nil {
			return nil, err
		}
		docs[i] = d
	}
	first := docs[0].Head()
	byIndex := map[int]string{}
	for i, d := range docs {
		h := d.Head()
		if err := sameQuestion(paths[0], first, paths[i], h); err != nil {
			return nil, errcode.With(errcode.Shards, err)
		}
		if prev, dup := byIndex[h.Shard.Index]; dup {
			return nil, errcode.With(errcode.Shards, fmt.Errorf("%s and %s are both shard %d/%d", prev, paths[i], h.Shard.Index, h.Shard.Count))
		}
		byIndex[h.Shard.Index] = paths[i]
	}
	var missing []string
	for i := 0; i < first.Shard.Count; i++ {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, first.Shard.Count))
		}
	}
	if len(missing) > 0 {
		return nil, errcode.With(errcode.Shards, fmt.Errorf("shards missing: %s (given %d of %d; each of 0..%d must be given once)",
			strings.Join(missing, ", "), len(docs), first.Shard.Count, first.Shard.Count-1))
	}
	slices.SortFunc(docs, func(a, b Doc) int { return a.Head().Shard.Index - b.Head().Shard.Index })
	return docs, nil
}

// sameQuestion: shards merge only when they answer the same question of
// the same model in the same number of parts.
func sameQuestion(p1 string, a *Header, p2 string, b *Header) error {
	switch {
	case a.Command != b.Command:
		return fmt.Errorf("%s is a shard of %s, %s of %s: shards of different commands do not merge", p1, a.Command, p2, b.Command)
	case a.Model != b.Model:
		return fmt.Errorf("%s and %s were run on different models (%s of %d files, %s of %d files): run every shard on the same model", p1, p2, a.Model.Digest, a.Model.Files, b.Model.Digest, b.Model.Files)
	case !reflect.DeepEqual(a.Question, b.Question):
		return fmt.Errorf("%s and %s ask different questions (%s, %s): run every shard with the same arguments and flags", p1, p2, a.Question.describe(), b.Question.describe())
	case a.Shard.Count != b.Shard.Count:
		return fmt.Errorf("%s is a shard of %d, %s of %d: run every shard with the same COUNT", p1, a.Shard.Count, p2, b.Shard.Count)
	}
	return nil
}

func (q Question) describe() string {
	parts := append([]string{}, q.Args...)
	for _, k := range slices.Sorted(maps.Keys(q.Flags)) {
		for _, v := range q.Flags[k] {
			parts = append(parts, "--"+k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// Read reads one shard document: well-formed JSON whose every value
// has the type of the command's shard document (unknown or missing fields
// are errors with their line:column), of a known schema version and shard.
func Read(path string) (Doc, error) {
	src, err := readfile.Read(path, readfile.Shard)
	if err != nil {
		return nil, err
	}
	return Decode(path, src)
}

// Decode reads the shard document src, read from path (for messages).
func Decode(path string, src []byte) (Doc, error) {
	n, err := node.ParseJSONAs(src, readfile.Shard)
	if err != nil {
		return nil, inFile(path, err)
	}
	if n.Kind != node.Object {
		return nil, inFile(path, node.Errorf(n, node.Root, "expected a shard document (an object written by --shard), found %s", node.Describe(n)))
	}
	cmdNode := n.Get("command")
	if cmdNode == nil || cmdNode.Kind != node.String {
		return nil, inFile(path, node.Errorf(n, node.Root, "expected a shard document: no \"command\" (is this the output of --shard?)"))
	}
	kind, ok := kinds[cmdNode.Text]
	if !ok {
		return nil, inFile(path, node.Errorf(cmdNode, node.Root.Key("command"), "%s is not a command that writes shards: expected one of %s", node.Describe(cmdNode), strings.Join(slices.Sorted(maps.Keys(kinds)), ", ")))
	}
	doc := kind.doc()
	if err := checkShape(n, reflect.TypeOf(doc).Elem(), node.Root); err != nil {
		return nil, inFile(path, err)
	}
	if err := json.Unmarshal(src, doc); err != nil {
		return nil, inFile(path, err)
	}
	if err := checkHeader(n, doc.Head()); err != nil {
		return nil, inFile(path, err)
	}
	return doc, nil
}

func inFile(path string, err error) error {
	if e, ok := err.(*node.Error); ok {
		e.File = path
		return e
	}
	return fmt.Errorf("%s: %w", path, err)
}

// checkHeader: a schema version this Sekisho writes, a shard in range with
// the split this Sekisho makes, a model digest.
func checkHeader(n *node.Node, h *Header) error {
	at := func(p ...string) (*node.Node, node.Path) {
		cur, path := n, node.Root
		for _, k := range p {
			if next := cur.Get(k); next != nil {
				cur = next
			}
			path = path.Key(k)
		}
		return cur, path
	}
	switch {
	case h.SchemaVersion != SchemaVersion:
		v, p := at("schemaVersion")
		return node.Errorf(v, p, "shard schema version %q: this sekisho reads version %q (merge with the version that wrote the shards)", h.SchemaVersion, SchemaVersion)
	case h.Shard.Split != Split:
		v, p := at("shard", "split")
		return node.Errorf(v, p, "split %q: this sekisho splits by %q", h.Shard.Split, Split)
	case !strings.HasPrefix(h.Model.Digest, "sha256:") || len(h.Model.Digest) != len("sha256:")+64:
		v, p := at("model", "digest")
		return node.Errorf(v, p, "expected the model's digest, sha256: and 64 hex digits")
	}
	if _, err := shard.Parse(fmt.Sprintf("%d/%d", h.Shard.Index, h.Shard.Count)); err != nil {
		v, p := at("shard")
		return node.Errorf(v, p, "%v", err)
	}
	return nil
}
