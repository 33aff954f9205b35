import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for an Amazon Timestream table (restored as a new table).
 *
 * @example
 * import { Annotations, Duration } from 'aws-cdk-lib';
 * import * as s3 from 'aws-cdk-lib/aws-s3';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreMetrics', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:9D0E1F2A-3B4C-4D5E-9F6A-7B8C9D0E1F2A'),
 *   metadata: RestoreMetadata.timestreamTable({
 *     databaseName: 'metrics',
 *     tableName: 'cpu_restored',
 *     memoryStoreRetention: Duration.hours(24),
 *     magneticStoreRetention: Duration.days(365), // at least the original table's, or older data is lost
 *     rejectedDataBucket: new s3.Bucket(this, 'RejectedWrites'), // magnetic store writes on, with error reports
 *     rejectedDataKeyPrefix: 'cpu/',
 *   }),
 * });
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:timestream-magnetic-retention', 'the original table keeps 365 days');
 */
export interface TimestreamRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Existing database to restore the table into (`DatabaseName`).
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
   */
  readonly databaseName: string;

  /**
   * Name of the new table (`TableName`): 3 to 256 letters, digits, '_', '-' or '.'.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
   */
  readonly tableName: string;

  /**
   * How long data stays in the memory store, 1 to 8766 whole hours (`MemoryStoreRetentionPeriodInHours`).
   *
   * @default - the backed-up table's retention
   * @see https://docs.aws.amazon.com/timestream/latest/developerguide/storage.html
   */
  readonly memoryStoreRetention?: Duration;

  /**
   * How long data stays in the magnetic store, 1 to 73000 whole days (`MagneticStoreRetentionPeriodInDays`); at least
   * the original table's, or older data is lost.
   *
   * @default - the backed-up table's retention
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
   */
  readonly magneticStoreRetention?: Duration;

  /**
   * Accept writes to the magnetic store (`MagneticStoreWriteProperties.EnableMagneticStoreWrites`).
   *
   * @default - true when `rejectedDataBucket` is set; otherwise not sent
   * @see https://docs.aws.amazon.com/timestream/latest/developerguide/writes.html#writes.magnetic-store-writes
   */
  readonly enableMagneticStoreWrites?: boolean;

  /**
   * Bucket for error reports of rejected magnetic store writes
   * (`MagneticStoreWriteProperties.MagneticStoreRejectedDataLocation`).
   *
   * @default - no error reports
   * @see https://docs.aws.amazon.com/timestream/latest/developerguide/writes.html#writes.magnetic-store-writes
   */
  readonly rejectedDataBucket?: s3.IBucket;

  /**
   * Key prefix of the error reports in `rejectedDataBucket`.
   *
   * @default - no prefix
   * @see https://docs.aws.amazon.com/timestream/latest/developerguide/API_S3Configuration.html
   */
  readonly rejectedDataKeyPrefix?: string;
}
