package policy

import (
	"github.com/sekisho/sekisho/internal/node"
)

// Kind is the kind of policy a document is used as. It decides which
// elements are required or forbidden.
type Kind uint8

// The policy kinds.
const (
	AnyKind  Kind = iota // unknown: only the grammar is checked
	Identity             // identity-based policy of a user, group or role
	Boundary             // permissions boundary
	Session              // session policy
	SCP                  // service control policy
	RCP                  // resource control policy
	Resource             // resource-based policy (bucket, key, queue, ...)
	Trust                // role trust policy
	Endpoint             // VPC endpoint policy
)

var kindNames = [...]string{"policy", "identity", "boundary", "session", "scp", "rcp", "resource", "trust", "endpoint"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "policy"
}

// ParseKind returns the kind named s (as String prints it).
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return AnyKind, false
}

// Version is the policy language version.
type Version uint8

// The versions. When Version is absent AWS uses 2008-10-17, in which policy
// variables are plain text (IAM User Guide, "IAM JSON policy elements: Version").
const (
	VersionAbsent Version = iota
	Version2008
	Version2012
)

// VariablesEnabled reports whether ${...} is a policy variable in this version.
func (v Version) VariablesEnabled() bool { return v == Version2012 }

// Effect is Allow or Deny.
type Effect uint8

// The effects.
const (
	Allow Effect = iota
	Deny
)

func (e Effect) String() string {
	if e == Deny {
		return "Deny"
	}
	return "Allow"
}

// Source says where a policy comes from and how it is used.
type Source struct {
	File string    // file name, for error messages
	Path node.Path // JSON path of the document inside the file ("" = "$")
	Kind Kind
	Name string // a name for explanations; defaults to File

	// KeepRejectedCharacters reads an IAM-stored document holding
	// characters IAM refuses (see RejectedRune) instead of failing: for
	// lint, which reports them as a finding among others. A document AWS
	// would refuse to store is bad input for evaluation.
	KeepRejectedCharacters bool
}

// Policy is a parsed policy document.
type Policy struct {
	Name       string
	File       string
	ID         string
	Statements []*Statement
	Pos        node.Pos
	Path       node.Path // JSON path of the document in File ("$" for a whole file)
	// InString is the place in File of the JSON string the document was
	// given in (AWS CLI output holds some documents so), or the zero Pos:
	// positions inside such a document count from the string's text.
	InString node.Pos

	// The one-byte fields together, last, so that they share one word
	// (136 -> 128 bytes; TestPolicySizes).
	Kind    Kind
	Version Version
}

// Statement is one statement of a policy.
type Statement struct {
	Index int // position in the policy, from 0
	Sid   string
	Pos   node.Pos

	Actions    []string   // Action or NotAction values
	Resources  []Template // Resource or NotResource values
	Principal  *Principal // nil when the statement has no Principal or NotPrincipal
	Conditions []*Condition

	// The one-byte fields together, last, so that they share one word
	// instead of a word each: 152 -> 128 bytes a statement, and a case
	// file of 10,000 cases holds ~47,000 statements (TestPolicySizes).
	Effect       Effect
	NotAction    bool // Actions are NotAction's
	NotResource  bool // Resources are NotResource's
	AnyResource  bool // no Resource element (trust policies): every resource
	NotPrincipal bool // Principal is NotPrincipal's
}

// Label names the statement for people: its Sid, or its index.
func (s *Statement) Label() string {
	if s.Sid != "" {
		return s.Sid
	}
	return "#" + itoa(s.Index)
}

// Principal is the content of a Principal or NotPrincipal element.
type Principal struct {
	Any           bool     // "*" or {"AWS": "*"}
	AWS           []string // account ids and IAM ARNs
	Service       []string
	Federated     []string
	CanonicalUser []string
	// UniqueIDs are AWS principals given as the unique ID of a user or role
	// (AIDA..., AROA...): what AWS shows for a principal that was deleted.
	// They match no request (see IsUniqueID).
	UniqueIDs []string
	Pos       node.Pos
}

// Condition is one key of one operator in a Condition block.
type Condition struct {
	Operator Operator
	Key      string     // as written; keys compare case-insensitively
	Values   []Template // the values, OR-ed (NOR-ed for negated operators)
	Pos      node.Pos
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
