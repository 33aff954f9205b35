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

/** Filters of a recovery point chosen at deploy time. */
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

/** Where a recovery point given by ARN is stored. */
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

/** Which recovery point `RecoveryPoint.latest()` restores. */
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
