// Package shardfile reads and writes the shard documents of `--shard i/n`
// and puts them back together for `sekisho merge` (docs/shards.md).
//
// A shard document is one part of an organization-wide answer (audit, an
// assume or privesc graph, a whocan matrix) with what identifies the whole:
// the command, its arguments and flags, the digest of the model's files,
// and the shard. Read and Decode accept only a well-formed document whose
// every value has its Go type's shape (unknown or missing fields, wrong
// types: an error with line:column and JSON path); Assemble accepts only
// every part 0..n-1 of one question on one model, each once; Merge puts
// their answers together with the analysis package's merges.
//
// # Usage
//
//	docs, err := shardfile.Assemble(paths) // every part, in shard order
//	answer, err := shardfile.Merge(docs)   // *analysis.AuditResult, *analysis.Graph, ...
package shardfile
