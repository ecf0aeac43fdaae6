package collect

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// TestConvertDocumentedOutput: the SDK value of the example in the AWS CLI
// documentation of `aws ec2 describe-vpc-endpoints` (Amazon EC2 Developer
// Guide, "Use DescribeVpcEndpoints with a CLI", the gateway endpoint)
// converts to the output printed there. The page shows AWS CLI v1's
// timestamp "2017-09-05T20:41:28Z"; v2, whose format the collector
// writes, prints the same instant as "2017-09-05T20:41:28+00:00".
func TestConvertDocumentedOutput(t *testing.T) {
	t.Parallel()
	ep := ec2types.VpcEndpoint{
		PolicyDocument:      aws.String(`{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`),
		VpcId:               aws.String("vpc-aabb1122"),
		NetworkInterfaceIds: []string{},
		SubnetIds:           []string{},
		PrivateDnsEnabled:   aws.Bool(true),
		State:               ec2types.State("available"), // as the wire says it
		ServiceName:         aws.String("com.amazonaws.us-east-1.dynamodb"),
		RouteTableIds:       []string{"rtb-3d560345"},
		Groups:              []ec2types.SecurityGroupIdentifier{},
		VpcEndpointId:       aws.String("vpce-032a826a"),
		VpcEndpointType:     ec2types.VpcEndpointTypeGateway,
		CreationTimestamp:   aws.Time(time.Date(2017, 9, 5, 20, 41, 28, 0, time.UTC)),
		DnsEntries:          []ec2types.DnsEntry{},
		OwnerId:             aws.String("123456789012"),
	}
	documented := `{"VpcEndpoints": [{
		"PolicyDocument": "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
		"VpcId": "vpc-aabb1122", "NetworkInterfaceIds": [], "SubnetIds": [], "PrivateDnsEnabled": true, "State": "available",
		"ServiceName": "com.amazonaws.us-east-1.dynamodb", "RouteTableIds": ["rtb-3d560345"], "Groups": [],
		"VpcEndpointId": "vpce-032a826a", "VpcEndpointType": "Gateway", "CreationTimestamp": "2017-09-05T20:41:28+00:00",
		"DnsEntries": [], "OwnerId": "123456789012"}]}`
	same(t, pascal, []any{"VpcEndpoints", []ec2types.VpcEndpoint{ep}}, documented)
}

// TestConvertIAMDocuments: IAM's URL-encoded policy documents print as JSON
// objects; "+" stays "+" (RFC 3986 encodes a space as %20); timestamps with
// a fraction of a second keep its microseconds, as the CLI prints them.
func TestConvertIAMDocuments(t *testing.T) {
	t.Parallel()
	role := iamtypes.RoleDetail{
		RoleName:                 aws.String("a+b"),
		AssumeRolePolicyDocument: aws.String("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22a+b%20c%22%7D%5D%7D"),
		CreateDate:               aws.Time(time.Date(2024, 4, 1, 9, 0, 0, 123456789, time.UTC)),
	}
	same(t, iamDocs, []any{"RoleDetailList", []iamtypes.RoleDetail{role}},
		`{"RoleDetailList": [{"RoleName": "a+b", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Sid": "a+b c"}]},
		  "CreateDate": "2024-04-01T09:00:00.123456+00:00"}]}`)
}

func same(t *testing.T, st style, kv []any, want string) {
	t.Helper()
	o, err := obj(st, kv...)
	if err != nil {
		t.Fatal(err)
	}
	data, err := encode(o)
	if err != nil {
		t.Fatal(err)
	}
	var got, exp any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("got\n%s\nwant\n%s", data, want)
	}
}

func TestEscapeID(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"team/app": "team%2Fapp", "my.bucket-1_x": "my.bucket-1_x", "a b": "a%20b", "..": ".."} {
		if got := escapeID(in); got != want {
			t.Errorf("escapeID(%q) = %q, want %q", in, got, want)
		}
	}
}
