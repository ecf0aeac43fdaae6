package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pkgPolicy is one entry of dist/managedPolicies.json (see the package's
// dist/types.d.ts): every version AWS published, keyed by version id.
type pkgPolicy struct {
	ARN             string `json:"arn"`
	LatestVersionID string `json:"latestVersionId"`
	LastUpdated     string `json:"lastUpdatedDate"`
	Versions        map[string]struct {
		Document json.RawMessage `json:"document"`
	} `json:"versions"`
}

// artifact is what awsmanaged/decode.go reads.
type artifact struct {
	Package  string   `json:"package"`
	Version  string   `json:"version"`
	Date     string   `json:"date"` // the latest policy update the package holds
	Policies []policy `json:"policies"`
}

type policy struct {
	ARN       string          `json:"arn"`
	VersionID string          `json:"versionId"`
	Document  json.RawMessage `json:"document"`
}

func readPackage(dir, version string) (*artifact, error) {
	var meta struct {
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &meta); err != nil {
		return nil, err
	}
	if meta.Version != version {
		return nil, fmt.Errorf("package version is %s, want %s", meta.Version, version)
	}
	var all map[string]pkgPolicy
	if err := readJSON(filepath.Join(dir, "dist", "managedPolicies.json"), &all); err != nil {
		return nil, err
	}
	set := &artifact{Package: packageName, Version: version}
	for name, p := range all {
		v, ok := p.Versions[p.LatestVersionID]
		if !ok || len(v.Document) == 0 {
			return nil, fmt.Errorf("%s: latest version %s has no document", name, p.LatestVersionID)
		}
		if !strings.HasPrefix(p.ARN, "arn:aws:iam::aws:policy/") || !strings.HasSuffix(p.ARN, "/"+name) {
			return nil, fmt.Errorf("%s: unexpected ARN %q", name, p.ARN)
		}
		var doc bytes.Buffer
		if err := json.Compact(&doc, v.Document); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		set.Policies = append(set.Policies, policy{ARN: p.ARN, VersionID: p.LatestVersionID, Document: doc.Bytes()})
		if d := p.LastUpdated; len(d) >= 10 && d[:10] > set.Date {
			set.Date = d[:10]
		}
	}
	sort.Slice(set.Policies, func(i, j int) bool { return set.Policies[i].ARN < set.Policies[j].ARN })
	return set, nil
}

func readJSON(path string, v any) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(src, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func write(path string, set *artifact) (int, error) {
	body, err := json.Marshal(set)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(body); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), os.WriteFile(path, buf.Bytes(), 0o644)
}
