package collect

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// ManifestVersion is the version of the manifest's format.
const ManifestVersion = 1

// ManifestFile is the manifest's name in the output directory.
const ManifestFile = "manifest.json"

// Manifest records what a collection wrote (docs/collect.md, "The manifest").
type Manifest struct {
	Version   int       `json:"version"`
	Tool      string    `json:"tool"`
	Started   time.Time `json:"started"`
	Updated   time.Time `json:"updated"`
	Complete  bool      `json:"complete"` // every account was finished (denied and failed calls aside)
	Shard     string    `json:"shard,omitempty"`
	Caller    string    `json:"caller"` // the ARN of the credentials the run started with
	Accounts  []Account `json:"accounts"`
	Collected []Entry   `json:"collected"`
	Absent    []Entry   `json:"absent"` // "no policy" answers: no file
	Denied    []Entry   `json:"denied"` // AccessDenied: the resource type is not collected there
	Failed    []Entry   `json:"failed"` // every other error, after the SDK's retries
	// Skipped are the accounts asked for (--accounts) that were not
	// collected because the organization does not hold them as ACTIVE
	// accounts.
	Skipped []Skipped `json:"skipped"`
}

// Skipped is an account asked for and not collected, and why.
type Skipped struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Account is one account of a collection.
type Account struct {
	ID        string    `json:"id"`
	Principal string    `json:"principal,omitempty"` // who collected it (sts get-caller-identity)
	Regions   []string  `json:"regions,omitempty"`
	Finished  time.Time `json:"finished,omitzero"`
	Error     string    `json:"error,omitempty"` // why the account could not be collected at all
}

// Entry is one call and its outcome.
type Entry struct {
	Call    string    `json:"call"`              // the layout's name of the call: "s3api.get-bucket-policy", "organizations.list-roots"
	Account string    `json:"account,omitempty"` // empty for organizations/ files
	Region  string    `json:"region,omitempty"`  // "global" for global calls, empty for organizations/ files
	ID      string    `json:"id,omitempty"`      // the resource the call was about, when its file name has one
	File    string    `json:"file"`              // slash-separated, relative to the directory (for absent, denied and failed calls, the file it would have written)
	Command string    `json:"command"`           // the AWS CLI command
	Code    string    `json:"code,omitempty"`    // the AWS error code
	Error   string    `json:"error,omitempty"`   // what AWS answered, for absent, denied and failed calls
	At      time.Time `json:"at"`
}

// ReadManifest reads DIR/manifest.json.
func ReadManifest(dir string) (*Manifest, error) {
	src, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(src, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestFile), err)
	}
	if m.Version != ManifestVersion {
		return nil, fmt.Errorf("%s: version %d, expected %d", filepath.Join(dir, ManifestFile), m.Version, ManifestVersion)
	}
	return &m, nil
}

// ledger is the manifest while a run writes it; safe for concurrent use.
type ledger struct {
	mu       sync.Mutex
	dir      string
	m        Manifest
	done     map[string]bool // files collected or absent: a resumed run skips them
	accounts map[string]int  // account id → index in m.Accounts
	flushed  time.Time
}

// openLedger starts a manifest; with resume, from the one in dir, keeping
// what was collected or absent and dropping denied and failed calls, which
// are made again.
func openLedger(dir string, resume bool, now time.Time) (*ledger, error) {
	l := &ledger{dir: dir, done: map[string]bool{}, accounts: map[string]int{}}
	l.m = Manifest{Version: ManifestVersion, Started: now}
	if !resume {
		return l, nil
	}
	old, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return nil, err
	}
	l.m.Started = old.Started
	for _, e := range old.Collected {
		// A file removed since is collected again.
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(e.File))); err == nil {
			l.m.Collected = append(l.m.Collected, e)
			l.done[e.File] = true
		}
	}
	for _, e := range old.Absent {
		l.m.Absent = append(l.m.Absent, e)
		l.done[e.File] = true
	}
	for _, a := range old.Accounts {
		a.Finished, a.Error = time.Time{}, ""
		l.accounts[a.ID] = len(l.m.Accounts)
		l.m.Accounts = append(l.m.Accounts, a)
	}
	return l, nil
}

func (l *ledger) isDone(file string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done[file]
}

type outcome uint8

const (
	collected outcome = iota
	absent
	denied
	failed
)

func (l *ledger) record(o outcome, e Entry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch o {
	case collected:
		l.m.Collected = append(l.m.Collected, e)
		l.done[e.File] = true
	case absent:
		l.m.Absent = append(l.m.Absent, e)
		l.done[e.File] = true
	case denied:
		l.m.Denied = append(l.m.Denied, e)
	case failed:
		l.m.Failed = append(l.m.Failed, e)
	}
}

func (l *ledger) skip(s Skipped) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.m.Skipped = append(l.m.Skipped, s)
}

// account returns a copy of the account's entry (zero when new).
func (l *ledger) account(id string) Account {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.accounts[id]; ok {
		return l.m.Accounts[i]
	}
	return Account{ID: id}
}

func (l *ledger) setAccount(a Account) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.accounts[a.ID]; ok {
		l.m.Accounts[i] = a
		return
	}
	l.accounts[a.ID] = len(l.m.Accounts)
	l.m.Accounts = append(l.m.Accounts, a)
}

// flush writes the manifest; unless force, at most every few seconds, so
// a run of thousands of accounts does not rewrite it after each one.
func (l *ledger) flush(now time.Time, force bool) error {
	l.mu.Lock()
	if !force && now.Sub(l.flushed) < 5*time.Second {
		l.mu.Unlock()
		return nil
	}
	l.flushed = now
	l.m.Updated = now
	m := l.m
	m.Accounts = append([]Account(nil), l.m.Accounts...)
	sort.Slice(m.Accounts, func(i, j int) bool { return m.Accounts[i].ID < m.Accounts[j].ID })
	m.Collected = sortedEntries(l.m.Collected)
	m.Absent = sortedEntries(l.m.Absent)
	m.Denied = sortedEntries(l.m.Denied)
	m.Failed = sortedEntries(l.m.Failed)
	m.Skipped = append([]Skipped{}, l.m.Skipped...)
	sort.Slice(m.Skipped, func(i, j int) bool { return m.Skipped[i].ID < m.Skipped[j].ID })
	l.mu.Unlock()
	data, err := encode(m)
	if err != nil {
		return err
	}
	return writeFile(l.dir, ManifestFile, data)
}

func sortedEntries(es []Entry) []Entry {
	out := append([]Entry{}, es...)
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}
