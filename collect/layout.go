package collect

import (
	"path"
	"strings"
)

// Global is the Region part of the path of an account's global calls.
const Global = "global"

// escapeID writes a resource id as the layout wants it: characters other
// than A-Za-z0-9._- as %XX (docs/collect-layout.md), so "team/app" is
// "team%2Fapp" and a name can never leave its directory.
func escapeID(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// filePath is the slash-separated path, relative to the output directory,
// of the file one call writes. ids name the resource when the answer does
// not; they are joined with dots.
func filePath(c *Call, account, region string, ids ...string) string {
	name := c.Stem
	for _, id := range ids {
		name += "." + escapeID(id)
	}
	name += ".json"
	if c.Scope == OrgScope {
		return path.Join("organizations", name)
	}
	return path.Join("accounts", account, region, name)
}
