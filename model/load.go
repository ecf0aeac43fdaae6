package model

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
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

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Load reads a model from a file or a directory. A directory's .json,
// .yaml and .yml files are read recursively and merged; each file's kind
// is recognized from its shape (see Sniff), policy documents are skipped
// (native files refer to them), and any other file is an error. After
// reading, every reference is resolved: a dangling one is an error.
func Load(path string, opt Options) (*Model, error) {
	files, err := modelFiles(path)
	if err != nil {
		return nil, err
	}
	b := newBuilder(opt)
	for _, f := range files {
		src, err := readfile.Read(f, readfile.Model)
		if err != nil {
			return nil, err
		}
		if err := b.addFile(f, src); err != nil {
			b.fail(err)
		}
	}
	return b.finish()
}

// LoadFiles reads a model from the given contents (file name → content),
// for tests and generated models.
func LoadFiles(files map[string][]byte, opt Options) (*Model, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	b := newBuilder(opt)
	for _, n := range names {
		if err := b.addFile(n, files[n]); err != nil {
			b.fail(err)
		}
	}
	return b.finish()
}

func modelFiles(path string) ([]string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && isDataFile(p) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func isDataFile(p string) bool {
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json", ".yaml", ".yml":
		return true
	}
	return false
}

func parseTree(file string, src []byte) (*node.Node, error) {
	var n *node.Node
	var err error
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		n, err = node.ParseYAML(src)
	default:
		n, err = node.ParseJSON(src)
	}
	if e, ok := err.(*node.Error); ok && e.File == "" {
		e.File = file
	}
	return n, err
}

// addFile reads one file into the builder.
func (b *builder) addFile(file string, src []byte) error {
	n, err := parseTree(file, src)
	if err != nil {
		return err
	}
	r := &reader{file: file, dir: filepath.Dir(file)}
	k, err := kindOf(r, n)
	if err != nil {
		return err
	}
	switch k {
	case NativeFile:
		return b.native(r, n)
	case AuthorizationDetails:
		return b.authDetails(r, n)
	case DescribeOrganization:
		return b.describeOrganization(r, n)
	case ListRoots:
		return b.listRoots(r, n)
	case OUsForParent:
		return b.ousForParent(r, n)
	case AccountsForParent:
		return b.accountsForParent(r, n)
	case ListPolicies:
		return b.listPolicies(r, n)
	case DescribePolicy:
		return b.describePolicy(r, n)
	case TargetsForPolicy:
		return b.targetsForPolicy(r, n)
	case BucketPolicy:
		return b.bucketPolicy(r, n)
	case VPCEndpoints:
		return b.vpcEndpoints(r, n)
	case Instances:
		return b.instances(r, n)
	case PolicyDocument:
		return nil
	}
	return r.errf(n, node.Root, "cannot tell what this file holds: expected a Sekisho model file (organization, accounts, awsManagedPolicies) "+
		"or the output of one of: aws iam get-account-authorization-details; aws organizations describe-organization, list-roots, "+
		"list-organizational-units-for-parent, list-accounts-for-parent, list-policies, describe-policy, list-targets-for-policy; "+
		"aws s3api get-bucket-policy; aws ec2 describe-vpc-endpoints, describe-instances (docs/model.md)")
}

// builder accumulates files, then resolves references.
type builder struct {
	m    *Model
	opt  Options
	errs Errors
	org  orgDraft

	pendingBuckets []pendingBucket // bucket policies whose owner comes from another file
	awsFiles       map[string]bool // AWS managed policy ARN → its file exists in AWSManagedDir
}

type pendingBucket struct {
	name  string
	doc   *node.Node
	r     *reader
	where Where
}

func newBuilder(opt Options) *builder {
	m := New()
	m.AWSManagedDir = opt.AWSManagedDir
	return &builder{m: m, opt: opt, org: newOrgDraft(), awsFiles: map[string]bool{}}
}

func (b *builder) fail(err error) {
	var ne *node.Error
	var es Errors
	switch {
	case errors.As(err, &es):
		b.errs = append(b.errs, es...)
	case errors.As(err, &ne):
		b.errs = append(b.errs, ne)
	default:
		b.errs = append(b.errs, &node.Error{Msg: err.Error()})
	}
}

func (b *builder) failAt(w Where, format string, args ...any) {
	b.errs = append(b.errs, w.errorf(format, args...))
}

func (b *builder) finish() (*Model, error) {
	if len(b.errs) == 0 {
		b.resolve()
	}
	if len(b.errs) > 0 {
		sort.SliceStable(b.errs, func(i, j int) bool {
			a, c := b.errs[i], b.errs[j]
			if a.File != c.File {
				return a.File < c.File
			}
			if a.Pos.Line != c.Pos.Line {
				return a.Pos.Line < c.Pos.Line
			}
			return a.Pos.Col < c.Pos.Col
		})
		return nil, b.errs
	}
	return b.m, nil
}

// duplicate reports a second definition of the same thing.
func (b *builder) duplicate(w, first Where, what string) {
	b.failAt(w, "%s is defined twice: first at %s", what, first)
}

func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return parts[4]
}
