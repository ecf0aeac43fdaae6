package caserun

import (
	"io/fs"
	"os"
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
	files, err = Each(paths, func(c *casefile.Case) error {
		cases = append(cases, c)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return cases, files, nil
}

// Each reads the cases Load reads, in the same order, and calls fn with
// each as soon as it is read: a JSON file holding a list of cases is read
// one case at a time (casefile.EachListed), so that a caller done with a
// case (sekisho test, once the case is decided) lets it go, and a file of
// many cases is never whole in memory. An error of fn stops the reading
// and is returned as it is. It returns the files read as case files.
func Each(paths []string, fn func(*casefile.Case) error) (files []string, err error) {
	return EachConcurrent(paths, 1, func(*casefile.Case) (struct{}, error) { return struct{}{}, nil },
		func(c *casefile.Case, _ struct{}) error { return fn(c) })
}

// EachConcurrent is Each with work done on each case on up to workers
// goroutines while a JSON list of cases is still being read
// (casefile.EachListedConcurrent): fn is called with each case and its
// work's value in the order of Each, and the error returned is the one
// Each returns with an fn calling work and then fn (the first in file
// order). work must be safe for concurrent use.
func EachConcurrent[T any](paths []string, workers int, work func(*casefile.Case) (T, error), fn func(*casefile.Case, T) error) (files []string, err error) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			src, err := readfile.Read(p, readfile.Cases)
			if err != nil {
				return nil, err
			}
			if err := casefile.EachConcurrent(src, p, workers, work, fn); err != nil {
				return nil, err
			}
			files = append(files, p)
			continue
		}
		fs, err := eachInDir(p, workers, work, fn)
		if err != nil {
			return nil, err
		}
		files = append(files, fs...)
	}
	return files, nil
}

// dirLimit bounds a case directory (a variable for the tests' small
// limits).
var dirLimit = readfile.CaseDir

func eachInDir[T any](dir string, workers int, work func(*casefile.Case) (T, error), fn func(*casefile.Case, T) error) ([]string, error) {
	files, _, err := readfile.Walk(dir, dirLimit, func(path string, d fs.DirEntry) bool { return !d.IsDir() && casefile.IsCaseFile(path) })
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var read []string
	for _, f := range files {
		src, err := readfile.Read(f, readfile.Cases)
		if err != nil {
			return nil, err
		}
		// A list of cases is neither a policy document nor a model's data.
		if listed, err := casefile.EachListedConcurrent(src, f, workers, work, fn); listed || err != nil {
			if err != nil {
				return nil, err
			}
			read = append(read, f)
			continue
		}
		docs, err := casefile.Decode(src, f)
		if err != nil {
			return nil, err
		}
		if isReferenced(docs) {
			continue
		}
		cases, err := casefile.FromNodes(docs, f)
		if err != nil {
			return nil, err
		}
		for _, c := range cases {
			v, err := work(c)
			if err != nil {
				return nil, err
			}
			if err := fn(c, v); err != nil {
				return nil, err
			}
		}
		read = append(read, f)
	}
	return read, nil
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
