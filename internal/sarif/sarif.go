// Package sarif is the one SARIF 2.1.0 (OASIS Static Analysis Results
// Interchange Format) writer of Sekisho: the subset code-scanning tools
// read, as typed values. lint and audit findings are both written with it.
//
// Usage:
//
//	log := sarif.New(rules)                      // one run, tool "sekisho"
//	log.Runs[0].Results = append(log.Runs[0].Results, sarif.Result{...})
//	render.JSON(w, log)
package sarif

// Schema is the JSON schema a log names.
const Schema = "https://json.schemastore.org/sarif-2.1.0.json"

// Log is a SARIF log.
type Log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []Run  `json:"runs"`
}

// Run is one run of a tool.
type Run struct {
	Tool    Tool     `json:"tool"`
	Results []Result `json:"results"`
}

// Tool names the tool.
type Tool struct {
	Driver Driver `json:"driver"`
}

// Driver is the tool's main component and its rules.
type Driver struct {
	Name           string `json:"name"`
	InformationURI string `json:"informationUri,omitempty"`
	Rules          []Rule `json:"rules"`
}

// Rule is one rule (a lint code, an audit check).
type Rule struct {
	ID                   string     `json:"id"`
	ShortDescription     Text       `json:"shortDescription"`
	HelpURI              string     `json:"helpUri,omitempty"`
	DefaultConfiguration Config     `json:"defaultConfiguration"`
	Properties           *RuleProps `json:"properties,omitempty"`
}

// Config is a rule's default configuration.
type Config struct {
	Level string `json:"level"`
}

// RuleProps are a rule's properties.
type RuleProps struct {
	Tags []string `json:"tags"`
}

// Text is a message.
type Text struct {
	Text string `json:"text"`
}

// Result is one finding.
type Result struct {
	RuleID    string     `json:"ruleId"`
	RuleIndex *int       `json:"ruleIndex,omitempty"`
	Level     string     `json:"level"`
	Message   Text       `json:"message"`
	Locations []Location `json:"locations"`
}

// Location is where a finding is: a place in a file, a named thing, or both.
type Location struct {
	PhysicalLocation *Physical `json:"physicalLocation,omitempty"`
	LogicalLocations []Logical `json:"logicalLocations,omitempty"`
}

// Physical is a place in a file.
type Physical struct {
	ArtifactLocation Artifact `json:"artifactLocation"`
	Region           *Region  `json:"region,omitempty"`
}

// Artifact is a file, by URI (a relative path with forward slashes).
type Artifact struct {
	URI string `json:"uri"`
}

// Region is a line (and column) in a file.
type Region struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// Logical is a named thing, such as a resource.
type Logical struct {
	Kind               string `json:"kind"`
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName,omitempty"`
}

// New returns a log of one run of Sekisho with these rules and no results.
func New(informationURI string, rules []Rule) Log {
	return Log{Schema: Schema, Version: "2.1.0", Runs: []Run{{
		Tool:    Tool{Driver: Driver{Name: "sekisho", InformationURI: informationURI, Rules: rules}},
		Results: []Result{},
	}}}
}
