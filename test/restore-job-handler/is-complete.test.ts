import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, CREATED_ARN, properties, RECOVERY_POINT_ARN, request } from './fixtures';
import type { RestoreJobAttributes } from '../../src/restore-job-handler/contract';
import { decodePhysicalId } from '../../src/restore-job-handler/physical-id';
import { handler } from '../../src/restore-job-handler/restore-is-complete.lambda';

const backup = mockClient(BackupClient);
const NOW = new Date('2026-11-25T12:00:00Z');
let logged: string[];

beforeEach(() => {
  backup.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); });
  jest.spyOn(Math, 'random').mockReturnValue(0);
  jest.spyOn(Date, 'now').mockReturnValue(NOW.getTime());
});
afterEach(() => jest.restoreAllMocks());

function minutesAgo(minutes: number): Date {
  return new Date(NOW.getTime() - minutes * 60_000);
}

test('COMPLETED: completes with the job id, the created resource and the job details as attributes', async () => {
  backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'restore-job-1' }).resolves({
    RestoreJobId: 'restore-job-1',
    Status: 'COMPLETED',
    CreatedResourceArn: CREATED_ARN,
    RecoveryPointArn: RECOVERY_POINT_ARN,
    ResourceType: 'EFS',
    CreationDate: minutesAgo(10),
    CompletionDate: minutesAgo(1),
  });
  const response = await handler(request('Create', { PhysicalResourceId: 'restore-job-1' }));
  expect(response).toEqual({
    IsComplete: true,
    PhysicalResourceId: expect.stringMatching(/^restore-job-1\|r1\|/),
    Data: {
      RestoreJobId: 'restore-job-1',
      CreatedResourceArn: CREATED_ARN,
      RecoveryPointArn: RECOVERY_POINT_ARN,
      Status: 'COMPLETED',
      ResourceType: 'EFS',
      CreationDate: '2026-11-25T11:50:00.000Z',
      CompletionDate: '2026-11-25T11:59:00.000Z',
    },
  });
  // The physical id records every attribute, so a later update or rollback answers them without AWS (the recovery
  // point the properties name is read back from them).
  const { RestoreJobId, RecoveryPointArn, ...stored } = response.Data as RestoreJobAttributes;
  expect(RecoveryPointArn).toBe(RECOVERY_POINT_ARN);
  expect(decodePhysicalId(response.PhysicalResourceId!).cur).toEqual({ id: RestoreJobId, attributes: stored });
});

test.each(['PENDING', 'RUNNING'] as const)('%s: not complete yet, and logs progress without metadata values', async status => {
  backup.on(DescribeRestoreJobCommand).resolves({
    RestoreJobId: 'restore-job-1', Status: status, PercentDone: '42.5', ExpectedCompletionTimeMinutes: 12, CreationDate: minutesAgo(5),
  });
  const response = await handler(request('Create', { PhysicalResourceId: 'restore-job-1' }));
  expect(response).toEqual({ IsComplete: false });
  const line = logged.find(l => l.includes('in progress'));
  expect(JSON.parse(line!)).toMatchObject({ restoreJobId: 'restore-job-1', status, percentDone: '42.5', expectedCompletionTimeMinutes: 12, elapsedSeconds: 300 });
  expect(logged.join('\n')).not.toContain('secret-key-id');
});

test.each(['FAILED', 'ABORTED'] as const)("%s: fails the deploy with AWS's status message and the job id", async status => {
  backup.on(DescribeRestoreJobCommand).resolves({
    RestoreJobId: 'restore-job-1', Status: status, StatusMessage: 'Access denied to KMS key', CreationDate: minutesAgo(5),
  });
  await expect(handler(request('Create', { PhysicalResourceId: 'restore-job-1' })))
    .rejects.toThrow(`Restore job restore-job-1 ${status}: Access denied to KMS key`);
});

test('FAILED without a status message still says so', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'restore-job-1', Status: 'FAILED' });
  await expect(handler(request('Create', { PhysicalResourceId: 'restore-job-1' }))).rejects.toThrow(/FAILED: \(AWS Backup gave no status message\)/);
});

test('past the timeout: fails with a message that says what to do', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'restore-job-1', Status: 'RUNNING', PercentDone: '80', CreationDate: minutesAgo(11) });
  const event = request('Create', { PhysicalResourceId: 'restore-job-1', ResourceProperties: { ...properties({ TimeoutSeconds: '600' }) } });
  await expect(handler(event)).rejects.toThrow(/Restore job restore-job-1 is still RUNNING \(80% done\) after 660 s, past this RestoreJob's timeout of 600 s\..*Fix: raise `timeout` \(at most 24 hours; past 55 minutes the RestoreJob waits in a chain of wait resources\).*waitForCompletion: false/s);
});

test('just before the timeout: keeps waiting', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'restore-job-1', Status: 'RUNNING', CreationDate: minutesAgo(9) });
  const event = request('Create', { PhysicalResourceId: 'restore-job-1', ResourceProperties: { ...properties({ TimeoutSeconds: '600' }) } });
  await expect(handler(event)).resolves.toEqual({ IsComplete: false });
});

test.each([
  ['PENDING', {}],
  ['RUNNING', { PercentDone: '40' }],
  ['COMPLETED', { CreatedResourceArn: CREATED_ARN, CompletionDate: minutesAgo(0) }],
] as const)('waitForCompletion false: completes at once with the same attributes whatever the status (%s)', async (status, extra) => {
  backup.on(DescribeRestoreJobCommand).resolves({
    RestoreJobId: 'restore-job-1', Status: status, RecoveryPointArn: RECOVERY_POINT_ARN, ResourceType: 'EFS', CreationDate: minutesAgo(1), ...extra,
  });
  const event = request('Create', { PhysicalResourceId: 'restore-job-1', ResourceProperties: { ...properties({ WaitForCompletion: 'false' }) } });
  // A retried or duplicated request reads the job at another moment: it must answer exactly the same.
  expect(await handler(event)).toEqual({
    IsComplete: true,
    PhysicalResourceId: expect.stringMatching(/^restore-job-1\|r1\|/),
    Data: { RestoreJobId: 'restore-job-1', RecoveryPointArn: RECOVERY_POINT_ARN, ResourceType: 'EFS', CreationDate: '2026-11-25T11:59:00.000Z' },
  });
});

test('waitForCompletion false still fails when the job this request started has already failed', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'restore-job-1', Status: 'FAILED', StatusMessage: 'Invalid metadata' });
  const event = request('Create', { PhysicalResourceId: 'restore-job-1', ResourceProperties: { ...properties({ WaitForCompletion: 'false' }) } });
  await expect(handler(event)).rejects.toThrow(/FAILED: Invalid metadata/);
});

test('Update: watches the job named by the physical id', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'job-new', Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN });
  const response = await handler(request('Update', { PhysicalResourceId: 'job-new' }));
  expect(response.IsComplete).toBe(true);
  expect(backup).toHaveReceivedCommandWith(DescribeRestoreJobCommand, { RestoreJobId: 'job-new' });
});

test('Delete: complete at once, without calling AWS', async () => {
  await expect(handler(request('Delete'))).resolves.toEqual({ IsComplete: true });
  expect(backup.calls()).toHaveLength(0);
});

test('retries throttling and ServiceUnavailable on DescribeRestoreJob', async () => {
  backup.on(DescribeRestoreJobCommand)
    .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
    .rejectsOnce(awsError('ServiceUnavailableException', 'unavailable', 503))
    .resolves({ RestoreJobId: 'restore-job-1', Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN });
  const response = await handler(request('Create', { PhysicalResourceId: 'restore-job-1' }));
  expect(response.Data!.CreatedResourceArn).toBe(CREATED_ARN);
  expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 3);
});

test('other DescribeRestoreJob errors fail with their own message', async () => {
  backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'Restore job not found'));
  await expect(handler(request('Create', { PhysicalResourceId: 'restore-job-1' })))
    .rejects.toThrow('DescribeRestoreJob failed for restore job restore-job-1: ResourceNotFoundException: Restore job not found');
  expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 1);
});
