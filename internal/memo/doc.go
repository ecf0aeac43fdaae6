// Package memo is a typed map filled on demand and safe for concurrent
// use: the caches the model's Gatherer and the analyses' Analyzer keep
// for the life of their owner (never process-wide, so a server that drops
// an Analyzer drops its caches).
//
// It is a map under a read-write lock rather than a sync.Map because a
// sync.Map hashes its keys as interfaces: for the gatherer's route key
// (a vantage and two strings) that cost 4 % of a 1,000-account audit,
// and for the analyses' [2]string resource-side keys more than the
// lookups saved.
package memo
