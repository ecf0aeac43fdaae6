package cli

import (
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/lint"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/model/load"
	"github.com/sekisho/sekisho/policy"
	"github.com/sekisho/sekisho/tfplan"
)

// lintInput is what a file holds, told by its content's shape.
type lintInput uint8

const (
	inputPolicy lintInput = iota // a policy document or an AWS CLI envelope around one
	inputGAAD                    // aws iam get-account-authorization-details
	inputPlan                    // terraform show -json
	inputOther                   // none of these: part of a model, or bad input
)

const expectedInput = "expected a policy document (or AWS CLI output around one), " +
	"aws iam get-account-authorization-details output, or a Terraform plan (terraform show -json)"

// sniffFile reads a file and tells what it holds. An error is a file that
// cannot be read or parsed, or whose shape is ambiguous.
func sniffFile(path string) (lintInput, *node.Node, []byte, error) {
	limit := readfile.Policy
	src, err := readfile.Read(path, limit)
	if err != nil {
		// over a policy's bound, the file may still be a plan or an
		// authorization-details file: those take the larger bound
		big, err2 := readfile.Read(path, sourceLimit)
		if err2 != nil {
			return 0, nil, nil, err
		}
		src, limit = big, sourceLimit
	}
	parse := node.ParseJSONAs
	yaml := isYAMLFile(path)
	if yaml {
		parse = node.ParseYAMLAs
	}
	root, err := parse(src, limit)
	if err != nil {
		if e, ok := err.(*node.Error); ok && e.File == "" {
			e.File = path
		}
		return 0, nil, nil, err
	}
	gaad := !yaml && lint.IsGAAD(root)
	plan := !yaml && root.Kind == node.Object && root.Get("format_version") != nil &&
		(root.Get("resource_changes") != nil || root.Get("planned_values") != nil)
	switch {
	case gaad && plan:
		return 0, nil, nil, &node.Error{File: path, Pos: root.Pos, Path: node.Root,
			Msg: "ambiguous: both get-account-authorization-details keys (UserDetailList, GroupDetailList, RoleDetailList, Policies) and Terraform plan keys (format_version, resource_changes): " + expectedInput}
	case gaad:
		return inputGAAD, root, src, nil
	case plan:
		return inputPlan, root, src, nil
	}
	doc, _, err := policy.Unwrap(root, node.Root)
	if err == nil && doc.Kind == node.Object && doc.Get("Statement") != nil {
		return inputPolicy, root, src, nil
	}
	return inputOther, root, src, nil
}

// sourceLimit bounds a plan or authorization-details file read by lint.
var sourceLimit = readfile.Limit{What: "plan or authorization-details file", Max: readfile.Plan.Max, Values: readfile.Plan.Values,
	Why: "lint a smaller Terraform plan, or the authorization details of fewer accounts"}

func isYAMLFile(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	return ext == ".yaml" || ext == ".yml"
}

// lintSource lints one command-line argument: a policy file, a GAAD file,
// a plan, a directory of policy files or a model directory.
func lintSource(path string, isDir bool, p lintParams, stderr io.Writer) ([]lint.Finding, error) {
	if isDir {
		return lintDirectory(path, p, stderr)
	}
	in, root, src, err := sniffFile(path)
	if err != nil {
		return nil, err
	}
	switch in {
	case inputGAAD:
		rep, err := lint.GAAD(path, root, p.includeAWSManaged)
		if err != nil {
			return nil, err
		}
		if rep.AWSManaged > 0 {
			fmt.Fprintf(stderr, "sekisho: %s: %d AWS managed policies not linted (AWS maintains them; --include-aws-managed lints them)\n", path, rep.AWSManaged)
		}
		return rep.Findings, nil
	case inputPlan:
		return lintPlan(path, src, stderr)
	case inputOther:
		return nil, &node.Error{File: path, Pos: root.Pos, Path: node.Root, Msg: expectedInput}
	}
	return lintFile(path, p.opts)
}

// lintPlan lints every planned policy document as sekisho plan does,
// each finding located by resource address and attribute.
func lintPlan(path string, src []byte, stderr io.Writer) ([]lint.Finding, error) {
	plan, err := tfplan.Read(path, src)
	if err != nil {
		return nil, err
	}
	var out []lint.Finding
	for _, d := range plan.Documents {
		switch {
		case d.Unknown:
			fmt.Fprintf(stderr, "sekisho: %s: %s not linted: the planned document is known only after apply\n", path, d.Name())
		case d.After != nil:
			out = append(out, lintDocument(d)...)
		}
	}
	return out, nil
}

// lintDirectory lints a directory: the policy files under it when every
// data file there is a policy document (as before models were linted),
// else the model the directory holds (as --model loads it).
func lintDirectory(dir string, p lintParams, stderr io.Writer) ([]lint.Finding, error) {
	data, _, err := readfile.Walk(dir, readfile.ModelDir, func(path string, d fs.DirEntry) bool {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".json", ".yaml", ".yml":
			return !d.IsDir()
		}
		return false
	})
	if err != nil {
		return nil, fmt.Errorf("read directory: %w", err)
	}
	var files []string
	var other string
	for _, path := range data {
		if strings.ToLower(filepath.Ext(path)) == ".json" {
			files = append(files, path)
		}
		if other == "" {
			if in, _, _, err := sniffFile(path); err == nil && in != inputPolicy {
				other = path
			}
		}
	}
	if other != "" {
		return lintModel(dir, other, p, stderr)
	}
	var out []lint.Finding
	bad := 0
	for _, f := range files {
		found, err := lintFile(f, p.opts)
		if err != nil {
			fmt.Fprintln(stderr, "sekisho:", err)
			bad++
			continue
		}
		out = append(out, found...)
	}
	if bad > 0 {
		return out, fmt.Errorf("%s: %d of %d files could not be read as policies", dir, bad, len(files))
	}
	return out, nil
}

// lintModel lints every policy document of the model in dir (read as it
// holds files that are not policies, such as first).
func lintModel(dir, first string, p lintParams, stderr io.Writer) ([]lint.Finding, error) {
	m, err := load.Load(dir, load.Options{})
	if err != nil {
		return nil, fmt.Errorf("%s is read as a model (it holds %s, not a policy document): %w", dir, first, err)
	}
	l := &modelLinter{m: m, includeAWS: p.includeAWSManaged}
	l.run()
	if l.skippedAWS > 0 {
		fmt.Fprintf(stderr, "sekisho: %s: %d AWS managed policies not linted (AWS maintains them; --include-aws-managed lints them)\n", dir, l.skippedAWS)
	}
	for _, g := range m.Gaps {
		if g.Reason == "not read" {
			fmt.Fprintf(stderr, "sekisho: %s: not linted: %s\n", dir, g)
		}
	}
	lint.Sort(l.out)
	return l.out, nil
}

type modelLinter struct {
	m          *model.Model
	includeAWS bool
	skippedAWS int
	out        []lint.Finding
	// seen: one document file several native files refer to is linted once
	seen map[string]bool
}

// check lints one document of the model where the model read it: its
// file and JSON path; a document given in a JSON string points at the
// string.
func (l *modelLinter) check(p *policy.Policy, kind policy.Kind, attach lint.Attachment) {
	if p == nil {
		return
	}
	key := fmt.Sprintf("%s\x00%s\x00%s\x00%d", p.File, p.Path, kind, attach)
	if p.File != "" && l.seen[key] {
		return
	}
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[key] = true
	fs := lint.Check(p, lint.Options{Kind: kind, Attachment: attach})
	for i := range fs {
		if fs[i].File == "" {
			fs[i].File = p.Name
		}
		if p.InString.Line > 0 {
			fs[i].Line, fs[i].Column = p.InString.Line, p.InString.Col
		}
	}
	l.out = append(l.out, fs...)
}

func (l *modelLinter) run() {
	boundaries := map[string]bool{}
	for _, id := range sortedKeys(l.m.Accounts) {
		a := l.m.Accounts[id]
		for _, n := range sortedKeys(a.Users) {
			u := a.Users[n]
			boundaries[u.Boundary] = true
			l.inline(u.Inline, lint.AttachUser)
		}
		for _, n := range sortedKeys(a.Groups) {
			l.inline(a.Groups[n].Inline, lint.AttachGroup)
		}
		for _, n := range sortedKeys(a.Roles) {
			r := a.Roles[n]
			boundaries[r.Boundary] = true
			l.inline(r.Inline, lint.AttachRole)
			l.check(r.Trust, policy.Trust, lint.AttachUnknown)
		}
		for _, region := range sortedKeys(a.RegistryPolicies) {
			l.check(a.RegistryPolicies[region], policy.Resource, lint.AttachUnknown)
		}
	}
	l.managed(boundaries)
	if o := l.m.Org; o != nil {
		for _, id := range sortedKeys(o.Policies) {
			op := o.Policies[id]
			l.check(op.Document, op.Document.Kind, lint.AttachUnknown)
		}
	}
	for _, arn := range sortedKeys(l.m.Resources) {
		l.check(l.m.Resources[arn].Policy, policy.Resource, lint.AttachUnknown)
	}
	for _, id := range sortedKeys(l.m.Endpoints) {
		l.check(l.m.Endpoints[id].Policy, policy.Endpoint, lint.AttachUnknown)
	}
}

func (l *modelLinter) inline(docs []*policy.Policy, attach lint.Attachment) {
	for _, d := range docs {
		l.check(d, policy.Identity, attach)
	}
}

// managed lints the managed policies: as a permissions boundary when a
// principal uses the policy as one, else as an identity policy.
func (l *modelLinter) managed(boundaries map[string]bool) {
	for _, arn := range sortedKeys(l.m.Managed) {
		mp := l.m.Managed[arn]
		doc := mp.Document
		if mp.AWSManaged {
			if !l.includeAWS {
				l.skippedAWS++
				continue
			}
			var err error
			if doc, err = l.m.ManagedDocument(arn); err != nil || doc == nil {
				l.skippedAWS++
				continue
			}
		}
		kind, attach := policy.Identity, lint.AttachManaged
		if boundaries[arn] {
			kind = policy.Boundary
		}
		l.check(doc, kind, attach)
	}
}
