import { randomBytes } from 'crypto';
import { BackupClient, ListRecoveryPointsByBackupVaultCommand, RecoveryPointByBackupVault } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, request } from './fixtures';
import type { RecoveryPointSetResourceProperties } from '../../src/restore-job-handler/contract';
import {
  decodeSetPhysicalId, encodeSetPhysicalId, RecordedChoice, setInputDigest,
} from '../../src/restore-job-handler/recovery-point-set';
import type { CustomResourceRequest } from '../../src/restore-job-handler/request';
import { handler as isComplete } from '../../src/restore-job-handler/restore-is-complete.lambda';
import { handler as onEvent } from '../../src/restore-job-handler/restore-on-event.lambda';

const backup = mockClient(BackupClient);
const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
const FILES = 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const rpArn = (id: string) => `arn:aws:backup:us-east-1:111111111111:recovery-point:${id}`;

function point(resourceArn: string, id: string, hoursAgo: number, extra: Partial<RecoveryPointByBackupVault> = {}): RecoveryPointByBackupVault {
  return { RecoveryPointArn: rpArn(id), ResourceArn: resourceArn, CreationDate: new Date(NOW - hoursAgo * HOUR), Status: 'COMPLETED', ...extra };
}

function props(overrides: Partial<RecoveryPointSetResourceProperties> = {}): Record<string, unknown> {
  return {
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
    BackupVaultName: 'prod-copies',
    ResourceArns: [TABLE, FILES],
    MaxSkewSeconds: '3600',
    ...overrides,
  };
}

function setRequest(type: 'Create' | 'Update' | 'Delete', extra: Partial<CustomResourceRequest> = {}): CustomResourceRequest {
  return request(type, { ResourceType: 'Custom::BackupRecoveryPointSet', LogicalResourceId: 'DrSet1A2B3C4D', ResourceProperties: props(), ...extra });
}

/** The vault: points by resource (ByResourceArn filters, as AWS does). */
function vault(points: RecoveryPointByBackupVault[]): void {
  backup.on(ListRecoveryPointsByBackupVaultCommand).callsFake(input => ({
    RecoveryPoints: points.filter(p => p.ResourceArn === input.ByResourceArn),
  }));
}

let logged: string[];
beforeEach(() => {
  backup.reset();
  logged = [];
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); });
  jest.spyOn(Math, 'random').mockReturnValue(0); // no backoff delay
});
afterEach(() => jest.restoreAllMocks());

async function createSet(points: RecoveryPointByBackupVault[], resourceProperties = props()) {
  vault(points);
  const created = await onEvent(setRequest('Create', { ResourceProperties: resourceProperties }));
  const answer = await isComplete({ ...setRequest('Create', { ResourceProperties: resourceProperties }), PhysicalResourceId: created.PhysicalResourceId });
  return { physicalId: created.PhysicalResourceId, answer };
}

describe('Create', () => {
  test('lists each resource of the vault and answers one point per resource from the same moment, with the spread', async () => {
    // GIVEN the table's newest backup (1 h ago) has no file system backup within an hour; 5 h ago both were backed up
    const { physicalId, answer } = await createSet([
      point(TABLE, 't-1h', 1), point(TABLE, 't-5h', 5), point(FILES, 'f-5h30', 5.5), point(FILES, 'f-30h', 30),
    ]);
    // THEN
    expect(physicalId).toMatch(/^rpset-[0-9a-f]{16}\|s1\|/);
    expect(answer).toEqual({
      IsComplete: true,
      Data: {
        RecoveryPointArn0: rpArn('t-5h'),
        RecoveryPointArn1: rpArn('f-5h30'),
        SpreadSeconds: '1800',
        OldestCreationDate: new Date(NOW - 5.5 * HOUR).toISOString(),
        NewestCreationDate: new Date(NOW - 5 * HOUR).toISOString(),
      },
    });
    const calls = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand).map(c => c.args[0].input);
    expect(calls).toEqual([
      { BackupVaultName: 'prod-copies', ByResourceArn: TABLE, MaxResults: 1000 },
      { BackupVaultName: 'prod-copies', ByResourceArn: FILES, MaxResults: 1000 },
    ]);
    expect(logged.some(l => l.includes('recovery point set chosen') && l.includes('"spreadSeconds":1800'))).toBe(true);
  });

  test('reads every page of a resource: the newest point may be on the last one', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand, { ByResourceArn: TABLE })
      .resolvesOnce({ RecoveryPoints: [point(TABLE, 't-30h', 30)], NextToken: 'page-2' })
      .resolvesOnce({ RecoveryPoints: [point(TABLE, 't-2h', 2)], NextToken: 'page-3' })
      .resolvesOnce({ RecoveryPoints: [] });
    backup.on(ListRecoveryPointsByBackupVaultCommand, { ByResourceArn: FILES }).resolves({ RecoveryPoints: [point(FILES, 'f-2h', 2.5), point(FILES, 'f-30h', 30)] });

    const created = await onEvent(setRequest('Create'));

    expect(decodeSetPhysicalId(created.PhysicalResourceId)?.cur.recoveryPointArns).toEqual([rpArn('t-2h'), rpArn('f-2h')]);
    const tokens = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand, { ByResourceArn: TABLE }).map(c => c.args[0].input.NextToken);
    expect(tokens).toEqual([undefined, 'page-2', 'page-3']);
  });

  test('maxAge and createdAfter reach the service as ByCreatedAfter (the later of the two), with the vault account', async () => {
    vault([point(TABLE, 't', 1), point(FILES, 'f', 1)]);
    await onEvent(setRequest('Create', {
      ResourceProperties: props({ MaxAgeSeconds: '86400', CreatedAfter: '2026-11-01T00:00:00.000Z', BackupVaultAccountId: '222222222222' }),
    }));
    const input = backup.commandCalls(ListRecoveryPointsByBackupVaultCommand)[0].args[0].input;
    expect(input).toMatchObject({ BackupVaultAccountId: '222222222222', ByCreatedAfter: new Date(NOW - 24 * HOUR) });
  });

  test('a throttled listing is retried', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand)
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .callsFake(input => ({ RecoveryPoints: [point(input.ByResourceArn, `p-${input.ByResourceArn.slice(-4)}`, 1)] }));
    const created = await onEvent(setRequest('Create'));
    expect(decodeSetPhysicalId(created.PhysicalResourceId)?.cur.recoveryPointArns).toHaveLength(2);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 3);
  });

  test('a failing listing fails the deploy naming the vault, the resource and AWS\'s error', async () => {
    backup.on(ListRecoveryPointsByBackupVaultCommand).rejects(awsError('ResourceNotFoundException', 'Backup vault prod-copies was not found.'));
    await expect(onEvent(setRequest('Create'))).rejects.toThrow(
      `ListRecoveryPointsByBackupVault failed for backup vault 'prod-copies' and resource ${TABLE}: ResourceNotFoundException: Backup vault prod-copies was not found.`);
  });

  test('no moment fits: the deploy fails naming each resource and its newest usable point, and the fix', async () => {
    vault([point(TABLE, 't-1h', 1), point(TABLE, 't-26h', 26), point(FILES, 'f-12h', 12), point(FILES, 'f-partial', 1, { Status: 'PARTIAL' })]);
    const error = await onEvent(setRequest('Create')).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      "No moment has a usable recovery point of every resource within maxSkew 3600 s (backup vault 'prod-copies'; status COMPLETED or AVAILABLE, not a composite parent). " +
      `Newest usable point of each resource: ${TABLE}: ${rpArn('t-1h')} created ${new Date(NOW - HOUR).toISOString()} | ` +
      `${FILES}: ${rpArn('f-12h')} created ${new Date(NOW - 12 * HOUR).toISOString()}. ` +
      'Fix: back these resources up at the same time (one backup plan rule for all of them), widen maxSkew, or wait for their next backups.');
  });

  test('a resource without any usable point is named with what was skipped', async () => {
    vault([point(TABLE, 't', 1), point(FILES, 'f-parent', 1, { IsParent: true }), point(FILES, 'f-expired', 2, { Status: 'EXPIRED' })]);
    await expect(onEvent(setRequest('Create', { ResourceProperties: props({ MaxAgeSeconds: '7200' }) }))).rejects.toThrow(
      new RegExp(`created after ${new Date(NOW - 2 * HOUR).toISOString().replace(/\./g, '\\.')} \\(max age 7200 s\\)\\)\\. .*` +
        `${FILES.replace(/[/.]/g, '\\$&')}: none \\(listed 2: 1 neither COMPLETED nor AVAILABLE, 1 composite parents, 0 too old\\)`));
  });

  test.each([
    [{ ResourceArns: [] }, 'Property ResourceArns is required and must be a non-empty list of non-empty strings.'],
    [{ ResourceArns: [TABLE, TABLE] }, `Property ResourceArns lists ${TABLE} more than once.`],
    [{ ResourceArns: Array.from({ length: 11 }, (_, i) => `${TABLE}${i}`) }, 'Property ResourceArns lists 11 resources; a set chooses for at most 10.'],
    [{ MaxSkewSeconds: '1.5' }, 'Property MaxSkewSeconds must be a whole number of seconds, at least 0.'],
    [{ MaxAgeSeconds: '0' }, 'Property MaxAgeSeconds must be a whole number of seconds, at least 1.'],
    [{ CreatedAfter: 'yesterday' }, 'Property CreatedAfter must be an ISO-8601 date.'],
    [{ BackupVaultName: '' }, 'Property BackupVaultName is required and must be a non-empty string.'],
    [{ Extra: 'x' } as Partial<RecoveryPointSetResourceProperties>, 'Property Extra is not one this version of cdk-backup-restore renders for Custom::BackupRecoveryPointSet.'],
  ])('a broken template fails before any AWS call: %j', async (overrides, message) => {
    await expect(onEvent(setRequest('Create', { ResourceProperties: props(overrides) }))).rejects.toThrow(message);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 0);
  });
});

describe('Update and rollback', () => {
  test('unchanged choice input: the same physical id and the same points, without asking AWS, though newer backups exist', async () => {
    // GIVEN a set chosen yesterday
    const { physicalId, answer } = await createSet([point(TABLE, 't-old', 5), point(FILES, 'f-old', 5)]);
    backup.reset();
    vault([point(TABLE, 't-new', 0.1), point(FILES, 'f-new', 0.1), point(TABLE, 't-old', 5), point(FILES, 'f-old', 5)]);
    // WHEN the stack is updated with the same properties (a new library version adds ServiceTimeout, say)
    const update = setRequest('Update', {
      PhysicalResourceId: physicalId, ResourceProperties: { ...props(), ServiceTimeout: '3600' }, OldResourceProperties: props(),
    });
    const updated = await onEvent(update);
    const updatedAnswer = await isComplete({ ...update, PhysicalResourceId: updated.PhysicalResourceId });
    // THEN
    expect(updated.PhysicalResourceId).toBe(physicalId);
    expect(updatedAnswer).toEqual(answer);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 0);
  });

  test('changed choice input: chooses again, and a rollback to the old input answers the old choice without AWS', async () => {
    // GIVEN a set chosen with maxSkew 1 h: the pair from 5 hours ago
    const points = [point(TABLE, 't-1h', 1), point(TABLE, 't-5h', 5), point(FILES, 'f-2h30', 2.5), point(FILES, 'f-5h', 5)];
    const created = await createSet(points);
    // WHEN an update widens maxSkew to 2 h
    const wider = props({ MaxSkewSeconds: '7200' });
    const update = setRequest('Update', { PhysicalResourceId: created.physicalId, ResourceProperties: wider, OldResourceProperties: props() });
    const updated = await onEvent(update);
    const updatedAnswer = await isComplete({ ...update, PhysicalResourceId: updated.PhysicalResourceId });
    // THEN a new choice (the points 1.5 h apart), under a new physical id that remembers the old choice
    expect(updated.PhysicalResourceId).not.toBe(created.physicalId);
    expect(updatedAnswer.Data).toMatchObject({ RecoveryPointArn0: rpArn('t-1h'), RecoveryPointArn1: rpArn('f-2h30'), SpreadSeconds: '5400' });
    expect(decodeSetPhysicalId(updated.PhysicalResourceId)?.prev).toEqual(decodeSetPhysicalId(created.physicalId)?.cur);

    // WHEN a later resource fails and CloudFormation rolls the set back: the old properties, the new physical id
    backup.reset();
    const rollback = setRequest('Update', { PhysicalResourceId: updated.PhysicalResourceId, ResourceProperties: props(), OldResourceProperties: wider });
    const rolledBack = await onEvent(rollback);
    const rolledBackAnswer = await isComplete({ ...rollback, PhysicalResourceId: rolledBack.PhysicalResourceId });
    // THEN the first choice's physical id and attributes, and no listing
    expect(rolledBack.PhysicalResourceId).toBe(created.physicalId);
    expect(rolledBackAnswer).toEqual(created.answer);
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 0);
  });

  test('the order of ResourceArns is choice input (attributes are by index); ServiceToken and ServiceTimeout are not', () => {
    expect(setInputDigest(props({ ResourceArns: [FILES, TABLE] }))).not.toBe(setInputDigest(props()));
    expect(setInputDigest({ ...props(), ServiceToken: 'other', ServiceTimeout: '60' })).toBe(setInputDigest(props()));
    expect(setInputDigest(props({ MaxAgeSeconds: undefined }))).toBe(setInputDigest(props()));
  });

  test('a damaged physical id on Update chooses again instead of crashing', async () => {
    vault([point(TABLE, 't', 1), point(FILES, 'f', 1)]);
    const updated = await onEvent(setRequest('Update', { PhysicalResourceId: 'rpset-0|s1|!!!', OldResourceProperties: props() }));
    expect(decodeSetPhysicalId(updated.PhysicalResourceId)?.cur.recoveryPointArns).toEqual([rpArn('t'), rpArn('f')]);
  });

  test('isComplete on a physical id that records no choice fails with the fix', async () => {
    await expect(isComplete({ ...setRequest('Create'), PhysicalResourceId: 'something-else' })).rejects.toThrow(
      /Custom::BackupRecoveryPointSet: the physical id records no choice .* Fix: change a property of the RecoveryPointSet/);
  });
});

describe('Delete', () => {
  test('keeps the physical id and calls nothing', async () => {
    const deleted = await onEvent(setRequest('Delete', { PhysicalResourceId: 'rpset-abc|s1|xyz' }));
    const done = await isComplete({ ...setRequest('Delete', { PhysicalResourceId: 'rpset-abc|s1|xyz' }) });
    expect(deleted).toEqual({ PhysicalResourceId: 'rpset-abc|s1|xyz' });
    expect(done).toEqual({ IsComplete: true });
    expect(backup).toHaveReceivedCommandTimes(ListRecoveryPointsByBackupVaultCommand, 0);
  });
});

describe('physical id', () => {
  const longArn = (i: number, tag: string) =>
    `arn:aws-us-gov:backup:us-gov-west-1:123456789012:recovery-point:${tag}${String(i).padStart(2, '0')}B3B5E7-9EB0-435A-A80B-108B488B0D45`.slice(0, 110);
  const choice = (tag: string, digest: string): RecordedChoice => ({
    digest, recoveryPointArns: Array.from({ length: 10 }, (_, i) => longArn(i, tag)), oldest: NOW - HOUR, newest: NOW,
  });

  test('ten long ARNs, current and previous choice, fit in CloudFormation\'s 1 KB and read back as written', () => {
    const state = { cur: choice('AA', 'digest-cur'), prev: choice('BB', 'digest-prev') };
    const id = encodeSetPhysicalId(state);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(1024);
    expect(decodeSetPhysicalId(id)).toEqual(state);
  });

  test('when the previous choice does not fit, it is left out (with a warning); the current one always stays', () => {
    const huge = (tag: string, digest: string): RecordedChoice => ({
      ...choice(tag, digest), recoveryPointArns: Array.from({ length: 10 }, (_, i) => `${longArn(i, tag)}-${randomBytes(24).toString('hex')}`),
    });
    const state = { cur: huge('AA', 'digest-cur'), prev: huge('BB', 'digest-prev') };
    const id = encodeSetPhysicalId(state);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(1024);
    expect(decodeSetPhysicalId(id)).toEqual({ cur: state.cur });
    expect(logged.some(l => l.includes('a rollback of this update chooses again'))).toBe(true);
  });

  test('a choice too long to record fails with the fix', () => {
    const tooLong = { ...choice('AA', 'd'), recoveryPointArns: Array.from({ length: 10 }, () => randomBytes(80).toString('hex')) };
    expect(() => encodeSetPhysicalId({ cur: tooLong })).toThrow(/too long to record in the physical id .* Fix: split the resources over two RecoveryPointSets/);
  });
});
