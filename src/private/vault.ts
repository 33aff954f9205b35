import { Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';

/** A backup vault as the construct knows it: its name, its ARN when trusted, and the account that owns it. */
export interface VaultRef {
  readonly name?: string;
  readonly arn?: string;
  readonly accountId?: string;
}

/** The vault given as `backupVault` or `backupVaultName` (not both), with an optional 12-digit owning account. */
export function vaultRef(
  what: string,
  props: { backupVault?: backup.IBackupVault; backupVaultName?: string; backupVaultAccountId?: string },
): VaultRef {
  if (props.backupVault && props.backupVaultName !== undefined) {
    throw new Error(`${what}: give backupVault or backupVaultName, not both. Fix: remove one of them.`);
  }
  const account = props.backupVaultAccountId;
  if (account !== undefined && !Token.isUnresolved(account) && !/^\d{12}$/.test(account)) {
    throw new Error(`${what}: backupVaultAccountId '${account}' is not a 12-digit AWS account id. Fix: pass the id of the account that owns the vault.`);
  }
  if (props.backupVault) {
    // A vault object names its own account; the ARN is only trusted when no other account is named.
    return { name: props.backupVault.backupVaultName, arn: account === undefined ? props.backupVault.backupVaultArn : undefined, accountId: account };
  }
  return { name: props.backupVaultName, accountId: account };
}
