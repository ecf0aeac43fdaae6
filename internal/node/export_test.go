package node

// KeyProbes parses src (JSON, or YAML when yaml is set) and returns the
// steps that duplicate-key detection took.
func KeyProbes(src []byte, yaml bool) (int, error) {
	if yaml {
		b := &yamlBuilder{}
		docs, err := b.documents(src)
		_ = docs
		return b.keyProbes, err
	}
	p := newJSONParser(src)
	_, err := p.value(0)
	return p.keyProbes, err
}

// SetMaxYAMLBytes sets the YAML size limit until the returned func runs.
func SetMaxYAMLBytes(n int) (restore func()) {
	old := maxYAMLBytes
	maxYAMLBytes = n
	return func() { maxYAMLBytes = old }
}

// DefaultValues is the bound on the values of a parse without a kind.
func DefaultValues() int { return defaultLimit.Values }

// SetMaxYAMLTokens sets the YAML token limit until the returned func runs.
func SetMaxYAMLTokens(n int) (restore func()) {
	old := maxYAMLTokens
	maxYAMLTokens = n
	return func() { maxYAMLTokens = old }
}

// YAMLTokens counts the tokens of src as the YAML token limit does.
func YAMLTokens(src []byte) int {
	n, _ := yamlTokens(src, len(src))
	return n
}

// JSONValues counts the values of src as CheckJSONValues does.
func JSONValues(src []byte) int {
	n, _ := jsonValues(src, len(src))
	return n
}
