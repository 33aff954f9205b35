import { ResourceTypeRules } from '../../validation/types';
import { checkPattern } from '../rule-helpers';

/**
 * DynamoDB restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-dynamodb.html
 */
export const DYNAMODB_RULES: ResourceTypeRules = {
  // A restore always creates a new table (targetTableName).
  removal: { unsupported: () => undefined, nameKey: 'targetTableName' },
  resourceType: 'DynamoDB',
  // restoring-dynamodb.html: the metadata keys are read case-insensitively.
  caseInsensitiveKeys: true,
  keys: {
    'targetTableName': { kind: 'string' },
    'encryptionType': { kind: 'enum', values: ['Default', 'KMS'] },
    'kmsMasterKeyArn': { kind: 'string' },
    'deletionProtection': { kind: 'boolean' },
    'aws:backup:request-id': { kind: 'string' },
  },
  required: ['targetTableName'],
  check: ctx => {
    checkPattern(ctx, 'dynamodb-table-name', 'targetTableName', /^[a-zA-Z0-9_.-]{3,255}$/,
      'is not a valid DynamoDB table name: 3 to 255 letters, digits, \'_\', \'-\' or \'.\'. Fix: choose such a name.');

    // kmsMasterKeyArn ⇒ encryptionType=KMS (stated by AWS).
    if (ctx.has('kmsMasterKeyArn') && !ctx.isUnresolved('encryptionType') && ctx.value('encryptionType') !== 'KMS') {
      const current = ctx.has('encryptionType')
        ? `'${ctx.spelling('encryptionType')}'${ctx.show('encryptionType')} is not 'KMS'`
        : "'encryptionType' is not set";
      ctx.error('dynamodb-kms-key-requires-kms', 'kmsMasterKeyArn',
        `'${ctx.spelling('kmsMasterKeyArn')}'${ctx.show('kmsMasterKeyArn')} is set, but ${current}; AWS Backup uses the key only with encryptionType=KMS. Fix: set encryptionType to 'KMS', or remove kmsMasterKeyArn.`);
    }
  },
};
