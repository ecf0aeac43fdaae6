package analysis_test

import "os"

// tempDir is a directory for the benchmarks' synthetic organization; the
// OS removes it with the rest of its temporary files.
func tempDir() (string, error) { return os.MkdirTemp("", "sekisho-scale-") }
