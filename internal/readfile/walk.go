package readfile

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// DirLimit bounds one kind of input directory, as Limit bounds a file: a
// walk of it stops, before any file it found is read, once it has seen
// more entries, more bytes of the files it keeps, or more levels of
// directories than a real input of that kind has, so that a directory
// named by mistake (a home directory, /) or made to hurt ends with an
// error instead of a walk without end or a load that exhausts memory.
type DirLimit struct {
	What    string // the kind of directory, for messages: "model directory"
	Entries int    // the most entries (files, directories, links) the walk reads
	Bytes   int64  // the most bytes of the files kept, together; 0: the caller reads none
	Depth   int    // the most levels of directories below the root
	Why     string // why no real directory of this kind is larger
}

// The limits of each kind of input directory (docs/model.md, "Limits of
// a model directory", holds the measurements). A model directory is the
// largest: `sekisho synth --accounts 1000 --roles 100` writes 9,121 files
// (139.5 MB) in 3,003 directories, 3 levels deep; a real organization
// collected in every Region it enables has many more, small, files: the
// collector writes about 25 files per account and Region with nothing in
// it (the list calls) and one to three per resource, so an account of 17
// Regions holds 450 to 750 files and 1 to 2 MB, and 10,000 such accounts
// about 7.5 million files and 10 to 20 GB; iam-collect's layout, one
// directory of about six files per role, is about 10 million files for
// 10,000 accounts of 100 roles. The limits are two to three times that.
// The deepest layout is iam-collect's, nine levels
// (aws/aws/accounts/ACCOUNT/SERVICE/REGION/aws/TYPE/ID/) and the parts of
// the directory above it; 256 is the nesting allowed inside a file. A
// case directory holds the suites of a repository: hundreds of files.
var (
	ModelDir = DirLimit{What: "model directory", Entries: 20_000_000, Bytes: 64 << 30, Depth: 256,
		Why: "a collected organization of 10,000 accounts in every Region is about 7.5 million files and 20 GB: check that the directory holds only the model (docs/model.md)"}
	CaseDir = DirLimit{What: "case directory", Entries: 1_000_000, Bytes: 4 << 30, Depth: 256,
		Why: "name the directories of the suites to run rather than one above them (docs/casefile.md)"}
)

// readDirBatch is how many entries a directory is read at a time: an
// entry count past the limit is seen after at most this many more, even
// in one directory of millions of entries.
const readDirBatch = 1024

// Walk walks the tree at root, a directory, as filepath.WalkDir does (each
// directory's entries in name order, a directory before what it holds),
// and returns the paths keep accepts, in walk order. Unlike WalkDir, root
// may be a symbolic link to a directory: it is the directory the user
// named, and WalkDir would yield the link alone, a model or case
// directory without a file. Links below root are not followed (a link to
// a directory is an entry, not entered), so a loop of links cannot make
// the walk endless. Walk fails, with an *Error naming root, as soon as
// the walk passes one of l's bounds; the sizes of kept entries that are
// not directories count toward l.Bytes (of what a link points to, for a
// link), which Walk returns with the paths. An error reading a directory
// ends the walk and is returned.
func Walk(root string, l DirLimit, keep func(path string, d fs.DirEntry) bool) (paths []string, bytes int64, err error) {
	paths, _, bytes, err = WalkSizes(root, l, keep)
	return paths, bytes, err
}

// WalkSizes is Walk with the size of each path kept, as the walk counted
// it: the size of a regular file (of what a link points to, for a link),
// -1 for anything else (a directory, a FIFO, a dangling link; everything
// when l.Bytes is 0). A reader of many files can so weigh them before
// reading them (model/load bounds the bytes it parses ahead), and read
// those found regular with ReadRegular.
func WalkSizes(root string, l DirLimit, keep func(path string, d fs.DirEntry) bool) (paths []string, sizes []int64, bytes int64, err error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, nil, 0, err
	}
	if !info.IsDir() {
		what := "a file"
		if !info.Mode().IsRegular() {
			what = kind(info.Mode())
		}
		return nil, nil, 0, &Error{File: root, Msg: fmt.Sprintf("is %s, not a directory: expected %s", what, article(l.What))}
	}
	w := &walker{l: l, root: root, keep: keep}
	if keep(root, fs.FileInfoToDirEntry(info)) {
		w.kept = append(w.kept, root)
		w.sizes = append(w.sizes, -1)
	}
	if err := w.dir(root, 0); err != nil {
		return nil, nil, 0, err
	}
	return w.kept, w.sizes, w.bytes, nil
}

type walker struct {
	l       DirLimit
	root    string
	keep    func(string, fs.DirEntry) bool
	kept    []string
	sizes   []int64 // of kept, by index
	entries int
	bytes   int64
}

// dir walks the directory path, depth levels below the root.
func (w *walker) dir(path string, depth int) error {
	if depth > w.l.Depth {
		return w.refuse(fmt.Sprintf("%s is %s of directories below it", path, levels(depth)), levels(w.l.Depth))
	}
	entries, err := w.readDir(path)
	if err != nil {
		return err
	}
	for _, d := range entries {
		p := filepath.Join(path, d.Name())
		if w.keep(p, d) {
			w.kept = append(w.kept, p)
			w.sizes = append(w.sizes, -1)
			if err := w.count(p, d); err != nil {
				return err
			}
		}
		if d.IsDir() {
			if err := w.dir(p, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// readDir reads a directory's entries a batch at a time, counting them,
// and sorts them by name as os.ReadDir does.
func (w *walker) readDir(path string) ([]fs.DirEntry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []fs.DirEntry
	for {
		batch, err := f.ReadDir(readDirBatch)
		out = append(out, batch...)
		if w.entries += len(batch); w.entries > w.l.Entries {
			return nil, w.refuse(fmt.Sprintf("%s entries (files and directories) counted", group(int64(w.entries))), group(int64(w.l.Entries))+" entries")
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err // a *fs.PathError naming the directory
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// count adds a kept file's size to the bytes the caller will read.
func (w *walker) count(path string, d fs.DirEntry) error {
	if w.l.Bytes == 0 || d.IsDir() {
		return nil
	}
	var info fs.FileInfo
	var err error
	if d.Type()&fs.ModeSymlink != 0 {
		info, err = os.Stat(path)
	} else {
		info, err = d.Info()
	}
	if err != nil || !info.Mode().IsRegular() {
		return nil // not read: the reader says why (missing, a directory, a FIFO)
	}
	w.sizes[len(w.sizes)-1] = info.Size()
	if w.bytes += info.Size(); w.bytes > w.l.Bytes {
		return w.refuse(fmt.Sprintf("%s bytes in the %s files counted", group(w.bytes), group(int64(len(w.kept)))), bytesText(w.l.Bytes))
	}
	return nil
}

func (w *walker) refuse(what, limit string) error {
	return &Error{File: w.root, Msg: fmt.Sprintf("%s, over the %s limit of %s: %s", what, w.l.What, limit, w.l.Why)}
}

// bytesText writes a byte limit in the largest binary unit that divides
// it: 64 GiB.
func bytesText(n int64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{30, "GiB"}, {20, "MiB"}} {
		if n >= 1<<u.shift && n%(1<<u.shift) == 0 {
			return fmt.Sprintf("%d %s", n>>u.shift, u.name)
		}
	}
	return group(n) + " bytes"
}

func levels(n int) string {
	if n == 1 {
		return "1 level"
	}
	return strconv.Itoa(n) + " levels"
}

// group writes n with thousands separators: 20,000,001.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
