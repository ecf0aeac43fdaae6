package collect

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// ECR's members are camelCase on the wire and in the AWS CLI.
var camel = style{camel: true}

func init() {
	regionalServices = append(regionalServices, (*acct).kms, (*acct).sqs, (*acct).sns, (*acct).lambda,
		(*acct).secrets, (*acct).ecr, (*acct).dynamodb)
}

// kms collects the Region's keys: each key policy (the only policy a key
// has, named "default") and grants, and the aliases.
func (a *acct) kms(ctx context.Context, cfg aws.Config) {
	c := kms.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callListKeys, r, func(ctx context.Context) (any, error) {
		var all []kmstypes.KeyListEntry
		p := kms.NewListKeysPaginator(c, &kms.ListKeysInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Keys...)
		}
		return obj(pascal, "Keys", nonNil(all))
	})
	list, _ := decode[struct{ Keys []struct{ KeyId string } }](data)
	for _, k := range list.Keys {
		a.fetch(ctx, callKeyPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(k.KeyId), PolicyName: aws.String("default")})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "Policy", out.Policy, "PolicyName", out.PolicyName)
		}, k.KeyId)
		a.fetch(ctx, callListGrants, r, func(ctx context.Context) (any, error) {
			var all []kmstypes.GrantListEntry
			p := kms.NewListGrantsPaginator(c, &kms.ListGrantsInput{KeyId: aws.String(k.KeyId)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				all = append(all, page.Grants...)
			}
			return obj(pascal, "Grants", nonNil(all))
		}, k.KeyId)
	}
	a.fetch(ctx, callListAliases, r, func(ctx context.Context) (any, error) {
		var all []kmstypes.AliasListEntry
		p := kms.NewListAliasesPaginator(c, &kms.ListAliasesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Aliases...)
		}
		return obj(pascal, "Aliases", nonNil(all))
	})
}

// sqs collects each queue's Policy and QueueArn attributes.
func (a *acct) sqs(ctx context.Context, cfg aws.Config) {
	c := sqs.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callListQueues, r, func(ctx context.Context) (any, error) {
		var all []string
		p := sqs.NewListQueuesPaginator(c, &sqs.ListQueuesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.QueueUrls...)
		}
		return obj(pascal, "QueueUrls", nonNil(all))
	})
	list, _ := decode[struct{ QueueUrls []string }](data)
	for _, u := range list.QueueUrls {
		name := u[strings.LastIndex(u, "/")+1:]
		a.fetch(ctx, callQueueAttrs, r, func(ctx context.Context) (any, error) {
			out, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(u),
				AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNamePolicy, sqstypes.QueueAttributeNameQueueArn}})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "Attributes", out.Attributes)
		}, name)
	}
}

// sns collects each topic's attributes, Policy among them.
func (a *acct) sns(ctx context.Context, cfg aws.Config) {
	c := sns.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callListTopics, r, func(ctx context.Context) (any, error) {
		var all []snstypes.Topic
		p := sns.NewListTopicsPaginator(c, &sns.ListTopicsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Topics...)
		}
		return obj(pascal, "Topics", nonNil(all))
	})
	list, _ := decode[struct{ Topics []struct{ TopicArn string } }](data)
	for _, t := range list.Topics {
		name := t.TopicArn[strings.LastIndex(t.TopicArn, ":")+1:]
		a.fetch(ctx, callTopicAttrs, r, func(ctx context.Context) (any, error) {
			out, err := c.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: aws.String(t.TopicArn)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "Attributes", out.Attributes)
		}, name)
	}
}

// lambda collects functions and layers (every version of each, and each
// function's aliases) with their resource policies.
func (a *acct) lambda(ctx context.Context, cfg aws.Config) {
	c := lambda.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callFunctions, r, func(ctx context.Context) (any, error) {
		var all []lambdatypes.FunctionConfiguration
		p := lambda.NewListFunctionsPaginator(c, &lambda.ListFunctionsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Functions...)
		}
		return obj(pascal, "Functions", nonNil(all))
	})
	fns, _ := decode[struct {
		Functions []struct{ FunctionName string }
	}](data)
	for _, f := range fns.Functions {
		for _, q := range append([]string{""}, a.qualifiers(ctx, c, r, f.FunctionName)...) {
			ids := []string{f.FunctionName}
			in := &lambda.GetPolicyInput{FunctionName: aws.String(f.FunctionName)}
			if q != "" {
				ids, in.Qualifier = append(ids, q), aws.String(q)
			}
			a.fetch(ctx, callFuncPolicy, r, func(ctx context.Context) (any, error) {
				out, err := c.GetPolicy(ctx, in)
				if err != nil {
					return nil, err
				}
				return obj(pascal, "Policy", out.Policy, "RevisionId", out.RevisionId)
			}, ids...)
		}
	}
	data = a.fetch(ctx, callLayers, r, func(ctx context.Context) (any, error) {
		var all []lambdatypes.LayersListItem
		p := lambda.NewListLayersPaginator(c, &lambda.ListLayersInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Layers...)
		}
		return obj(pascal, "Layers", nonNil(all))
	})
	layers, _ := decode[struct {
		Layers []struct {
			LayerName             string
			LatestMatchingVersion struct{ Version int64 }
		}
	}](data)
	for _, l := range layers.Layers {
		for _, v := range a.layerVersions(ctx, c, r, l.LayerName, l.LatestMatchingVersion.Version) {
			a.fetch(ctx, callLayerPolicy, r, func(ctx context.Context) (any, error) {
				out, err := c.GetLayerVersionPolicy(ctx, &lambda.GetLayerVersionPolicyInput{LayerName: aws.String(l.LayerName), VersionNumber: aws.Int64(v)})
				if err != nil {
					return nil, err
				}
				return obj(pascal, "Policy", out.Policy, "RevisionId", out.RevisionId)
			}, l.LayerName, strconv.FormatInt(v, 10))
		}
	}
}

// qualifiers lists a function's published versions and aliases, each of
// which has a policy of its own (Lambda Developer Guide, "Using Lambda
// aliases in event sources and permissions policies": a permission given
// to an alias or a version applies to its qualified ARN).
func (a *acct) qualifiers(ctx context.Context, c *lambda.Client, r, fn string) []string {
	data := a.fetch(ctx, callFuncVersions, r, func(ctx context.Context) (any, error) {
		var all []lambdatypes.FunctionConfiguration
		p := lambda.NewListVersionsByFunctionPaginator(c, &lambda.ListVersionsByFunctionInput{FunctionName: aws.String(fn)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Versions...)
		}
		return obj(pascal, "Versions", nonNil(all))
	}, fn)
	versions, _ := decode[struct{ Versions []struct{ Version string } }](data)
	var out []string
	for _, v := range versions.Versions {
		if v.Version != "" && v.Version != "$LATEST" {
			out = append(out, v.Version)
		}
	}
	data = a.fetch(ctx, callFuncAliases, r, func(ctx context.Context) (any, error) {
		var all []lambdatypes.AliasConfiguration
		p := lambda.NewListAliasesPaginator(c, &lambda.ListAliasesInput{FunctionName: aws.String(fn)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Aliases...)
		}
		return obj(pascal, "Aliases", nonNil(all))
	}, fn)
	aliases, _ := decode[struct{ Aliases []struct{ Name string } }](data)
	for _, al := range aliases.Aliases {
		if al.Name != "" {
			out = append(out, al.Name)
		}
	}
	return out
}

// layerVersions lists a layer's versions, each of which has its own
// policy (Lambda Developer Guide, "Using layers": permissions are granted
// per version); the latest alone when the list cannot be had.
func (a *acct) layerVersions(ctx context.Context, c *lambda.Client, r, layer string, latest int64) []int64 {
	data := a.fetch(ctx, callLayerVersions, r, func(ctx context.Context) (any, error) {
		var all []lambdatypes.LayerVersionsListItem
		p := lambda.NewListLayerVersionsPaginator(c, &lambda.ListLayerVersionsInput{LayerName: aws.String(layer)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.LayerVersions...)
		}
		return obj(pascal, "LayerVersions", nonNil(all))
	}, layer)
	list, _ := decode[struct{ LayerVersions []struct{ Version int64 } }](data)
	var versions []int64
	if latest > 0 {
		versions = append(versions, latest)
	}
	for _, v := range list.LayerVersions {
		if v.Version != latest && v.Version > 0 {
			versions = append(versions, v.Version)
		}
	}
	return versions
}

// secrets collects each secret's resource policy.
func (a *acct) secrets(ctx context.Context, cfg aws.Config) {
	c := secretsmanager.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callSecrets, r, func(ctx context.Context) (any, error) {
		var all []smtypes.SecretListEntry
		p := secretsmanager.NewListSecretsPaginator(c, &secretsmanager.ListSecretsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.SecretList...)
		}
		return obj(pascal, "SecretList", nonNil(all))
	})
	list, _ := decode[struct{ SecretList []struct{ ARN, Name string } }](data)
	for _, s := range list.SecretList {
		a.fetch(ctx, callSecretPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: aws.String(s.ARN)})
			if err != nil {
				return nil, err
			}
			if out.ResourcePolicy == nil {
				return nil, nil // a secret without a policy
			}
			return obj(pascal, "ARN", out.ARN, "Name", out.Name, "ResourcePolicy", out.ResourcePolicy)
		}, s.Name)
	}
}

// ecr collects repositories with their policies, and the registry policy.
func (a *acct) ecr(ctx context.Context, cfg aws.Config) {
	c := ecr.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callRepos, r, func(ctx context.Context) (any, error) {
		var all []ecrtypes.Repository
		p := ecr.NewDescribeRepositoriesPaginator(c, &ecr.DescribeRepositoriesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Repositories...)
		}
		return obj(camel, "repositories", nonNil(all))
	})
	list, _ := decode[struct {
		Repositories []struct {
			RepositoryName string `json:"repositoryName"`
		} `json:"repositories"`
	}](data)
	for _, repo := range list.Repositories {
		a.fetch(ctx, callRepoPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: aws.String(repo.RepositoryName)})
			if err != nil {
				return nil, err
			}
			return obj(camel, "registryId", out.RegistryId, "repositoryName", out.RepositoryName, "policyText", out.PolicyText)
		}, repo.RepositoryName)
	}
	a.fetch(ctx, callRegistry, r, func(ctx context.Context) (any, error) {
		out, err := c.GetRegistryPolicy(ctx, &ecr.GetRegistryPolicyInput{})
		if err != nil {
			return nil, err
		}
		return obj(camel, "registryId", out.RegistryId, "policyText", out.PolicyText)
	})
}

// dynamodb collects tables, each one's description and resource policy,
// and its stream's resource policy.
func (a *acct) dynamodb(ctx context.Context, cfg aws.Config) {
	c := dynamodb.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callTables, r, func(ctx context.Context) (any, error) {
		var all []string
		p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.TableNames...)
		}
		return obj(pascal, "TableNames", nonNil(all))
	})
	list, _ := decode[struct{ TableNames []string }](data)
	for _, t := range list.TableNames {
		desc, _ := decode[struct {
			Table struct{ TableArn, LatestStreamArn string }
		}](a.fetch(ctx, callDescribeTable, r, func(ctx context.Context) (any, error) {
			out, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(t)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "Table", out.Table)
		}, t))
		policy := func(arn string) func(context.Context) (any, error) {
			return func(ctx context.Context) (any, error) {
				out, err := c.GetResourcePolicy(ctx, &dynamodb.GetResourcePolicyInput{ResourceArn: aws.String(arn)})
				if err != nil {
					return nil, err
				}
				return obj(pascal, "Policy", out.Policy, "RevisionId", out.RevisionId)
			}
		}
		if desc.Table.TableArn != "" {
			a.fetch(ctx, callTablePolicy, r, policy(desc.Table.TableArn), t)
		}
		if desc.Table.LatestStreamArn != "" {
			a.fetch(ctx, callTablePolicy, r, policy(desc.Table.LatestStreamArn), t, "stream")
		}
	}
}
