// Package tfplan reads a Terraform plan, as `terraform show -json` prints
// it (Terraform docs, "JSON Output Format"), into what Sekisho can review:
// the policy documents the plan creates, changes or deletes, each with its
// prior and planned text, the attachments that put policies on principals
// and organization targets, and the other IAM changes it makes.
//
// The plan is read twice: with Sekisho's own JSON parser, for the line and
// column of every value (a broken plan is an error at a position, never a
// guess), and with github.com/hashicorp/terraform-json, HashiCorp's own
// types for the format. Values unknown until apply (after_unknown) stay
// unknown: a policy document that is unknown is listed as not reviewable.
package tfplan
