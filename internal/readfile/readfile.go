package readfile

import (
	"bytes"
	"fmt"
	"github.com/sekisho/sekisho/internal/errcode"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
)

// Limit bounds one kind of input file.
type Limit struct {
	What string // the kind of file, for messages: "policy file"
	Max  int64  // the most bytes read
	Why  string // why no real file of this kind is larger
	// Values is the most values (strings, numbers, booleans, nulls, lists,
	// objects) the file may hold, checked by internal/node as it reads:
	// memory grows with the values, not the bytes (about 100 bytes a
	// value once read). A kind's bound is a value per 16 bytes of its Max
	// (per 8 for a plan), denser than any real file of the kind: AWS CLI
	// output holds a value per 47 bytes, minified per 22, this
	// repository's Terraform plans minified per 16-24 (docs/model.md,
	// "Limits of a model file"). 0 is internal/node's default, the model
	// file's.
	Values int
}

// The limits of each kind of input. A policy file holds one document, and
// no policy in AWS is near 1 MiB: customer policies are at most 32,768
// bytes, a KMS key policy's quota (AWS KMS Developer Guide, "Key policy
// format"); IAM's quotas are 6,144 characters for a managed policy and
// 10,240 for a role's inline policies (IAM User Guide, "IAM and AWS STS
// quotas"), 5,120 for an SCP or RCP (AWS Organizations User Guide, "Quotas
// and service limits for AWS Organizations"). AWS managed policies have no
// published quota; the largest, AWSSupportServiceRolePolicy, is about
// 152,000 characters, and its file as the AWS CLI prints it about 200 KB.
var (
	Policy = Limit{What: "policy file", Max: 1 << 20, Values: 1 << 16,
		Why: "no policy in AWS is that large (customer policies are at most 32,768 bytes, a KMS key policy's quota; IAM's quotas are 6,144 characters for a managed policy, 10,240 for role inline policies, an SCP's or RCP's 5,120; the largest AWS managed policy is about 152,000 characters)"}
	Cases = Limit{What: "case file", Max: 16 << 20, Values: 1 << 20,
		Why: "split the cases into several files"}
	Model = Limit{What: "model file", Max: 128 << 20, Values: 8 << 20,
		Why: "split the model into several files in a directory"}
	Plan = Limit{What: "plan file", Max: 128 << 20, Values: 16 << 20,
		Why: "review the plan of a smaller Terraform root module, or split it with -target"}
	Shard = Limit{What: "shard file", Max: 1 << 30, Values: 64 << 20,
		Why: "split the work into more shards (--shard i/n with a larger n)"}
	Events = Limit{What: "events file", Max: 64 << 20, Values: 4 << 20,
		Why: "split the events into several files"}
)

// Error is a file that is refused, with the reason.
type Error struct {
	File string
	Msg  string
}

func (e *Error) Error() string { return e.File + ": " + e.Msg }

// ErrorCode is the error's stable code (docs/errors.md).
func (e *Error) ErrorCode() errcode.Code { return errcode.Refused }

// Read reads a regular file of at most l.Max bytes.
func Read(path string, l Limit) ([]byte, error) { return ReadInto(path, l, nil) }

// ReadInto is Read into the memory of buf when it is large enough: a
// reader of many files passes the bytes of the file it read before, which
// it no longer needs, so that reading them is not as much garbage as the
// files (a model's load). The bytes returned may be buf's.
func ReadInto(path string, l Limit, buf []byte) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := check(path, info, l); err != nil {
		return nil, err
	}
	// O_NONBLOCK: a file swapped for a FIFO since the Stat must not block
	// the open; it is then refused by the check on the open file.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readOpen(f, path, l, buf)
}

// ReadRegular is ReadInto for a file that a walk has just found to be a
// regular file (WalkSizes): the walk's look at it stands for the one
// ReadInto takes before opening the file, which keeps it from opening a
// FIFO or a device, and saves a system call per file of a model's
// thousands. The open file is checked as ReadInto checks it (a file
// swapped since the walk is refused so), and a file that cannot be opened
// fails with the error ReadInto gives.
func ReadRegular(path string, l Limit, buf []byte) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		if _, statErr := os.Stat(path); statErr != nil {
			return nil, statErr // ReadInto's error: "stat PATH: ..."
		}
		return nil, err
	}
	defer f.Close()
	return readOpen(f, path, l, buf)
}

// readOpen reads the open file f, named path, after checking it as Read
// checks a file.
func readOpen(f *os.File, path string, l Limit, buf []byte) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := check(path, info, l); err != nil {
		return nil, err
	}
	return readAll(f, path, l, info.Size(), buf)
}

// ReadAll reads at most l.Max bytes from r (standard input, a stream),
// and fails when there are more.
func ReadAll(r io.Reader, name string, l Limit) ([]byte, error) {
	return readAll(r, name, l, 0, nil)
}

// readAll is ReadAll into a buffer sized for the size a file had when it
// was checked, so that reading it takes one allocation, not the dozen of
// a buffer doubling from 512 bytes; a file that has grown since is still
// read only up to the limit.
func readAll(r io.Reader, name string, l Limit, size int64, into []byte) ([]byte, error) {
	// A buffer made at its size rather than grown by bytes.Buffer.Grow:
	// Grow clears the memory it adds before the read overwrites it, and
	// for a fresh 10 MB case file that clearing is what first touches
	// each page, 4 of the 6 ms of reading it.
	if want := int(min(size, l.Max)) + bytes.MinRead; cap(into) < want {
		into = make([]byte, 0, want)
	}
	buf := bytes.NewBuffer(into[:0])
	if _, err := buf.ReadFrom(io.LimitReader(r, l.Max+1)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(buf.Len()) > l.Max {
		return nil, tooLarge(name, l, "more than "+Size(l.Max))
	}
	return buf.Bytes(), nil
}

// CheckInfo refuses a file, found for example while walking a directory,
// that Read would refuse, without opening it.
func CheckInfo(path string, info fs.FileInfo, l Limit) error { return check(path, info, l) }

func check(path string, info fs.FileInfo, l Limit) error {
	if !info.Mode().IsRegular() {
		return &Error{File: path, Msg: fmt.Sprintf("is %s, not a regular file: expected %s", kind(info.Mode()), article(l.What))}
	}
	if info.Size() > l.Max {
		return tooLarge(path, l, fmt.Sprintf("%d bytes", info.Size()))
	}
	return nil
}

func tooLarge(name string, l Limit, size string) error {
	return &Error{File: name, Msg: fmt.Sprintf("%s, over the %s limit of %s: %s", size, l.What, Size(l.Max), l.Why)}
}

func article(what string) string {
	if what != "" && strings.ContainsRune("aeiou", rune(what[0])) {
		return "an " + what
	}
	return "a " + what
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// Size is n bytes as a limit is written in messages: "N MiB" when n is a
// whole number of MiB, else "N bytes".
func Size(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
