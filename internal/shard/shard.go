package shard

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// Shard is one part of a job split over several runs: run i of n does the
// work units (accounts to collect, instances, principals, roles or
// resources to analyse) whose shard is i. The split hashes the unit's key
// (SHA-256 of the account id or ARN), so it is the same on every machine
// and in every order, and a unit joining the organization moves no other
// unit to another shard.
type Shard struct {
	Index, Count int
}

// Parse reads "i/n" with 0 <= i < n, as a Kubernetes Indexed Job's
// JOB_COMPLETION_INDEX or an AWS Batch array job's AWS_BATCH_JOB_ARRAY_INDEX
// count from 0.
func Parse(s string) (Shard, error) {
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

// Has reports whether the unit of the key belongs to this shard. The zero
// Shard holds every unit.
func (s Shard) Has(key string) bool {
	if s.Count <= 1 {
		return true
	}
	sum := sha256.Sum256([]byte(key))
	return binary.BigEndian.Uint64(sum[:8])%uint64(s.Count) == uint64(s.Index)
}

// Of returns the keys of the list that belong to this shard, in order.
func (s Shard) Of(keys []string) []string {
	var out []string
	for _, a := range keys {
		if s.Has(a) {
			out = append(out, a)
		}
	}
	return out
}
