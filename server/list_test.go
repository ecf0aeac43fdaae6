package server_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/sekisho/sekisho/server"
)

// TestSimulateCustomPolicyStringList: as AWS's SimulateCustomPolicy does, an
// Allow whose plain StringEquals meets a context entry of type stringList
// is implicitDeny, even with one value; the same value of type string is
// allowed.
func TestSimulateCustomPolicyStringList(t *testing.T) {
	t.Parallel()
	_, ts := start(t, server.Config{})
	policy := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:CreateTags","Resource":"*","Condition":{"StringEquals":{"aws:TagKeys":"env"}}}]}`
	for _, tt := range []struct {
		typ  types.ContextKeyTypeEnum
		want types.PolicyEvaluationDecisionType
	}{
		{types.ContextKeyTypeEnumStringList, types.PolicyEvaluationDecisionTypeImplicitDeny},
		{types.ContextKeyTypeEnumString, types.PolicyEvaluationDecisionTypeAllowed},
	} {
		out, err := client(ts.URL, "", "").SimulateCustomPolicy(ctx(t), &iam.SimulateCustomPolicyInput{
			PolicyInputList: []string{policy},
			ActionNames:     []string{"ec2:CreateTags"},
			ContextEntries:  []types.ContextEntry{{ContextKeyName: aws.String("aws:TagKeys"), ContextKeyValues: []string{"env"}, ContextKeyType: tt.typ}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := out.EvaluationResults[0].EvalDecision; got != tt.want {
			t.Errorf("ContextKeyType %s: %s, want %s", tt.typ, got, tt.want)
		}
	}
}
