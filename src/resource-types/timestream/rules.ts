import { ResourceTypeRules } from '../../validation/types';

/**
 * Timestream table restore metadata, as "Restore an Amazon Timestream table" lists it: TableName,
 * DestinationDatabase, MemoryStoreRetentionPeriodInHours, MagneticStoreRetentionPeriodInDays,
 * EnableMagneticStoreWrites, aws:backup:request-id. Disagreement on the page itself: its example sends
 * `DatabaseName` and `MagneticStoreWriteProperties` (a JSON object holding EnableMagneticStoreWrites) instead,
 * so both spellings are known and the database is expected under either name. The page gives the retention
 * values as "value: number unit: ..." without a wire format: value rules stay warnings.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
 */
export const TIMESTREAM_RULES: ResourceTypeRules = {
  resourceType: 'Timestream',
  keys: {
    'TableName': { kind: 'string', inferred: true },
    'DestinationDatabase': { kind: 'string', inferred: true },
    'DatabaseName': { kind: 'string', inferred: true },
    'MemoryStoreRetentionPeriodInHours': { kind: 'integer', min: 1, max: 8766, inferred: true },
    'MagneticStoreRetentionPeriodInDays': { kind: 'integer', min: 1, max: 73000, inferred: true },
    'EnableMagneticStoreWrites': { kind: 'boolean', inferred: true },
    'MagneticStoreWriteProperties': { kind: 'json-object', inferred: true },
    'aws:backup:request-id': { kind: 'string' },
  },
  requiredInferred: ['TableName'],
  check: ctx => {
    if (!ctx.has('DestinationDatabase') && !ctx.has('DatabaseName')) {
      ctx.warn('missing-key', 'DestinationDatabase',
        "neither 'DestinationDatabase' (the page's list) nor 'DatabaseName' (the page's example) is set; a Timestream restore needs the database of the new table. Fix: set one of them.");
    }
    const table = ctx.value('TableName');
    if (table !== undefined && !/^[a-zA-Z0-9_.-]{3,256}$/.test(table)) {
      ctx.warn('timestream-table-name', 'TableName',
        `'${ctx.spelling('TableName')}'${ctx.show('TableName')} is not a valid Timestream table name: 3 to 256 letters, digits, '_', '-' or '.'. Fix: choose such a name.`);
    }
    // The magnetic store retention must be at least the original, or data is lost (stated); the original is
    // only known to AWS, so this is a reminder.
    if (ctx.has('MagneticStoreRetentionPeriodInDays')) {
      ctx.warn('timestream-magnetic-retention', 'MagneticStoreRetentionPeriodInDays',
        `'${ctx.spelling('MagneticStoreRetentionPeriodInDays')}'${ctx.show('MagneticStoreRetentionPeriodInDays')} must be at least the backed-up table's magnetic store retention, or the restore loses the older data. Fix: check the original table's retention, then acknowledge this warning.`);
    }
  },
};
