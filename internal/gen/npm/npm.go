// Package npm fetches and unpacks npm package tarballs for the generators
// under internal/gen (go generate steps; builds and tests never run them).
package npm

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Fetch unpacks packageName@version (from tarball when it is not "", else
// downloaded with Pack) into a temporary directory and returns the
// package's root; cleanup removes the directory.
func Fetch(packageName, version, tarball string) (root string, cleanup func(), err error) {
	tmp, err := os.MkdirTemp("", "sekisho-npm-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(tmp) }
	if tarball == "" {
		if tarball, err = Pack(packageName, version, tmp); err != nil {
			cleanup()
			return "", nil, err
		}
	}
	dir := filepath.Join(tmp, "extract")
	if err := Extract(tarball, dir); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("extract %s: %w", tarball, err)
	}
	return filepath.Join(dir, "package"), cleanup, nil
}

// Pack downloads the tarball of packageName@version into dir and returns
// its path. npm pack only downloads: unlike npm install it runs no package
// scripts.
func Pack(packageName, version, dir string) (string, error) {
	cmd := exec.Command("npm", "pack", "--silent", packageName+"@"+version, "--pack-destination", dir)
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s@%s: %w", packageName, version, err)
	}
	lines := strings.Fields(string(outb))
	if len(lines) == 0 {
		return "", errors.New("npm pack printed no file name")
	}
	return filepath.Join(dir, lines[len(lines)-1]), nil
}

// Extract unpacks a gzipped npm tarball into dir. Entries that would land
// outside dir are rejected rather than trusted.
func Extract(path, dir string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		if err := extractFile(tr, dir, h.Name); err != nil {
			return err
		}
	}
}

func extractFile(r io.Reader, dir, name string) error {
	clean := filepath.Clean(filepath.FromSlash(name))
	if filepath.IsAbs(clean) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return fmt.Errorf("tar entry %q escapes the extraction directory", name)
	}
	dst := filepath.Join(dir, clean)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	return out.Close()
}
