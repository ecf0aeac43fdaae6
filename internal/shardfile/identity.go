package shardfile

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/sekisho/sekisho/internal/readfile"
)

// Digest digests the model's files and the AWS managed policies
// directory, if any. Each file adds its path relative to its root, its
// size and its content's SHA-256, in path order, so that a copy of the
// model elsewhere has the same identity and any change of a byte another.
func Digest(dir, awsManaged string) (ModelIdentity, error) {
	h := sha256.New()
	files := 0
	for _, root := range []struct{ tag, path string }{{"model", dir}, {"aws-managed-policies", awsManaged}} {
		if root.path == "" {
			continue
		}
		n, err := digestTree(h, root.tag, root.path)
		if err != nil {
			return ModelIdentity{}, err
		}
		files += n
	}
	return ModelIdentity{Digest: "sha256:" + hex.EncodeToString(h.Sum(nil)), Files: files}, nil
}

func digestTree(h io.Writer, tag, root string) (int, error) {
	paths, err := treeFiles(root)
	if err != nil {
		return 0, fmt.Errorf("model identity: %w", err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return 0, err
		}
		sum, size, err := digestFile(p)
		if err != nil {
			return 0, fmt.Errorf("model identity: %w", err)
		}
		name := tag + "/" + filepath.ToSlash(rel)
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(size))
		fmt.Fprintf(h, "%d:%s", len(name), name)
		h.Write(n[:])
		h.Write(sum)
	}
	return len(paths), nil
}

// treeFiles is root, a file, or the files under root, a directory (also
// through a symbolic link), walked within the model directory's bounds
// (readfile.ModelDir): every one is read.
func treeFiles(root string) ([]string, error) {
	if _, err := os.Lstat(root); err != nil {
		return nil, err // the error filepath.WalkDir gave
	}
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{root}, nil
	}
	files, _, err := readfile.Walk(root, readfile.ModelDir, func(_ string, d fs.DirEntry) bool { return !d.IsDir() })
	return files, err
}

// digestFile hashes one file (a symbolic link: what it points to); only
// regular files are read, as the model loader reads only them.
func digestFile(path string) ([]byte, int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if !info.Mode().IsRegular() {
		if info.IsDir() { // a link to a directory: its name stands for it
			sum := sha256.Sum256([]byte("dir"))
			return sum[:], 0, nil
		}
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer fh.Close()
	s := sha256.New()
	n, err := io.Copy(s, fh)
	if err != nil {
		return nil, 0, err
	}
	return s.Sum(nil), n, nil
}
