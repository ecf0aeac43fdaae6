package analysis

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/sekisho/sekisho/awsref"
	"github.com/sekisho/sekisho/internal/wildcard"
)

// WhoCanMatrix answers "who can do Action on each resource of the model":
// one whocan answer per resource the action acts on, sorted by ARN. It is
// the org-wide matrix of one action (rows: resources; columns: the
// principals allowed), and its rows are the work units of --shard.
type WhoCanMatrix struct {
	// SchemaVersion names the JSON Schema of this answer (docs/schema/).
	SchemaVersion string   `json:"schemaVersion"`
	Action        string   `json:"action"`
	From          string   `json:"from,omitempty"`
	Assumptions   []string `json:"assumptions,omitempty"`
	// ResourceTypes are the types of resource the action acts on (the
	// service authorization reference); the rows are the model's
	// resources of those types.
	ResourceTypes []string `json:"resourceTypes"`
	// Resources are the rows, each a whole whocan answer with its own
	// completeness (its assumptions are the matrix's).
	Resources []WhoCanResult `json:"resources"`
}

// WhoCanAll answers whocan for action on every resource of the model the
// action acts on: its buckets, queues, keys and other resources with a
// policy, its roles and users, its instances, and for an action on S3
// objects each bucket's objects (BUCKET/*: the policies' Resource
// patterns are matched against that ARN, as whocan does for any ARN).
// With a.Shard set, only the rows of the shard are answered.
func (a *Analyzer) WhoCanAll(action string, opt WhoCanOptions) (*WhoCanMatrix, error) {
	act, ok := awsref.LookupAction(action)
	if !ok || wildcard.HasWildcard(action) {
		return nil, fmt.Errorf("%s: --all-resources needs one action of the service authorization reference, not a pattern", action)
	}
	if len(act.Resources) == 0 {
		return nil, fmt.Errorf("%s acts only on resource \"*\" (it has no resource types in the service authorization reference): ask whocan %s \"*\"", act, act)
	}
	out := &WhoCanMatrix{SchemaVersion: SchemaVersion, Action: action, From: opt.From.String(), Assumptions: a.Assumptions(), Resources: []WhoCanResult{}}
	takes := map[string]bool{}
	for _, r := range act.Resources {
		takes[r.Type] = true
		out.ResourceTypes = append(out.ResourceTypes, r.Type)
	}
	rows := a.matrixRows(act.Service, takes)
	tick := a.progress("resources answered", len(rows))
	for _, res := range rows {
		tick()
		if !a.Shard.Has(res) {
			continue
		}
		r, err := a.WhoCan(action, res, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", res, err)
		}
		r.Assumptions = nil
		out.Resources = append(out.Resources, *r)
	}
	return out, nil
}

// matrixRows are the ARNs of the model's resources of a service whose
// resource type is one the action takes, sorted.
func (a *Analyzer) matrixRows(service string, takes map[string]bool) []string {
	set := map[string]bool{}
	consider := func(arn string) {
		if set[arn] {
			return
		}
		for _, t := range awsref.ResourceTypesForARN(service, arn) {
			if takes[t.Name] {
				set[arn] = true
				return
			}
		}
	}
	for arn := range a.Model.Resources {
		if serviceOfARN(arn) != service {
			continue
		}
		consider(arn)
		if service == "s3" && !strings.Contains(strings.TrimPrefix(arn, "arn:aws:s3:::"), "/") {
			consider(arn + "/*")
		}
	}
	for _, s := range a.subjects() {
		if service == "iam" || service == "sts" {
			consider(s.arn)
		}
	}
	if service == "ec2" {
		for _, in := range a.Model.Instances {
			consider(in.ARN())
		}
	}
	out := slices.Collect(maps.Keys(set))
	sort.Strings(out)
	return out
}

// MergeWhoCanMatrix puts together the matrices of every shard of one
// question: each resource is a row of one shard, so the rows of all,
// sorted by ARN, are the whole matrix.
func MergeWhoCanMatrix(parts []*WhoCanMatrix) (*WhoCanMatrix, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("no matrix to merge")
	}
	first := parts[0]
	out := *first
	out.Resources = []WhoCanResult{}
	seen := map[string]int{}
	for i, p := range parts {
		if p.Action != first.Action || p.From != first.From || !slices.Equal(p.Assumptions, first.Assumptions) ||
			!slices.Equal(p.ResourceTypes, first.ResourceTypes) || p.SchemaVersion != first.SchemaVersion {
			return nil, fmt.Errorf("part %d asks of %s what part 1 asks of %s, or assumed other keys", i+1, p.Action, first.Action)
		}
		for _, r := range p.Resources {
			if j, dup := seen[r.Resource]; dup {
				return nil, fmt.Errorf("parts %d and %d both answer for %s", j+1, i+1, r.Resource)
			}
			seen[r.Resource] = i
			out.Resources = append(out.Resources, r)
		}
	}
	sort.SliceStable(out.Resources, func(i, j int) bool { return out.Resources[i].Resource < out.Resources[j].Resource })
	return &out, nil
}
