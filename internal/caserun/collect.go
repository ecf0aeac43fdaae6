package caserun

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/sekisho/sekisho/casefile"
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/internal/readfile"
	"github.com/sekisho/sekisho/model/load"
)

// Load reads the cases of the given files and directories, each file read
// and parsed once. A file named in paths is always read as a case file; in
// a directory, the .json, .yaml and .yml files below it are, in name
// order, except those holding a policy document or a model's data (native
// model files, AWS CLI output): those are what cases refer to. It returns
// the cases and the files read as case files.
func Load(paths []string) (cases []*casefile.Case, files []string, err error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !info.IsDir() {
			cs, err := casefile.Load(p)
			if err != nil {
				return nil, nil, err
			}
			cases, files = append(cases, cs...), append(files, p)
			continue
		}
		cs, fs, err := loadDir(p)
		if err != nil {
			return nil, nil, err
		}
		cases, files = append(cases, cs...), append(files, fs...)
	}
	return cases, files, nil
}

func loadDir(dir string) ([]*casefile.Case, []string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && casefile.IsCaseFile(path) {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var out []*casefile.Case
	var read []string
	for _, f := range files {
		src, err := readfile.Read(f, readfile.Cases)
		if err != nil {
			return nil, nil, err
		}
		docs, err := casefile.Decode(src, f)
		if err != nil {
			return nil, nil, err
		}
		if isReferenced(docs) {
			continue
		}
		cases, err := casefile.FromNodes(docs, f)
		if err != nil {
			return nil, nil, err
		}
		out, read = append(out, cases...), append(read, f)
	}
	return out, read, nil
}

// isReferenced reports whether a decoded file is something cases refer to
// rather than cases: a policy document or a model's data (one document).
func isReferenced(docs []*node.Node) bool {
	if len(docs) != 1 {
		return false
	}
	n := docs[0]
	return casefile.LooksLikePolicy(n) || n.Kind == node.Object && n.Get("request") == nil && load.IsModelSource(n)
}
