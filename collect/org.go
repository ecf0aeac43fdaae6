package collect

import (
	"cmp"
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"
)

// maxOUDepth bounds the walk of the tree: AWS Organizations allows five
// levels of OUs under the root (AWS Organizations User Guide, "Quotas").
const maxOUDepth = 5

// organization collects the organization (tree, accounts with tags, SCPs,
// RCPs, their targets, delegated administrators) and returns its ACTIVE
// accounts. Run i>0 of a sharded collection walks the tree for the
// accounts but leaves the organization's files to shard 0.
func (r *runner) organization(ctx context.Context) ([]string, error) {
	c := organizations.NewFromConfig(r.base)
	o := orgRun{r: r, c: c}
	data := o.fetch(ctx, callDescribeOrganization, func(ctx context.Context) (any, error) {
		out, err := c.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "Organization", out.Organization)
	})
	desc, ok := decode[struct{ Organization struct{ Id string } }](data)
	if !ok {
		return nil, o.failure("describe-organization")
	}
	r.orgID = desc.Organization.Id
	roots, ok := decode[struct{ Roots []struct{ Id string } }](o.fetch(ctx, callListRoots, func(ctx context.Context) (any, error) {
		var all []types.Root
		p := organizations.NewListRootsPaginator(c, &organizations.ListRootsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Roots...)
		}
		return obj(pascal, "Roots", nonNil(all))
	}))
	if !ok {
		return nil, o.failure("list-roots")
	}
	var accounts []string
	for _, root := range roots.Roots {
		if err := o.walk(ctx, root.Id, 0, &accounts); err != nil {
			return nil, err
		}
	}
	if r.o.Shard.Index == 0 {
		o.policies(ctx, types.PolicyTypeServiceControlPolicy)
		o.policies(ctx, types.PolicyTypeResourceControlPolicy)
		o.fetch(ctx, callDelegatedAdmins, func(ctx context.Context) (any, error) {
			var all []types.DelegatedAdministrator
			p := organizations.NewListDelegatedAdministratorsPaginator(c, &organizations.ListDelegatedAdministratorsInput{})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				all = append(all, page.DelegatedAdministrators...)
			}
			return obj(pascal, "DelegatedAdministrators", nonNil(all))
		})
		for _, id := range accounts {
			o.fetch(ctx, callAccountTags, func(ctx context.Context) (any, error) {
				var all []types.Tag
				p := organizations.NewListTagsForResourcePaginator(c, &organizations.ListTagsForResourceInput{ResourceId: aws.String(id)})
				for p.HasMorePages() {
					page, err := p.NextPage(ctx)
					if err != nil {
						return nil, err
					}
					all = append(all, page.Tags...)
				}
				return obj(pascal, "Tags", nonNil(all))
			}, id)
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return accounts, nil
}

type orgRun struct {
	r *runner
	c *organizations.Client
}

func (o orgRun) fetch(ctx context.Context, c *Call, get func(context.Context) (any, error), ids ...string) []byte {
	return o.r.fetch(ctx, c, "", "", get, ids...)
}

// failure explains why the organization cannot be read: without its tree
// there is no list of accounts, so the run stops.
func (o orgRun) failure(op string) error {
	o.r.ledger.mu.Lock()
	defer o.r.ledger.mu.Unlock()
	for _, list := range [][]Entry{o.r.ledger.m.Denied, o.r.ledger.m.Failed} {
		for _, e := range list {
			if e.Command == "aws organizations "+op {
				return fmt.Errorf("cannot read the organization (aws organizations %s): %s; run from the management account or a delegated administrator",
					op, e.Error)
			}
		}
	}
	return fmt.Errorf("cannot read the organization (aws organizations %s)", op)
}

// walk lists the accounts and OUs under a parent, depth first.
func (o orgRun) walk(ctx context.Context, parent string, depth int, accounts *[]string) error {
	if depth > maxOUDepth {
		return fmt.Errorf("organization tree deeper than %d OUs under %s", maxOUDepth, parent)
	}
	list, ok := decode[struct {
		Accounts []struct{ Id, Status, State string }
	}](o.fetch(ctx, callAccountsForParent, func(ctx context.Context) (any, error) {
		var all []types.Account
		p := organizations.NewListAccountsForParentPaginator(o.c, &organizations.ListAccountsForParentInput{ParentId: aws.String(parent)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Accounts...)
		}
		return obj(pascal, "Accounts", nonNil(all))
	}, parent))
	if !ok {
		return o.failure("list-accounts-for-parent")
	}
	for _, a := range list.Accounts {
		// State replaces the deprecated Status (Organizations API Reference, Account).
		if a.State == "ACTIVE" || a.State == "" && a.Status == "ACTIVE" {
			*accounts = append(*accounts, a.Id)
		} else {
			o.r.inactive[a.Id] = cmp.Or(a.State, a.Status)
		}
	}
	ous, ok := decode[struct{ OrganizationalUnits []struct{ Id string } }](o.fetch(ctx, callOUsForParent, func(ctx context.Context) (any, error) {
		var all []types.OrganizationalUnit
		p := organizations.NewListOrganizationalUnitsForParentPaginator(o.c, &organizations.ListOrganizationalUnitsForParentInput{ParentId: aws.String(parent)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.OrganizationalUnits...)
		}
		return obj(pascal, "OrganizationalUnits", nonNil(all))
	}, parent))
	if !ok {
		return o.failure("list-organizational-units-for-parent")
	}
	for _, ou := range ous.OrganizationalUnits {
		if err := o.walk(ctx, ou.Id, depth+1, accounts); err != nil {
			return err
		}
	}
	return nil
}

// policies collects the policies of one type, each one's content and targets.
func (o orgRun) policies(ctx context.Context, kind types.PolicyType) {
	list, _ := decode[struct{ Policies []struct{ Id string } }](o.fetch(ctx, callListPolicies, func(ctx context.Context) (any, error) {
		var all []types.PolicySummary
		p := organizations.NewListPoliciesPaginator(o.c, &organizations.ListPoliciesInput{Filter: kind})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Policies...)
		}
		return obj(pascal, "Policies", nonNil(all))
	}, string(kind)))
	for _, pol := range list.Policies {
		o.fetch(ctx, callDescribePolicy, func(ctx context.Context) (any, error) {
			out, err := o.c.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: aws.String(pol.Id)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "Policy", out.Policy)
		}, pol.Id)
		o.fetch(ctx, callTargetsForPolicy, func(ctx context.Context) (any, error) {
			var all []types.PolicyTargetSummary
			p := organizations.NewListTargetsForPolicyPaginator(o.c, &organizations.ListTargetsForPolicyInput{PolicyId: aws.String(pol.Id)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				all = append(all, page.Targets...)
			}
			return obj(pascal, "Targets", nonNil(all))
		}, pol.Id)
	}
}
