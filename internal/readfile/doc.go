// Package readfile reads Sekisho's input files with a bound: only regular
// files are opened (a FIFO, a device such as /dev/zero or a socket named as
// a policy, case, model or event file is refused before a byte is read, so
// it can neither block nor stream forever), and no more than a kind of
// file's Limit is read.
//
// # Usage
//
//	src, err := readfile.Read(path, readfile.Policy)
//
// # Limits
//
// The check and the read are not atomic: a file replaced by a FIFO between
// the two is opened without blocking (O_NONBLOCK) and refused by the
// second check on the open file.
package readfile
