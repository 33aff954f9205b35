import { ResourceTypeRules } from '../../validation/types';
import { jsonArray } from '../rule-helpers';

/** Keys of a file-level restore of an EBS snapshot to an S3 bucket ("File level restore specifications"). */
const FILE_LEVEL_KEYS = ['destinationBucketName', 'pathsToRestore', 'encryptionType'];

/**
 * EBS volume restore metadata (keys are lower camel case on AWS's side), as "Restore an Amazon EBS volume" lists
 * them: aws:backup:request-id, availabilityZone, encrypted, iops, kmsKeyId, restoreType ("include for file
 * level restore"), throughput, temporaryRestoreDays (archived snapshots, 0–180), volumeType, volumeSize; and for a
 * file-level restore destinationBucketName, pathsToRestore, encryptionType, kmsKeyId.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-ebs.html
 */
export const EBS_RULES: ResourceTypeRules = {
  // A volume restore creates a new volume; a file-level restore writes files into an existing S3 bucket.
  removal: {
    unsupported: ctx => FILE_LEVEL_KEYS.some(key => ctx.has(key))
      ? 'this is a file-level restore (destinationBucketName, pathsToRestore), which writes files into an existing S3 bucket, not a resource of its own'
      : undefined,
  },
  resourceType: 'EBS',
  keys: {
    'aws:backup:request-id': { kind: 'string' },
    'availabilityZone': { kind: 'string' },
    'encrypted': { kind: 'boolean' },
    'kmsKeyId': { kind: 'string' },
    'volumeType': { kind: 'enum', values: ['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'] },
    'volumeSize': { kind: 'integer', min: 1, max: 65536 },
    'iops': { kind: 'integer', min: 100 },
    'throughput': { kind: 'integer', min: 125 },
    'temporaryRestoreDays': { kind: 'integer', min: 0, max: 180 },
    'restoreType': { kind: 'string' },
    'destinationBucketName': { kind: 'string' },
    'pathsToRestore': { kind: 'json-array', minItems: 1 },
    'encryptionType': { kind: 'enum', values: ['SSE-S3', 'SSE-KMS'] },
    // In the page's example of recorded metadata ("volumeId"), not in its list of keys to specify.
    'volumeId': { kind: 'string', ignoredByAws: true, inferred: true },
  },
  check: ctx => {
    const fileLevel = ctx.has('restoreType');
    if (fileLevel) {
      // "restoreType is required for file level restore. For this type of restore, the following unique
      // metadata is required: destinationBucketName, pathsToRestore, ..." (encryptionType may be omitted).
      for (const key of ['destinationBucketName', 'pathsToRestore']) {
        if (!ctx.has(key)) {
          ctx.error('ebs-file-level-needs', key,
            `'restoreType' is set (a file-level restore to S3), but '${key}' is missing; the EBS restore page requires it for file-level restores. Fix: set ${key}.`);
        }
      }
    } else {
      const stray = FILE_LEVEL_KEYS.filter(k => ctx.has(k));
      if (stray.length > 0) {
        ctx.error('ebs-file-level-needs-restore-type', stray[0],
          `${stray.map(k => `'${ctx.spelling(k)}'`).join(', ')} belong to a file-level restore, but 'restoreType' is not set ("restoreType is required for file level restore"), so AWS Backup would restore a volume and ignore them. Fix: set restoreType, or remove them.`);
      }
      if (!ctx.has('availabilityZone')) {
        ctx.warn('missing-key', 'availabilityZone',
          "'availabilityZone' is missing; a restore to a new EBS volume is expected to need it. Fix: set it, or acknowledge this warning if the restore does not need it.");
      }
    }
    for (const [i, path] of (jsonArray(ctx, 'pathsToRestore') ?? []).entries()) {
      if (typeof path !== 'string' || (!path.startsWith('/') && !path.includes(':'))) {
        ctx.error('ebs-paths-absolute', 'pathsToRestore',
          `'pathsToRestore' item ${ctx.showPart(path, `#${i + 1}`)} is not an absolute path. Fix: write '/data/file.txt', or '<filesystem id>:/path' for a snapshot with several partitions.`);
      }
    }

    // kmsKeyId ⇒ encrypted=true (inferred: the restore-testing metadata pairs them).
    if (!fileLevel && ctx.has('kmsKeyId') && !ctx.isUnresolved('encrypted') && ctx.bool('encrypted') !== true) {
      ctx.warn('ebs-kms-requires-encryption', 'kmsKeyId',
        `'${ctx.spelling('kmsKeyId')}'${ctx.show('kmsKeyId')} is set, but 'encrypted' is${ctx.has('encrypted') ? ctx.show('encrypted') : ' not set'}, so the key may be ignored. Fix: set encrypted to 'true', or remove kmsKeyId.`);
    }
    const type = ctx.value('volumeType');
    if (type === undefined) return;
    // IOPS only for io1/io2/gp3; throughput only for gp3 (inferred from the EBS volume types).
    if (ctx.has('iops') && !['io1', 'io2', 'gp3'].includes(type)) {
      ctx.warn('ebs-iops-volume-type', 'iops',
        `'${ctx.spelling('iops')}'${ctx.show('iops')} is set, but 'volumeType'${ctx.show('volumeType')} takes no provisioned IOPS (only io1, io2 and gp3 do). Fix: remove iops, or choose io1, io2 or gp3.`);
    }
    if (ctx.has('throughput') && type !== 'gp3') {
      ctx.warn('ebs-throughput-volume-type', 'throughput',
        `'${ctx.spelling('throughput')}'${ctx.show('throughput')} is set, but 'volumeType'${ctx.show('volumeType')} takes no provisioned throughput (only gp3 does). Fix: remove throughput, or choose gp3.`);
    }
    if ((type === 'io1' || type === 'io2') && !ctx.has('iops')) {
      ctx.warn('ebs-iops-required', 'volumeType',
        `'volumeType'${ctx.show('volumeType')} is a Provisioned IOPS type, but 'iops' is not set. Fix: set iops.`);
    }
  },
};
