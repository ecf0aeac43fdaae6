package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/sekisho/sekisho/policy"
)

// SK1001: without Version, AWS reads the policy as 2008-10-17.
func checkVersionMissing(ps *pass) {
	if ps.pol.Version == policy.VersionAbsent {
		ps.reportMax(ps.loc.doc(), `the policy has no Version: AWS then applies the 2008-10-17 language, in which policy variables are plain text; add "Version": "2012-10-17"`)
	}
}

// SK1002: ${...} is a variable only in Version 2012-10-17.
func checkVariablesVersion(ps *pass) {
	if ps.pol.Version == policy.Version2012 {
		return
	}
	why := "Version is 2008-10-17"
	if ps.pol.Version == policy.VersionAbsent {
		why = "Version is missing, so AWS applies 2008-10-17"
	}
	for i, f := range ps.stmts {
		for j, r := range f.st.Resources {
			if strings.Contains(r.Raw, "${") {
				ps.reportMax(ps.loc.item(i, resourceElem(f.st), j), `%q holds a policy variable, but %s: "${" is literal text there and the value matches no real resource; set "Version": "2012-10-17"`, r.Raw, why)
			}
		}
		for _, c := range f.st.Conditions {
			for j, v := range c.Values {
				if strings.Contains(v.Raw, "${") {
					ps.reportMax(ps.loc.condValue(i, c, j), `%q holds a policy variable, but %s: the value is compared as literal text; set "Version": "2012-10-17"`, v.Raw, why)
				}
			}
		}
	}
}

// SK1003: Sids should tell statements apart.
func checkDuplicateSid(ps *pass) {
	first := map[string]int{}
	for i, f := range ps.stmts {
		sid := f.st.Sid
		if sid == "" {
			continue
		}
		if j, dup := first[sid]; dup {
			ps.reportMax(ps.loc.elem(i, "Sid"), "Sid %q is also the Sid of statement #%d: statement IDs should be unique within a policy", sid, j)
			continue
		}
		first[sid] = i
	}
}

// SK1004: IAM accepts only ASCII letters and digits in a Sid (IAM User
// Guide, "IAM JSON policy elements: Sid"); resource policies of other
// services are more lenient.
func checkSidCharacters(ps *pass) {
	switch ps.kind {
	case policy.Identity, policy.Boundary, policy.Session, policy.Trust:
	default:
		return
	}
	for i, f := range ps.stmts {
		if bad := strings.IndexFunc(f.st.Sid, notAlnum); bad >= 0 {
			r, _ := utf8.DecodeRuneInString(f.st.Sid[bad:])
			ps.reportMax(ps.loc.elem(i, "Sid"), "Sid %q has %q: in an IAM policy a Sid may hold only A-Z, a-z and 0-9", f.st.Sid, r)
		}
	}
}

func notAlnum(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}
