package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// iam collects the account's IAM: every page of
// get-account-authorization-details merged into one answer (users, groups,
// roles with their inline and attached policies, tags, and every version of
// each managed policy), the OIDC and SAML providers and instance profiles.
func (a *acct) iam(ctx context.Context) {
	c := iam.NewFromConfig(a.cfg)
	a.fetch(ctx, callGAAD, Global, func(ctx context.Context) (any, error) {
		var users []types.UserDetail
		var groups []types.GroupDetail
		var roles []types.RoleDetail
		var policies []types.ManagedPolicyDetail
		p := iam.NewGetAccountAuthorizationDetailsPaginator(c, &iam.GetAccountAuthorizationDetailsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			users = append(users, page.UserDetailList...)
			groups = append(groups, page.GroupDetailList...)
			roles = append(roles, page.RoleDetailList...)
			policies = append(policies, page.Policies...)
		}
		return obj(iamDocs, "UserDetailList", nonNil(users), "GroupDetailList", nonNil(groups),
			"RoleDetailList", nonNil(roles), "Policies", nonNil(policies))
	})

	data := a.fetch(ctx, callListOIDC, Global, func(ctx context.Context) (any, error) {
		out, err := c.ListOpenIDConnectProviders(ctx, &iam.ListOpenIDConnectProvidersInput{})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "OpenIDConnectProviderList", nonNil(out.OpenIDConnectProviderList))
	})
	if list, ok := decode[struct{ OpenIDConnectProviderList []struct{ Arn string } }](data); ok {
		for _, p := range list.OpenIDConnectProviderList {
			_, name, _ := strings.Cut(p.Arn, ":oidc-provider/")
			a.fetch(ctx, callGetOIDC, Global, func(ctx context.Context) (any, error) {
				out, err := c.GetOpenIDConnectProvider(ctx, &iam.GetOpenIDConnectProviderInput{OpenIDConnectProviderArn: aws.String(p.Arn)})
				if err != nil {
					return nil, err
				}
				return obj(pascal, "Url", out.Url, "ClientIDList", out.ClientIDList, "ThumbprintList", out.ThumbprintList,
					"CreateDate", out.CreateDate, "Tags", out.Tags)
			}, name)
		}
	}

	a.fetch(ctx, callListSAML, Global, func(ctx context.Context) (any, error) {
		out, err := c.ListSAMLProviders(ctx, &iam.ListSAMLProvidersInput{})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "SAMLProviderList", nonNil(out.SAMLProviderList))
	})

	a.fetch(ctx, callInstanceProfiles, Global, func(ctx context.Context) (any, error) {
		var all []types.InstanceProfile
		p := iam.NewListInstanceProfilesPaginator(c, &iam.ListInstanceProfilesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.InstanceProfiles...)
		}
		return obj(iamDocs, "InstanceProfiles", nonNil(all))
	})
}

// nonNil makes an empty list print as [] (the CLI prints the lists of an
// answer even when they are empty).
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
