package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
	"github.com/sekisho/sekisho/policy"
)

// ECR repository ARNs: arn:aws:ecr:REGION:ACCOUNT:repository/NAME.

// describeRepositories reads `aws ecr describe-repositories`: {"repositories": [{"repositoryArn", "repositoryName"}]}.
func (b *builder) describeRepositories(r *reader, n *node.Node) error {
	return b.listed(r, n, "repositories", "repositories", model.Repository, r.byARN("repositoryArn", "repositoryName"))
}

// repositoryPolicy reads `aws ecr get-repository-policy`: {"registryId", "repositoryName", "policyText": "..."}.
func (b *builder) repositoryPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.Repository, "repository", func(id string) string { return r.head("ecr") + "repository/" + id }, node.Root, "policyText")
}

// registryPolicy reads `aws ecr get-registry-policy`: {"registryId", "policyText": "..."}.
// The registry policy governs replication and pull-through cache into the
// registry; it is recorded on the account, not evaluated.
func (b *builder) registryPolicy(r *reader, n *node.Node) error {
	pol, err := r.reqPolicy(n, node.Root, "policyText", "ECR registry policy of "+r.place.account+" in "+r.place.region)
	if err != nil {
		return err
	}
	a := b.m.EnsureAccount(r.place.account)
	if a.RegistryPolicies == nil {
		a.RegistryPolicies = map[string]*policy.Policy{}
	}
	a.RegistryPolicies[r.place.region] = pol
	return nil
}
