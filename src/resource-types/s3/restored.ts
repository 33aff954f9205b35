import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { freeChildId, requireRestoredType, restoredKey, RestoredResourceContext } from '../restored';

/** Options of `RestoreJob.asBucket()`. */
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
