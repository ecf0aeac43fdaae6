// Package fakeaws is a loopback fake of the AWS APIs the collector reads,
// for tests and benchmarks: one HTTP server on 127.0.0.1 that speaks each
// service's wire protocol (IAM, STS, EC2 and SNS query with XML answers;
// Organizations, KMS, Secrets Manager, ECR, EventBridge, Kinesis and Glue
// JSON 1.1; SQS and DynamoDB JSON 1.0; S3 and S3 Control REST-XML; Lambda,
// API Gateway, EFS, OpenSearch, Backup and Glacier REST-JSON), so that the real AWS
// SDK for Go v2 reaches it through BaseEndpoint. It tells services apart by
// the signing name and Region in the SigV4 Authorization header (S3 Control
// by its /v20180820/ path), and accounts by the access key: the base key
// belongs to the management account, AssumeRole hands out one key per
// account. Signatures are not verified.
//
// Its data is written in the AWS CLI's output shapes (World) and encoded to
// each protocol here, so a test can compare what the collector wrote with
// what the fake holds. Faults inject throttling, AccessDenied and dropped
// connections.
package fakeaws
