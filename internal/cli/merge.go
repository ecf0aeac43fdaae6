package cli

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sekisho/sekisho/analysis"
	"github.com/sekisho/sekisho/internal/errcode"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/internal/shard"
)

func init() { register(newMergeCommand) }

func newMergeCommand(env *environment) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "merge [--format F] SHARD.json...",
		Short: "Put together the shard documents of audit, graph or whocan --all-resources into the whole answer",
		Long: `Put together the documents that audit, graph and whocan --all-resources write
with --shard i/n into the answer the command gives without --shard, in any of
its formats, with its exit code (3 on audit findings, or with --fail-if-any).
Every shard 0..n-1 must be given exactly once, and all must ask the same
question (command, arguments, flags) of the same model (the digest of its
files); otherwise nothing is written and the exit code is 2.
docs/shards.md shows the shards run as a Kubernetes Indexed Job or an AWS
Batch array job.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			docs, err := readShards(args)
			if err != nil {
				return err
			}
			h := docs[0].head()
			answer, err := shardKinds[h.Command].merge(docs)
			if err != nil {
				return badInput(errcode.With(errcode.Shards, err))
			}
			var formatFlag *string
			if cmd.Flags().Changed("format") {
				formatFlag = &format
			}
			return replay(env, h, answer, formatFlag)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "output format, one the sharded command takes (default: the command's default, text)")
	return cmd
}

// shardDoc is a decoded shard document of one command.
type shardDoc interface{ head() *ShardHeader }

func (d *AuditShard) head() *ShardHeader  { return &d.ShardHeader }
func (d *GraphShard) head() *ShardHeader  { return &d.ShardHeader }
func (d *WhoCanShard) head() *ShardHeader { return &d.ShardHeader }

// shardKinds are the commands whose answers can be sharded: the type of
// their documents and how their parts are put together.
var shardKinds = map[string]struct {
	doc   func() shardDoc
	merge func([]shardDoc) (any, error)
}{
	"audit": {func() shardDoc { return &AuditShard{} }, func(ds []shardDoc) (any, error) {
		return analysis.MergeAudit(answers(ds, func(d *AuditShard) *analysis.AuditResult { return &d.Answer }))
	}},
	"graph": {func() shardDoc { return &GraphShard{} }, func(ds []shardDoc) (any, error) {
		return analysis.MergeGraph(answers(ds, func(d *GraphShard) *analysis.Graph { return &d.Answer }))
	}},
	"whocan": {func() shardDoc { return &WhoCanShard{} }, func(ds []shardDoc) (any, error) {
		return analysis.MergeWhoCanMatrix(answers(ds, func(d *WhoCanShard) *analysis.WhoCanMatrix { return &d.Answer }))
	}},
}

// answers are the documents' answers, in shard order.
func answers[D shardDoc, T any](ds []shardDoc, answer func(D) *T) []*T {
	out := make([]*T, len(ds))
	for i, d := range ds {
		out[i] = answer(d.(D))
	}
	return out
}

// replay runs the sharded command with the question's arguments and flags
// on the merged answer: it writes what the command writes unsharded, and
// returns its exit code.
func replay(env *environment, h *ShardHeader, answer any, format *string) error {
	menv := &environment{stdin: env.stdin, stdout: env.stdout, stderr: env.stderr, merged: answer}
	var cmd *cobra.Command
	for _, c := range commands {
		if cc := c(menv); cc.Name() == h.Command {
			cmd = cc
		}
	}
	if cmd == nil || cmd.RunE == nil {
		return badInput(fmt.Errorf("merge: no command %q", h.Command))
	}
	fl := cmd.Flags()
	for _, name := range sortedKeys(h.Question.Flags) {
		if err := setFlag(fl, name, h.Question.Flags[name]); err != nil {
			return badInput(errcode.With(errcode.Shards, fmt.Errorf("merge: the shards' question: --%s: %w", name, err)))
		}
	}
	if format != nil {
		if err := fl.Set("format", *format); err != nil {
			return badInput(err)
		}
	}
	if err := cmd.ValidateArgs(h.Question.Args); err != nil {
		return badInput(errcode.With(errcode.Shards, fmt.Errorf("merge: the shards' question: %w", err)))
	}
	if cmd.PreRunE != nil {
		if err := cmd.PreRunE(cmd, h.Question.Args); err != nil {
			return err
		}
	}
	return cmd.RunE(cmd, h.Question.Args)
}

// setFlag gives a flag the values a shard recorded: a list flag all of
// them as they were (no CSV splitting again), any other its one value.
func setFlag(fl *pflag.FlagSet, name string, values []string) error {
	f := fl.Lookup(name)
	if f == nil || notWithShard[name] {
		return fmt.Errorf("the command has no such flag")
	}
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		if err := sv.Replace(values); err != nil {
			return err
		}
		f.Changed = true
		return nil
	}
	if len(values) != 1 {
		return fmt.Errorf("expected one value, found %d", len(values))
	}
	return fl.Set(name, values[0])
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// readShards reads every file and checks that they are the parts 0..n-1
// of one question on one model, each once; the documents come back in
// shard order.
func readShards(paths []string) ([]shardDoc, error) {
	docs := make([]shardDoc, len(paths))
	for i, p := range paths {
		d, err := readShard(p)
		if err != nil {
			return nil, badInput(err)
		}
		docs[i] = d
	}
	first := docs[0].head()
	byIndex := map[int]string{}
	for i, d := range docs {
		h := d.head()
		if err := sameQuestion(paths[0], first, paths[i], h); err != nil {
			return nil, badInput(errcode.With(errcode.Shards, err))
		}
		if prev, dup := byIndex[h.Shard.Index]; dup {
			return nil, badInput(errcode.With(errcode.Shards, fmt.Errorf("%s and %s are both shard %d/%d", prev, paths[i], h.Shard.Index, h.Shard.Count)))
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
		return nil, badInput(errcode.With(errcode.Shards, fmt.Errorf("shards missing: %s (given %d of %d; each of 0..%d must be given once)",
			strings.Join(missing, ", "), len(docs), first.Shard.Count, first.Shard.Count-1)))
	}
	slices.SortFunc(docs, func(a, b shardDoc) int { return a.head().Shard.Index - b.head().Shard.Index })
	return docs, nil
}

// sameQuestion: shards merge only when they answer the same question of
// the same model in the same number of parts.
func sameQuestion(p1 string, a *ShardHeader, p2 string, b *ShardHeader) error {
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
	for _, k := range sortedKeys(q.Flags) {
		for _, v := range q.Flags[k] {
			parts = append(parts, "--"+k+"="+v)
		}
	}
	return strings.Join(parts, " ")
}

// readShard reads one shard document: well-formed JSON whose every value
// has the type of the command's shard document (unknown or missing fields
// are errors with their line:column), of a known schema version and shard.
func readShard(path string) (shardDoc, error) {
	src, err := readfile.Read(path, readfile.Shard)
	if err != nil {
		return nil, err
	}
	n, err := node.ParseJSON(src)
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
	kind, ok := shardKinds[cmdNode.Text]
	if !ok {
		return nil, inFile(path, node.Errorf(cmdNode, node.Root.Key("command"), "%s is not a command that writes shards: expected one of %s", node.Describe(cmdNode), strings.Join(sortedKeys(shardKinds), ", ")))
	}
	doc := kind.doc()
	if err := checkShape(n, reflect.TypeOf(doc).Elem(), node.Root); err != nil {
		return nil, inFile(path, err)
	}
	if err := json.Unmarshal(src, doc); err != nil {
		return nil, inFile(path, err)
	}
	if err := checkHeader(n, doc.head()); err != nil {
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
func checkHeader(n *node.Node, h *ShardHeader) error {
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
	case h.SchemaVersion != ShardSchemaVersion:
		v, p := at("schemaVersion")
		return node.Errorf(v, p, "shard schema version %q: this sekisho reads version %q (merge with the version that wrote the shards)", h.SchemaVersion, ShardSchemaVersion)
	case h.Shard.Split != splitName:
		v, p := at("shard", "split")
		return node.Errorf(v, p, "split %q: this sekisho splits by %q", h.Shard.Split, splitName)
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

// checkShape checks that a JSON tree has the shape of Go type t as
// encoding/json writes it: objects with exactly the struct's field names
// (those without omitempty present), values of the field's type.
func checkShape(n *node.Node, t reflect.Type, p node.Path) error {
	switch t.Kind() {
	case reflect.Pointer:
		if n.Kind == node.Null {
			return nil
		}
		return checkShape(n, t.Elem(), p)
	case reflect.Interface:
		return nil
	case reflect.String:
		return want(n, p, node.String, "a string")
	case reflect.Bool:
		return want(n, p, node.Bool, "true or false")
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Kind != node.Number || strings.ContainsAny(n.Text, ".eE") {
			return node.Errorf(n, p, "expected an integer, found %s", node.Describe(n))
		}
		return nil
	case reflect.Float64:
		return want(n, p, node.Number, "a number")
	case reflect.Slice:
		if n.Kind == node.Null {
			return nil
		}
		if err := want(n, p, node.Array, "a list"); err != nil {
			return err
		}
		for i, it := range n.Items {
			if err := checkShape(it, t.Elem(), p.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if n.Kind == node.Null {
			return nil
		}
		if err := want(n, p, node.Object, "an object"); err != nil {
			return err
		}
		for _, f := range n.Fields {
			if err := checkShape(f.Value, t.Elem(), p.Key(f.Key)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Struct:
		return checkStruct(n, t, p)
	}
	return node.Errorf(n, p, "internal error: no shape for %s", t)
}

func want(n *node.Node, p node.Path, k node.Kind, what string) error {
	if n.Kind != k {
		return node.Errorf(n, p, "expected %s, found %s", what, node.Describe(n))
	}
	return nil
}

type jsonField struct {
	typ      reflect.Type
	required bool
}

func checkStruct(n *node.Node, t reflect.Type, p node.Path) error {
	if err := want(n, p, node.Object, "an object"); err != nil {
		return err
	}
	fields := map[string]jsonField{}
	structFields(t, fields)
	for _, f := range n.Fields {
		jf, ok := fields[f.Key]
		if !ok {
			e := node.Errorf(f.Value, p.Key(f.Key), "unknown field %q: expected one of %s", f.Key, strings.Join(sortedKeys(fields), ", "))
			e.Pos = f.KeyPos
			return e
		}
		if err := checkShape(f.Value, jf.typ, p.Key(f.Key)); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(fields) {
		if fields[name].required && n.Get(name) == nil {
			return node.Errorf(n, p, "missing field %q", name)
		}
	}
	return nil
}

// structFields are the JSON members of a struct, with embedded structs'.
func structFields(t reflect.Type, out map[string]jsonField) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			structFields(f.Type, out)
			continue
		}
		if !f.IsExported() || tag == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = jsonField{typ: f.Type, required: !strings.Contains(opts, "omitempty")}
	}
}
