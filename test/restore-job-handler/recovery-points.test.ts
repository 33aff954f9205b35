import {
  BackupClient, GetRecoveryPointRestoreMetadataCommand, ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault, StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, properties, request } from './fixtures';
import { effectiveCreatedAfter, mergeMetadata, selectLatest } from '../../src/restore-job-handler/recovery-points';
import { handler } from '../../src/restore-job-handler/restore-on-event.lambda';

const backup = mockClient(BackupClient);
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';

function point(id: string, created: string, extra: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return {
    RecoveryPointArn: `arn:aws:backup:us-east-1:111111111111:recovery-point:${id}`,
    CreationDate: new Date(created),
    Status: 'COMPLETED',
    ResourceArn: TABLE_ARN,
    ResourceType: 'DynamoDB',
    ...extra,
  };
}

describe('selectLatest', () => {
  test('picks the newest COMPLETED point whatever the listing order', () => {
    const points = [point('b', '2026-11-02T00:00:00Z'), point('c', '2026-11-03T00:00:00Z'), point('a', '2026-11-01T00:00:00Z')];
    expect(selectLatest(points, {}).chosen?.RecoveryPointArn).toMatch(/:c$/);
    expect(selectLatest([...points].reverse(), {}).chosen?.RecoveryPointArn).toMatch(/:c$/);
  });

  test('a tie on creation date goes to the greatest ARN, in any order', () => {
    const points = [point('x1', '2026-11-03T00:00:00Z'), point('x2', '2026-11-03T00:00:00Z')];
    expect(selectLatest(points, {}).chosen?.RecoveryPointArn).toMatch(/:x2$/);
    expect(selectLatest([...points].reverse(), {}).chosen?.RecoveryPointArn).toMatch(/:x2$/);
  });

  test.each(['PARTIAL', 'EXPIRED', 'DELETING', 'STOPPED', 'CREATING'] as const)('skips %s points, even when newer', status => {
    const points = [point('old', '2026-11-01T00:00:00Z'), point('new', '2026-11-05T00:00:00Z', { Status: status })];
    const { chosen, stats } = selectLatest(points, {});
    expect(chosen?.RecoveryPointArn).toMatch(/:old$/);
    expect(stats.notCompleted).toBe(1);
  });

  // AWS Backup API reference, RecoveryPointByBackupVault.Status: AVAILABLE "indicates that the backup was
  // successfully created … and is ready for use".
  test('restores an AVAILABLE point like a COMPLETED one: the newest of either wins', () => {
    const points = [point('completed', '2026-11-01T00:00:00Z'), point('available', '2026-11-05T00:00:00Z', { Status: 'AVAILABLE' })];
    expect(selectLatest(points, {}).chosen?.RecoveryPointArn).toMatch(/:available$/);
    expect(selectLatest([...points].reverse(), {}).stats.notCompleted).toBe(0);
  });

  test('skips composite parents', () => {
    const points = [point('child', '2026-11-01T00:00:00Z'), point('parent', '2026-11-05T00:00:00Z', { IsParent: true })];
    expect(selectLatest(points, {}).chosen?.RecoveryPointArn).toMatch(/:child$/);
  });

  test('applies createdAfter, resource and type filters itself too', () => {
    const points = [
      point('old', '2026-11-01T00:00:00Z'),
      point('other-table', '2026-11-04T00:00:00Z', { ResourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/Other' }),
      point('other-type', '2026-11-04T00:00:00Z', { ResourceType: 'EFS' }),
    ];
    const result = selectLatest(points, { createdAfter: new Date('2026-11-02T00:00:00Z'), resourceArn: TABLE_ARN, resourceType: 'DynamoDB' });
    expect(result.chosen).toBeUndefined();
    expect(result.stats.tooOld).toBe(1);
  });

  test('effectiveCreatedAfter takes the later of createdAfter and now - maxAge', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(effectiveCreatedAfter({ maxAgeSeconds: 86400 }, now)?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(effectiveCreatedAfter({ maxAgeSeconds: 86400, createdAfter: new Date('2026-11-24T12:00:00Z') }, now)?.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(effectiveCreatedAfter({ maxAgeSeconds: 86400, createdAfter: new Date('2026-11-01T00:00:00Z') }, now)?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(effectiveCreatedAfter({}, now)).toBeUndefined();
  });
});

describe('mergeMetadata', () => {
  test('overrides replace recorded keys case-insensitively and every key says where it came from', () => {
    const { metadata, sources } = mergeMetadata(
      { targetTableName: 'Orders', encryptionType: 'Default', deletionProtection: 'true' },
      { TargetTableName: 'Orders-dr', kmsMasterKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/k' },
    );
    expect(metadata).toEqual({ encryptionType: 'Default', deletionProtection: 'true', TargetTableName: 'Orders-dr', kmsMasterKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/k' });
    expect(sources).toEqual({ encryptionType: 'recorded in the backup', deletionProtection: 'recorded in the backup', TargetTableName: 'set in the stack', kmsMasterKeyArn: 'set in the stack' });
  });
});

describe('onEvent with a recovery point chosen at deploy time', () => {
  beforeEach(() => {
    backup.reset();
    // The fixtures' points are dated: pin "now" so max-age filters do not depend on the day the tests run.
    jest.spyOn(Date, 'now').mockReturnValue(new Date('2026-11-25T12:00:00Z').getTime());
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(() => jest.restoreAllMocks());

  function latestProps(extra: Record<string, unknown> = {}) {
    const props: Record<string, unknown> = {
      ...properties({ Metadata: { targetTableName: 'Orders-dr' }, ResourceType: 'DynamoDB' }),
      BackupVaultName: 'prod-copies',
      BackupVaultAccountId: '111111111111',
      LatestRecoveryPoint: { ByResourceArn: TABLE_ARN, ByResourceType: 'DynamoDB', MaxAgeSeconds: '604800' },
      ...extra,
    };
    delete props.RecoveryPointArn;
    return props;
  }

  test('lists every page and restores the newest point across pages', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand)
      .resolvesOnce({ RecoveryPoints: [point('p1', '2026-11-20T00:00:00Z')], NextToken: 'page-2' })
      .resolvesOnce({ RecoveryPoints: [point('p2', '2026-11-24T00:00:00Z'), point('p0', '2026-11-19T00:00:00Z')] });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-latest' });

    const response = await handler(request('Create', { ResourceProperties: latestProps() }));

    expect(response.PhysicalResourceId).toMatch(/^job-latest\|/);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 2);
    const [first, second] = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand).map(c => c.args[0].input);
    expect(first).toMatchObject({
      BackupVaultName: 'prod-copies', BackupVaultAccountId: '111111111111', ByResourceArn: TABLE_ARN, ByResourceType: 'DynamoDB', MaxResults: 1000,
    });
    expect(first.NextToken).toBeUndefined();
    expect(second).toMatchObject({ BackupVaultName: 'prod-copies', NextToken: 'page-2' });
    const since = first.ByCreatedAfter!;
    expect(Math.abs(Date.now() - 604800_000 - since.getTime())).toBeLessThan(60_000);
    expect(backup).toHaveReceivedCommandWith(StartRestoreJobCommand, {
      RecoveryPointArn: 'arn:aws:backup:us-east-1:111111111111:recovery-point:p2', Metadata: { targetTableName: 'Orders-dr' }, ResourceType: 'DynamoDB',
    });
  });

  test('no match fails the deploy with a message that lists the filters', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('p', '2026-11-20T00:00:00Z', { Status: 'PARTIAL' })] });
    await expect(handler(request('Create', { ResourceProperties: latestProps() }))).rejects.toThrow(
      new RegExp("No recovery point matches: backup vault 'prod-copies' of account 111111111111; resource " + TABLE_ARN.replace(/[/.]/g, '\\$&') +
        '; resource type DynamoDB; created after .* \\(max age 604800 s\\); status COMPLETED or AVAILABLE, not a composite parent\\. The vault listed 1 .*\\(1 neither COMPLETED nor AVAILABLE'));
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('a listing error fails with its own message', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(awsError('ResourceNotFoundException', 'Backup vault prod-copies not found'));
    await expect(handler(request('Create', { ResourceProperties: latestProps() })))
      .rejects.toThrow("ListRecoveryPointsByBackupVault failed for backup vault 'prod-copies': ResourceNotFoundException: Backup vault prod-copies not found");
  });

  test('starts from the recorded metadata with the stack overrides on top', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('p2', '2026-11-24T00:00:00Z')] });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
      ResourceType: 'DynamoDB',
      RestoreMetadata: { targetTableName: 'Orders', encryptionType: 'Default', deletionProtection: 'true' },
    });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-merged' });

    await handler(request('Create', { ResourceProperties: latestProps({ UseRecordedMetadata: 'true' }) }));

    expect(backup).toHaveReceivedCommandWith(GetRecoveryPointRestoreMetadataCommand, {
      BackupVaultName: 'prod-copies', BackupVaultAccountId: '111111111111', RecoveryPointArn: 'arn:aws:backup:us-east-1:111111111111:recovery-point:p2',
    });
    expect(backup).toHaveReceivedCommandWith(StartRestoreJobCommand, {
      Metadata: { targetTableName: 'Orders-dr', encryptionType: 'Default', deletionProtection: 'true' },
    });
  });

  test('the merged metadata is validated, naming the key and where its value came from', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).resolves({ RecoveryPoints: [point('p2', '2026-11-24T00:00:00Z')] });
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({
      ResourceType: 'DynamoDB', RestoreMetadata: { targetTableName: 'Orders', encryptionType: 'Default' },
    });
    const props = latestProps({ UseRecordedMetadata: 'true', Metadata: { kmsMasterKeyArn: 'arn:aws:kms:us-east-1:222222222222:key/k' } });
    await expect(handler(request('Create', { ResourceProperties: props }))).rejects.toThrow(/encryptionType.*recorded in the backup/s);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('recorded metadata also works with a recovery point given by ARN and its vault', async () => {
    backup.on(GetRecoveryPointRestoreMetadataCommand).resolves({ ResourceType: 'EFS', RestoreMetadata: { 'file-system-id': 'fs-1', 'Encrypted': 'true' } });
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-arn' });
    const props = { ...properties({ Metadata: { newFileSystem: 'true' } }), BackupVaultName: 'prod', UseRecordedMetadata: 'true' };
    delete (props as Record<string, unknown>).ResourceType;
    await handler(request('Create', { ResourceProperties: props }));
    expect(backup).toHaveReceivedCommandWith(StartRestoreJobCommand, {
      ResourceType: 'EFS', Metadata: { 'file-system-id': 'fs-1', 'Encrypted': 'true', 'newFileSystem': 'true' },
    });
  });

  test('properties that cannot work together are rejected before any call', async () => {
    await expect(handler(request('Create', { ResourceProperties: { ...latestProps(), BackupVaultName: undefined } })))
      .rejects.toThrow('Property BackupVaultName is required with LatestRecoveryPoint or UseRecordedMetadata.');
    await expect(handler(request('Create', { ResourceProperties: { ...latestProps(), RecoveryPointArn: 'arn:aws:backup:us-east-1:1:recovery-point:x' } })))
      .rejects.toThrow(/exclude each other/);
    expect(backup.calls()).toHaveLength(0);
  });
});
