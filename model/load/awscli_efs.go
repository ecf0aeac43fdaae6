package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// EFS ARNs: arn:aws:elasticfilesystem:REGION:ACCOUNT:file-system/FS-ID.

// describeFileSystems reads `aws efs describe-file-systems`: {"FileSystems": [{"FileSystemId", "FileSystemArn", "Name"}]}.
func (b *builder) describeFileSystems(r *reader, n *node.Node) error {
	return b.listed(r, n, "FileSystems", "file systems", model.FileSystem, r.byARN("FileSystemArn", "FileSystemId"))
}

// fileSystemPolicy reads `aws efs describe-file-system-policy`: {"FileSystemId", "Policy": "..."}.
func (b *builder) fileSystemPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.FileSystem, "file system", func(id string) string { return r.head("elasticfilesystem") + "file-system/" + id }, node.Root, "Policy")
}
