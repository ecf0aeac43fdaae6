package load

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/arn"
	"github.com/sekisho/sekisho/internal/node"
)

// A model directory may hold several collected directories, such as the
// shards of `sekisho collect --shard i/n` side by side (org/shard-0/,
// org/shard-1/, ...), each with its own manifest.json, organizations/ and
// accounts/ (docs/collect.md, "Beyond one machine"). The model is their
// union. Each account belongs to one of them: an account collected in two
// (its files under two directories' accounts/ID/, or listed in two
// manifests) is an error naming both, unless both hold exactly the same
// files with the same bytes (the same directory copied twice), when one
// copy is read. organizations/ follows the same rule.

// unit is what one collected directory holds of one account, or of the
// organization: file (relative to the directory) → SHA-256 of its bytes.
type unit struct {
	root  string
	files map[string][32]byte
	// listed: the directory's manifest lists the account.
	listed bool
}

// collectedRoot is the collected directory a file of the layout (other
// than manifest.json) belongs to, and the unit within it ("accounts/ID" or
// "organizations"); ok is false for a file outside the layout.
func collectedRoot(file string) (root, key, rel string, ok bool) {
	if _, isIC := iamCollectPath(file); isIC {
		return "", "", "", false
	}
	parts := strings.Split(filepath.ToSlash(file), "/")
	n := len(parts)
	join := func(p []string) string {
		if len(p) == 0 {
			return "."
		}
		return strings.Join(p, "/")
	}
	switch {
	case n >= 4 && parts[n-4] == "accounts" && arn.IsAccountID(parts[n-3]):
		return join(parts[:n-4]), "accounts/" + parts[n-3], strings.Join(parts[n-4:], "/"), true
	case n >= 2 && parts[n-2] == "organizations":
		return join(parts[:n-2]), "organizations", strings.Join(parts[n-2:], "/"), true
	}
	return "", "", "", false
}

// unionPlan decides which files to read when the files hold more than one
// collected directory: skip lists the files of duplicate copies. read
// gives a file's bytes (each is read once more when it is loaded: hashing
// first keeps only one file in memory at a time).
func unionPlan(files []string, read func(string) ([]byte, error)) (skip map[string]bool, err error) {
	roots := map[string]bool{}
	for _, f := range files {
		if filepath.Base(f) == "manifest.json" {
			roots[dirOf(f)] = true
		} else if root, _, _, ok := collectedRoot(f); ok {
			roots[root] = true
		}
	}
	if len(roots) < 2 {
		return nil, nil
	}
	units := map[string]map[string]*unit{} // key → root → unit
	get := func(key, root string) *unit {
		if units[key] == nil {
			units[key] = map[string]*unit{}
		}
		u := units[key][root]
		if u == nil {
			u = &unit{root: root, files: map[string][32]byte{}}
			units[key][root] = u
		}
		return u
	}
	for _, f := range files {
		if filepath.Base(f) == "manifest.json" {
			src, err := read(f)
			if err != nil {
				return nil, err
			}
			for _, id := range manifestAccounts(src) {
				get("accounts/"+id, dirOf(f)).listed = true
			}
			continue
		}
		root, key, rel, ok := collectedRoot(f)
		if !ok {
			continue
		}
		src, err := read(f)
		if err != nil {
			return nil, err
		}
		get(key, root).files[rel] = sha256.Sum256(src)
	}
	return duplicates(units)
}

// duplicates keeps one copy of each unit found in several directories
// when the copies are identical, and fails otherwise.
func duplicates(units map[string]map[string]*unit) (map[string]bool, error) {
	skip := map[string]bool{}
	keys := make([]string, 0, len(units))
	for k := range units {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs Errors
	for _, key := range keys {
		byRoot := units[key]
		if len(byRoot) < 2 {
			continue
		}
		roots := make([]string, 0, len(byRoot))
		for r := range byRoot {
			roots = append(roots, r)
		}
		sort.Strings(roots)
		first := byRoot[roots[0]]
		for _, r := range roots[1:] {
			other := byRoot[r]
			if diff := firstDifference(first.files, other.files); diff != "" {
				errs = append(errs, conflict(key, first, other, diff))
				continue
			}
			for rel := range other.files {
				skip[joinRoot(other.root, rel)] = true
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return skip, nil
}

func conflict(key string, a, b *unit, diff string) *node.Error {
	what := "account " + strings.TrimPrefix(key, "accounts/")
	if key == "organizations" {
		what = "the organization"
	}
	return &node.Error{File: where(b), Msg: fmt.Sprintf("%s is collected twice, in %s and in %s, and the two differ (%s): "+
		"a model reads each account from one collected directory; remove one of them, or collect the shards again with the same --shard n",
		what, where(a), where(b), diff)}
}

// where names a collected directory by its manifest, as the manifest
// lists what it holds.
func where(u *unit) string {
	if u.listed {
		return joinRoot(u.root, "manifest.json")
	}
	return u.root + "/"
}

func firstDifference(a, b map[string][32]byte) string {
	names := make([]string, 0, len(a)+len(b))
	for n := range a {
		names = append(names, n)
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		ha, inA := a[n]
		hb, inB := b[n]
		switch {
		case !inA:
			return n + " is only in the second"
		case !inB:
			return n + " is only in the first"
		case !bytes.Equal(ha[:], hb[:]):
			return n + " differs"
		}
	}
	return ""
}

// manifestAccounts lists the account ids a manifest names (its
// "accounts" member: objects with "id", or bare ids); a manifest that is
// not JSON names none here and fails when it is read.
func manifestAccounts(src []byte) []string {
	var m struct {
		Accounts []json.RawMessage `json:"accounts"`
	}
	if json.Unmarshal(src, &m) != nil {
		return nil
	}
	var ids []string
	for _, raw := range m.Accounts {
		var id string
		if json.Unmarshal(raw, &id) != nil {
			var obj struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(raw, &obj) != nil {
				continue
			}
			id = obj.ID
		}
		if arn.IsAccountID(id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func dirOf(file string) string { return filepath.ToSlash(filepath.Dir(file)) }

func joinRoot(root, rel string) string {
	if root == "." {
		return rel
	}
	return root + "/" + rel
}
