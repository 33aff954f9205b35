/**
 * Lifecycle tests: Custom::BackupRestoreJob driven like CloudFormation drives it, through aws-cdk-lib's
 * Provider framework and our bundled handlers (both loaded from the synthesized cloud assembly), against
 * the local Backup emulator. Needs the handler bundles: `npx projen bundle`.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { CloudFormationDriver, digestOfMetadata, LocalAws, RequestInfo, startLocalAws } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf as jobIdOf } from '../../src/restore-job-handler/physical-id';

jest.setTimeout(60_000);

const ACCOUNT = '123456789012';
const rp = (name: string) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:${name}`;
const RP = {
  ok: rp('0A000000-0000-4000-8000-000000000001'),
  failed: rp('0A000000-0000-4000-8000-000000000002'),
  aborted: rp('0A000000-0000-4000-8000-000000000003'),
  slow: rp('0A000000-0000-4000-8000-000000000004'),
  noWait: rp('0A000000-0000-4000-8000-000000000005'),
  update: rp('0A000000-0000-4000-8000-000000000006'),
  faults: rp('0A000000-0000-4000-8000-000000000007'),
};
/** A value that must never reach a log line (Metadata is sensitive). */
const SECRET = 'creation-token-5e3c7a91-do-not-log';
const FAILED_MESSAGE = 'Access denied: the restore role cannot call elasticfilesystem:CreateFilesystem (example).';
const ABORTED_MESSAGE = 'Restore job was aborted by an administrator (example).';

interface Variant {
  /** Metadata variant of the 'Updatable' job. */
  readonly updatableFileSystem?: string;
  /** Timeout of the 'Updatable' job (not a restore input). */
  readonly updatableTimeout?: Duration;
}

function efs(fileSystemId: string, extra: Record<string, string> = {}) {
  return RestoreMetadata.fromMap({ 'file-system-id': fileSystemId, 'newFileSystem': 'true', ...extra }, 'EFS');
}

function build(variant: Variant = {}) {
  return (stack: Stack) => {
    const job = (id: string, arn: string, props: Partial<ConstructorParameters<typeof RestoreJob>[2]> = {}) =>
      new RestoreJob(stack, id, { recoveryPoint: RecoveryPoint.fromArn(arn), metadata: efs('fs-0123456789abcdef0'), ...props });
    job('Completes', RP.ok, { metadata: efs('fs-0123456789abcdef0', { CreationToken: SECRET }) });
    job('Fails', RP.failed);
    job('Aborts', RP.aborted);
    job('TimesOut', RP.slow, { timeout: Duration.minutes(1) });
    job('NoWait', RP.noWait, { waitForCompletion: false });
    job('Updatable', RP.update, {
      metadata: efs(variant.updatableFileSystem ?? 'fs-0aaaaaaaaaaaaaaaa'),
      timeout: variant.updatableTimeout,
    });
    job('Duplicated', RP.ok);
    job('Faulty', RP.faults);
    job('Crashes', RP.ok);
    job('LostAnswer', RP.ok);
    job('ProviderTimeout', RP.slow);
  };
}

let aws: LocalAws;
let driver: CloudFormationDriver;
const requests: RequestInfo[] = [];

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 42 });
  aws.backup.on('request', (r: RequestInfo) => requests.push(r));
  const seed = (arn: string, restore: Parameters<LocalAws['backup']['seedRecoveryPoint']>[0]['restore']) =>
    aws.backup.seedRecoveryPoint({ recoveryPointArn: arn, backupVaultName: 'Vault', resourceType: 'EFS', restore });
  seed(RP.ok, { durationSeconds: 600 });
  seed(RP.failed, { durationSeconds: 300, outcome: 'FAILED', statusMessage: FAILED_MESSAGE });
  seed(RP.aborted, { durationSeconds: 120, outcome: 'ABORTED', statusMessage: ABORTED_MESSAGE });
  seed(RP.slow, { durationSeconds: 4 * 3600 });
  seed(RP.noWait, { durationSeconds: 3600 });
  seed(RP.update, { durationSeconds: 300 });
  seed(RP.faults, { durationSeconds: 300 });
  driver = await aws.deploy(build()).prewarm(2);
});

afterAll(async () => {
  await aws?.close();
});

function jobsFor(recoveryPointArn: string) {
  return aws.backup.listJobs().filter(j => j.recoveryPointArn === recoveryPointArn);
}

let completesRequestId: string;

test('Create: the job completes and both attributes come back', async () => {
  const out = await driver.create('Completes');
  completesRequestId = out.event.RequestId;

  expect(out.timedOut).toBe(false);
  expect(out.responses).toHaveLength(1);
  expect(out.response).toMatchObject({ Status: 'SUCCESS', LogicalResourceId: driver.logicalId('Completes') });
  const job = aws.backup.job(jobIdOf(out.response!.PhysicalResourceId!))!;
  expect(job.status).toBe('COMPLETED');
  expect(out.response!.Data).toMatchObject({
    RestoreJobId: job.restoreJobId,
    CreatedResourceArn: job.createdResourceArn,
    RecoveryPointArn: RP.ok,
    Status: 'COMPLETED',
    ResourceType: 'EFS',
  });
  expect(job.createdResourceArn).toMatch(/^arn:aws:elasticfilesystem:us-east-1:123456789012:file-system\/fs-[0-9a-f]{17}$/);
  // The handler sent exactly the synthesized metadata (compared by digest, never by value).
  expect(job.metadataDigest).toBe(digestOfMetadata({ 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true', 'CreationToken': SECRET }));
  expect(job.iamRoleArn).toBe(driver.propertiesOf('Completes').IamRoleArn);
  // The response came once the job completed (600 virtual s), within one query interval (15 s) plus slack.
  const waited = out.response!.receivedAt - job.completionDate!;
  expect(waited).toBeGreaterThanOrEqual(0);
  expect(waited).toBeLessThan(60_000);
});

test('the waiter polls at the state machine\'s Retry interval (read from the template)', () => {
  // One poll = one invocation of our isComplete function by the waiter (an invocation may retry its call).
  const polls = aws.lambda.invocations()
    .filter(i => i.requestId === completesRequestId && /ProviderIsComplete/.test(i.functionName))
    .sort((a, b) => a.virtualStart - b.virtualStart);
  const gaps = polls.slice(1).map((r, i) => r.virtualStart - polls[i].virtualStart).sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  // IntervalSeconds 15, BackoffRate 1 in the synthesized definition: never faster than 15 s, and not
  // growing. Each poll's few real milliseconds of work add some virtual seconds on top (clock scale).
  // (With BackoffRate 2 the eighth gap alone would be 15 s × 2^7 ≈ 32 min.)
  expect(polls.length).toBeGreaterThanOrEqual(8);
  expect(gaps[0]).toBeGreaterThanOrEqual(15_000);
  expect(median).toBeLessThan(60_000);
  expect(gaps[gaps.length - 1]).toBeLessThan(120_000);
});

test('no log line carries a metadata value', () => {
  const lines = aws.lambda.logLines();
  expect(lines.some(l => l.text.includes('restore job started'))).toBe(true);
  expect(lines.filter(l => l.text.includes(SECRET))).toEqual([]);
});

test('FAILED job: the deploy fails with AWS Backup\'s StatusMessage', async () => {
  const out = await driver.create('Fails');

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.Reason).toContain(`FAILED: ${FAILED_MESSAGE}`);
  expect(jobsFor(RP.failed)).toHaveLength(1);
});

test('ABORTED job: the deploy fails with AWS Backup\'s StatusMessage', async () => {
  const out = await driver.create('Aborts');

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.Reason).toContain(`ABORTED: ${ABORTED_MESSAGE}`);
});

test('Delete after a failed create succeeds without touching AWS Backup', async () => {
  const before = aws.backup.stats().callsByOperation;
  const out = await driver.delete('Fails');

  expect(out.response!.Status).toBe('SUCCESS');
  expect(out.response!.PhysicalResourceId).toBe(driver.state('Fails').physicalResourceId);
  expect(aws.backup.stats().callsByOperation).toEqual(before);
});

test('timeout: a job still running past `timeout` fails the deploy with the handler\'s message', async () => {
  const out = await driver.create('TimesOut');

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.Reason).toMatch(/is still (PENDING|RUNNING) \(.*% done\) after \d+ s, past this RestoreJob's timeout of 60 s/);
  // The handler's Date.now() and the emulator's CreationDate share the harness clock: the reported
  // elapsed time is at least the timeout, and the response came soon after the timeout (one poll + cold starts).
  const elapsed = Number(/after (\d+) s/.exec(out.response!.Reason!)![1]);
  expect(elapsed).toBeGreaterThanOrEqual(60);
  const job = jobsFor(RP.slow)[0];
  expect(out.response!.receivedAt - job.creationDate).toBeLessThan(10 * 60_000);
  expect(aws.backup.job(job.restoreJobId)!.status).not.toBe('COMPLETED');
});

test('waitForCompletion false: completes right after the job started', async () => {
  const out = await driver.create('NoWait');

  expect(out.response!.Status).toBe('SUCCESS');
  expect(out.response!.Data).toEqual({
    RestoreJobId: jobIdOf(out.response!.PhysicalResourceId!), RecoveryPointArn: RP.noWait, ResourceType: 'EFS', CreationDate: expect.any(String),
  });
  const job = aws.backup.job(jobIdOf(out.response!.PhysicalResourceId!))!;
  expect(job.status).not.toBe('COMPLETED');
});

test('Update without a restore-input change keeps the job; with one starts a new job and cleans up', async () => {
  const created = await driver.create('Updatable');
  expect(created.response!.Status).toBe('SUCCESS');
  const firstPhysicalId = created.response!.PhysicalResourceId!;
  const firstJob = jobIdOf(firstPhysicalId);

  // Only the timeout changes: not a restore input.
  const same = await driver.update('Updatable', { from: aws.synth(build({ updatableTimeout: Duration.minutes(50) })) });
  expect(same.update.event.OldResourceProperties!.TimeoutSeconds).toBe('3300');
  expect(same.update.event.ResourceProperties.TimeoutSeconds).toBe('3000');
  expect(same.update.response!.Status).toBe('SUCCESS');
  expect(same.update.response!.PhysicalResourceId).toBe(firstPhysicalId);
  expect(same.cleanup).toBeUndefined();
  expect(jobsFor(RP.update)).toHaveLength(1);

  // The metadata changes: restore again.
  const changed = await driver.update('Updatable', { from: aws.synth(build({ updatableFileSystem: 'fs-0bbbbbbbbbbbbbbbb', updatableTimeout: Duration.minutes(50) })) });
  expect(changed.update.response!.Status).toBe('SUCCESS');
  const secondJob = jobIdOf(changed.update.response!.PhysicalResourceId!);
  expect(secondJob).not.toBe(firstJob);
  expect(jobsFor(RP.update).map(j => j.restoreJobId).sort()).toEqual([firstJob, secondJob].sort());
  expect(aws.backup.job(secondJob)!.metadataDigest).toBe(digestOfMetadata({ 'file-system-id': 'fs-0bbbbbbbbbbbbbbbb', 'newFileSystem': 'true' }));
  expect(changed.update.response!.Data).toMatchObject({ RestoreJobId: secondJob, Status: 'COMPLETED' });
  // CloudFormation deletes the old physical resource; the handler keeps what was restored.
  expect(changed.cleanup!.event).toMatchObject({ RequestType: 'Delete', PhysicalResourceId: firstPhysicalId });
  expect(changed.cleanup!.response!.Status).toBe('SUCCESS');
});

test('Delete succeeds and the restored resource is retained', async () => {
  const state = driver.state('Completes');
  expect(state.status).toBe('CREATE_COMPLETE');
  const before = aws.backup.stats().callsByOperation;
  const out = await driver.delete('Completes');

  expect(out.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: state.physicalResourceId });
  expect(aws.backup.stats().callsByOperation).toEqual(before);
  expect(aws.backup.job(jobIdOf(state.physicalResourceId!))!.status).toBe('COMPLETED');
  const deleteLogs = aws.lambda.logLines().filter(l => l.text.includes('the restored resource is retained'));
  expect(deleteLogs.length).toBeGreaterThan(0);
});

test('a duplicated Create (same RequestId twice) starts one job and both responses agree', async () => {
  const out = await driver.create('Duplicated', { deliveries: 2 });

  expect(out.responses).toHaveLength(2);
  expect(out.agree).toBe(true);
  expect(out.responses.map(r => r.Status)).toEqual(['SUCCESS', 'SUCCESS']);
  const job = aws.backup.job(jobIdOf(out.response!.PhysicalResourceId!))!;
  const stats = aws.backup.stats();
  expect(stats.startRequestsByToken.get(job.idempotencyToken!)).toBe(2);
  expect(stats.jobsStartedByToken.get(job.idempotencyToken!)).toBe(1);
});

test('throttling and ServiceUnavailable are survived', async () => {
  const before = aws.backup.stats().errorsByType;
  aws.backup.failNext('StartRestoreJob', 'ThrottlingException', 2);
  aws.backup.failNext('StartRestoreJob', 'ServiceUnavailableException', 1);
  aws.backup.failNext('DescribeRestoreJob', 'ServiceUnavailableException', 2);
  aws.backup.failNext('DescribeRestoreJob', 'InternalFailure', 1);
  aws.backup.failNext('DescribeRestoreJob', 'ThrottlingException', 1);
  const out = await driver.create('Faulty');

  expect(out.response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETED' } });
  expect(jobsFor(RP.faults)).toHaveLength(1);
  const after = aws.backup.stats().errorsByType;
  expect((after.ThrottlingException ?? 0) - (before.ThrottlingException ?? 0)).toBe(3);
  expect((after.ServiceUnavailableException ?? 0) - (before.ServiceUnavailableException ?? 0)).toBe(3);
  expect((after.InternalFailure ?? 0) - (before.InternalFailure ?? 0)).toBe(1);
});

test('a non-retryable Backup error fails the deploy with the typed error', async () => {
  aws.backup.failNext('StartRestoreJob', 'InvalidParameterValueException', 1);
  const props = driver.propertiesOf('Faulty');
  const out = await driver.send(driver.event('Create', driver.state('Faulty'), { properties: props }));

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.Reason).toContain('InvalidParameterValueException');
});

test('crash after StartRestoreJob: Lambda retries the same request and no second job starts', async () => {
  const jobsBefore = aws.backup.stats().jobsStarted;
  const out = await driver.create('Crashes', { crashAfterStart: 1 });

  expect(aws.crashCount()).toBe(1);
  expect(out.asyncRetries).toBe(1);
  expect(out.responses).toHaveLength(1);
  expect(out.response).toMatchObject({ Status: 'SUCCESS', Data: { Status: 'COMPLETED' } });
  expect(aws.backup.stats().jobsStarted - jobsBefore).toBe(1);
  const crashed = aws.lambda.invocations().filter(i => i.outcome === 'crash');
  expect(crashed.map(i => i.requestId)).toEqual([out.event.RequestId, out.event.RequestId]);
});

test('a lost StartRestoreJob answer (503 after the job started) is retried with the same token: one job', async () => {
  aws.backup.failNextAfterStart(1);
  const out = await driver.create('LostAnswer');

  expect(out.response).toMatchObject({ Status: 'SUCCESS' });
  const job = aws.backup.job(jobIdOf(out.response!.PhysicalResourceId!))!;
  expect(aws.backup.stats().startRequestsByToken.get(job.idempotencyToken!)).toBe(2);
  expect(aws.backup.stats().jobsStartedByToken.get(job.idempotencyToken!)).toBe(1);
});

test('the longest timeout (55 minutes) answers before the Provider\'s total timeout (onTimeout) would', async () => {
  // A 4-hour job and the longest timeout the construct allows: the deploy fails with the handler's clear message,
  // from the isComplete task, and the framework's "Operation timed out" (onTimeout) never runs. Every poll's real
  // work is amplified by the clock scale, so CloudFormation's own ServiceTimeout is raised here.
  const properties = { ...driver.propertiesOf('ProviderTimeout'), TimeoutSeconds: '3300', ServiceTimeout: '14400' };
  const out = await driver.create('ProviderTimeout', { properties });

  expect(out.response!.Status).toBe('FAILED');
  expect(out.response!.Reason).toMatch(/past this RestoreJob's timeout of 3300 s/);
  const execution = aws.sfn.listExecutions().find(e => e.requestId === out.event.RequestId)!;
  expect(execution.path).toEqual(['framework-isComplete-task']);
});

test('nothing is left running', () => {
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});
