import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Server-side encryption of restored S3 objects (`EncryptionType`).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
 */
export enum S3RestoreEncryption {
  /** The objects' original encryption (`original`). */
  ORIGINAL = 'original',
  /** S3 managed keys (`SSE-S3`). */
  SSE_S3 = 'SSE-S3',
  /** A KMS key (`SSE-KMS`): the only encryption that takes `kmsKey`. */
  SSE_KMS = 'SSE-KMS',
}

/**
 * Restore metadata for S3 data (the default restore role gets AWSBackupServiceRolePolicyForS3Restore).
 *
 * @example
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreReports', {
 *   // a continuous backup: restoreTime is required (and rejected for snapshot recovery points)
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:s3-reports-1a2b3c4d'),
 *   metadata: RestoreMetadata.s3({
 *     destinationBucketName: 'reports-restored',
 *     newBucket: true,
 *     kmsKey: new kms.Key(this, 'ReportsKey'), // EncryptionType=SSE-KMS; the restore role may use the key
 *     itemsToRestore: ['s3://reports/2024/'], // at most 5
 *     restoreTime: new Date('2024-06-01T00:00:00Z'),
 *   }),
 * });
 */
export interface S3RestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Bucket to restore into (`DestinationBucketName`); an existing bucket must have versioning (and ACLs when the
   * backup had them) enabled.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly destinationBucketName: string;

  /**
   * Create the destination bucket (`NewBucket`).
   *
   * @default - not sent; the bucket must exist
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly newBucket?: boolean;

  /**
   * Encryption of the restored objects (`EncryptionType`).
   *
   * @default - `SSE-KMS` when `kmsKey` is set; otherwise not sent, and the objects keep their encryption
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly encryption?: S3RestoreEncryption;

  /**
   * KMS key to encrypt the restored objects with (`KMSKey`), with `SSE-KMS` only; the restore role is granted its use.
   *
   * @default - no customer managed key
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly kmsKey?: kms.IKey;

  /**
   * Restore the objects' access control lists (`RestoreACLs`).
   *
   * @default - not sent
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly restoreAcls?: boolean;

  /**
   * Restore only these objects or prefixes, 1 to 5 S3 URIs (`ItemsToRestore`, a JSON array).
   *
   * @default - the whole bucket
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly itemsToRestore?: string[];

  /**
   * Point in time to restore a continuous recovery point to (`RestoreTime`); required for continuous
   * recovery points and rejected for snapshots.
   *
   * @default - not sent (snapshot recovery points)
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
   */
  readonly restoreTime?: Date;
}
