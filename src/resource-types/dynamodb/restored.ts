import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { freeChildId, requireRestoredType, restoredKey, RestoredResourceContext } from '../restored';

/**
 * Options of `RestoreJob.asTable()`.
 *
 * @example
 * import * as iam from 'aws-cdk-lib/aws-iam';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d', {
 *     backupVaultName: 'dr-copies',
 *   }),
 *   metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
 *   useRecordedMetadata: true, // the key the backup recorded, which the stack does not know
 * });
 * // name that key, so that grants cover it
 * const table = job.asTable({
 *   encryptionKey: kms.Key.fromKeyArn(this, 'OrdersKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
 *   globalIndexes: ['byCustomer'],
 * });
 * table.grantReadData(new iam.Role(this, 'Reporting', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }));
 */
export interface RestoredTableOptions {
  /**
   * The KMS key the restored table is encrypted with: grants (`grantReadData`, …) then let the grantee use it.
   *
   * @default - the key the restore metadata names (`RestoreMetadata.dynamoDb({ kmsKey })`, or a key ARN in
   * `kmsMasterKeyArn` of `RestoreMetadata.fromMap`); none when it names none (the AWS owned or AWS managed key
   * needs no grant). With `useRecordedMetadata` a key only the backup recorded is not known: pass it here.
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Names of the table's global secondary indexes (a restore keeps the backed-up table's indexes). Grants cover
   * every index of the table (`<table ARN>/index/*`) whether or not they are named here.
   *
   * @default - none named
   */
  readonly globalIndexes?: string[];

  /**
   * Names of the table's local secondary indexes.
   *
   * @default - none named
   */
  readonly localIndexes?: string[];
}

/**
 * The restored DynamoDB table as an `ITable`: its ARN is the job's `createdResourceArn` (the name comes from it),
 * no deploy-time read is needed. `grantIndexPermissions` is on, so grants cover the table's indexes.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
 */
export function restoredTable(ctx: RestoredResourceContext, options: RestoredTableOptions = {}): dynamodb.ITable {
  requireRestoredType(ctx, 'asTable()', ['DynamoDB']);
  return dynamodb.Table.fromTableAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredTable'), {
    tableArn: ctx.createdResourceArn(),
    encryptionKey: options.encryptionKey ?? restoredKey(ctx, 'kmsMasterKeyArn', 'RestoredTableKey'),
    globalIndexes: options.globalIndexes,
    localIndexes: options.localIndexes,
    grantIndexPermissions: true,
  });
}
