import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { freeChildId, requireRestoredType, restoredKey, RestoredResourceContext } from '../restored';

/**
 * Options of `RestoreJob.asBucket()`.
 *
 * @example
 * import * as iam from 'aws-cdk-lib/aws-iam';
 * import * as kms from 'aws-cdk-lib/aws-kms';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreReports', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:2A3B4C5D-6E7F-4A8B-9C0D-1E2F3A4B5C6D'),
 *   metadata: RestoreMetadata.s3({ destinationBucketName: 'reports-dr', newBucket: true }), // objects keep their encryption
 * });
 * const bucket = job.asBucket({
 *   // the key the objects were encrypted with in the backup, so that grants cover it
 *   encryptionKey: kms.Key.fromKeyArn(this, 'ReportsKey', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
 * });
 * bucket.grantRead(new iam.Role(this, 'Reporting', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') }));
 */
export interface RestoredBucketOptions {
  /**
   * The KMS key the restored objects are encrypted with: grants (`grantRead`, …) then let the grantee use it.
   *
   * @default - the key the restore metadata names (`RestoreMetadata.s3({ kmsKey })`, or a key ARN in `KMSKey` of
   * `RestoreMetadata.fromMap`); none when it names none
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The bucket the S3 restore wrote to as an `IBucket` (a new bucket or an existing one): its ARN is the job's
 * `createdResourceArn` (the name comes from it), no deploy-time read is needed.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
 */
export function restoredBucket(ctx: RestoredResourceContext, options: RestoredBucketOptions = {}): s3.IBucket {
  requireRestoredType(ctx, 'asBucket()', ['S3']);
  return s3.Bucket.fromBucketAttributes(ctx.scope, freeChildId(ctx.scope, 'RestoredBucket'), {
    bucketArn: ctx.createdResourceArn(),
    encryptionKey: options.encryptionKey ?? restoredKey(ctx, 'KMSKey', 'RestoredBucketKey'),
  });
}
