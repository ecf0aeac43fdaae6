package collect

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// ec2 collects the Region's network (VPCs, subnets, route tables, internet
// gateways, VPC endpoints with their policies) and instances, whose
// MetadataOptions say whether IMDSv2 is required and IamInstanceProfile
// which profile they carry.
func (a *acct) ec2(ctx context.Context, cfg aws.Config) {
	c := ec2.NewFromConfig(cfg)
	r := cfg.Region
	a.fetch(ctx, callVpcs, r, func(ctx context.Context) (any, error) {
		var all []types.Vpc
		p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Vpcs...)
		}
		return obj(pascal, "Vpcs", nonNil(all))
	})
	a.fetch(ctx, callSubnets, r, func(ctx context.Context) (any, error) {
		var all []types.Subnet
		p := ec2.NewDescribeSubnetsPaginator(c, &ec2.DescribeSubnetsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Subnets...)
		}
		return obj(pascal, "Subnets", nonNil(all))
	})
	a.fetch(ctx, callRouteTables, r, func(ctx context.Context) (any, error) {
		var all []types.RouteTable
		p := ec2.NewDescribeRouteTablesPaginator(c, &ec2.DescribeRouteTablesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.RouteTables...)
		}
		return obj(pascal, "RouteTables", nonNil(all))
	})
	a.fetch(ctx, callInternetGateways, r, func(ctx context.Context) (any, error) {
		var all []types.InternetGateway
		p := ec2.NewDescribeInternetGatewaysPaginator(c, &ec2.DescribeInternetGatewaysInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.InternetGateways...)
		}
		return obj(pascal, "InternetGateways", nonNil(all))
	})
	a.fetch(ctx, callVpcEndpoints, r, func(ctx context.Context) (any, error) {
		var all []types.VpcEndpoint
		p := ec2.NewDescribeVpcEndpointsPaginator(c, &ec2.DescribeVpcEndpointsInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.VpcEndpoints...)
		}
		return obj(pascal, "VpcEndpoints", nonNil(all))
	})
	a.fetch(ctx, callInstances, r, func(ctx context.Context) (any, error) {
		var all []types.Reservation
		p := ec2.NewDescribeInstancesPaginator(c, &ec2.DescribeInstancesInput{})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				return nil, err
			}
			all = append(all, page.Reservations...)
		}
		return obj(pascal, "Reservations", nonNil(all))
	})
}
