package load

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/sekisho/sekisho/arn"
)

// place is where a file sits in the collected layout (docs/collect-layout.md):
//
//	DIR/manifest.json
//	DIR/organizations/<operation>[.<id>].json
//	DIR/accounts/<ACCOUNT-ID>/global/<service>.<operation>[.<id>].json
//	DIR/accounts/<ACCOUNT-ID>/<REGION>/<service>.<operation>[.<id>].json
//
// The account and Region of a collected file come from its path; a loader
// never guesses them. layout is "" for a file outside the layout.
type place struct {
	layout  string // "<service>.<operation>", "organizations/<operation>" or "manifest"
	account string // accounts/ files
	region  string // "" under global/
	id      string // the <id> part, unescaped ("" when the name has none)
	orgs    bool
	ic      *icPath // a file of an iam-collect directory (iamcollect.go)
}

// placeOf reads a file's place from its path.
func placeOf(file string) (place, error) {
	if p, ok := iamCollectPath(file); ok && strings.ToLower(filepath.Ext(file)) == ".json" {
		return place{account: p.account, ic: p}, nil
	}
	parts := strings.Split(filepath.ToSlash(file), "/")
	base := parts[len(parts)-1]
	if strings.ToLower(filepath.Ext(base)) != ".json" {
		return place{}, nil
	}
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	dir := func(i int) string { // the i-th directory above the file
		if len(parts)-1-i < 0 {
			return ""
		}
		return parts[len(parts)-1-i]
	}
	switch {
	case base == "manifest.json":
		return place{layout: "manifest"}, nil
	case dir(1) == "organizations":
		op, id, _ := strings.Cut(stem, ".")
		id, err := unescapeID(id)
		return place{layout: "organizations/" + op, id: id, orgs: true}, err
	case dir(3) == "accounts":
		return collectedPlace(dir(2), dir(1), stem)
	}
	return place{}, nil
}

func collectedPlace(account, region, stem string) (place, error) {
	if !arn.IsAccountID(account) {
		return place{}, fmt.Errorf("accounts/%s/: expected a 12-digit account id as the directory name", account)
	}
	if region == "global" {
		region = ""
	} else if !isRegion(region) {
		return place{}, fmt.Errorf("accounts/%s/%s/: expected a Region (us-east-1) or global as the directory name", account, region)
	}
	service, rest, ok := strings.Cut(stem, ".")
	if !ok || service == "" || rest == "" {
		return place{}, fmt.Errorf("%s.json: expected SERVICE.OPERATION[.ID].json (iam.get-account-authorization-details.json)", stem)
	}
	op, id, _ := strings.Cut(rest, ".")
	id, err := unescapeID(id)
	return place{layout: service + "." + op, account: account, region: region, id: id}, err
}

// unescapeID undoes the %XX escaping of characters other than
// A-Za-z0-9._- in an <id> (ECR team/app is written team%2Fapp).
func unescapeID(id string) (string, error) {
	out, err := url.PathUnescape(id)
	if err != nil {
		return "", fmt.Errorf("resource id %q in the file name: %v", id, err)
	}
	return out, nil
}

// isRegion: a Region name has the shape xx-name-N (us-east-1, ap-northeast-1, us-gov-west-1).
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 || len(parts[0]) != 2 {
		return false
	}
	last := parts[len(parts)-1]
	for _, c := range last {
		if c < '0' || c > '9' {
			return false
		}
	}
	return last != ""
}

// nameParts returns the dot-separated parts of a file's base name without
// its extension: "accounts-for-parent.ou-ab12-1.json" gives
// ["accounts-for-parent", "ou-ab12-1"].
func nameParts(file string) []string {
	base := filepath.Base(file)
	base = strings.TrimSuffix(base, filepath.Ext(base))
	return strings.Split(base, ".")
}
