/**
 * What an independent review found the first lifecycle tests could not see, driven through aws-cdk-lib's real
 * Provider runtime and the bundled handlers: CloudFormation rollbacks (an Update back to the old properties with
 * the new physical id, then cleanup), updates of jobs whose fate changed since, jobs AWS no longer describes,
 * faults longer than one call's retries, a job not visible yet, hung connections under Lambda's timeout, and
 * failure reasons that must fit in CloudFormation's 4096-byte response.
 */
import { Stack } from 'aws-cdk-lib';
import { CloudFormationDriver, LocalAws, startLocalAws } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf as jobIdOf } from '../../src/restore-job-handler/physical-id';

jest.setTimeout(60_000);

const rp = (n: number) => `arn:aws:backup:us-east-1:123456789012:recovery-point:0B000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const FILE_SYSTEM_A = 'fs-0aaaaaaaaaaaaaaaa';
const FILE_SYSTEM_B = 'fs-0bbbbbbbbbbbbbbbb';
const LONG_MESSAGE = `Restore failed: ${'the file system could not be created because a dependency failed; '.repeat(90)}`;

const JOBS = ['Rollback', 'FailsOnUpdate', 'NoWaitLaterFails', 'Forgotten', 'Outage', 'Invisible', 'Hangs', 'FailedCreate', 'LongReason', 'ManyProblems'] as const;

function efs(fileSystemId: string) {
  return RestoreMetadata.fromMap({ 'file-system-id': fileSystemId, 'newFileSystem': 'true' }, 'EFS');
}

function build(stack: Stack) {
  JOBS.forEach((id, i) => new RestoreJob(stack, id, {
    recoveryPoint: RecoveryPoint.fromArn(rp(i + 1)),
    metadata: efs(FILE_SYSTEM_A),
    waitForCompletion: id !== 'NoWaitLaterFails',
  }));
}

let aws: LocalAws;
let driver: CloudFormationDriver;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 8 });
  const seed = (id: typeof JOBS[number], restore: Parameters<LocalAws['backup']['seedRecoveryPoint']>[0]['restore']) =>
    aws.backup.seedRecoveryPoint({ recoveryPointArn: rp(JOBS.indexOf(id) + 1), backupVaultName: 'Vault', resourceType: 'EFS', restore });
  seed('Rollback', { durationSeconds: 300 });
  seed('FailsOnUpdate', { durationSeconds: 300 });
  seed('NoWaitLaterFails', { durationSeconds: 120, outcome: 'FAILED', statusMessage: 'failed after the deploy (example)' });
  seed('Forgotten', { durationSeconds: 300 });
  // DescribeRestoreJob answers 503 for 10 minutes: far longer than one invocation's retries.
  seed('Outage', { durationSeconds: 1200, describeOutage: { fromSeconds: 60, seconds: 600 } });
  seed('Invisible', { durationSeconds: 600, invisibleSeconds: 120 });
  seed('Hangs', { durationSeconds: 600 });
  seed('FailedCreate', { durationSeconds: 120, outcome: 'FAILED', statusMessage: 'The restore role is not authorized (example).' });
  seed('LongReason', { durationSeconds: 120, outcome: 'FAILED', statusMessage: LONG_MESSAGE });
  seed('ManyProblems', { durationSeconds: 120 });
  driver = await aws.deploy(build).prewarm(2);
});

afterAll(async () => {
  await aws?.close();
});

const jobsOf = (id: typeof JOBS[number]) => aws.backup.listJobs().filter(j => j.recoveryPointArn === rp(JOBS.indexOf(id) + 1));
const withFileSystem = (id: typeof JOBS[number], fileSystemId: string) => ({
  ...driver.propertiesOf(id), Metadata: { 'file-system-id': fileSystemId, 'newFileSystem': 'true' },
});

test('rollback of a replacing update: the first job is answered again, no third job starts', async () => {
  // GIVEN A → J1
  const created = await driver.create('Rollback');
  expect(created.response!.Status).toBe('SUCCESS');

  // WHEN an update to B starts J2, and a later resource of the same stack update fails
  const out = await driver.update('Rollback', { properties: withFileSystem('Rollback', FILE_SYSTEM_B), laterResourceFails: true });

  // THEN the update itself succeeded with J2 …
  expect(out.update.response!.Status).toBe('SUCCESS');
  expect(jobIdOf(out.update.response!.PhysicalResourceId!)).not.toBe(jobIdOf(created.response!.PhysicalResourceId!));
  // … the rollback Update carried the OLD properties and the NEW physical id, and answered J1 with J1's attributes
  expect(out.rollback!.event).toMatchObject({ RequestType: 'Update', PhysicalResourceId: out.update.response!.PhysicalResourceId });
  expect(out.rollback!.response!.Status).toBe('SUCCESS');
  expect(jobIdOf(out.rollback!.response!.PhysicalResourceId!)).toBe(jobIdOf(created.response!.PhysicalResourceId!));
  expect(out.rollback!.response!.Data).toEqual(created.response!.Data);
  // … J2's physical id was cleaned up (its resource retained), and only two jobs ever started
  expect(out.rollbackCleanup!.event).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: out.update.response!.PhysicalResourceId });
  expect(out.rollbackCleanup!.response!.Status).toBe('SUCCESS');
  expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(jobsOf('Rollback')).toHaveLength(2);

  // AND a later update to B again (the user's A → B → A → B) restores again: J2's physical id was deleted
  const again = await driver.update('Rollback', { properties: withFileSystem('Rollback', FILE_SYSTEM_B) });
  expect(again.update.response!.Status).toBe('SUCCESS');
  expect(jobsOf('Rollback')).toHaveLength(3);
});

test('rollback after an update whose own job FAILED keeps the first job', async () => {
  const created = await driver.create('FailsOnUpdate');
  aws.backup.setRestoreBehaviour(rp(JOBS.indexOf('FailsOnUpdate') + 1), { durationSeconds: 60, outcome: 'FAILED', statusMessage: 'second restore failed (example)' });

  const out = await driver.update('FailsOnUpdate', { properties: withFileSystem('FailsOnUpdate', FILE_SYSTEM_B) });

  expect(out.update.response!.Status).toBe('FAILED');
  expect(out.update.response!.Reason).toMatch(/FAILED: second restore failed \(example\)/);
  expect(out.rollback!.response!.Status).toBe('SUCCESS');
  expect(jobIdOf(out.rollback!.response!.PhysicalResourceId!)).toBe(jobIdOf(created.response!.PhysicalResourceId!));
  expect(out.rollback!.response!.Data).toEqual(created.response!.Data);
  expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(jobsOf('FailsOnUpdate')).toHaveLength(2);
});

test('a timeout-only update of a not-waited-for job that has FAILED since succeeds, and so does its rollback', async () => {
  const created = await driver.create('NoWaitLaterFails');
  expect(created.response!.Status).toBe('SUCCESS');
  await aws.clock.sleep(10 * 60_000); // the job fails meanwhile
  expect(jobsOf('NoWaitLaterFails')[0].status).toBe('FAILED');

  const out = await driver.update('NoWaitLaterFails', { properties: { ...driver.propertiesOf('NoWaitLaterFails'), TimeoutSeconds: '600' }, laterResourceFails: true });

  expect(out.update.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.response!.PhysicalResourceId, Data: created.response!.Data });
  expect(out.rollback!.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.response!.PhysicalResourceId, Data: created.response!.Data });
  expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
  expect(jobsOf('NoWaitLaterFails')).toHaveLength(1);
});

test('an update of a COMPLETED job AWS no longer describes keeps every attribute', async () => {
  const created = await driver.create('Forgotten');
  aws.backup.forgetJob(jobIdOf(created.response!.PhysicalResourceId!));

  const out = await driver.update('Forgotten', { properties: { ...driver.propertiesOf('Forgotten'), TimeoutSeconds: '1200' } });

  expect(out.update.response).toMatchObject({ Status: 'SUCCESS', Data: created.response!.Data });
  expect(out.update.response!.Data!.CreatedResourceArn).toEqual(expect.any(String));
});

test('a DescribeRestoreJob outage longer than one invocation\'s retries does not fail the deploy', async () => {
  const out = await driver.create('Outage');
  expect(out.response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETED' } });
  expect(aws.backup.stats().injected.outageErrors).toBeGreaterThan(20);
});

test('a job not visible yet right after its start (ResourceNotFoundException) is waited for', async () => {
  const out = await driver.create('Invisible');
  expect(out.response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETED' } });
  expect(aws.backup.stats().injected.notVisibleYet).toBeGreaterThan(0);
});

test('hung connections cost an attempt, never the invocation: nothing is killed by Lambda\'s timeout', async () => {
  aws.backup.hangNext('StartRestoreJob', 2);
  aws.backup.hangNext('DescribeRestoreJob', 3);
  const out = await driver.create('Hangs');

  expect(out.response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETED' } });
  expect(jobsOf('Hangs')).toHaveLength(1);
  expect(aws.backup.stats().injected.hangs).toBe(5);
  expect(aws.lambda.invocations().filter(i => i.outcome === 'timeout')).toEqual([]);
});

test('a failed create rolls back with a Delete of the physical id it answered', async () => {
  const out = await driver.create('FailedCreate', { rollbackOnFailure: true });
  expect(out.response!.Status).toBe('FAILED');
  expect(out.rollback!.event).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: out.response!.PhysicalResourceId });
  expect(out.rollback!.response!.Status).toBe('SUCCESS');
  expect(out.stackStatus).toBe('ROLLBACK_COMPLETE');
});

test("a long AWS status message reaches CloudFormation within 4096 bytes, AWS's message first", async () => {
  const out = await driver.create('LongReason');
  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.invalid).toBeUndefined();
  expect(out.response!.Reason).toMatch(/^Restore job \S+ FAILED: Restore failed: the file system could not be created/);
  expect(out.response!.Reason).toMatch(/…\(cut: \d+ more characters\)/);
});

test('many metadata problems at deploy time: one valid response that lists what fits and says how many more', async () => {
  const metadata: Record<string, string> = { 'file-system-id': FILE_SYSTEM_A, 'newFileSystem': 'true' };
  for (let i = 1; i <= 40; i++) metadata[[...'newfilesystem'].map((c, j) => (Math.floor(i / 2 ** (j % 6)) % 2 === 1 ? c.toUpperCase() : c)).join('')] = 'true';
  const out = await driver.create('ManyProblems', { properties: { ...driver.propertiesOf('ManyProblems'), Metadata: metadata } });

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.invalid).toBeUndefined();
  expect(out.response!.Reason).toMatch(/^\d+ problems: \(1\) .* \| and \d+ more\n/);
  expect(jobsOf('ManyProblems')).toHaveLength(0);
});

test('nothing is left running', () => {
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});
