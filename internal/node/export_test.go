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
