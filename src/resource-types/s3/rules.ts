import { ResourceTypeRules } from '../../validation/types';
import { checkPattern, isContinuous, jsonArray } from '../rule-helpers';

/**
 * S3 restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-s3.html
 */
export const S3_RULES: ResourceTypeRules = {
  // Deleting a bucket means deleting every object and version first (AWS Backup's own restore testing adds
  // lifecycle rules that "can take up to several days", restore-testing.html); an existing bucket is the user's.
  removal: {
    unsupported: () => 'an S3 restore writes objects into a bucket (a new or an existing one), and this library does not empty and delete buckets',
  },
  resourceType: 'S3',
  keys: {
    DestinationBucketName: { kind: 'string' },
    NewBucket: { kind: 'boolean' },
    Encrypted: { kind: 'boolean' },
    EncryptionType: { kind: 'enum', values: ['original', 'SSE-S3', 'SSE-KMS'] },
    KMSKey: { kind: 'string' },
    RestoreACLs: { kind: 'boolean' },
    ItemsToRestore: { kind: 'json-array', minItems: 1, maxItems: 5 },
    RestoreLatestVersionsUpTo: { kind: 'string' },
    RestoreTime: { kind: 'timestamp' },
  },
  required: ['DestinationBucketName'],
  check: ctx => {
    checkPattern(ctx, 's3-bucket-name', 'DestinationBucketName', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      'is not a valid S3 bucket name: 3 to 63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit. Fix: choose such a name.');

    // KMSKey: "Specifies the SSE-KMS key to use. Only needed if encryption is SSE-KMS." ("Restore S3 data using
    // AWS Backup", restoring-s3.html): not needed otherwise, not forbidden — a warning.
    if (ctx.has('KMSKey') && !ctx.isUnresolved('EncryptionType') && ctx.value('EncryptionType') !== 'SSE-KMS') {
      const current = ctx.has('EncryptionType')
        ? `'${ctx.spelling('EncryptionType')}'${ctx.show('EncryptionType')} is not 'SSE-KMS'`
        : "'EncryptionType' is not set";
      ctx.warn('s3-kms-key-requires-sse-kms', 'KMSKey',
        `'${ctx.spelling('KMSKey')}'${ctx.show('KMSKey')} is set, but ${current}; AWS Backup needs KMSKey only with SSE-KMS, so it is likely unused. Fix: set EncryptionType to 'SSE-KMS' (encryption: S3RestoreEncryption.SSE_KMS), or remove KMSKey.`);
    }

    // RestoreTime only for continuous recovery points, and required there (stated).
    const continuous = isContinuous(ctx);
    if (continuous === true && !ctx.has('RestoreTime')) {
      ctx.error('s3-continuous-needs-restore-time', 'RestoreTime',
        "the recovery point is a continuous backup, and AWS Backup needs 'RestoreTime' to restore one. Fix: set restoreTime (ISO-8601 UTC, e.g. '2021-11-27T03:30:27Z').");
    } else if (continuous === false && ctx.has('RestoreTime')) {
      ctx.error('s3-restore-time-needs-continuous', 'RestoreTime',
        `'${ctx.spelling('RestoreTime')}'${ctx.show('RestoreTime')} is set, but the recovery point is a snapshot, and AWS Backup accepts RestoreTime for continuous backups only. Fix: remove RestoreTime, or restore a continuous recovery point.`);
    }

    const versions = ctx.value('RestoreLatestVersionsUpTo');
    if (versions !== undefined && !/^([1-9]\d*|all)$/.test(versions)) {
      ctx.error('s3-restore-latest-versions', 'RestoreLatestVersionsUpTo',
        `'${ctx.spelling('RestoreLatestVersionsUpTo')}'${ctx.show('RestoreLatestVersionsUpTo')} must be a whole number from 1, or 'all'. Fix: write e.g. '1' or 'all'.`);
    }

    // Items are S3 URIs of objects or prefixes (the console asks for each item's S3 URI).
    for (const [i, item] of (jsonArray(ctx, 'ItemsToRestore') ?? []).entries()) {
      if (typeof item !== 'string' || !item.startsWith('s3://')) {
        ctx.warn('s3-items-uri', 'ItemsToRestore',
          `'ItemsToRestore' item ${ctx.showPart(item, `#${i + 1}`)} is not an S3 URI. Fix: write each item as 's3://<bucket>/<key or prefix>'.`);
      }
    }
  },
};
