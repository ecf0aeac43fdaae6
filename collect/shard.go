package collect

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Shard is one part of a collection split over several runs: run i of n
// collects the accounts whose shard is i. The split hashes the account id
// (SHA-256), so it is the same on every machine and in every order, and an
// account joining the organization moves no other account to another shard.
type Shard struct {
	Index, Count int
}

// ParseShard reads "i/n" with 0 <= i < n, as a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX or an AWS Batch array job's AWS_BATCH_JOB_ARRAY_INDEX
// count from 0.
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: expected INDEX/COUNT, e.g. 0/4", s)
	}
	idx, err1 := strconv.Atoi(i)
	cnt, err2 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || cnt < 1 || cnt > 100000 || idx < 0 || idx >= cnt {
		return Shard{}, fmt.Errorf("shard %q: expected INDEX/COUNT with 0 <= INDEX < COUNT <= 100000", s)
	}
	return Shard{Index: idx, Count: cnt}, nil
}

func (s Shard) String() string {
	if s.Count <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Has reports whether the account belongs to this shard. The zero Shard
// holds every account.
func (s Shard) Has(account string) bool {
	if s.Count <= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(account))
	return binary.BigEndian.Uint64(sum[:8])%uint64(s.Count) == uint64(s.Index)
}

// Of returns the accounts of the list that belong to this shard, in order.
func (s Shard) Of(accounts []string) []string {
	var out []string
	for _, a := range accounts {
		if s.Has(a) {
			out = append(out, a)
		}
	}
	return out
}
