package collect

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFile writes data to dir/rel through a temporary file in the same
// directory and a rename, so a reader (or a run killed half way) sees the
// old file or the new one, never a part of it.
func writeFile(dir, rel string, data []byte) error {
	dst := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-"+filepath.Base(dst)+"-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, 0o644)
	}
	if err == nil {
		err = os.Rename(name, dst)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", dst, err)
	}
	return nil
}
