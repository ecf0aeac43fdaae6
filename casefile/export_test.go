package casefile

// SetScanCases turns the fast reader of JSON case lists (eachItem) on or
// off, and returns the setting it replaced.
func SetScanCases(on bool) bool {
	old := scanCases
	scanCases = on
	return old
}
