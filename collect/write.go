package collect

import (
	"fmt"
	"os"
	"path/filepath"
)

// writeFile writes data to dir/rel through a temporary file in the same
// directory and a rename, so a reader (or a run killed half way) sees the
// old file or the new one, never a part of it. There is no fsync: the
// rename is atomic for a killed process, and a machine that loses power
// loses at most files the manifest, written the same way, may then list;
// --resume after a crash of the machine should be run without trusting
// them (delete the directory's newest files or start again). Syncing each of
// tens of thousands of small files would dominate the run.
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
