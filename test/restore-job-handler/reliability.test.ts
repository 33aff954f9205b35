/**
 * What CloudFormation does to a custom resource besides Create/Update/Delete in order: rollbacks (an Update with
 * the old properties and the new physical id), updates of jobs whose fate changed since, faults that outlast a
 * call's retries, Lambda's timeout, and AWS Backup's eventual consistency.
 */
import { createHash } from 'crypto';
import { BackupClient, DescribeRestoreJobCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, CREATED_ARN, properties, RECOVERY_POINT_ARN, request } from './fixtures';
import { RETRY_POLICY } from '../../src/restore-job-handler/aws-backup';
import { MAX_RESPONSE_BYTES } from '../../src/restore-job-handler/failure';
import { decodePhysicalId, encodePhysicalId, MAX_PHYSICAL_ID_BYTES } from '../../src/restore-job-handler/physical-id';
import type { CustomResourceRequest, IsCompleteRequest } from '../../src/restore-job-handler/request';
import { handler as isComplete } from '../../src/restore-job-handler/restore-is-complete.lambda';
import { handler as onEvent } from '../../src/restore-job-handler/restore-on-event.lambda';

const backup = mockClient(BackupClient);
const NOW = new Date('2026-11-25T12:00:00Z').getTime();
let logged: string[];

beforeEach(() => {
  backup.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); });
  jest.spyOn(Math, 'random').mockReturnValue(0);
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => jest.restoreAllMocks());

const A = properties();
const B = properties({ Metadata: { ...properties().Metadata, PerformanceMode: 'maxIO' } });

function completedJob(id: string, created: string) {
  return {
    RestoreJobId: id,
    Status: 'COMPLETED' as const,
    RecoveryPointArn: RECOVERY_POINT_ARN,
    ResourceType: 'EFS',
    CreatedResourceArn: `${CREATED_ARN}-${id}`,
    CreationDate: new Date(NOW - 600_000),
    CompletionDate: new Date(created),
  };
}

/** Run one request the way the Provider framework does: onEvent, then isComplete with onEvent's answer merged in. */
async function run(event: CustomResourceRequest, context?: { getRemainingTimeInMillis(): number }) {
  const started = await onEvent(event, context);
  const waiterEvent: IsCompleteRequest = { ...event, ...started };
  const done = await isComplete(waiterEvent, context);
  return { started, done, physicalId: done.PhysicalResourceId ?? started.PhysicalResourceId };
}

/** Create with A (J1), then a successful update to B (J2): the resource's physical id and J1's attributes. */
async function createThenReplace() {
  backup.on(StartRestoreJobCommand).resolvesOnce({ RestoreJobId: 'J1' }).resolvesOnce({ RestoreJobId: 'J2' });
  backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J1' }).resolves(completedJob('J1', '2026-11-25T11:58:00Z'));
  backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J2' }).resolves(completedJob('J2', '2026-11-25T11:59:00Z'));
  const created = await run(request('Create', { ResourceProperties: { ...A } }));
  const replaced = await run(request('Update', {
    RequestId: 'update-request', ResourceProperties: { ...B }, OldResourceProperties: { ...A }, PhysicalResourceId: created.physicalId,
  }));
  backup.resetHistory();
  return { created, replaced };
}

describe('rollback of a replacing update', () => {
  test('answers the first job with all its attributes and starts no job', async () => {
    // GIVEN A → J1, then B → J2, and a later resource of the same update fails
    const { created, replaced } = await createThenReplace();
    expect(decodePhysicalId(replaced.physicalId).cur.id).toBe('J2');
    // AWS no longer describes J1: the answer must not depend on it
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'not found'));

    // WHEN CloudFormation rolls back: an Update with the OLD properties and the NEW physical id
    const rollback = await run(request('Update', {
      RequestId: 'rollback-request', ResourceProperties: { ...A }, OldResourceProperties: { ...B }, PhysicalResourceId: replaced.physicalId,
    }));

    // THEN J1 is answered, as it was, and nothing was asked of AWS
    expect(rollback.started.RestoreAction).toBe('reverted');
    expect(decodePhysicalId(rollback.physicalId).cur.id).toBe('J1');
    expect(rollback.done.Data).toEqual(created.done.Data);
    expect(backup.calls()).toHaveLength(0);
  });

  test('a rollback delivered twice answers the same', async () => {
    const { replaced } = await createThenReplace();
    const event = request('Update', { RequestId: 'rollback', ResourceProperties: { ...A }, OldResourceProperties: { ...B }, PhysicalResourceId: replaced.physicalId });
    const first = await run(event);
    const second = await run(event);
    expect(second.physicalId).toBe(first.physicalId);
    expect(second.done.Data).toEqual(first.done.Data);
  });

  test('the rollback of an update whose own job failed (CloudFormation kept the old physical id) keeps J1', async () => {
    const { created } = await createThenReplace();
    const rollback = await run(request('Update', {
      RequestId: 'rollback', ResourceProperties: { ...A }, OldResourceProperties: { ...B }, PhysicalResourceId: created.physicalId,
    }));
    expect(rollback.started.RestoreAction).toBe('kept');
    expect(rollback.physicalId).toBe(created.physicalId);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('a third, different input starts a new job and remembers the one it replaces', async () => {
    const { replaced } = await createThenReplace();
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J3' });
    backup.on(DescribeRestoreJobCommand).resolves(completedJob('J3', '2026-11-25T11:59:30Z'));
    const C = properties({ Metadata: { ...properties().Metadata, CreationToken: 'c' } });
    const third = await run(request('Update', { RequestId: 'third', ResourceProperties: { ...C }, OldResourceProperties: { ...B }, PhysicalResourceId: replaced.physicalId }));
    const state = decodePhysicalId(third.physicalId);
    expect(state.cur.id).toBe('J3');
    expect(state.prev?.id).toBe('J2');
    expect(state.prev?.attributes?.CreatedResourceArn).toBe(`${CREATED_ARN}-J2`);
  });
});

describe('an update that keeps the job', () => {
  test('of a not-waited-for job that has FAILED since: succeeds with the attributes it had, without asking AWS', async () => {
    const noWait = { ...properties({ WaitForCompletion: 'false' }) };
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    backup.on(DescribeRestoreJobCommand).resolvesOnce({ RestoreJobId: 'J1', Status: 'RUNNING', RecoveryPointArn: RECOVERY_POINT_ARN, CreationDate: new Date(NOW - 60_000) });
    const created = await run(request('Create', { ResourceProperties: noWait }));
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'FAILED', StatusMessage: 'later failure' });
    backup.resetHistory();

    const updated = await run(request('Update', {
      RequestId: 'timeout-only', ResourceProperties: { ...noWait, TimeoutSeconds: '600' }, OldResourceProperties: noWait, PhysicalResourceId: created.physicalId,
    }));

    expect(updated.physicalId).toBe(created.physicalId);
    expect(updated.done).toEqual({ IsComplete: true, PhysicalResourceId: created.physicalId, Data: created.done.Data });
    expect(backup.calls()).toHaveLength(0);
  });

  test('of a COMPLETED job AWS no longer describes: keeps every attribute, CreatedResourceArn included', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    backup.on(DescribeRestoreJobCommand).resolvesOnce(completedJob('J1', '2026-11-25T11:58:00Z'));
    const created = await run(request('Create', { ResourceProperties: { ...A } }));
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'gone'));

    const updated = await run(request('Update', {
      RequestId: 'u', ResourceProperties: { ...A, TimeoutSeconds: '900' }, OldResourceProperties: { ...A }, PhysicalResourceId: created.physicalId,
    }));
    expect(updated.done.Data).toEqual(created.done.Data);
    expect(updated.done.Data?.CreatedResourceArn).toBe(`${CREATED_ARN}-J1`);
  });

  test('a property a later version adds is not restore input, and a keep path does not reject it', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    backup.on(DescribeRestoreJobCommand).resolves(completedJob('J1', '2026-11-25T11:58:00Z'));
    const created = await run(request('Create', { ResourceProperties: { ...A } }));
    backup.resetHistory();
    const updated = await run(request('Update', {
      RequestId: 'u', ResourceProperties: { ...A, SomeLaterProperty: 'x' }, OldResourceProperties: { ...A }, PhysicalResourceId: created.physicalId,
    }));
    expect(updated.physicalId).toBe(created.physicalId);
    expect(updated.done.Data).toEqual(created.done.Data);
    expect(backup.calls()).toHaveLength(0);
  });

  test('a change of RemovalPolicy alone is not restore input: the job is kept, AWS not asked', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    backup.on(DescribeRestoreJobCommand).resolves(completedJob('J1', '2026-11-25T11:58:00Z'));
    const created = await run(request('Create', { ResourceProperties: { ...A } }));
    backup.resetHistory();
    const updated = await run(request('Update', {
      RequestId: 'u', ResourceProperties: { ...A, RemovalPolicy: 'Destroy' }, OldResourceProperties: { ...A }, PhysicalResourceId: created.physicalId,
    }));
    expect(updated.physicalId).toBe(created.physicalId);
    expect(updated.done.Data).toEqual(created.done.Data);
    expect(backup.calls()).toHaveLength(0);
  });
});

describe('create retried after Lambda killed the first attempt', () => {
  test('the same request finds the same job (one idempotency token for every attempt)', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    const event = request('Create', { ResourceProperties: { ...A } });
    await onEvent(event);
    await onEvent(event); // Lambda's async retry of the same event
    const tokens = backup.commandCalls(StartRestoreJobCommand).map(c => c.args[0].input.IdempotencyToken);
    expect(new Set(tokens).size).toBe(1);
  });
});

describe('faults while waiting', () => {
  const started: Partial<IsCompleteRequest> = { RestoreAction: 'started', RestoreStartedAt: NOW - 60_000 };

  test('retryable errors that outlast one invocation answer "not complete yet"', async () => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), ...started };
    await expect(isComplete(event)).resolves.toEqual({ IsComplete: false });
    expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, RETRY_POLICY.attempts);
  });

  test.each(['DependencyFailureException', 'ServiceUnavailableException', 'InternalFailure'])('%s is retried, then answers "not complete yet"', async name => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError(name, 'x', 500));
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), ...started };
    await expect(isComplete(event)).resolves.toEqual({ IsComplete: false });
  });

  test("a fault that lasts until the RestoreJob's timeout fails, naming the last error", async () => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const event = { ...request('Create', { PhysicalResourceId: 'J1', ResourceProperties: { ...properties({ TimeoutSeconds: '600' }) } }), RestoreAction: 'started' as const, RestoreStartedAt: NOW - 601_000 };
    await expect(isComplete(event)).rejects.toThrow(/DescribeRestoreJob kept failing for restore job J1 until this RestoreJob's timeout of 600 s: ThrottlingException: Rate exceeded/);
  });

  test('ResourceNotFoundException in the first minutes after the start means "not visible yet"', async () => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'not found'));
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), ...started };
    await expect(isComplete(event)).resolves.toEqual({ IsComplete: false });
    expect(backup).toHaveReceivedCommandTimes(DescribeRestoreJobCommand, 1);
  });

  test('ResourceNotFoundException long after the start fails', async () => {
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'not found'));
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), RestoreAction: 'started' as const, RestoreStartedAt: NOW - 10 * 60_000 };
    await expect(isComplete(event)).rejects.toThrow(/DescribeRestoreJob failed for restore job J1: ResourceNotFoundException/);
  });

  test('a job without CreationDate still times out, counted from when the request started waiting', async () => {
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'RUNNING' });
    const event = { ...request('Create', { PhysicalResourceId: 'J1', ResourceProperties: { ...properties({ TimeoutSeconds: '600' }) } }), RestoreAction: 'started' as const, RestoreStartedAt: NOW - 700_000 };
    await expect(isComplete(event)).rejects.toThrow(/still RUNNING .* after 700 s, past this RestoreJob's timeout of 600 s/);
  });
});

describe("Lambda's timeout", () => {
  const realPolicy = { ...RETRY_POLICY };
  afterEach(() => Object.assign(RETRY_POLICY, realPolicy));

  test('a hung connection costs one attempt, and the invocation answers before its time runs out', async () => {
    // GIVEN calls that never answer, 200 ms attempts, and an invocation with 1 s left after the answer margin
    (Date.now as jest.Mock).mockRestore();
    Object.assign(RETRY_POLICY, { attemptTimeoutMs: 200, answerMarginMs: 100 });
    backup.on(DescribeRestoreJobCommand).callsFake(() => new Promise(() => undefined));
    const deadline = Date.now() + 1_100;
    const context = { getRemainingTimeInMillis: () => deadline - Date.now() };
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), RestoreAction: 'started' as const, RestoreStartedAt: Date.now() };

    // WHEN
    const result = await isComplete(event, context);

    // THEN it gave up on the hung calls in time and asks again at the next poll
    expect(result).toEqual({ IsComplete: false });
    expect(Date.now()).toBeLessThan(deadline);
    expect(backup.commandCalls(DescribeRestoreJobCommand).length).toBeGreaterThanOrEqual(2);
  });
});

describe('failure reasons fit in the 4096-byte response', () => {
  /** The FAILED response body exactly as the Provider framework builds it from a thrown error. */
  function frameworkBody(error: Error, event: CustomResourceRequest): string {
    const trace = String(error.stack).split('\n');
    const message = [error.message, '', 'Logs: /aws/lambda/' + (process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'x'.repeat(64)), ''].join('\n');
    const reason = [message, ...trace.slice(1)].join('\n');
    return JSON.stringify({
      Status: 'FAILED',
      Reason: reason,
      StackId: event.StackId,
      RequestId: event.RequestId,
      PhysicalResourceId: event.PhysicalResourceId ?? 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
      LogicalResourceId: event.LogicalResourceId,
    });
  }

  test('a 3.5 KB AWS status message travels once, whole', async () => {
    const awsMessage = 'The restore failed because ' + 'x'.repeat(3500);
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'FAILED', StatusMessage: awsMessage });
    const event = request('Create', { PhysicalResourceId: 'J1' });
    const error = await isComplete(event).catch(e => e as Error);
    const body = frameworkBody(error as Error, event);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect(body.split(awsMessage)).toHaveLength(2); // exactly once
  });

  test("a 6 KB AWS status message: AWS's message first, cut to fit", async () => {
    const awsMessage = 'The restore failed because ' + 'x'.repeat(6000);
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J1', Status: 'FAILED', StatusMessage: awsMessage });
    const event = request('Create', { PhysicalResourceId: 'J1' });
    const error = await isComplete(event).catch(e => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(Buffer.byteLength(frameworkBody(error as Error, event))).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect((error as Error).message).toMatch(/^Restore job J1 FAILED: The restore failed because x+ …\(cut: \d+ more characters\)$/);
  });

  test('many problems: listed on one line, as many as fit, then "and N more"', async () => {
    // 60 spellings of one key that differ only in case: each is an error (AWS reads keys case-insensitively).
    const metadata: Record<string, string> = { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' };
    for (let i = 1; i <= 60; i++) {
      metadata[[...'newfilesystem'].map((c, j) => (Math.floor(i / 2 ** (j % 7)) % 2 === 1 ? c.toUpperCase() : c)).join('')] = 'true';
    }
    const event = request('Create', { ResourceProperties: { ...properties({ Metadata: metadata }) } });
    const error = await onEvent(event).catch(e => e as Error);
    expect(error).toBeInstanceOf(Error);
    const body = frameworkBody(error as Error, event);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
    expect((error as Error).message).toMatch(/^\d+ problems: \(1\) .* \| and \d+ more$/);
    expect((error as Error).message).not.toContain('\n');
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('a long physical id is counted in the budget', async () => {
    const longId = encodePhysicalId({
      cur: { id: 'J2', digest: 'd', attributes: { RecoveryPointArn: `arn:aws:backup:us-east-1:123456789012:recovery-point:${'Q'.repeat(300)}` } },
      prev: { id: 'J1', digest: 'e', attributes: { RecoveryPointArn: 'R'.repeat(200), CreatedResourceArn: 'C'.repeat(200) } },
    });
    backup.on(DescribeRestoreJobCommand).resolves({ RestoreJobId: 'J2', Status: 'FAILED', StatusMessage: 'y'.repeat(4000) });
    const event = request('Update', { PhysicalResourceId: longId, ResourceProperties: { ...properties({ WaitForCompletion: 'true' }) } });
    const error = await isComplete({ ...event, RestoreAction: 'started' }).catch(e => e as Error);
    expect(Buffer.byteLength(frameworkBody(error as Error, event))).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
  });
});

describe('deploy time rejects what is dangerous before starting a job', () => {
  test.each([
    ['a literal token in a metadata value', { Metadata: { ...A.Metadata, KmsKeyId: '${Token[TOKEN.123]}' } }, /Property Metadata\.KmsKeyId holds an unresolved CDK token/],
    ['a literal list token', { IamRoleArn: '#{Token[TOKEN.9]}' }, /Property IamRoleArn holds an unresolved CDK token/],
    ['an unknown top-level property', { Bogus: 'x' }, /Property Bogus is not one this version of cdk-backup-restore renders/],
    ['a timeout beyond what a custom resource can wait', { TimeoutSeconds: '7200' }, /Property TimeoutSeconds is 7200, outside 1\.\.3300/],
  ])('%s', async (_what, extra, message) => {
    const event = request('Create', { ResourceProperties: { ...A, ...extra } });
    await expect(onEvent(event)).rejects.toThrow(message);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('no message quotes the metadata value it rejects', async () => {
    const event = request('Create', { ResourceProperties: { ...A, Metadata: { ...A.Metadata, KmsKeyId: '${Token[secret-token-text]}' } } });
    const error = await onEvent(event).catch(e => e as Error);
    expect((error as Error).message).not.toContain('secret-token-text');
  });
});

describe('physical id', () => {
  test('round-trips the state and starts with the job id', () => {
    const state = {
      cur: { id: 'J2', digest: 'abc', attributes: { RecoveryPointArn: RECOVERY_POINT_ARN, Status: 'COMPLETED', CreatedResourceArn: CREATED_ARN } },
      prev: { id: 'J1', digest: 'def', attributes: { RecoveryPointArn: RECOVERY_POINT_ARN } },
    };
    const id = encodePhysicalId(state);
    expect(id.startsWith('J2|r1|')).toBe(true);
    expect(decodePhysicalId(id)).toEqual(state);
  });

  test('never exceeds 1 KB: the previous attributes go first, then the previous job', () => {
    // Hash output does not compress: this state cannot fit whole.
    const noise = (seed: string, n: number) => Array.from({ length: Math.ceil(n / 44) }, (_, i) => createHash('sha256').update(`${seed}-${i}`).digest('base64')).join('').slice(0, n);
    const state = {
      cur: { id: 'J2', digest: 'abc', attributes: { RecoveryPointArn: noise('a', 300), CreatedResourceArn: noise('b', 300) } },
      prev: { id: 'J1', digest: 'def', attributes: { RecoveryPointArn: noise('c', 300) } },
    };
    const id = encodePhysicalId(state);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_PHYSICAL_ID_BYTES);
    const decoded = decodePhysicalId(id);
    expect(decoded.cur).toEqual(state.cur);
    expect(decoded.prev?.attributes).toBeUndefined();
  });

  test('a bare id (older versions) is a job with no recorded state', () => {
    expect(decodePhysicalId('8e0a0c3b-1111-2222-3333-444444444444')).toEqual({ cur: { id: '8e0a0c3b-1111-2222-3333-444444444444' } });
  });
});

describe('deploy-time metadata checks', () => {
  test.each([
    ['newFilesystem', 'newFileSystem'],
    ['Encripted', 'Encrypted'],
  ])("a near-miss of a known key ('%s') is an error with 'did you mean', before any job starts", async (typo, known) => {
    const metadata = { 'file-system-id': 'fs-0123456789abcdef0', [typo]: 'true' };
    const event = request('Create', { ResourceProperties: { ...properties({ Metadata: metadata }) } });
    await expect(onEvent(event)).rejects.toThrow(new RegExp(`'${typo}'.*did you mean '${known}'`));
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('messages name the key and where its value came from, never the value', async () => {
    const secret = 'arn:aws:kms:us-east-1:123456789012:key/secret-value-1234';
    const metadata = { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true', 'Encrypted': 'false', 'KmsKeyId': secret, 'PerformanceMode': 'secret-mode' };
    const event = request('Create', { ResourceProperties: { ...properties({ Metadata: metadata }) } });
    const error = await onEvent(event).catch(e => e as Error);
    expect((error as Error).message).toMatch(/KmsKeyId/);
    expect((error as Error).message).toMatch(/set in the stack/);
    expect((error as Error).message).not.toContain('secret-value-1234');
    expect((error as Error).message).not.toContain('secret-mode');
    expect(logged.join('\n')).not.toContain('secret');
  });
});

describe('the retry budget comes from the invocation', () => {
  test('in Lambda, a call is retried for as long as the invocation has time to answer, not a fixed count', async () => {
    const realPolicy = { ...RETRY_POLICY };
    try {
      (Date.now as jest.Mock).mockRestore();
      Object.assign(RETRY_POLICY, { baseDelayMs: 1, maxDelayMs: 1, answerMarginMs: 0 });
      (Math.random as jest.Mock).mockReturnValue(0.5);
      backup.on(StartRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
      const deadline = Date.now() + 300;
      const error = await onEvent(request('Create'), { getRemainingTimeInMillis: () => deadline - Date.now() }).catch(e => e as Error);
      expect((error as Error).message).toMatch(/StartRestoreJob did not succeed .* within the handler's time/);
      expect(backup.commandCalls(StartRestoreJobCommand).length).toBeGreaterThan(RETRY_POLICY.attempts);
    } finally {
      Object.assign(RETRY_POLICY, realPolicy);
    }
  });
});

describe('found by an independent review (its stand-in, the bundled handlers)', () => {
  test('a physical id whose record is not an object (JSON null, empty job id) never crashes Delete or an update', async () => {
    for (const physicalId of ['ABCDEF01-2345|r1|yyvNyQEA', '|r1|yyvNyQEA']) {
      await expect(onEvent(request('Delete', { PhysicalResourceId: physicalId }))).resolves.toEqual({ PhysicalResourceId: physicalId });
      expect(decodePhysicalId(physicalId)).toEqual({ cur: { id: physicalId.split('|')[0] } });
    }
  });

  test('long recovery point and created resource ARNs still leave room for the replaced job: a rollback answers it when AWS no longer describes it', async () => {
    const name = (seed: string) => createHash('sha256').update(seed).digest('hex').repeat(4).slice(0, 200);
    const props = (table: string, source: string) => properties({
      ResourceType: 'DynamoDB',
      Metadata: { targetTableName: table },
      RecoveryPointArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${source}/backup/01700000000000-abcdef12`,
    });
    const longA = { ...props(name('ta'), name('sa')) };
    const longB = { ...props(name('tb'), name('sb')) };
    const done = (id: string, table: string, arn: string) => ({
      RestoreJobId: id,
      Status: 'COMPLETED' as const,
      RecoveryPointArn: arn,
      ResourceType: 'DynamoDB',
      CreatedResourceArn: `arn:aws:dynamodb:us-east-1:123456789012:table/${table}`,
      CreationDate: new Date(NOW - 600_000),
      CompletionDate: new Date(NOW - 60_000),
    });
    backup.on(StartRestoreJobCommand).resolvesOnce({ RestoreJobId: 'J1' }).resolvesOnce({ RestoreJobId: 'J2' });
    backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J1' }).resolves(done('J1', name('ta'), longA.RecoveryPointArn!));
    backup.on(DescribeRestoreJobCommand, { RestoreJobId: 'J2' }).resolves(done('J2', name('tb'), longB.RecoveryPointArn!));
    const created = await run(request('Create', { ResourceProperties: longA }));
    const replaced = await run(request('Update', { RequestId: 'u', ResourceProperties: longB, OldResourceProperties: longA, PhysicalResourceId: created.physicalId }));
    expect(Buffer.byteLength(replaced.physicalId)).toBeLessThanOrEqual(1024);
    expect(decodePhysicalId(replaced.physicalId).prev?.attributes?.CreatedResourceArn).toBe(created.done.Data!.CreatedResourceArn);
    backup.reset();
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'gone'));

    const rollback = await run(request('Update', { RequestId: 'rb', ResourceProperties: longA, OldResourceProperties: longB, PhysicalResourceId: replaced.physicalId }));
    expect(rollback.done.Data).toEqual(created.done.Data);
  });

  test('an update that keeps the job keeps its physical id, even when it had to ask AWS (waitForCompletion false → true)', async () => {
    const noWait = { ...properties({ WaitForCompletion: 'false' }) };
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' });
    backup.on(DescribeRestoreJobCommand).resolvesOnce({ RestoreJobId: 'J1', Status: 'RUNNING', RecoveryPointArn: RECOVERY_POINT_ARN, CreationDate: new Date(NOW - 60_000) });
    const created = await run(request('Create', { ResourceProperties: noWait }));
    backup.on(DescribeRestoreJobCommand).resolves(completedJob('J1', '2026-11-25T11:59:00Z'));
    const kept = await run(request('Update', { RequestId: 'u', ResourceProperties: { ...A }, OldResourceProperties: noWait, PhysicalResourceId: created.physicalId }));
    expect(kept.done).toMatchObject({ IsComplete: true, PhysicalResourceId: created.physicalId, Data: { Status: 'COMPLETED' } });
  });

  test('waitForCompletion false → true on a job AWS no longer describes: a clear error naming the fix', async () => {
    const event = { ...request('Update', { PhysicalResourceId: 'J-old', ResourceProperties: { ...A } }), RestoreAction: 'kept' as const };
    backup.on(DescribeRestoreJobCommand).rejects(awsError('ResourceNotFoundException', 'gone'));
    await expect(isComplete(event)).rejects.toThrow(/completion was never recorded and AWS Backup no longer describes it.*change idempotencyToken to restore again/);
  });

  test('a 200 answer whose body was cut off is retried, not a failure', async () => {
    backup.on(DescribeRestoreJobCommand)
      .rejectsOnce(Object.assign(new SyntaxError('Unexpected end of JSON input'), { $response: { statusCode: 200 } }))
      .resolves(completedJob('J1', '2026-11-25T11:59:00Z'));
    const event = { ...request('Create', { PhysicalResourceId: 'J1' }), RestoreAction: 'started' as const };
    await expect(isComplete(event)).resolves.toMatchObject({ IsComplete: true });
  });
});

describe('a user-chosen idempotencyToken kept across a change of the restore input', () => {
  test('AWS Backup answering the previous job again fails the update, naming the fix (no physical id names one job twice)', async () => {
    // GIVEN A with the user's token started J1
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'J1' }); // the same token: AWS answers J1 again
    backup.on(DescribeRestoreJobCommand).resolves(completedJob('J1', '2026-11-25T11:58:00Z'));
    const created = await run(request('Create', { ResourceProperties: { ...A, IdempotencyToken: 'my-token' } }));

    // WHEN the input changes to B but the token stays
    const update = onEvent(request('Update', {
      RequestId: 'u',
      ResourceProperties: { ...B, IdempotencyToken: 'my-token' },
      OldResourceProperties: { ...A, IdempotencyToken: 'my-token' },
      PhysicalResourceId: created.physicalId,
    }));

    // THEN the update fails instead of answering J1 (restored from A) under a new physical id
    await expect(update).rejects.toThrow(/answered restore job J1 again: the idempotencyToken is the one that started it.*Fix: change idempotencyToken/);
  });
});
