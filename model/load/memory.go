package load

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/sekisho/sekisho/internal/readfile"
)

// A load takes from the system about 2.7 times the bytes of the model's
// files (docs/model.md, "Limits of a model directory": the 1,000-account
// synthetic organization, 139.5 MB of files, 361-381 MiB). The walk's
// byte bound (readfile.ModelDir.Bytes, 64 GiB) is set from the largest
// real organizations, not from any machine: a model that cannot fit the
// memory the process may use would only end, after minutes of reading,
// killed by the system with nothing said. So a model whose files need
// more than that memory is refused before any file is read, with SE1003,
// the size, the estimate and the memory.
const memoryPerFileByte = 2.7

// systemMemory is the memory the process may use, in bytes (0: unknown,
// no check), and heapInUse the heap its live objects hold now; variables
// for the tests.
var (
	systemMemory = readSystemMemory
	heapInUse    = liveHeap
)

// checkMemory refuses a model of size bytes of files, at path, that needs
// more memory than the process may use beside what it holds already. What
// it holds counts because a server's reload loads the new model while the
// old one keeps serving (server.Reload): both are live until the swap.
func checkMemory(path string, size int64) error {
	limit := systemMemory()
	need := int64(float64(size) * memoryPerFileByte)
	if limit <= 0 {
		return nil
	}
	held := heapInUse()
	if need+held <= limit {
		return nil
	}
	return &readfile.Error{File: path, Msg: fmt.Sprintf(
		"%s of model files, which need about %s of memory to load (%.1f times their size, docs/model.md), more than the %s the process may use (the least of the machine's memory, its control group's limit and GOMEMLIMIT)%s: load it on a larger machine, or load a part of it (fewer accounts)",
		bytesOf(size), bytesOf(need), memoryPerFileByte, bytesOf(limit), heldClause(held))}
}

// heldClause names, in the refusal, the heap the process holds already
// when it counts (a model serving now); nothing for a starting process.
func heldClause(held int64) string {
	if held < 64<<20 {
		return ""
	}
	return fmt.Sprintf(" beside the %s it holds already (a model serving now is kept until the new one has loaded)", bytesOf(held))
}

// readSystemMemory is the least of the machine's memory (/proc/meminfo
// MemTotal), the limit of the process's control group (cgroup v2
// memory.max, v1 memory.limit_in_bytes) and the Go runtime's soft memory
// limit (GOMEMLIMIT or debug.SetMemoryLimit; math.MaxInt64 when unset);
// 0 when none is known. A process told to stay within GOMEMLIMIT would
// otherwise collect without end near the limit and be no better off.
func readSystemMemory() int64 {
	var limit int64
	if l := userMemoryLimit(); l > 0 && l < math.MaxInt64 {
		limit = l
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		s := bufio.NewScanner(bytes.NewReader(b))
		for s.Scan() {
			if f := strings.Fields(s.Text()); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					if kb<<10 < limit || limit == 0 {
						limit = kb << 10
					}
				}
			}
		}
	}
	for _, file := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (limit == 0 || n < limit) {
			limit = n // "max" (no limit) does not parse
		}
	}
	return limit
}

func bytesOf(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}
