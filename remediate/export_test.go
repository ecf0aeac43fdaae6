package remediate

// SplitSteps splits src into events and returns how many events it found
// and how many bytes line counting scanned.
func SplitSteps(src []byte) (int, int64, error) {
	lc := &lineCounter{src: src}
	raws, err := splitEvents(src, lc)
	return len(raws), lc.scanned, err
}
