import { BackupClient, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, properties, RECOVERY_POINT_ARN, request, ROLE_ARN } from './fixtures';
import { decodePhysicalId, restoreInputDigest } from '../../src/restore-job-handler/physical-id';
import { handler } from '../../src/restore-job-handler/restore-on-event.lambda';

const backup = mockClient(BackupClient);
let logged: string[];

beforeEach(() => {
  backup.reset();
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); });
  jest.spyOn(Math, 'random').mockReturnValue(0); // no backoff delay in tests
});
afterEach(() => jest.restoreAllMocks());

describe('Create', () => {
  test('starts the restore job with every property; the physical id starts with its id and records its input', async () => {
    // GIVEN
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    // WHEN
    const response = await handler(request('Create', {
      ResourceProperties: { ...properties({ CopySourceTagsToRestoredResource: 'true' }) },
    }));
    // THEN
    expect(response).toEqual({ PhysicalResourceId: expect.stringMatching(/^job-123\|r1\|/), RestoreStartedAt: expect.any(Number), RestoreAction: 'started' });
    expect(decodePhysicalId(response.PhysicalResourceId)).toEqual({
      cur: { id: 'job-123', digest: restoreInputDigest({ ...properties({ CopySourceTagsToRestoredResource: 'true' }) }) },
    });
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 1);
    expect(backup).toHaveReceivedCommandWith(StartRestoreJobCommand, {
      RecoveryPointArn: RECOVERY_POINT_ARN,
      Metadata: properties().Metadata,
      IamRoleArn: ROLE_ARN,
      ResourceType: 'EFS',
      CopySourceTagsToRestoredResource: true,
      IdempotencyToken: expect.stringMatching(/^cfn-[0-9a-f]{48}$/),
    });
  });

  test('omits optional fields that are not set', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    const props: Record<string, unknown> = { ...properties() };
    delete props.IamRoleArn;
    delete props.ResourceType;
    await handler(request('Create', { ResourceProperties: props }));
    const input = backup.commandCalls(StartRestoreJobCommand)[0].args[0].input;
    expect(input.IamRoleArn).toBeUndefined();
    expect(input.ResourceType).toBeUndefined();
    expect(input.CopySourceTagsToRestoredResource).toBeUndefined();
  });

  test('derives the same idempotency token for a retried request, and a new one for a new request', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    await handler(request('Create'));
    await handler(request('Create')); // CloudFormation retry: same RequestId
    await handler(request('Create', { RequestId: 'another-request' }));
    const tokens = backup.commandCalls(StartRestoreJobCommand).map(c => c.args[0].input.IdempotencyToken);
    expect(tokens[0]).toEqual(tokens[1]);
    expect(tokens[2]).not.toEqual(tokens[0]);
  });

  test('the token depends on the stack and the logical id too', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    await handler(request('Create'));
    await handler(request('Create', { LogicalResourceId: 'OtherRestore' }));
    await handler(request('Create', { StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/other/1' }));
    const tokens = new Set(backup.commandCalls(StartRestoreJobCommand).map(c => c.args[0].input.IdempotencyToken));
    expect(tokens.size).toBe(3);
  });

  test("uses the user's idempotency token unchanged", async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    await handler(request('Create', { ResourceProperties: { ...properties({ IdempotencyToken: 'my-token' }) } }));
    expect(backup).toHaveReceivedCommandWith(StartRestoreJobCommand, { IdempotencyToken: 'my-token' });
  });

  test('re-validates the metadata with the shared rules before calling AWS', async () => {
    const props = properties({ Metadata: { 'file-system-id': 'fs-1', 'KmsKeyId': 'arn:aws:kms:us-east-1:123456789012:key/k', 'Encrypted': 'false' } });
    await expect(handler(request('Create', { ResourceProperties: { ...props } })))
      .rejects.toThrow(/'KmsKeyId'.*'Encrypted'.*Fix: set Encrypted to 'true'/s);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('rejects malformed properties without echoing their values', async () => {
    const props = { ...properties(), Metadata: { 'file-system-id': ['not', 'a', 'string'] } };
    await expect(handler(request('Create', { ResourceProperties: props }))).rejects.toThrow(/Metadata value of key 'file-system-id' must be a string \(got a list\)/);
    await expect(handler(request('Create', { ResourceProperties: { ...properties(), TimeoutSeconds: 'soon' } })))
      .rejects.toThrow(/TimeoutSeconds must be a positive whole number of seconds \(got a string of 4 characters\)/);
    await expect(handler(request('Create', { ResourceProperties: { ...properties(), WaitForCompletion: 'yes' } })))
      .rejects.toThrow(/WaitForCompletion must be 'true' or 'false'/);
  });

  test('retries ServiceUnavailable and throttling, then succeeds', async () => {
    backup.on(StartRestoreJobCommand)
      .rejectsOnce(awsError('ServiceUnavailableException', 'try later', 500))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded', 400))
      .resolves({ RestoreJobId: 'job-123' });
    const response = await handler(request('Create'));
    expect(decodePhysicalId(response.PhysicalResourceId).cur.id).toBe('job-123');
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 3);
    // every attempt carries the same token, so AWS starts one job at most
    const tokens = new Set(backup.commandCalls(StartRestoreJobCommand).map(c => c.args[0].input.IdempotencyToken));
    expect(tokens.size).toBe(1);
  });

  test('gives up after the retry budget with the last AWS error', async () => {
    backup.on(StartRestoreJobCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    await expect(handler(request('Create'))).rejects.toThrow(/StartRestoreJob did not succeed .* \(8 attempts\): ThrottlingException: Rate exceeded/);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 8);
  });

  test('does not retry other AWS errors, and fails with their own message', async () => {
    backup.on(StartRestoreJobCommand).rejects(awsError('InvalidParameterValueException', 'Invalid file system id'));
    await expect(handler(request('Create'))).rejects.toThrow(
      `StartRestoreJob failed for recovery point ${RECOVERY_POINT_ARN}: InvalidParameterValueException: Invalid file system id`);
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 1);
  });

  test('never logs metadata values', async () => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-123' });
    await handler(request('Create'));
    const all = logged.join('\n');
    expect(all).toContain('job-123');
    expect(all).toContain('KmsKeyId'); // keys are fine
    expect(all).not.toContain('secret-key-id');
    expect(all).not.toContain('fs-0123456789abcdef0');
  });
});

describe('Update', () => {
  test('keeps the job when no restore input changed (a bare physical id, as older versions wrote it)', async () => {
    const response = await handler(request('Update', {
      OldResourceProperties: { ...properties(), TimeoutSeconds: '600' }, // a wait setting is not restore input
    }));
    expect(response).toEqual({ PhysicalResourceId: 'restore-job-1', RestoreStartedAt: expect.any(Number), RestoreAction: 'kept' });
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test('ignores the order of metadata keys', async () => {
    const metadata = properties().Metadata;
    const reversed = Object.fromEntries(Object.entries(metadata).reverse());
    await handler(request('Update', { OldResourceProperties: { ...properties({ Metadata: reversed }) } }));
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 0);
  });

  test.each([
    ['RecoveryPointArn', { RecoveryPointArn: 'arn:aws:backup:us-east-1:123456789012:recovery-point:OTHER' }],
    ['Metadata', { Metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'false' } }],
    ['IamRoleArn', { IamRoleArn: 'arn:aws:iam::123456789012:role/other' }],
    ['CopySourceTagsToRestoredResource', { CopySourceTagsToRestoredResource: 'true' as const }],
    ['IdempotencyToken', { IdempotencyToken: 'old-token' }],
  ])('starts a new job when %s changed', async (_name, oldOverride) => {
    backup.on(StartRestoreJobCommand).resolves({ RestoreJobId: 'job-new' });
    const response = await handler(request('Update', { OldResourceProperties: { ...properties(oldOverride) } }));
    expect(decodePhysicalId(response.PhysicalResourceId)).toEqual({
      cur: { id: 'job-new', digest: restoreInputDigest({ ...properties() }) },
      prev: { id: 'restore-job-1', digest: restoreInputDigest({ ...properties(oldOverride) }) },
    });
    expect(backup).toHaveReceivedCommandTimes(StartRestoreJobCommand, 1);
  });
});

describe('Delete', () => {
  test('succeeds without calling AWS, keeps the physical id and says the resource is retained', async () => {
    const response = await handler(request('Delete', { Data: { CreatedResourceArn: 'arn:created' } }));
    expect(response).toEqual({ PhysicalResourceId: 'restore-job-1' });
    expect(backup.calls()).toHaveLength(0);
    expect(logged.join('\n')).toMatch(/retained.*no API to undo a restore/);
  });

  test('succeeds after a failed create, whatever the physical id', async () => {
    const response = await handler(request('Delete', {
      PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED',
      ResourceProperties: { Metadata: 'garbage' },
    }));
    expect(response.PhysicalResourceId).toBe('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
  });
});

test('rejects an unknown request type', async () => {
  await expect(handler({ ...request('Create'), RequestType: 'Replace' as never })).rejects.toThrow(/Unknown request type 'Replace'/);
});
