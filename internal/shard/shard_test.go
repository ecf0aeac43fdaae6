package shard_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/sekisho/sekisho/internal/shard"
)

// TestShardSplit: every account is in exactly one shard, the split does
// not depend on the order of the list, and it is stable when accounts join.
func TestShardSplit(t *testing.T) {
	t.Parallel()
	var accounts []string
	for i := 0; i < 1000; i++ {
		accounts = append(accounts, fmt.Sprintf("%012d", 100000000000+i*7919))
	}
	for _, n := range []int{1, 2, 7, 64} {
		owner := map[string]int{}
		for i := 0; i < n; i++ {
			s := shard.Shard{Index: i, Count: n}
			part := s.Of(accounts)
			shuffled := slices.Clone(accounts)
			rand.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
			other := s.Of(shuffled)
			slices.Sort(other)
			if !slices.Equal(part, other) {
				t.Errorf("shard %d/%d depends on the order of the accounts", i, n)
			}
			if n > 1 && n < 10 && (len(part) < 1000/n*2/3 || len(part) > 1000/n*3/2) {
				t.Errorf("shard %d/%d holds %d of 1000 accounts", i, n, len(part))
			}
			for _, a := range part {
				if j, ok := owner[a]; ok {
					t.Errorf("%s in shards %d and %d of %d", a, j, i, n)
				}
				owner[a] = i
			}
		}
		if len(owner) != len(accounts) {
			t.Errorf("%d shards hold %d of %d accounts", n, len(owner), len(accounts))
		}
	}
	// Known values, so that the split cannot change between versions
	// unnoticed (shards written by two versions must still make a whole).
	ids := []string{"111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"}
	var got []int
	for _, id := range ids {
		for i := 0; i < 3; i++ {
			if (shard.Shard{Index: i, Count: 3}).Has(id) {
				got = append(got, i)
			}
		}
	}
	if want := []int{1, 2, 2, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("shards of 3: %v, want %v", got, want)
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want shard.Shard
		ok   bool
	}{
		{"0/1", shard.Shard{0, 1}, true},
		{"3/4", shard.Shard{3, 4}, true},
		{"4/4", shard.Shard{}, false},
		{"-1/4", shard.Shard{}, false},
		{"1/0", shard.Shard{}, false},
		{"1", shard.Shard{}, false},
		{"a/b", shard.Shard{}, false},
	} {
		got, err := shard.Parse(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v", tc.in, got, err)
		}
	}
}
