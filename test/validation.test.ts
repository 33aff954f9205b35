import {
  editDistance, formatErrors, informationOnlyKeys, MAX_METADATA_BYTES, nearMisses, validateRestoreInput,
} from '../src/resource-types/validate';
import { analyseRecoveryPointArn, Finding } from '../src/validation';

const BACKUP_ARN = 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45';
const EBS_ARN = 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0';
const TOKEN = '${Token[TOKEN.123]}';
const isUnresolved = (v: string) => v.includes('${Token[');

function findings(
  metadata: Record<string, string>,
  resourceType?: string,
  recoveryPointArn = BACKUP_ARN,
  copySourceTagsToRestoredResource?: boolean,
): Finding[] {
  return validateRestoreInput({ metadata, resourceType, recoveryPointArn, copySourceTagsToRestoredResource }, { isUnresolved });
}
const errors = (...args: Parameters<typeof findings>) => findings(...args).filter(f => f.severity === 'error');
const warnings = (...args: Parameters<typeof findings>) => findings(...args).filter(f => f.severity === 'warning');
const ids = (list: Finding[]) => list.map(f => f.id.replace('cdk-backup-restore:', ''));

const EFS_OK = { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' };

describe('general rules', () => {
  test('keys that differ only in case are an error naming both', () => {
    const result = errors({ 'file-system-id': 'fs-1', 'Encrypted': 'true', 'encrypted': 'false' }, 'EFS');
    expect(ids(result)).toEqual(['duplicate-key']);
    expect(result[0].message).toMatch(/'Encrypted' and 'encrypted' differ only in case.*Fix: keep one/);
  });

  test('metadata over 200 KB is an error; just under is accepted', () => {
    const over = { ...EFS_OK, CreationToken: 'x'.repeat(MAX_METADATA_BYTES) };
    expect(ids(errors(over, 'EFS'))).toEqual(['metadata-too-large']);
    const under = { ...EFS_OK, CreationToken: 'x'.repeat(MAX_METADATA_BYTES - 200) };
    expect(errors(under, 'EFS')).toEqual([]);
  });

  test('an empty key is an error', () => {
    expect(ids(errors({ '': 'x' }))).toEqual(['empty-key']);
  });

  test('a resource type spelled in another case is an error with the right spelling; an unknown one warns', () => {
    expect(errors({}, 'dynamodb')[0].message).toMatch(/'dynamodb' is spelled differently from AWS's 'DynamoDB'/);
    expect(ids(warnings({}, 'SAP HANA'))).toContain('unknown-resource-type');
    expect(findings({}, 'Storage Gateway', EBS_ARN)).toEqual([]); // the documented value with a space
  });

  test('a recovery point that is not an ARN is an error with an example', () => {
    const result = errors(EFS_OK, 'EFS', 'recovery-point-1');
    expect(ids(result)).toEqual(['recovery-point-arn']);
    expect(result[0].message).toMatch(/'recovery-point-1' is not an ARN.*arn:aws:backup:/);
  });

  test('an ARN whose shape restores as another type is an error (stated shapes)', () => {
    const result = errors(EFS_OK, 'EFS', EBS_ARN);
    expect(ids(result)).toEqual(['resource-type-mismatch']);
    expect(result[0].message).toMatch(/is an EBS snapshot ARN, which restores as EBS or Storage Gateway, not EFS/);
  });

  test('an inferred shape mismatch only warns', () => {
    const arn = 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-1';
    const rds = { DBInstanceIdentifier: 'orders-dr' };
    expect(errors(rds, 'RDS', arn)).toEqual([]);
    expect(ids(warnings(rds, 'RDS', arn))).toEqual(['resource-type-mismatch']);
  });

  test.each(['aws', 'aws-cn', 'aws-us-gov'])('any partition is accepted (%s)', partition => {
    expect(findings(EFS_OK, 'EFS', `arn:${partition}:backup:us-east-1:123456789012:recovery-point:abc`)).toEqual([]);
  });

  test('CopySourceTagsToRestoredResource is an error for types that do not support it', () => {
    const table = { targetTableName: 'orders-dr' };
    expect(ids(errors(table, 'DynamoDB', BACKUP_ARN, true))).toEqual(['copy-tags-unsupported']);
    expect(errors(EFS_OK, 'EFS', BACKUP_ARN, true)).toEqual([]);
    expect(errors(table, 'DynamoDB', BACKUP_ARN, false)).toEqual([]);
  });

  test('aws:backup:request-id is taken where the restore page lists it (EFS, DynamoDB, CloudFormation, EBS, EC2, FSx, Timestream), warns elsewhere', () => {
    expect(findings({ ...EFS_OK, 'aws:backup:request-id': 'r1' }, 'EFS')).toEqual([]);
    expect(ids(findings({ 'availabilityZone': 'us-east-1a', 'aws:backup:request-id': 'r1' }, 'EBS', EBS_ARN))).not.toContain('request-id-unsupported');
    expect(ids(findings({ 'aws:backup:request-id': 'r1' }, 'EC2'))).not.toContain('request-id-unsupported');
    expect(ids(warnings({ 'DBInstanceIdentifier': 'orders-dr', 'aws:backup:request-id': 'r1' }, 'RDS'))).toContain('request-id-unsupported');
  });

  test('unresolved values, ARNs and resource types are never rejected', () => {
    expect(findings({ 'file-system-id': TOKEN, 'ItemsToRestore': TOKEN, 'PerformanceMode': TOKEN }, 'EFS', TOKEN)).toEqual([]);
    expect(findings(EFS_OK, TOKEN, EBS_ARN)).toEqual([]);
  });

  test('formatErrors joins several errors and ignores warnings', () => {
    const list = findings({ ItemsToRestore: 'a,b', PerformanceMode: 'fast', singleAzFilesystem: 'true' }, 'EFS');
    expect(formatErrors(list)).toMatch(/^3 problems:\n- .*\n- .*\n- .*file-system-id/);
    expect(formatErrors(list.filter(f => f.severity === 'warning'))).toBeUndefined();
  });
});

describe('EFS rules', () => {
  test('accepts a complete, consistent metadata map', () => {
    expect(findings({
      ...EFS_OK,
      'Encrypted': 'true',
      'KmsKeyId': 'arn:aws:kms:us-east-1:123456789012:key/k',
      'PerformanceMode': 'maxIO',
      'CreationToken': 't',
      'ItemsToRestore': '["/a","/b/c"]',
      'aws:backup:request-id': 'r',
    }, 'EFS')).toEqual([]);
  });

  test('file-system-id is required only to restore into an existing file system ("not required when a new file system is restored")', () => {
    expect(findings({ newFileSystem: 'true' }, 'EFS')).toEqual([]);
    expect(errors({ newFileSystem: 'false' }, 'EFS')[0].message).toMatch(/'file-system-id' is missing, and 'newFileSystem' is not 'true'.*Fix: set file-system-id/);
    expect(ids(errors({}, 'EFS'))).toEqual(['efs-file-system-id-required']);
  });

  test.each([
    ['false', /'KmsKeyId' \(value: 'arn:aws:kms:us-east-1:123456789012:key\/k'\) is set, but 'Encrypted' \(value: 'false'\) is not 'true'/],
    [undefined, /'KmsKeyId' .* is set, but 'Encrypted' is not set/],
  ])('KmsKeyId requires Encrypted=true (Encrypted %s), naming both keys and the fix', (encrypted, message) => {
    const metadata: Record<string, string> = { ...EFS_OK, KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' };
    if (encrypted !== undefined) metadata.Encrypted = encrypted;
    const result = errors(metadata, 'EFS');
    expect(ids(result)).toEqual(['efs-kms-requires-encryption']);
    expect(result[0].message).toMatch(message);
    expect(result[0].message).toMatch(/Fix: set Encrypted to 'true' \(encrypted: true\) or remove KmsKeyId/);
  });

  test('KmsKeyId with an unresolved Encrypted is left to deploy time', () => {
    expect(errors({ ...EFS_OK, KmsKeyId: 'k', Encrypted: TOKEN }, 'EFS')).toEqual([]);
  });

  test('booleans must be true/false; other case only warns', () => {
    expect(errors({ ...EFS_OK, Encrypted: 'yes' }, 'EFS')[0].message).toMatch(/'Encrypted' \(value: 'yes'\) must be 'true' or 'false'/);
    expect(ids(warnings({ ...EFS_OK, Encrypted: 'True' }, 'EFS'))).toEqual(['boolean-case']);
  });

  test('ItemsToRestore over five items warns (the EFS page says "up to five" and "no item limit when you use CLI")', () => {
    const six = JSON.stringify(['/1', '/2', '/3', '/4', '/5', '/6']);
    expect(errors({ ...EFS_OK, ItemsToRestore: six }, 'EFS')).toEqual([]);
    expect(warnings({ ...EFS_OK, ItemsToRestore: six }, 'EFS')[0].message).toMatch(/'ItemsToRestore' has 6 items.*Fix: restore a parent directory/);
  });

  test('PerformanceMode must be generalPurpose or maxIO', () => {
    expect(errors({ ...EFS_OK, PerformanceMode: 'bursting' }, 'EFS')[0].message).toMatch(/must be one of 'generalPurpose', 'maxIO'/);
    expect(errors({ ...EFS_OK, PerformanceMode: 'MAXIO' }, 'EFS')[0].message).toMatch(/must be spelled 'maxIO'/);
  });

  test.each([
    ['/a,/b', /must be a JSON array.*A comma-joined list is a common mistake/],
    ['[]', /has 0 items; at least 1 required/],
    ['["relative/path"]', /item "relative\/path" is not an absolute path/],
    ['["/data/*.csv"]', /item "\/data\/\*\.csv" contains a wildcard/],
  ])('ItemsToRestore %s is rejected', (value, message) => {
    const result = errors({ ...EFS_OK, ItemsToRestore: value }, 'EFS');
    expect(result).toHaveLength(1);
    expect(result[0].message).toMatch(message);
  });

  test('ItemsToRestore with 5 absolute paths is accepted', () => {
    expect(findings({ ...EFS_OK, ItemsToRestore: JSON.stringify(['/1', '/2', '/3', '/4', '/5']) }, 'EFS')).toEqual([]);
  });

  test('One Zone rules are warnings (inferred)', () => {
    expect(ids(warnings({ ...EFS_OK, singleAzFilesystem: 'true' }, 'EFS'))).toEqual(['efs-single-az-needs-az']);
    expect(ids(warnings({ ...EFS_OK, singleAzFilesystem: 'true', availabilityZoneName: 'us-east-1a', PerformanceMode: 'maxIO' }, 'EFS')))
      .toEqual(['efs-single-az-performance-mode']);
    expect(ids(warnings({ ...EFS_OK, availabilityZoneName: 'us-east-1a' }, 'EFS'))).toEqual(['efs-az-without-single-az']);
    expect(findings({ ...EFS_OK, singleAzFilesystem: 'true', availabilityZoneName: 'us-east-1a' }, 'EFS')).toEqual([]);
  });

  test('an unknown key warns with the known keys; a differently-cased key is an error naming the documented spelling', () => {
    const unknown = warnings({ ...EFS_OK, PerfMode: 'maxIO' }, 'EFS');
    expect(ids(unknown)).toEqual(['unknown-key']);
    expect(unknown[0].message).toMatch(/'PerfMode' is not a key AWS documents for EFS.*did you mean .*'PerformanceMode'/);
    expect(errors({ ...EFS_OK, encrypted: 'true' }, 'EFS')[0].message).toMatch(/'encrypted' differs from the documented key 'Encrypted' only in letter case.*did you mean 'Encrypted'/);
  });

  test('never shows more than a short prefix of a long value', () => {
    const message = errors({ ...EFS_OK, PerformanceMode: 'p'.repeat(500) }, 'EFS')[0].message;
    expect(message).toContain('…(500 chars)');
    expect(message.length).toBeLessThan(400);
  });
});

describe('near-miss keys (AWS Backup ignores keys it does not know)', () => {
  test('Damerau–Levenshtein: a swap of neighbours is one edit', () => {
    expect(editDistance('targettabelname', 'targettablename')).toBe(1);
    expect(editDistance('restoretime', 'restoretotime')).toBe(2);
    expect(editDistance('port', 'ports')).toBe(1);
  });

  test('a key one small edit from a known key is an error naming it', () => {
    const result = errors({ targetTabelName: 'orders-dr' }, 'DynamoDB');
    expect(ids(result)).toEqual(['missing-required-key', 'near-miss-key']);
    expect(result[1].message).toMatch(/'targetTabelName' is not a key AWS documents for DynamoDB restores.*Fix: did you mean 'targetTableName'\?/);
    expect(ids(errors({ ...EFS_OK, newFileSytem: 'true' }, 'EFS'))).toEqual(['near-miss-key']);
  });

  test('also in open key sets (RDS takes any RestoreDBInstanceFromDBSnapshot parameter, but not a typo)', () => {
    expect(ids(errors({ DBInstanceIdentifer: 'orders-dr' }, 'RDS'))).toEqual(['near-miss-key']);
    // A real parameter far from every known key stays silent in an open set.
    expect(findings({ DBInstanceIdentifier: 'orders-dr', LicenseModel: 'license-included' }, 'RDS')).toEqual([]);
  });

  test("a cluster's RestoreTime is a near miss of restoreToTime (restoring-aur.html)", () => {
    const aurora = { DBClusterIdentifier: 'orders', Engine: 'aurora-mysql' };
    const result = errors({ ...aurora, RestoreTime: '2024-01-15T10:30:00Z' }, 'Aurora');
    expect(result.map(f => f.message).join('\n')).toMatch(/'RestoreTime'.*Fix: did you mean 'restoreToTime'\?/);
  });

  test('short keys allow one edit, long keys two; a case-only difference is an error (EFS does not state case-insensitive keys)', () => {
    expect(nearMisses('Prot', ['Port'])).toEqual(['Port']);
    expect(nearMisses('Pt', ['Port'])).toEqual([]);
    expect(nearMisses('Iop', ['Iops', 'Port'])).toEqual(['Iops']);
    expect(nearMisses('newFilesystem', ['newFileSystem'])).toEqual([]);
    expect(ids(findings({ ...EFS_OK, performancemode: 'maxIO' }, 'EFS'))).toEqual(['key-case']);
  });

  test("'newFilesystem' set in the stack is an error with 'did you mean' (a dropped newFileSystem restores in place)", () => {
    const result = validateRestoreInput({ metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFilesystem': 'true' }, resourceType: 'EFS' });
    expect(result.filter(f => f.severity === 'error').map(f => f.message).join('\n')).toMatch(/'newFilesystem'.*did you mean 'newFileSystem'\?/);
  });

  test('a case-only difference stays a warning where AWS reads keys case-insensitively (DynamoDB), or when AWS recorded the key itself', () => {
    expect(ids(findings({ targetTableName: 'orders-dr', deletionprotection: 'true' }, 'DynamoDB'))).toEqual(['key-spelling']);
    const recorded = validateRestoreInput(
      { metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newfilesystem': 'false' }, resourceType: 'EFS' },
      { source: () => 'recorded in the backup', redactValues: true });
    expect(recorded.map(f => [f.id.split(':')[1], f.severity])).toEqual([['key-spelling', 'warning']]);
  });

  test('the rule runs on overrides too (same module at deploy time)', () => {
    expect(ids(validateRestoreInput({ metadata: { targetTabelName: 'x-dr' }, resourceType: 'DynamoDB' }, { partial: true, redactValues: true })))
      .toEqual(['near-miss-key']);
  });
});

describe('informationOnlyKeys (recorded metadata StartRestoreJob does not take back)', () => {
  test('RDS: the page\'s information-only attributes, DBSnapshotIdentifier, InformationalOnly:* and the request id', () => {
    const recorded = {
      'DBInstanceIdentifier': 'orders',
      'EngineVersion': '16.3',
      'KmsKeyId': 'k',
      'Encrypted': 'true',
      'vpcId': 'vpc-1',
      'DBSnapshotIdentifier': 'awsbackup:job-1',
      'InformationalOnly:Engine': 'postgres',
      'aws:backup:request-id': 'r',
    };
    expect(informationOnlyKeys('RDS', recorded).sort()).toEqual(
      ['DBSnapshotIdentifier', 'Encrypted', 'EngineVersion', 'InformationalOnly:Engine', 'KmsKeyId', 'aws:backup:request-id', 'vpcId'].sort());
  });

  test('EC2: vpcId (as AWS records it, VpcId); the request id stays (the EC2 page lists it)', () => {
    expect(informationOnlyKeys('EC2', { 'VpcId': 'vpc-1', 'SubnetId': 's', 'aws:backup:request-id': 'r' })).toEqual(['VpcId']);
  });

  test('a type without rules, or metadata without such keys, gives none', () => {
    expect(informationOnlyKeys('Storage Gateway', { a: 'b' })).toEqual([]);
    expect(informationOnlyKeys('DynamoDB', { 'targetTableName': 't', 'aws:backup:request-id': 'r' })).toEqual([]);
  });
});

describe('recovery point ARN shapes', () => {
  test.each([
    [EBS_ARN, ['EBS', 'Storage Gateway'], true],
    ['arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0', ['EC2'], true],
    ['arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1111', ['RDS'], true],
    ['arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-1111', ['Aurora', 'DocumentDB', 'Neptune'], false],
    ['arn:aws:redshift:us-east-1:123456789012:snapshot:prod/awsbackup:job-1111', ['Redshift'], true],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/Orders/backup/01234567890123-abcdefgh', ['DynamoDB'], true],
    ['arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:db-ABCDEFG-1234', ['RDS'], true],
    ['arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0', ['FSx'], false],
    [BACKUP_ARN, undefined, true],
  ])('%s', (arn, types, stated) => {
    const info = analyseRecoveryPointArn(arn);
    expect(info.isArn).toBe(true);
    expect(info.resourceTypes).toEqual(types);
    expect(info.stated).toBe(stated);
  });

  test('continuous recovery points are recognised', () => {
    expect(analyseRecoveryPointArn('arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:s3-x').continuous).toBe(true);
    expect(analyseRecoveryPointArn(BACKUP_ARN).continuous).toBe(false);
  });

  test('an unknown service is an ARN of unknown shape (a warning when validated)', () => {
    for (const odd of ['arn:aws:s3:::my-bucket', 'arn:aws:lambda:us-east-1:123456789012:function:f']) {
      const info = analyseRecoveryPointArn(odd);
      expect(info.isArn).toBe(true);
      expect(info.resourceTypes).toBeUndefined();
      expect(ids(warnings({}, undefined, odd))).toEqual(['recovery-point-arn-shape']);
    }
  });
});

describe('partial metadata (overrides on top of the recorded metadata)', () => {
  const partial = (metadata: Record<string, string>, resourceType: string) =>
    validateRestoreInput({ metadata, resourceType, recoveryPointArn: BACKUP_ARN }, { partial: true });

  test('required keys and cross-key rules wait for the merged map', () => {
    // file-system-id is missing and Encrypted is not set: both may come from the recorded metadata.
    expect(partial({ KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' }, 'EFS')).toEqual([]);
  });

  test('value formats are still checked', () => {
    expect(ids(partial({ ItemsToRestore: '/a,/b' }, 'EFS'))).toEqual(['json-array']);
  });

  test('the source of a value appears in the message', () => {
    const [finding] = validateRestoreInput(
      { metadata: { 'file-system-id': 'fs-1', 'PerformanceMode': 'turbo' }, resourceType: 'EFS', recoveryPointArn: BACKUP_ARN },
      { source: key => (key === 'PerformanceMode' ? 'recorded in the backup' : 'set in the stack') });
    expect(finding.message).toContain("'PerformanceMode' (value: 'turbo', recorded in the backup) must be one of");
  });
});
