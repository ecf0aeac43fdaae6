package load

import "github.com/sekisho/sekisho/internal/readfile"

// SetDirLimit sets the model directory limit until the returned function
// restores it; a test calling it must not be parallel.
func SetDirLimit(l readfile.DirLimit) (restore func()) {
	old := dirLimit
	dirLimit = l
	return func() { dirLimit = old }
}
