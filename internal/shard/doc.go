// Package shard splits work over several runs: `sekisho collect --shard
// i/n` collects a part of the accounts, and `sekisho audit`, `graph` and
// `whocan --all-resources` with `--shard i/n` answer for a part of their
// work units, which `sekisho merge` puts back together (docs/shards.md).
// The split is a pure function of the unit's key and of i/n, so that runs
// on different machines, such as the tasks of a Kubernetes Indexed Job or
// of an AWS Batch array job, agree on it without talking to each other.
package shard
