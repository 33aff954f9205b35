import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Encryption of a restored DynamoDB table (`encryptionType`).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
 */
export enum DynamoDbRestoreEncryption {
  /** The AWS owned key (`Default`). */
  DEFAULT = 'Default',
  /** A KMS key: the given `kmsKey`, or the AWS managed key for DynamoDB when none is given (`KMS`). */
  KMS = 'KMS',
}

/**
 * Restore metadata for a DynamoDB table.
 *
 * @example
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreOrders', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d'),
 *   metadata: RestoreMetadata.dynamoDb({
 *     targetTableName: 'orders-dr',
 *     kmsKey: new kms.Key(this, 'TableKey'), // encryptionType=KMS; the restore role may use the key
 *     deletionProtection: true,
 *   }),
 * });
 */
export interface DynamoDbRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Name of the new table (`targetTableName`): 3 to 255 letters, digits, '_', '-' or '.'.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
   */
  readonly targetTableName: string;

  /**
   * Encryption of the new table (`encryptionType`).
   *
   * @default - `KMS` when `kmsKey` is set; otherwise not sent, and AWS Backup uses the AWS owned key
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
   */
  readonly encryption?: DynamoDbRestoreEncryption;

  /**
   * Customer managed KMS key for the new table (`kmsMasterKeyArn`); requires `KMS` encryption, and the restore
   * role is granted its use.
   *
   * @default - the AWS owned key, or the AWS managed key with `encryption: KMS`
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Turn on deletion protection for the new table (`deletionProtection`).
   *
   * @default - not sent; AWS Backup does not protect the table
   * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/WorkingWithTables.Basics.html#WorkingWithTables.Basics.DeletionProtection
   */
  readonly deletionProtection?: boolean;
}
