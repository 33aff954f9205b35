/**
 * Restores that take hours, in one deploy: a RestoreJob with a timeout over 55 minutes starts its job without
 * waiting, and a chain of Custom::BackupRestoreJobWait links waits in turns of at most 55 minutes (each one a
 * custom resource, within CloudFormation's hour). Driven as a whole stack through aws-cdk-lib's real Provider
 * runtime and the bundled handlers, with emulated jobs of 2, 6 and 12 hours on a scaled clock.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { CloudFormationDriver, LocalAws, RequestInfo, startLocalAws, StackOutcome } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf as jobIdOf } from '../../src/restore-job-handler/physical-id';
import { waitSegments } from '../../src/validation/limits';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
const rp = (n: number) => `arn:aws:backup:us-east-1:123456789012:recovery-point:0D000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

let aws: LocalAws;
const describes: RequestInfo[] = [];

beforeAll(async () => {
  // x600, not more: a link's ServiceTimeout (1 h) is 6 s real here, and a CI worker sharing 2 cores with other
  // suites can stall a sandbox for a real half-second (at x900 a 12-hour chain once rolled back on such a stall).
  aws = await startLocalAws({ clockScale: 600, seed: 12 });
  aws.backup.on('request', (r: RequestInfo) => {
    if (r.operation === 'DescribeRestoreJob') describes.push(r);
  });
});

afterAll(async () => {
  await aws?.close();
});

function deployLong(name: string, recoveryPoint: string, timeout: Duration, fileSystem = 'fs-0aaaaaaaaaaaaaaaa'):
{ driver: CloudFormationDriver; synth: (fs: string) => ReturnType<LocalAws['synth']> } {
  const build = (fs: string) => (stack: Stack) => {
    new RestoreJob(stack, 'Archive', {
      recoveryPoint: RecoveryPoint.fromArn(recoveryPoint),
      metadata: RestoreMetadata.fromMap({ 'file-system-id': fs, 'newFileSystem': 'true' }, 'EFS'),
      timeout,
    });
  };
  const driver = aws.deploy(build(fileSystem), { stackName: name });
  return { driver, synth: (fs: string) => aws.synth(build(fs), { stackName: name }) };
}

const lastLinkData = (driver: CloudFormationDriver, outcome: StackOutcome) => {
  const links = driver.logicalIdsOfType('Custom::BackupRestoreJobWait');
  const props = (id: string) => driver.stack.template.Resources[id].Properties ?? {};
  const last = links.find(id => props(id).Segment === props(id).Segments)!;
  const event = [...outcome.events].reverse().find(e => e.logicalId === last && e.outcome.event.RequestType !== 'Delete');
  return { last, response: event?.outcome.response, links };
};

describe.each([
  [2, Duration.hours(3), 1],
  [6, Duration.hours(7), 2],
  [12, Duration.hours(13), 3],
])('a %d-hour restore', (hours, timeout, n) => {
  test('completes in one deploy; the created resource comes from the last link; looks at the job stay few', async () => {
    aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(n), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: hours * 3600 } });
    const { driver } = deployLong(`Long${hours}h`, rp(n), timeout);
    await driver.prewarm(1);

    const out = await driver.createStack();

    // (the failure reasons too, so a rollback says why)
    const failed = out.events.filter(e => e.outcome.response?.Status !== 'SUCCESS').map(e => `${e.logicalId}: ${e.outcome.response?.Reason ?? 'no response'}`);
    expect({ status: out.stackStatus, failed }).toEqual({ status: 'CREATE_COMPLETE', failed: [] });
    const job = aws.backup.listJobs().find(j => j.recoveryPointArn === rp(n))!;
    expect(job.status).toBe('COMPLETED');
    const { response, links } = lastLinkData(driver, out);
    expect(links).toHaveLength(waitSegments(timeout.toSeconds()));
    expect(response!.Data).toMatchObject({ RestoreJobId: job.restoreJobId, Status: 'COMPLETED', CreatedResourceArn: job.createdResourceArn });
    // Completion is seen within 5 minutes, whichever link waits then; every link after it answers at once.
    const completionSeenBy = out.events.find(e => e.outcome.response?.Data?.Status === 'COMPLETED')!;
    expect(completionSeenBy.outcome.response!.receivedAt - job.endsAt).toBeLessThanOrEqual(5 * 60_000 + 60_000);
    // Far fewer DescribeRestoreJob calls than one per 15-s poll.
    const calls = describes.filter(d => d.restoreJobId === job.restoreJobId).length;
    expect(calls).toBeLessThanOrEqual(200);
    console.log(`${hours}-hour restore: ${links.length + 1} resources, ${calls} DescribeRestoreJob calls, completion seen after ${Math.round((completionSeenBy.outcome.response!.receivedAt - job.endsAt) / 1000)} s`);
  });
});

test('an update with a new input waits for the new job through the same links, then cleans up', async () => {
  aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(10), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 2 * 3600 } });
  const { driver, synth } = deployLong('LongUpdate', rp(10), Duration.hours(3));
  expect((await driver.createStack()).stackStatus).toBe('CREATE_COMPLETE');

  const out = await driver.updateStack(synth('fs-0bbbbbbbbbbbbbbbb'));

  expect(out.stackStatus).toBe('UPDATE_COMPLETE');
  const jobs = aws.backup.listJobs().filter(j => j.recoveryPointArn === rp(10));
  expect(jobs).toHaveLength(2);
  const { response } = lastLinkData(driver, out);
  expect(response!.Data).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: jobs[1].createdResourceArn });
  // The replaced physical ids (the old job's resource and links) were deleted after the update succeeded.
  expect(out.events.filter(e => e.outcome.event.RequestType === 'Delete').length).toBeGreaterThanOrEqual(1);

  const deleted = await driver.deleteStack();
  expect(deleted.stackStatus).toBe('DELETE_COMPLETE');
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});

test('a rollback during a long update answers the first job again: no third job, nothing left running', async () => {
  aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(11), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 2 * 3600 } });
  const { driver, synth } = deployLong('LongRollback', rp(11), Duration.hours(3));
  const created = await driver.createStack();
  const firstData = lastLinkData(driver, created).response!.Data;

  const out = await driver.updateStack(synth('fs-0cccccccccccccccc'), { laterResourceFails: true });

  expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(aws.backup.listJobs().filter(j => j.recoveryPointArn === rp(11))).toHaveLength(2);
  const state = driver.describe().resources.find(r => r.type === 'Custom::BackupRestoreJob')!;
  expect(jobIdOf(state.physicalResourceId!)).toBe(jobIdOf(created.events[0].outcome.response!.PhysicalResourceId!));
  const last = lastLinkData(driver, created).last;
  expect(driver.state(last).data).toEqual(firstData);
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});

test('a job FAILED at 80 % of 6 hours fails the deploy within 5 minutes, with AWS\'s message', async () => {
  aws.backup.seedRecoveryPoint({
    recoveryPointArn: rp(12),
    backupVaultName: 'Vault',
    resourceType: 'EFS',
    restore: { durationSeconds: 4.8 * 3600, outcome: 'FAILED', statusMessage: 'The file system ran out of capacity (example).' },
  });
  const { driver } = deployLong('LongFails', rp(12), Duration.hours(7));

  const out = await driver.createStack();

  expect(out.stackStatus).toBe('ROLLBACK_COMPLETE');
  const job = aws.backup.listJobs().find(j => j.recoveryPointArn === rp(12))!;
  const failure = out.events.find(e => e.outcome.response?.Status === 'FAILED')!;
  expect(failure.outcome.response!.Reason).toMatch(/FAILED: The file system ran out of capacity \(example\)/);
  expect(failure.outcome.response!.receivedAt - job.endsAt).toBeLessThanOrEqual(5 * 60_000 + 60_000);
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});

test('a waiter that dies (our isComplete crashes mid-wait) fails the deploy at once, not hours later', async () => {
  aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(13), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 6 * 3600 } });
  const { driver } = deployLong('LongCrash', rp(13), Duration.hours(7));
  const crashAfter = aws.clock.now() + 1.5 * HOUR;
  let crashedAt: number | undefined;
  const onStart = (record: { invocationId: string; functionName: string }) => {
    if (crashedAt === undefined && aws.clock.now() > crashAfter && /ProviderIsComplete/.test(record.functionName)) {
      crashedAt = aws.clock.now();
      setImmediate(() => aws.lambda.crash(record.invocationId));
    }
  };
  aws.lambda.on('invocationStart', onStart);
  try {
    const out = await driver.createStack();
    expect(out.stackStatus).toBe('ROLLBACK_COMPLETE');
    const failure = out.events.find(e => e.outcome.response?.Status === 'FAILED')!;
    expect(failure.outcome.response!.receivedAt - crashedAt!).toBeLessThanOrEqual(15 * 60_000);
  } finally {
    aws.lambda.off('invocationStart', onStart);
  }
});

test('a lost answer fails the deploy at that link\'s ServiceTimeout (1 hour), not at the 7-hour timeout', async () => {
  aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(14), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 6 * 3600 } });
  const { driver } = deployLong('LongLost', rp(14), Duration.hours(7));
  const wait2 = driver.logicalIdsOfType('Custom::BackupRestoreJobWait').find(id => driver.stack.template.Resources[id].Properties?.Segment === '2')!;
  aws.responses.loseNext(wait2);
  const started = aws.clock.now();

  const out = await driver.createStack();

  expect(out.stackStatus).toBe('ROLLBACK_COMPLETE');
  const lost = out.events.find(e => e.logicalId === wait2)!;
  expect(lost.outcome.timedOut).toBe(true);
  expect(aws.clock.now() - started).toBeLessThan(3 * HOUR); // link 1 (55 min) + link 2's ServiceTimeout (1 h) + slack
});
