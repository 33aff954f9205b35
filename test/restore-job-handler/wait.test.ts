/**
 * Wait links (`Custom::BackupRestoreJobWait`): a chain of custom resources that waits for a restore longer than
 * one custom resource may wait. Driven like the Provider framework drives them: onEvent, then isComplete with
 * onEvent's answer merged into the event.
 */
import { BackupClient, DescribeRestoreJobCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, CREATED_ARN, request } from './fixtures';
import { decodePhysicalId } from '../../src/restore-job-handler/physical-id';
import type { CustomResourceRequest, IsCompleteRequest } from '../../src/restore-job-handler/request';
import { handler as isComplete } from '../../src/restore-job-handler/restore-is-complete.lambda';
import { handler as onEvent } from '../../src/restore-job-handler/restore-on-event.lambda';
import { describeInterval } from '../../src/restore-job-handler/wait';

const backup = mockClient(BackupClient);
let now = new Date('2026-11-25T12:00:00Z').getTime();
const MINUTE = 60_000;

beforeEach(() => {
  backup.reset();
  now = new Date('2026-11-25T12:00:00Z').getTime();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(Math, 'random').mockReturnValue(0);
  jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

function link(segment: number, extra: Record<string, unknown> = {}, jobId = 'J1'): CustomResourceRequest {
  return request('Create', {
    ResourceType: 'Custom::BackupRestoreJobWait',
    LogicalResourceId: `RWait${segment}`,
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', RestoreJobId: jobId, Segment: String(segment), Segments: '3', TimeoutSeconds: '10800', ...extra },
  });
}

async function start(event: CustomResourceRequest): Promise<IsCompleteRequest> {
  return { ...event, ...(await onEvent(event)) } as IsCompleteRequest;
}

const running = (percent: string, createdMinutesAgo: number, expected?: number) => ({
  RestoreJobId: 'J1', Status: 'RUNNING' as const, PercentDone: percent, CreationDate: new Date(now - createdMinutesAgo * MINUTE), ExpectedCompletionTimeMinutes: expected,
});

test('onEvent names the job it waits for and calls no AWS API', async () => {
  const out = await onEvent(link(1));
  expect(decodePhysicalId(out.PhysicalResourceId).cur.id).toBe('J1');
  expect(backup.calls()).toHaveLength(0);
});

test('a COMPLETED job: the link answers the created resource, and records it', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN, CompletionDate: new Date(now), CreationDate: new Date(now - 90 * MINUTE) });
  const out = await isComplete(await start(link(2)));
  expect(out).toMatchObject({ IsComplete: true, Data: { RestoreJobId: 'J1', Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN, CompletionDate: '2026-11-25T12:00:00.000Z' } });
  expect(decodePhysicalId(out.PhysicalResourceId!).cur.attributes).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN });
});

test('the link before saw the job complete: the same answer at once, without AWS', async () => {
  const previous = { Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN, CompletionDate: '2026-11-25T11:00:00.000Z', CreationDate: '2026-11-25T09:00:00.000Z' };
  const out = await isComplete(await start(link(3, { Previous: previous })));
  expect(out).toMatchObject({ IsComplete: true, Data: { RestoreJobId: 'J1', ...previous } });
  expect(backup.calls()).toHaveLength(0);
});

test('a job FAILED at 80 %: the link that sees it fails with AWS\'s message', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'FAILED', PercentDone: '80.00', StatusMessage: 'Insufficient capacity (example)' });
  await expect(isComplete(await start(link(2, { Previous: { Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '' } }))))
    .rejects.toThrow('Restore job J1 FAILED: Insufficient capacity (example)');
});

test('still running inside its 55 minutes: not complete; at 54 minutes it hands over to the next link', async () => {
  backup.on(DescribeRestoreJobCommand).resolves(running('30.00', 10));
  const event = await start(link(1));
  expect(await isComplete(event)).toEqual({ IsComplete: false });
  now += 54 * MINUTE;
  backup.on(DescribeRestoreJobCommand).resolves(running('60.00', 64));
  const out = await isComplete(event);
  expect(out).toMatchObject({ IsComplete: true, Data: { RestoreJobId: 'J1', Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '' } });
});

test('the last link, at its end before the timeout, says the links ran out (never a timeout it has not reached)', async () => {
  backup.on(DescribeRestoreJobCommand).resolves(running('90.00', 120));
  const event = await start(link(3, { Previous: { Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '', CreationDate: '' } }));
  now += 54 * MINUTE;
  await expect(isComplete(event)).rejects.toThrow(/last wait link ended after 10440 s of the job, before its timeout of 10800 s/);
});

test('DescribeRestoreJob failing through the last link fails at the timeout, dated by the job\'s creation, naming the error', async () => {
  const created = new Date(now - 179 * MINUTE).toISOString();
  backup.on(DescribeRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
  const event = await start(link(3, { Previous: { Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '', CreationDate: created } }, 'J-throttled'));
  expect(await isComplete(event)).toEqual({ IsComplete: false });
  now += 2 * MINUTE;
  await expect(isComplete(event)).rejects.toThrow(/DescribeRestoreJob kept failing for restore job J-throttled until this RestoreJob's timeout of 10800 s: ThrottlingException/);
});

test("past the RestoreJob's timeout (counted from the job's creation) any link fails", async () => {
  backup.on(DescribeRestoreJobCommand).resolves(running('50.00', 181));
  await expect(isComplete(await start(link(2, {}, 'J-late')))).rejects.toThrow(/past this RestoreJob's timeout of 10800 s/);
});

test('a fault longer than one invocation\'s retries: not complete yet', async () => {
  backup.on(DescribeRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
  await expect(isComplete(await start(link(1, {}, 'J-fault')))).resolves.toEqual({ IsComplete: false });
});

test('an update that keeps the link (same job) answers what it answered, without AWS', async () => {
  backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN, CompletionDate: new Date(now) });
  const created = await isComplete(await start(link(2, { Previous: { Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN, CompletionDate: '2026-11-25T12:00:00.000Z' } })));
  backup.reset();
  backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'gone'));
  const update = request('Update', {
    ...link(2),
    RequestType: 'Update',
    PhysicalResourceId: created.PhysicalResourceId,
    ResourceProperties: { ...link(2).ResourceProperties, TimeoutSeconds: '21600' },
    OldResourceProperties: link(2).ResourceProperties,
  });
  expect(created.PhysicalResourceId).toEqual(expect.any(String));
  const out = await isComplete(await start(update));
  expect(out.Data).toEqual(created.Data);
  expect(backup.calls()).toHaveLength(0);
});

test('a rollback to the previous job answers that job as before', async () => {
  backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J5' }).resolves({ RestoreJobId: 'J5', Status: 'COMPLETED', CreatedResourceArn: `${CREATED_ARN}-1`, CompletionDate: new Date(now) });
  backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J6' }).resolves({ RestoreJobId: 'J6', Status: 'COMPLETED', CreatedResourceArn: `${CREATED_ARN}-2`, CompletionDate: new Date(now) });
  const first = await isComplete(await start(link(1, {}, 'J5')));
  const toJ2 = request('Update', { ...link(1, {}, 'J6'), RequestType: 'Update', PhysicalResourceId: first.PhysicalResourceId, OldResourceProperties: link(1, {}, 'J5').ResourceProperties });
  const second = await isComplete(await start(toJ2));
  expect(second.Data?.CreatedResourceArn).toBe(`${CREATED_ARN}-2`);
  backup.resetHistory();
  const rollback = request('Update', { ...link(1, {}, 'J5'), RequestType: 'Update', PhysicalResourceId: second.PhysicalResourceId, OldResourceProperties: link(1, {}, 'J6').ResourceProperties });
  const out = await isComplete(await start(rollback));
  expect(out.Data).toEqual(first.Data);
  expect(backup.calls()).toHaveLength(0);
});

describe('looks spaced by progress', () => {
  test('every poll in a job\'s first 2 minutes', () => {
    expect(describeInterval({ at: 1.9 * MINUTE, creationDate: 0 })).toBe(0);
  });

  test('then a sixth of the expected remaining time, between 1 and 4.5 minutes', () => {
    expect(describeInterval({ at: 60 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 720 })).toBe(4.5 * MINUTE);
    expect(describeInterval({ at: 60 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 78 })).toBe(3 * MINUTE);
    expect(describeInterval({ at: 60 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 61 })).toBe(MINUTE);
  });

  test('past AWS\'s estimate, a sixth of the time since it; without one, a twelfth of the job\'s age (a low estimate does not mean a look a minute for hours)', () => {
    expect(describeInterval({ at: 6 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 5 })).toBe(MINUTE);
    expect(describeInterval({ at: 23 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 5 })).toBe(3 * MINUTE);
    expect(describeInterval({ at: 600 * MINUTE, creationDate: 0, expectedCompletionTimeMinutes: 60 })).toBe(4.5 * MINUTE);
    expect(describeInterval({ at: 36 * MINUTE, creationDate: 0 })).toBe(3 * MINUTE);
    expect(describeInterval({ at: 600 * MINUTE, creationDate: 0 })).toBe(4.5 * MINUTE);
  });

  test('a poll before the next look is due makes no AWS call', async () => {
    backup.on(DescribeRestoreJobCommand).resolves(running('20.00', 60, 720));
    const event = await start(link(1, {}, 'J-spaced'));
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    now += 15_000;
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 1);
    now += 4.5 * MINUTE;
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 2);
  });
});

test('a link with a property this version does not render is rejected on create', async () => {
  await expect(onEvent(link(1, { Bogus: 'x' }))).rejects.toThrow(/Property Bogus is not one this version/);
});

test('a Previous with missing keys or other types still answers every attribute, as strings', async () => {
  const out = await isComplete(await start(link(2, { Previous: { Status: 'COMPLETED', Extra: 'x'.repeat(3000) } })));
  expect(out.Data).toEqual({ RestoreJobId: 'J1', Status: 'COMPLETED', CreatedResourceArn: '', CompletionDate: '', CreationDate: '' });
});
