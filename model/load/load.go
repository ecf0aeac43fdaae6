package load

import (
	"github.com/sekisho/sekisho/internal/errcode"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/model"
)

// Options tune Load.
type Options struct {
	// AWSManagedDir holds AWS managed policy documents, one file per policy
	// named POLICY-NAME.json in the `aws iam get-policy-version` shape, read
	// when a principal's policies are gathered. Documents the model files
	// carry take precedence.
	AWSManagedDir string
}

// Errors is every problem Load found, sorted by file and position.
type Errors []*node.Error

// ErrorCode is the errors' stable code (docs/errors.md).
func (es Errors) ErrorCode() errcode.Code { return errcode.ModelFiles }

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Load reads a model from a file or a directory. A directory's .json,
// .yaml and .yml files are read recursively and merged; each file's kind
// is recognized from its shape (see Sniff), policy documents are read
// through the native files that refer to them (one no file refers to is an
// error), and any other file is an error. A directory may hold several
// collected directories (the shards of `sekisho collect --shard`): the
// model is their union (union.go). After reading, every reference is
// resolved: a dangling one is an error.
func Load(path string, opt Options) (*model.Model, error) {
	files, sizes, size, err := modelFiles(path)
	if err != nil {
		return nil, err
	}
	if err := checkMemory(path, size); err != nil {
		return nil, err
	}
	defer loadGC(size)()
	read := func(f string) ([]byte, error) { return readfile.Read(f, readfile.Model) }
	skip, err := unionPlan(files, read)
	if err != nil {
		return nil, err
	}
	b := newBuilder(opt)
	readInto := func(f string, buf []byte) ([]byte, error) {
		if sizes[f] >= 0 { // a regular file when walked
			return readfile.ReadRegular(f, readfile.Model, buf)
		}
		return readfile.ReadInto(f, readfile.Model, buf)
	}
	err = parseFiles(without(files, skip), func(f string) int64 { return sizes[f] }, readInto, b.use)
	if err != nil {
		return nil, err
	}
	return b.finish()
}

// LoadFiles reads a model from the given contents (file name → content),
// for tests and generated models.
func LoadFiles(files map[string][]byte, opt Options) (*model.Model, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	size := 0
	for _, src := range files {
		size += len(src)
	}
	defer loadGC(int64(size))()
	skip, err := unionPlan(names, func(n string) ([]byte, error) { return files[n], nil })
	if err != nil {
		return nil, err
	}
	b := newBuilder(opt)
	sizeOf := func(name string) int64 { return int64(len(files[name])) }
	err = parseFiles(without(names, skip), sizeOf, func(name string, _ []byte) ([]byte, error) { return files[name], nil }, b.use)
	if err != nil {
		return nil, err
	}
	return b.finish()
}

// without is files less those of skip (the duplicate copies unionPlan found).
func without(files []string, skip map[string]bool) []string {
	if len(skip) == 0 {
		return files
	}
	out := make([]string, 0, len(files)-len(skip))
	for _, f := range files {
		if !skip[filepath.ToSlash(f)] {
			out = append(out, f)
		}
	}
	return out
}

// modelFiles lists the files of a model, the size of each as the walk
// found it (readfile.WalkSizes: -1 when not a regular file; parseFiles
// weighs the files it parses ahead by it) and their total size (for
// loadGC).
func modelFiles(path string) ([]string, map[string]int64, int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, 0, err
	}
	if !info.IsDir() {
		return []string{path}, map[string]int64{path: -1}, info.Size(), nil // read as ReadInto reads it
	}
	files, sizes, size, err := readfile.WalkSizes(path, dirLimit, func(p string, d fs.DirEntry) bool { return !d.IsDir() && isDataFile(p) })
	if err != nil {
		return nil, nil, 0, err
	}
	sizeOf := make(map[string]int64, len(files))
	for i, f := range files {
		sizeOf[f] = sizes[i]
	}
	sort.Strings(files)
	return files, sizeOf, size, nil
}

// dirLimit bounds a model directory (a variable for the tests' small
// limits).
var dirLimit = readfile.ModelDir

func isDataFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return false
}

// use reads one parsed file (or records its parse error) into the
// builder, and reports whether the tree's memory may be reused (addTree).
func (b *builder) use(f string, n *node.Node, pre prepared, err error) (release bool) {
	release = true // a tree not read is not kept
	if err == nil {
		release, err = b.addTree(f, n, pre)
	}
	if err != nil {
		b.fail(err)
	}
	return release
}

// parseTree parses a file; a JSON file's tree is in arena.
func parseTree(file string, src []byte, arena *node.Arena) (*node.Node, error) {
	var n *node.Node
	var err error
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		n, err = node.ParseYAMLAs(src, readfile.Model)
	default:
		n, err = node.ParseJSONIn(src, readfile.Model, arena)
	}
	if e, ok := err.(*node.Error); ok && e.File == "" {
		e.File = file
	}
	return n, err
}

// addTree reads one file's tree into the builder: a file of the collected
// layout by its name (docs/collect-layout.md), any other by its shape.
// release reports that nothing keeps a reference into the tree
// (format.frees, or the file was refused before it was read).
func (b *builder) addTree(file string, n *node.Node, pre prepared) (release bool, err error) {
	r := &reader{file: file, dir: filepath.Dir(file), referenced: b.referenced, pre: pre}
	pl, err := placeOf(file)
	if err != nil {
		return true, r.errf(n, node.Root, "%v", err)
	}
	f, err := r.format(pl, n)
	if err != nil {
		return true, err
	}
	r.place = pl
	return f.frees, f.read(b, r, n)
}

// format finds the format of a file from its place and shape.
func (r *reader) format(pl place, n *node.Node) (*format, error) {
	if pl.ic != nil {
		return iamCollectFormat, nil // iam-collect files hold lists as well as objects: each reader checks its file
	}
	if pl.layout == "" {
		return r.looseFormat(n)
	}
	f := byLayout[pl.layout]
	if f == nil {
		prefix := ""
		if pl.orgs {
			prefix = "organizations/"
		}
		return nil, r.errf(n, node.Root, "%s is not a file of the collected layout: expected one of %s (docs/collect-layout.md)",
			strings.TrimPrefix(pl.layout, prefix), layoutNames(prefix))
	}
	switch {
	case f.scope == globalScope && pl.region != "":
		return nil, r.errf(n, node.Root, "%s belongs in accounts/%s/global/, not in a Region's directory", pl.layout, pl.account)
	case f.scope == regionalScope && pl.account != "" && pl.region == "":
		return nil, r.errf(n, node.Root, "%s belongs in a Region's directory (accounts/%s/REGION/), not in global/", pl.layout, pl.account)
	}
	if n.Kind != node.Object {
		return nil, r.errf(n, node.Root, "expected the JSON object that %s prints, got %s", f.kind, node.Describe(n))
	}
	return f, nil
}

// looseFormat finds the format of a file outside the collected layout by
// its shape. A file whose name announces a format is read as that or
// rejected, never sniffed as something else: a bucket-policy.B.json
// sniffed as a policy document would be skipped and the bucket's Deny
// lost. A bucket policy may hold the document decoded, {"Policy": {...}},
// as well as the CLI's JSON string.
func (r *reader) looseFormat(n *node.Node) (*format, error) {
	f := sniff(n)
	named := byName[nameParts(r.file)[0]]
	switch {
	case named != nil && named != f:
		if named.name == "bucket-policy" && n.Kind == node.Object && n.Get("Policy") != nil && len(n.Fields) == 1 {
			return named, nil
		}
		what := "something else"
		switch {
		case f == nil:
		case f.kind == "Sekisho model file" || f.kind == "policy document":
			what = "a " + f.kind
		default:
			what = f.kind + " output"
		}
		return nil, r.errf(n, node.Root, "the file name says this is %s output, but it holds %s: "+
			"give the file the content its name says, or rename it (docs/model.md)", named.kind, what)
	case f != nil:
		return f, nil
	}
	return nil, r.errf(n, node.Root, "cannot tell what this file holds: expected a Sekisho model file (organization, accounts, awsManagedPolicies), "+
		"a file of the collected layout (accounts/ACCOUNT-ID/REGION|global/SERVICE.OPERATION[.ID].json, docs/collect-layout.md) "+
		"or the output of one of: aws iam get-account-authorization-details; aws organizations describe-organization, list-roots, "+
		"list-organizational-units-for-parent, list-accounts-for-parent, list-policies, describe-policy, list-targets-for-policy; "+
		"aws s3api get-bucket-policy; aws ec2 describe-vpc-endpoints, describe-instances (docs/model.md)")
}
