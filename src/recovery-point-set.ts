import { CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import { Construct } from 'constructs';
import { RestoreJobProvider } from './private/provider';
import { vaultRef } from './private/vault';
import { RecoveryPoint, RecoveryPointConfig } from './recovery-point';
import type { RecoveryPointSetResourceProperties } from './restore-job-handler/contract';
import { DEFAULT_MAX_SKEW_SECONDS, MAX_RECOVERY_POINT_SET_RESOURCES } from './validation/limits';

/** The CloudFormation type of a RecoveryPointSet. Permanent: changing it would replace every deployed set. */
const RESOURCE_TYPE = 'Custom::BackupRecoveryPointSet';

/**
 * Properties of a RecoveryPointSet.
 *
 * @example
 * import { Duration } from 'aws-cdk-lib';
 * import * as backup from 'aws-cdk-lib/aws-backup';
 * import { RecoveryPointSet } from 'cdk-backup-restore';
 *
 * new RecoveryPointSet(this, 'Moment', {
 *   backupVault: backup.BackupVault.fromBackupVaultName(this, 'Vault', 'prod-copies'),
 *   resourceArns: [
 *     'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
 *     'arn:aws:rds:us-east-1:123456789012:db:customers',
 *   ],
 *   maxSkew: Duration.minutes(30),
 *   maxAge: Duration.days(2),
 * });
 */
export interface RecoveryPointSetProps {
  /**
   * The backup vault that holds the recovery points. Give this or `backupVaultName`.
   *
   * @default - `backupVaultName` is used
   */
  readonly backupVault?: backup.IBackupVault;

  /**
   * The name of the backup vault that holds the recovery points (for a vault not managed by this app). Give this
   * or `backupVault`.
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

  /**
   * The backed-up resources (a table's, a file system's, a database's ARN …): each gets one recovery point, all
   * created within `maxSkew` of each other. From 1 to 10 resources, each once.
   */
  readonly resourceArns: string[];

  /**
   * How far apart the chosen recovery points may have been created (inclusive), in whole seconds.
   *
   * @default Duration.hours(1)
   */
  readonly maxSkew?: Duration;

  /**
   * Only recovery points at most this old when the set is chosen.
   *
   * @default - no age limit
   */
  readonly maxAge?: Duration;

  /**
   * Only recovery points created after this date. Changing it makes the set choose again (on the next deploy).
   *
   * @default - no lower bound from a date
   */
  readonly createdAfter?: Date;
}

/**
 * One AWS Backup recovery point per resource, all from the same moment, chosen once when the stack deploys.
 *
 * At create, the handler lists the vault's recovery points of each resource (all pages) and keeps the usable ones
 * (status COMPLETED or AVAILABLE, not composite parents, within `maxAge`/`createdAfter`: the same filter as
 * `RecoveryPoint.latest`). It chooses the newest moment T at which every resource has a usable point created in
 * [T − maxSkew, T], and for each resource its newest point in that window. No such moment fails the deploy, naming
 * each resource and its newest usable point.
 *
 * The choice is made once: a redeploy that changes none of the set's properties keeps it (the RestoreJobs it feeds
 * do not restore again), and a rollback answers the choice the set had before. Change a property (for example
 * `createdAfter`) to choose again.
 *
 * @example
 * import { CfnOutput, Duration } from 'aws-cdk-lib';
 * import { RecoveryPointSet, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const ordersTableArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
 * const filesArn = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
 * const set = new RecoveryPointSet(this, 'Moment', {
 *   backupVaultName: 'prod-copies',
 *   resourceArns: [ordersTableArn, filesArn],
 *   maxSkew: Duration.hours(1),
 * });
 * new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: set.recoveryPointFor(ordersTableArn),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 * });
 * new RestoreJob(this, 'RestoreFiles', {
 *   recoveryPoint: set.recoveryPointFor(filesArn),
 *   metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
 * });
 * new CfnOutput(this, 'SpreadSeconds', { value: set.spreadSeconds });
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByBackupVault.html
 */
export class RecoveryPointSet extends Construct {
  /** The resources of the set, as given. */
  public readonly resourceArns: string[];

  /**
   * The chosen recovery point ARNs, in the order of `resourceArns`.
   *
   * @attribute
   */
  public readonly recoveryPointArns: string[];

  /**
   * Whole seconds between the oldest and the newest chosen recovery point (rounded down).
   *
   * @attribute
   */
  public readonly spreadSeconds: string;

  /**
   * When the oldest chosen recovery point was created (ISO-8601).
   *
   * @attribute
   */
  public readonly oldestCreationDate: string;

  /**
   * When the newest chosen recovery point was created (ISO-8601).
   *
   * @attribute
   */
  public readonly newestCreationDate: string;

  /** The name of the vault the recovery points are in. */
  public readonly backupVaultName: string;

  private readonly vault: RecoveryPointConfig;
  private readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: RecoveryPointSetProps) {
    super(scope, id);
    const what = `RecoveryPointSet ${this.node.path}`;
    const vault = vaultRef(what, props);
    if (vault.name === undefined) {
      throw new Error(`${what}: no backup vault. Fix: pass backupVault (a backup.IBackupVault) or backupVaultName.`);
    }
    this.vault = { backupVaultName: vault.name, backupVaultArn: vault.arn, backupVaultAccountId: vault.accountId };
    this.backupVaultName = vault.name;

    const arns = props.resourceArns;
    if (arns.length === 0 || arns.length > MAX_RECOVERY_POINT_SET_RESOURCES) {
      throw new Error(`${what}: resourceArns lists ${arns.length} resources; a set chooses for 1 to ${MAX_RECOVERY_POINT_SET_RESOURCES} ` +
        '(its choice is recorded in its physical id, which CloudFormation limits to 1 KB). Fix: split the resources over more sets, ' +
        'or restore the others with RecoveryPoint.latest.');
    }
    const duplicates = [...new Set(arns.filter((arn, i) => arns.indexOf(arn) !== i))];
    if (duplicates.length > 0) {
      throw new Error(`${what}: resourceArns lists ${duplicates.map(d => `'${d}'`).join(', ')} more than once. Fix: list each resource once.`);
    }
    const empty = arns.filter(arn => !Token.isUnresolved(arn) && arn.trim() === '');
    if (empty.length > 0) throw new Error(`${what}: resourceArns holds an empty string. Fix: pass each resource's ARN.`);
    this.resourceArns = [...arns];

    const maxSkewSeconds = this.wholeSeconds('maxSkew', props.maxSkew, 0) ?? DEFAULT_MAX_SKEW_SECONDS;
    const maxAgeSeconds = this.wholeSeconds('maxAge', props.maxAge, 1);
    if (props.createdAfter !== undefined && Number.isNaN(props.createdAfter.getTime())) {
      throw new Error(`${what}: createdAfter is an invalid Date. Fix: pass a valid Date.`);
    }

    const provider = RestoreJobProvider.of(this);
    provider.allowListRecoveryPoints(this.vault);
    const properties: RecoveryPointSetResourceProperties = {
      BackupVaultName: vault.name,
      BackupVaultAccountId: vault.accountId,
      ResourceArns: this.resourceArns,
      MaxSkewSeconds: String(maxSkewSeconds),
      CreatedAfter: props.createdAfter?.toISOString(),
      MaxAgeSeconds: maxAgeSeconds === undefined ? undefined : String(maxAgeSeconds),
    };
    this.resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: provider.serviceToken,
      properties: { ...properties },
    });
    // The handler lists with the provider's policy; Delete needs nothing, but keeps the same order as a RestoreJob.
    this.resource.node.addDependency(provider.handlerPolicy);

    this.recoveryPointArns = this.resourceArns.map((_arn, i) => this.resource.getAttString(`RecoveryPointArn${i}`));
    this.spreadSeconds = this.resource.getAttString('SpreadSeconds');
    this.oldestCreationDate = this.resource.getAttString('OldestCreationDate');
    this.newestCreationDate = this.resource.getAttString('NewestCreationDate');
  }

  /**
   * The recovery point the set chose for a resource, to restore with a RestoreJob (`useRecordedMetadata` works:
   * it names the set's vault).
   *
   * @param resourceArn one of `resourceArns`, as given to the set (the same string, or the same token)
   *
   * @example
   * import { RecoveryPointSet, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
   *
   * const tableArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
   * const set = new RecoveryPointSet(this, 'Moment', {
   *   backupVaultName: 'prod-copies',
   *   resourceArns: [tableArn, 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0'],
   * });
   * new RestoreJob(this, 'RestoreOrders', {
   *   recoveryPoint: set.recoveryPointFor(tableArn),
   *   // Start from the metadata AWS Backup recorded for the chosen point; only the new name is set here.
   *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
   *   useRecordedMetadata: true,
   * });
   */
  public recoveryPointFor(resourceArn: string): RecoveryPoint {
    const index = this.resourceArns.indexOf(resourceArn);
    if (index < 0) {
      throw new Error(`RecoveryPointSet ${this.node.path}: '${resourceArn}' is not one of its resourceArns (${this.resourceArns.map(a => `'${a}'`).join(', ')}). ` +
        'Fix: add the resource to resourceArns, or pass exactly the string (or token) the set was given.');
    }
    return new SetMemberRecoveryPoint(this.vault, this.recoveryPointArns[index], resourceArn);
  }

  private wholeSeconds(name: string, duration: Duration | undefined, min: number): number | undefined {
    if (duration === undefined) return undefined;
    const seconds = duration.toSeconds({ integral: false });
    if (Token.isUnresolved(seconds) || !Number.isInteger(seconds) || seconds < min) {
      throw new Error(`RecoveryPointSet ${this.node.path}: ${name} is ${Token.isUnresolved(seconds) ? 'a token' : duration.toHumanString()}; ` +
        `it must be known at synth time, a whole number of seconds${min > 0 ? ', and positive' : ''}. Fix: pass such a Duration, or leave ${name} out.`);
    }
    return seconds;
  }
}

/** One member of a set: the set's attribute as the recovery point, its vault, and the resource it backs up. */
class SetMemberRecoveryPoint extends RecoveryPoint {
  constructor(private readonly vault: RecoveryPointConfig, private readonly recoveryPointArn: string, private readonly resourceArn: string) {
    super();
  }

  public bind(_scope: Construct): RecoveryPointConfig {
    return { ...this.vault, recoveryPointArn: this.recoveryPointArn, chosenForResourceArn: this.resourceArn };
  }
}
