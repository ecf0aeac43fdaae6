package lint

import (
	"strings"

	"github.com/sekisho/sekisho/internal/node"
)

// SK6013: a principal given as the unique ID of an IAM user (AIDA...) or
// role (AROA...). IAM User Guide, "AWS JSON policy elements: Principal":
// IAM stores the ARN of a user or role principal as its unique ID and
// shows the ARN again when the policy is read; when the user or role has
// been deleted, the ID no longer maps to an ARN and is shown instead. The
// policy then no longer applies to anyone: a user or role created again
// under the same name has a new ID and is not matched. So an ID here means
// a deleted principal (or a policy saved with one): the statement grants
// or denies nothing for it.
func checkUniqueIDPrincipals(ps *pass) {
	for i, f := range ps.stmts {
		pr := f.st.Principal
		if pr == nil {
			continue
		}
		for _, id := range pr.UniqueIDs {
			what := "role"
			if strings.HasPrefix(id, "AIDA") {
				what = "user"
			}
			ps.reportMax(ps.loc.principalValue(i, "AWS", id),
				"%s %q is the unique ID of an IAM %s, which AWS shows in place of the ARN when that %s has been deleted: it matches no one, not even a %s created again under the same name; replace it with the ARN of the principal meant, or remove it",
				principalElem(f.st), id, what, what, what)
		}
	}
}

// principalValue is the place of value v of member typ ("AWS", "Service")
// of statement i's Principal or NotPrincipal.
func (l *locator) principalValue(i int, typ, v string) place {
	at := l.principal(i)
	n, _ := l.stmtNode(i)
	if n == nil {
		return at
	}
	m := n.Get(principalElem(l.pol.Statements[i]))
	if m == nil || m.Get(typ) == nil {
		return at
	}
	list := m.Get(typ)
	path := at.path.Key(typ)
	switch {
	case list.Kind == node.String:
		return place{list.Pos, path}
	case list.Kind == node.Array:
		for j, it := range list.Items {
			if it.Kind == node.String && it.Text == v {
				return place{it.Pos, path.Index(j)}
			}
		}
	}
	return place{list.Pos, path}
}
