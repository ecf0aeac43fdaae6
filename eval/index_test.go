package eval

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestStatementIndexCandidates checks the index, in its slice form and
// past smallIndexMax services in its map form, against its definition:
// for each service, the statements in source order that are wild or name
// it; for a service none names, the wild ones.
func TestStatementIndexCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 1; n <= 3*smallIndexMax; n++ {
		for range 20 {
			services := newServiceTable()
			var stmts []*statement
			for range 1 + rng.IntN(2*n) {
				s := &statement{statementBody: &statementBody{}}
				switch rng.IntN(4) {
				case 0:
					// wild: a wildcard service
				case 1:
					s.notAction = true
					s.services = []string{"svc0"}
				default:
					for range 1 + rng.IntN(3) {
						svc := fmt.Sprintf("svc%d", rng.IntN(n))
						if !slices.Contains(s.services, svc) {
							s.services = append(s.services, svc)
							s.serviceIDs = append(s.serviceIDs, services.intern(svc))
						}
					}
				}
				stmts = append(stmts, s)
			}
			idx := newStatementIndex(stmts)
			for k := range n + 1 {
				svc := fmt.Sprintf("svc%d", k) // svc<n> is named by none
				id := services.lookup(svc)
				var want []*statement
				for _, s := range stmts {
					if s.isWild() || slices.Contains(s.services, svc) {
						want = append(want, s)
					}
				}
				if got := idx.candidates(id); !slices.Equal(got, want) {
					t.Fatalf("%d services, %s: %d candidates, want %d", n, svc, len(got), len(want))
				}
			}
		}
	}
}
