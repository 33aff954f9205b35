import { Duration } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { vaultRef } from './private/vault';

/** What a RestoreJob needs to know about the recovery point it restores. */
export interface RecoveryPointConfig {
  /**
   * The recovery point ARN passed to StartRestoreJob.
   *
   * @default - chosen at deploy time (see `latest`)
   */
  readonly recoveryPointArn?: string;

  /**
   * Name of the backup vault that holds the recovery point.
   *
   * @default - unknown (required for `latest` and for the backup's recorded metadata)
   */
  readonly backupVaultName?: string;

  /**
   * ARN of the backup vault, for IAM scoping.
   *
   * @default - unknown
   */
  readonly backupVaultArn?: string;

  /**
   * Account that owns the backup vault, for copied or shared vaults.
   *
   * @default - the vault is in the stack's account
   */
  readonly backupVaultAccountId?: string;

  /**
   * Choose the newest matching recovery point at deploy time.
   *
   * @default - the recovery point is given by `recoveryPointArn`
   */
  readonly latest?: LatestRecoveryPointFilters;

  /**
   * The source resource of a recovery point that another resource of the stack chooses at deploy time (a
   * RecoveryPointSet): `recoveryPointArn` is then that resource's attribute, and the handler's permissions name
   * the recovery points this resource can have rather than the ARN (which only exists once that resource is created).
   *
   * @default - the recovery point is not chosen by another resource
   */
  readonly chosenForResourceArn?: string;
}

/**
 * Filters of a recovery point chosen at deploy time.
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreFiles', {
 *   // the newest EFS recovery point in the vault created after the incident began
 *   recoveryPoint: RecoveryPoint.latest({
 *     backupVaultName: 'dr-copies',
 *     resourceType: 'EFS',
 *     createdAfter: new Date('2024-06-01T00:00:00Z'),
 *   }),
 *   metadata: RestoreMetadata.efs({ newFileSystem: true }),
 * });
 */
export interface LatestRecoveryPointFilters {
  /**
   * Only recovery points of this source resource.
   *
   * @default - any resource
   */
  readonly resourceArn?: string;

  /**
   * Only recovery points of this resource type (`DynamoDB`, `EFS`, …).
   *
   * @default - the resource type of the job's metadata
   */
  readonly resourceType?: string;

  /**
   * Only recovery points created after this date.
   *
   * @default - no lower bound from a date
   */
  readonly createdAfter?: Date;

  /**
   * Only recovery points at most this old when the stack deploys.
   *
   * @default - no age limit
   */
  readonly maxAge?: Duration;
}

/**
 * Where a recovery point given by ARN is stored.
 *
 * @example
 * import * as backup from 'aws-cdk-lib/aws-backup';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vault = backup.BackupVault.fromBackupVaultName(this, 'Vault', 'dr-copies');
 * new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d', {
 *     backupVault: vault, // where the handler reads the metadata the backup recorded
 *   }),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 *   useRecordedMetadata: true,
 * });
 */
export interface RecoveryPointFromArnOptions {
  /**
   * The backup vault that holds the recovery point. Needed only for `useRecordedMetadata`.
   *
   * @default - unknown
   */
  readonly backupVault?: backup.IBackupVault;

  /**
   * The name of the backup vault that holds the recovery point (instead of `backupVault`).
   *
   * @default - unknown
   */
  readonly backupVaultName?: string;

  /**
   * Account that owns the backup vault, for a copied or shared vault in another account.
   *
   * @default - the stack's account
   */
  readonly backupVaultAccountId?: string;
}

/**
 * Which recovery point `RecoveryPoint.latest()` restores.
 *
 * @example
 * import { Duration } from 'aws-cdk-lib';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreOrders', {
 *   // the newest backup of the production table, copied to a vault of the production account
 *   recoveryPoint: RecoveryPoint.latest({
 *     backupVaultName: 'prod-dr-copies',
 *     backupVaultAccountId: '111111111111',
 *     resourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/orders',
 *     maxAge: Duration.days(2), // fail the deploy rather than restore an older backup
 *   }),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 * });
 */
export interface LatestRecoveryPointProps extends LatestRecoveryPointFilters {
  /**
   * The backup vault to look in. Give this or `backupVaultName`.
   *
   * @default - `backupVaultName` is used
   */
  readonly backupVault?: backup.IBackupVault;

  /**
   * The name of the backup vault to look in (for a vault not managed by this app). Give this or `backupVault`.
   *
   * @default - `backupVault` is used
   */
  readonly backupVaultName?: string;

  /**
   * Account that owns the backup vault, for a copied or shared vault in another account.
   *
   * @default - the stack's account
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-a-backup-in-another-account.html
   */
  readonly backupVaultAccountId?: string;
}

/**
 * The AWS Backup recovery point a RestoreJob restores.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/recovery-points.html
 *
 * @example
 * import { RecoveryPoint } from 'cdk-backup-restore';
 *
 * // A recovery point you know: from the AWS Backup console or the CLI
 * const known = RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45');
 *
 * // Or the newest backup of a resource, chosen when the stack deploys
 * const newest = RecoveryPoint.latest({
 *   backupVaultName: 'dr-copies',
 *   resourceArn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
 * });
 */
export abstract class RecoveryPoint {
  /**
   * A recovery point given by its ARN.
   *
   * Any shape AWS Backup uses is accepted, in any partition: `arn:aws:backup:…:recovery-point:…` (EFS, S3,
   * advanced DynamoDB, …), `arn:aws:ec2:…::snapshot/snap-…` (EBS), `arn:aws:ec2:…::image/ami-…` (EC2),
   * `arn:aws:rds:…:snapshot:awsbackup:job-…` (RDS), and so on. The shape is cross-checked against the
   * metadata's resource type at synth time.
   *
   * @param recoveryPointArn the recovery point's ARN (a token is accepted and checked at deploy time)
   * @param options the vault that holds it (needed only to start from the backup's recorded metadata)
   *
   * @example
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * new RestoreJob(this, 'RestoreDataVolume', {
   *   // an EBS recovery point is the snapshot's ARN
   *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0'),
   *   metadata: RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }),
   * });
   */
  public static fromArn(recoveryPointArn: string, options: RecoveryPointFromArnOptions = {}): RecoveryPoint {
    return new ArnRecoveryPoint(recoveryPointArn, options);
  }

  /**
   * The newest recovery point in a backup vault that matches the filters, chosen when the stack deploys.
   *
   * At create, the handler lists the vault's recovery points (all pages), keeps those with status
   * COMPLETED or AVAILABLE that are not composite parents, and restores the one with the latest creation date. The chosen
   * ARN is the job's `recoveryPointArn` attribute. A redeploy that changes nothing does not restore again;
   * change the restore input (for example a new `idempotencyToken`) to restore the newest backup afresh.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html
   *
   * @example
   * import * as backup from 'aws-cdk-lib/aws-backup';
   * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const vault = new backup.BackupVault(this, 'Vault');
   * new RestoreJob(this, 'RestoreFiles', {
   *   recoveryPoint: RecoveryPoint.latest({
   *     backupVault: vault,
   *     resourceArn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
   *   }),
   *   metadata: RestoreMetadata.efs({ newFileSystem: true }),
   * });
   */
  public static latest(props: LatestRecoveryPointProps): RecoveryPoint {
    return new LatestRecoveryPoint(props);
  }

  /** Called by RestoreJob: the recovery point as the job renders it. */
  public abstract bind(scope: Construct): RecoveryPointConfig;
}

class ArnRecoveryPoint extends RecoveryPoint {
  constructor(private readonly recoveryPointArn: string, private readonly options: RecoveryPointFromArnOptions) {
    super();
  }

  public bind(_scope: Construct): RecoveryPointConfig {
    const vault = vaultRef('RecoveryPoint.fromArn', this.options);
    return {
      recoveryPointArn: this.recoveryPointArn,
      backupVaultName: vault.name,
      backupVaultArn: vault.arn,
      backupVaultAccountId: vault.accountId,
    };
  }
}

class LatestRecoveryPoint extends RecoveryPoint {
  constructor(private readonly props: LatestRecoveryPointProps) {
    super();
  }

  public bind(_scope: Construct): RecoveryPointConfig {
    const vault = vaultRef('RecoveryPoint.latest', this.props);
    if (vault.name === undefined) {
      throw new Error('RecoveryPoint.latest: no backup vault. Fix: pass backupVault (a backup.IBackupVault) or backupVaultName.');
    }
    const maxAge = this.props.maxAge;
    if (maxAge !== undefined && maxAge.toSeconds() <= 0) {
      throw new Error(`RecoveryPoint.latest: maxAge is ${maxAge.toHumanString()}; it must be positive. Fix: pass a positive Duration, or leave maxAge out.`);
    }
    const createdAfter = this.props.createdAfter;
    if (createdAfter !== undefined && Number.isNaN(createdAfter.getTime())) {
      throw new Error('RecoveryPoint.latest: createdAfter is an invalid Date. Fix: pass a valid Date.');
    }
    return {
      backupVaultName: vault.name,
      backupVaultArn: vault.arn,
      backupVaultAccountId: vault.accountId,
      latest: {
        resourceArn: this.props.resourceArn,
        resourceType: this.props.resourceType,
        createdAfter,
        maxAge,
      },
    };
  }
}
