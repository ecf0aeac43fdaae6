package load

import (
	"github.com/sekisho/sekisho/internal/node"
	"github.com/sekisho/sekisho/model"
)

// Backup vault ARNs: arn:aws:backup:REGION:ACCOUNT:backup-vault:NAME.

// listBackupVaults reads `aws backup list-backup-vaults`: {"BackupVaultList": [{"BackupVaultName", "BackupVaultArn"}]}.
func (b *builder) listBackupVaults(r *reader, n *node.Node) error {
	return b.listed(r, n, "BackupVaultList", "backup vaults", model.BackupVault, r.byARN("BackupVaultArn", "BackupVaultName"))
}

// backupVaultPolicy reads `aws backup get-backup-vault-access-policy`: {"BackupVaultName", "BackupVaultArn", "Policy": "..."}.
func (b *builder) backupVaultPolicy(r *reader, n *node.Node) error {
	return b.policyFile(r, n, model.BackupVault, "backup vault", func(id string) string { return r.head("backup") + "backup-vault:" + id }, node.Root, "Policy")
}
