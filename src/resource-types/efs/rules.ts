import { ResourceTypeRules } from '../../validation/types';
import { jsonArray } from '../rule-helpers';

/**
 * EFS restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-efs.html
 */
export const EFS_RULES: ResourceTypeRules = {
  // newFileSystem false restores into the source file system ("a recovery directory off of the root directory",
  // restoring-efs.html): deleting would delete the user's file system.
  removal: {
    unsupported: ctx => ctx.isUnresolved('newFileSystem') || ctx.bool('newFileSystem') === true
      ? undefined
      : "'newFileSystem' is not 'true', so AWS Backup restores into the existing file system, which is not this stack's to delete",
  },
  resourceType: 'EFS',
  keys: {
    'file-system-id': { kind: 'string' },
    'Encrypted': { kind: 'boolean' },
    'KmsKeyId': { kind: 'string' },
    'PerformanceMode': { kind: 'enum', values: ['generalPurpose', 'maxIO'] },
    'CreationToken': { kind: 'string' },
    'newFileSystem': { kind: 'boolean' },
    // "An array of up to five strings", but also "There is no item limit when you use CLI to restore; however,
    // there is a 200 KB limit": more than five is a warning (below), the 200 KB limit a general error.
    'ItemsToRestore': { kind: 'json-array', minItems: 1 },
    'singleAzFilesystem': { kind: 'boolean', inferred: true },
    'availabilityZoneName': { kind: 'string', inferred: true },
    'aws:backup:request-id': { kind: 'string' },
  },
  // file-system-id: "This is not required when a new file system is restored (this value is ignored if parameter
  // newFileSystem is True)" ("Restore an Amazon EFS file system", restoring-efs.html): required in the check below
  // only for a restore into an existing file system.
  check: ctx => {
    if (!ctx.has('file-system-id') && !ctx.isUnresolved('newFileSystem') && ctx.bool('newFileSystem') !== true) {
      ctx.error('efs-file-system-id-required', 'file-system-id',
        "'file-system-id' is missing, and 'newFileSystem' is not 'true', so AWS Backup would restore into an existing file system without knowing which. Fix: set file-system-id (fileSystemId) to the backed-up file system, or set newFileSystem to 'true'.");
    }
    const items = jsonArray(ctx, 'ItemsToRestore');
    if (items !== undefined && items.length > 5) {
      ctx.warn('efs-items-over-five', 'ItemsToRestore',
        `'ItemsToRestore' has ${items.length} items. The EFS restore page says "up to five" for the parameter and "no item limit when you use CLI to restore" (within the 200 KB metadata limit). Fix: restore a parent directory instead, or acknowledge this warning.`);
    }

    // KmsKeyId set ⇒ Encrypted must be true (stated by AWS).
    if (ctx.has('KmsKeyId') && !ctx.isUnresolved('Encrypted') && ctx.bool('Encrypted') !== true) {
      const encrypted = ctx.has('Encrypted') ? `'${ctx.spelling('Encrypted')}'${ctx.show('Encrypted')} is not 'true'` : '\'Encrypted\' is not set';
      ctx.error('efs-kms-requires-encryption', 'KmsKeyId',
        `'${ctx.spelling('KmsKeyId')}'${ctx.show('KmsKeyId')} is set, but ${encrypted}; AWS Backup requires Encrypted=true whenever KmsKeyId is given. Fix: set Encrypted to 'true' (encrypted: true) or remove KmsKeyId.`);
    }

    // ItemsToRestore: absolute paths, no wildcards (stated by AWS).
    // (a value that is not a JSON array is reported by the key check)
    for (const [i, item] of (jsonArray(ctx, 'ItemsToRestore') ?? []).entries()) {
      if (typeof item !== 'string' || !item.startsWith('/')) {
        ctx.error('efs-items-absolute', 'ItemsToRestore',
          `'ItemsToRestore' item ${ctx.showPart(item, `#${i + 1}`)} is not an absolute path. Fix: write paths from the file system root, e.g. '/data/reports'.`);
      } else if (/[*?]/.test(item)) {
        ctx.error('efs-items-wildcard', 'ItemsToRestore',
          `'ItemsToRestore' item ${ctx.showPart(item, `#${i + 1}`)} contains a wildcard; AWS Backup restores exact paths only. Fix: list the exact file or directory paths (at most 5).`);
      }
    }

    // One Zone restores (inferred by AWS's restore-testing metadata).
    if (ctx.bool('singleAzFilesystem') === true) {
      if (!ctx.has('availabilityZoneName')) {
        ctx.warn('efs-single-az-needs-az', 'singleAzFilesystem',
          "'singleAzFilesystem' is 'true' but 'availabilityZoneName' is not set. Fix: set availabilityZoneName to the zone of the One Zone file system.");
      }
      const mode = ctx.value('PerformanceMode');
      if (mode !== undefined && mode !== 'generalPurpose') {
        ctx.warn('efs-single-az-performance-mode', 'PerformanceMode',
          `'PerformanceMode'${ctx.show('PerformanceMode')} is not 'generalPurpose', but One Zone file systems support only generalPurpose. Fix: use generalPurpose.`);
      }
    } else if (ctx.has('availabilityZoneName') && !ctx.isUnresolved('singleAzFilesystem')) {
      ctx.warn('efs-az-without-single-az', 'availabilityZoneName',
        "'availabilityZoneName' is set but 'singleAzFilesystem' is not 'true', so it is likely ignored. Fix: set singleAzFilesystem to 'true' for a One Zone restore, or remove availabilityZoneName.");
    }
  },
};
