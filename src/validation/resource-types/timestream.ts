import { ResourceTypeRules } from '../types';

/**
 * Timestream table restore metadata. The key names are inferred from the Timestream API (AWS documents
 * the settings, not the keys), so rules about them are warnings.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/timestream-restore.html
 */
export const TIMESTREAM_RULES: ResourceTypeRules = {
  resourceType: 'Timestream',
  keys: {
    DatabaseName: { kind: 'string', inferred: true },
    TableName: { kind: 'string', inferred: true },
    MemoryStoreRetentionPeriodInHours: { kind: 'integer', min: 1, max: 8766, inferred: true },
    MagneticStoreRetentionPeriodInDays: { kind: 'integer', min: 1, max: 73000, inferred: true },
    MagneticStoreWriteProperties: { kind: 'json-object', inferred: true },
  },
  requiredInferred: ['DatabaseName', 'TableName'],
  check: ctx => {
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
