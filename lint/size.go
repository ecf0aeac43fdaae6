package lint

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/policy"
)

// sizeInfo is the size of a policy document in characters.
type sizeInfo struct {
	compact int // without white space outside strings, as IAM counts
	written int // as written, white space included; 0 when unknown
}

// measure sizes a document node. written is the document's own text when
// it is known (a bare file, or a document given as a string).
func measure(doc *node.Node, written string) *sizeInfo {
	s := &sizeInfo{compact: compactLen(doc)}
	if written != "" {
		s.written = utf8.RuneCountInString(written)
	}
	return s
}

// compactLen is the length in characters of the value encoded as JSON
// without white space.
func compactLen(n *node.Node) int {
	switch n.Kind {
	case node.Null:
		return 4
	case node.String:
		return jsonStringLen(n.Text)
	case node.Array:
		l := 2 + max(len(n.Items)-1, 0)
		for _, it := range n.Items {
			l += compactLen(it)
		}
		return l
	case node.Object:
		l := 2 + max(len(n.Fields)-1, 0)
		for _, f := range n.Fields {
			l += jsonStringLen(f.Key) + 1 + compactLen(f.Value)
		}
		return l
	}
	return utf8.RuneCountInString(n.Text)
}

func jsonStringLen(s string) int {
	b, _ := json.Marshal(s)
	return utf8.RuneCount(b)
}

// IAM character quotas (IAM User Guide, "IAM and AWS STS quotas"); IAM does
// not count white space.
const (
	managedQuota       = 6144
	userInlineQuota    = 2048
	groupInlineQuota   = 5120
	roleInlineQuota    = 10240
	trustDefaultQuota  = 2048
	trustMaxQuota      = 8192
	sessionPolicyQuota = 2048
	orgPolicyQuota     = 5120  // SCP and RCP: every character counts
	endpointQuota      = 20480 // VPC endpoint policy, white space included
)

var attachmentQuota = map[Attachment]int{
	AttachManaged: managedQuota, AttachUser: userInlineQuota, AttachGroup: groupInlineQuota, AttachRole: roleInlineQuota,
}

// SK5005: IAM policies, by kind and attachment.
func checkIAMSize(ps *pass) {
	if ps.size == nil {
		return
	}
	n, at := ps.size.compact, ps.loc.doc()
	switch ps.kind {
	case policy.Identity, policy.Boundary:
		identitySize(ps, n, at)
	case policy.Trust:
		if n > trustMaxQuota {
			ps.reportMax(at, "the trust policy has %s characters without white space; a role trust policy can have at most %s", num(n), num(trustMaxQuota))
		} else if n > trustDefaultQuota {
			ps.report(Warning, at, "the trust policy has %s characters without white space; the default quota is %s (it can be raised to %s through Service Quotas)", num(n), num(trustDefaultQuota), num(trustMaxQuota))
		}
	case policy.Session:
		if n > sessionPolicyQuota {
			ps.reportMax(at, "the session policy has %s characters without white space; session policies can have at most %s", num(n), num(sessionPolicyQuota))
		}
	}
}

func identitySize(ps *pass, n int, at place) {
	if q, ok := attachmentQuota[ps.opts.Attachment]; ok {
		if n > q {
			ps.reportMax(at, "the policy has %s characters without white space; the quota for %s is %s", num(n), attachmentLabel(ps.opts.Attachment), num(q))
		}
		return
	}
	if n > managedQuota {
		ps.report(Warning, at, "the policy has %s characters without white space: more than a customer managed policy may have (%s); only a role's inline policies may be larger (%s together), and AWS managed policies are exempt", num(n), num(managedQuota), num(roleInlineQuota))
	}
}

func attachmentLabel(a Attachment) string {
	switch a {
	case AttachManaged:
		return "a customer managed policy"
	case AttachUser:
		return "all inline policies of a user together"
	case AttachGroup:
		return "all inline policies of a group together"
	}
	return "all inline policies of a role together"
}

// SK5006: SCPs and RCPs count every character, white space included
// (AWS Organizations User Guide, "SCP syntax" and "RCP syntax").
func checkOrgSize(ps *pass) {
	if ps.kind == policy.SCP || ps.kind == policy.RCP {
		sizeWithSpace(ps, ps.kind.String(), orgPolicyQuota)
	}
}

// SK5007: VPC endpoint policies, white space included.
func checkEndpointSize(ps *pass) {
	if ps.kind == policy.Endpoint {
		sizeWithSpace(ps, "endpoint policy", endpointQuota)
	}
}

// sizeWithSpace reports a document over a quota that counts white space:
// an error when even without white space it is too large, else a warning
// to remove the white space before uploading.
func sizeWithSpace(ps *pass, what string, quota int) {
	if ps.size == nil {
		return
	}
	at := ps.loc.doc()
	if ps.size.compact > quota {
		ps.reportMax(at, "the %s has %s characters even without white space; the quota is %s", what, num(ps.size.compact), num(quota))
		return
	}
	if ps.size.written > quota {
		ps.report(Warning, at, "the %s has %s characters as written and AWS counts white space too (quota %s); without white space outside strings it has %s: minify it before uploading", what, num(ps.size.written), num(quota), num(ps.size.compact))
	}
}

// num writes a count with thousands separators, as AWS's quota pages do.
func num(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// SK5008: IAM accepts only tab, line feed, carriage return and
// U+0020-U+00FF in a policy document (policy.RejectedRune).
func checkIAMCharacters(ps *pass) {
	if !ps.kind.StoredByIAM() || ps.loc.root == nil {
		return
	}
	if e := policy.RejectedCharacter(ps.loc.root, ps.loc.base); e != nil {
		ps.reportMax(place{e.Pos, e.Path}, "%s", e.Msg)
	}
}
