package collect

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/glacier"
	glaciertypes "github.com/aws/aws-sdk-go-v2/service/glacier/types"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
)

// The other regional services with resource policies: EventBridge, API
// Gateway, EFS, OpenSearch, Backup, Glacier, Kinesis and the Glue Data
// Catalog (docs/collect-layout.md names their files).

func init() {
	regionalServices = append(regionalServices, (*acct).events, (*acct).apigateway, (*acct).efs, (*acct).opensearch,
		(*acct).backup, (*acct).glacier, (*acct).kinesis, (*acct).glue)
}

// events collects the Region's event buses; each carries its policy
// (EventBridge API Reference, EventBus: "Policy"). ListEventBuses has no
// paginator in the SDK: NextToken is followed by hand.
func (a *acct) events(ctx context.Context, cfg aws.Config) {
	c := eventbridge.NewFromConfig(cfg)
	a.fetch(ctx, callEventBuses, cfg.Region, func(ctx context.Context) (any, error) {
		var all []ebtypes.EventBus
		in := &eventbridge.ListEventBusesInput{}
		for {
			page, err := c.ListEventBuses(ctx, in)
			if err != nil {
				return nil, err
			}
			all = append(all, page.EventBuses...)
			if aws.ToString(page.NextToken) == "" {
				break
			}
			in.NextToken = page.NextToken
		}
		return obj(pascal, "EventBuses", nonNil(all))
	})
}

// apigateway collects the Region's REST APIs; each carries its policy.
// API Gateway's members are camelCase on the wire and in the AWS CLI.
func (a *acct) apigateway(ctx context.Context, cfg aws.Config) {
	c := apigateway.NewFromConfig(cfg)
	a.fetch(ctx, callRestAPIs, cfg.Region, func(ctx context.Context) (any, error) {
		var all []agtypes.RestApi
		p := apigateway.NewGetRestApisPaginator(c, &apigateway.GetRestApisInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Items...)
		}
		return obj(camel, "items", nonNil(all))
	})
}

// efs collects the Region's file systems and each one's policy.
func (a *acct) efs(ctx context.Context, cfg aws.Config) {
	c := efs.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callFileSystems, r, func(ctx context.Context) (any, error) {
		var all []efstypes.FileSystemDescription
		p := efs.NewDescribeFileSystemsPaginator(c, &efs.DescribeFileSystemsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.FileSystems...)
		}
		return obj(pascal, "FileSystems", nonNil(all))
	})
	list, _ := decode[struct {
		FileSystems []struct{ FileSystemId string }
	}](data)
	for _, fs := range list.FileSystems {
		a.fetch(ctx, callFileSystemPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.DescribeFileSystemPolicy(ctx, &efs.DescribeFileSystemPolicyInput{FileSystemId: aws.String(fs.FileSystemId)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "FileSystemId", out.FileSystemId, "Policy", out.Policy)
		}, fs.FileSystemId)
	}
}

// opensearch collects the Region's domains; describe-domain carries the
// access policy ("" when the domain has none).
func (a *acct) opensearch(ctx context.Context, cfg aws.Config) {
	c := opensearch.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callDomainNames, r, func(ctx context.Context) (any, error) {
		out, err := c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{}) // not paginated
		if err != nil {
			return nil, err
		}
		return obj(pascal, "DomainNames", nonNil(out.DomainNames))
	})
	list, _ := decode[struct{ DomainNames []struct{ DomainName string } }](data)
	for _, d := range list.DomainNames {
		a.fetch(ctx, callDescribeDomain, r, func(ctx context.Context) (any, error) {
			out, err := c.DescribeDomain(ctx, &opensearch.DescribeDomainInput{DomainName: aws.String(d.DomainName)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "DomainStatus", out.DomainStatus)
		}, d.DomainName)
	}
}

// backup collects the Region's backup vaults and each one's access policy.
func (a *acct) backup(ctx context.Context, cfg aws.Config) {
	c := backup.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callBackupVaults, r, func(ctx context.Context) (any, error) {
		var all []backuptypes.BackupVaultListMember
		p := backup.NewListBackupVaultsPaginator(c, &backup.ListBackupVaultsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.BackupVaultList...)
		}
		return obj(pascal, "BackupVaultList", nonNil(all))
	})
	list, _ := decode[struct {
		BackupVaultList []struct{ BackupVaultName string }
	}](data)
	for _, v := range list.BackupVaultList {
		a.fetch(ctx, callBackupVaultPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: aws.String(v.BackupVaultName)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "BackupVaultName", out.BackupVaultName, "BackupVaultArn", out.BackupVaultArn, "Policy", out.Policy)
		}, v.BackupVaultName)
	}
}

// glacier collects the Region's vaults and each one's access policy. The
// account id "-" is the caller's own (Amazon S3 Glacier Developer Guide,
// REST API: "you can specify either the AWS account ID or a single '-'").
func (a *acct) glacier(ctx context.Context, cfg aws.Config) {
	c := glacier.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callGlacierVaults, r, func(ctx context.Context) (any, error) {
		var all []glaciertypes.DescribeVaultOutput
		p := glacier.NewListVaultsPaginator(c, &glacier.ListVaultsInput{AccountId: aws.String("-")})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.VaultList...)
		}
		return obj(pascal, "VaultList", nonNil(all))
	})
	list, _ := decode[struct{ VaultList []struct{ VaultName string } }](data)
	for _, v := range list.VaultList {
		a.fetch(ctx, callGlacierVaultPolicy, r, func(ctx context.Context) (any, error) {
			out, err := c.GetVaultAccessPolicy(ctx, &glacier.GetVaultAccessPolicyInput{AccountId: aws.String("-"), VaultName: aws.String(v.VaultName)})
			if err != nil {
				return nil, err
			}
			return obj(pascal, "policy", out.Policy)
		}, v.VaultName)
	}
}

// kinesis collects the Region's data streams, each one's consumers, and
// the resource policy of every stream and consumer.
func (a *acct) kinesis(ctx context.Context, cfg aws.Config) {
	c := kinesis.NewFromConfig(cfg)
	r := cfg.Region
	data := a.fetch(ctx, callStreams, r, func(ctx context.Context) (any, error) {
		var names []string
		var sums []kinesistypes.StreamSummary
		p := kinesis.NewListStreamsPaginator(c, &kinesis.ListStreamsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			names = append(names, page.StreamNames...)
			sums = append(sums, page.StreamSummaries...)
		}
		return obj(pascal, "StreamNames", nonNil(names), "StreamSummaries", nonNil(sums))
	})
	list, _ := decode[struct {
		StreamSummaries []struct{ StreamName, StreamARN string }
	}](data)
	for _, s := range list.StreamSummaries {
		a.fetch(ctx, callStreamPolicy, r, a.kinesisPolicy(c, s.StreamARN), s.StreamName)
		cons, _ := decode[struct {
			Consumers []struct{ ConsumerARN string }
		}](a.fetch(ctx, callStreamConsumers, r, func(ctx context.Context) (any, error) {
			var all []kinesistypes.Consumer
			p := kinesis.NewListStreamConsumersPaginator(c, &kinesis.ListStreamConsumersInput{StreamARN: aws.String(s.StreamARN)})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					return nil, err
				}
				all = append(all, page.Consumers...)
			}
			return obj(pascal, "Consumers", nonNil(all))
		}, s.StreamName))
		for _, k := range cons.Consumers {
			// A consumer's file is named by its ARN's resource after
			// "stream/" (STREAM/consumer/NAME:CREATION), so the layout's
			// stream/<id> reading of the id gives the consumer's ARN.
			_, rest, ok := strings.Cut(k.ConsumerARN, ":stream/")
			if !ok {
				continue
			}
			a.fetch(ctx, callStreamPolicy, r, a.kinesisPolicy(c, k.ConsumerARN), rest)
		}
	}
}

// kinesisPolicy gets a stream's or consumer's policy. The Kinesis API
// Reference (GetResourcePolicy) makes Policy a required member and does not
// say what a resource without a policy answers: an empty string or an
// empty document ("{}") is taken as none and written as absent, so that a
// document without statements is never loaded as a policy.
func (a *acct) kinesisPolicy(c *kinesis.Client, arn string) func(context.Context) (any, error) {
	return func(ctx context.Context) (any, error) {
		out, err := c.GetResourcePolicy(ctx, &kinesis.GetResourcePolicyInput{ResourceARN: aws.String(arn)})
		if err != nil {
			return nil, err
		}
		if p := strings.TrimSpace(aws.ToString(out.Policy)); p == "" || p == "{}" {
			return nil, nil
		}
		return obj(pascal, "Policy", out.Policy)
	}
}

// glue collects the Region's Data Catalog policy (one per account and
// Region; EntityNotFoundException when there is none).
func (a *acct) glue(ctx context.Context, cfg aws.Config) {
	c := glue.NewFromConfig(cfg)
	a.fetch(ctx, callCatalogPolicy, cfg.Region, func(ctx context.Context) (any, error) {
		out, err := c.GetResourcePolicy(ctx, &glue.GetResourcePolicyInput{})
		if err != nil {
			return nil, err
		}
		return obj(pascal, "PolicyInJson", out.PolicyInJson, "PolicyHash", out.PolicyHash, "CreateTime", out.CreateTime, "UpdateTime", out.UpdateTime)
	})
}
