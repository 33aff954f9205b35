/**
 * Options every typed restore metadata factory takes.
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreOrdersDb', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45'),
 *   metadata: RestoreMetadata.rdsInstance({
 *     instanceIdentifier: 'orders-db-dr',
 *     // any other RestoreDBInstanceFromDBSnapshot parameter, spelled and formatted as AWS documents it
 *     additionalMetadata: { AutoMinorVersionUpgrade: 'true', CopyTagsToSnapshot: 'true' },
 *   }),
 * });
 */
export interface RestoreMetadataOptions {
  /**
   * Extra metadata keys, spelled as AWS documents them, for settings the typed props do not cover; validated
   * by the same rules. A key that a typed prop also sets is an error.
   *
   * @default - no extra keys
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html#Backup-StartRestoreJob-request-Metadata
   */
  readonly additionalMetadata?: { [key: string]: string };
}
