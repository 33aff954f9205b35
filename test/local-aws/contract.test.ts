/**
 * Contract test: the Backup emulator against the schemas shipped inside the installed
 * @aws-sdk/client-backup. Routes, member locations, required members, output member names and JSON types
 * are read from the SDK's operation schemas, so an SDK upgrade that moves or renames anything fails here.
 * Errors are checked through the real SDK client: each must surface as the typed exception.
 */
import * as http from 'http';
import { createRequire } from 'module';
import {
  BackupClient, BackupServiceException, DescribeRestoreJobCommand, DescribeRestoreJobCommandOutput, GetRecoveryPointRestoreMetadataCommand,
  InvalidParameterValueException, ListRecoveryPointsByBackupVaultCommand, ListRecoveryPointsByResourceCommand,
  MissingParameterValueException, ResourceNotFoundException, ServiceUnavailableException, StartRestoreJobCommand,
} from '@aws-sdk/client-backup';
import * as backupSdk from '@aws-sdk/client-backup';
import { LocalAws, ROUTES, RouteSpec, startLocalAws } from './index';

// The schema helpers of the SDK's own runtime (the version client-backup itself uses).
const sdkRequire = createRequire(require.resolve('@aws-sdk/client-backup'));
const { NormalizedSchema } = sdkRequire('@smithy/core/schema') as typeof import('@smithy/core/schema');

type Schema = ReturnType<typeof NormalizedSchema.of>;
type OperationTuple = [number, string, string, { http?: [string, string, number] }, () => unknown, () => unknown];

const SDK = backupSdk as unknown as Record<string, unknown>;
function operation(name: string): { method: string; uri: string; input: Schema; output: Schema; inputTuple: unknown[] } {
  const op = SDK[`${name}$`] as OperationTuple | undefined;
  if (!op) throw new Error(`@aws-sdk/client-backup has no schema for ${name}`);
  const [method, uri] = op[3].http!;
  const inputTuple = op[4]() as unknown[];
  return { method, uri, input: NormalizedSchema.of(inputTuple as never), output: NormalizedSchema.of(op[5]() as never), inputTuple };
}

function members(schema: Schema): Array<[string, Schema]> {
  return [...schema.structIterator()] as Array<[string, Schema]>;
}

/** Required members: a structure schema lists them first and records how many (its 7th element). */
function requiredMembers(inputTuple: unknown[]): string[] {
  const names = inputTuple[4] as string[];
  const count = typeof inputTuple[6] === 'number' ? inputTuple[6] : 0;
  return names.slice(0, count);
}

const ACCOUNT = '123456789012';
const RP = `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:C0FFEE00-0000-4000-8000-000000000001`;
const RESOURCE = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`;
const SECRET = 'metadata-value-that-must-not-be-echoed';

let aws: LocalAws;
let client: BackupClient;
const logLines: string[] = [];

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 7, logger: line => logLines.push(line) });
  aws.backup.seedVault({ name: 'Vault' });
  aws.backup.seedRecoveryPoint({
    recoveryPointArn: RP,
    backupVaultName: 'Vault',
    resourceType: 'EFS',
    resourceArn: RESOURCE,
    restoreMetadata: { 'file-system-id': 'fs-0123456789abcdef0', 'Encrypted': 'false' },
    restore: { durationSeconds: 600 },
  });
  for (let i = 2; i <= 5; i++) {
    aws.backup.seedRecoveryPoint({ recoveryPointArn: RP.replace(/1$/, String(i)), backupVaultName: 'Vault', resourceType: 'EFS', resourceArn: RESOURCE });
  }
  client = new BackupClient({ ...aws.clientConfig('backup'), maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await aws?.close();
});

describe.each(ROUTES.map(r => [r.operation, r] as [string, RouteSpec]))('%s route matches the SDK schema', (name, route) => {
  const op = operation(name);

  test('HTTP method and URI', () => {
    expect({ method: route.method, uri: route.uri }).toEqual({ method: op.method, uri: op.uri });
  });

  test('member locations: labels, query parameters, body', () => {
    const labels: string[] = [];
    const query: Record<string, string> = {};
    const body: string[] = [];
    for (const [member, schema] of members(op.input)) {
      const traits = schema.getMergedTraits() as Record<string, unknown>;
      if (traits.httpLabel) labels.push(member);
      else if (typeof traits.httpQuery === 'string') query[traits.httpQuery] = member;
      else if (traits.httpHeader || traits.httpPrefixHeaders) throw new Error(`${name}.${member} is a header: the emulator reads none`);
      else body.push(member);
    }
    const uriLabels = [...route.uri.matchAll(/\{(\w+)\}/g)].map(m => m[1]);
    expect(uriLabels.sort()).toEqual(labels.sort());
    expect(route.query).toEqual(query);
    expect([...route.body].sort()).toEqual(body.sort());
  });
});

/** Raw HTTP, to see the JSON exactly as the emulator writes it. */
interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

function raw(method: string, path: string, body?: unknown): Promise<RawResponse> {
  const url = new URL(path, aws.backup.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json' } }, res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

/** Fill a URI template from the schema with percent-encoded labels, as the SDK does. */
function fill(uri: string, labels: Record<string, string>): string {
  return uri.replace(/\{(\w+)\}/g, (_m, label: string) => encodeURIComponent(labels[label]));
}

/** Every member of a JSON document is declared in the schema with a matching JSON type. */
function expectConforms(value: unknown, schema: Schema, where: string): void {
  if (schema.isStructSchema()) {
    expect(typeof value).toBe('object');
    const declared = new Map(members(schema));
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!declared.has(key)) throw new Error(`${where}.${key} is not a member of ${schema.getName()}`);
      expectConforms(v, declared.get(key)!, `${where}.${key}`);
    }
  } else if (schema.isListSchema()) {
    expect(Array.isArray(value)).toBe(true);
    (value as unknown[]).forEach((v, i) => expectConforms(v, schema.getValueSchema(), `${where}[${i}]`));
  } else if (schema.isMapSchema()) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) expectConforms(v, schema.getValueSchema(), `${where}{${k}}`);
  } else if (schema.isTimestampSchema()) {
    // restJson1 timestamps default to epoch seconds (a JSON number).
    if (typeof value !== 'number') throw new Error(`${where} should be epoch seconds, got ${typeof value}`);
  } else if (schema.isStringSchema()) {
    if (typeof value !== 'string') throw new Error(`${where} should be a string, got ${typeof value}`);
  } else if (schema.isNumericSchema()) {
    if (typeof value !== 'number') throw new Error(`${where} should be a number, got ${typeof value}`);
  } else if (schema.isBooleanSchema()) {
    if (typeof value !== 'boolean') throw new Error(`${where} should be a boolean, got ${typeof value}`);
  }
}

describe('responses conform to the output schemas', () => {
  test('StartRestoreJob and DescribeRestoreJob', async () => {
    const start = operation('StartRestoreJob');
    const started = await raw(start.method, start.uri, { RecoveryPointArn: RP, Metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' }, IdempotencyToken: 'contract-shape' });
    expect(started.status).toBe(200);
    expectConforms(started.json, start.output, 'StartRestoreJobOutput');

    const describe = operation('DescribeRestoreJob');
    const described = await raw(describe.method, fill(describe.uri, { RestoreJobId: String(started.json.RestoreJobId) }));
    expect(described.status).toBe(200);
    expectConforms(described.json, describe.output, 'DescribeRestoreJobOutput');
    expect(described.json).toMatchObject({ RestoreJobId: started.json.RestoreJobId, Status: 'PENDING', PercentDone: '0.00', ResourceType: 'EFS' });
  });

  test('GetRecoveryPointRestoreMetadata (the ARN label percent-encoded)', async () => {
    const op = operation('GetRecoveryPointRestoreMetadata');
    const res = await raw(op.method, `${fill(op.uri, { BackupVaultName: 'Vault', RecoveryPointArn: RP })}?backupVaultAccountId=${ACCOUNT}`);
    expect(res.status).toBe(200);
    expectConforms(res.json, op.output, 'GetRecoveryPointRestoreMetadataOutput');
  });

  test('ListRecoveryPointsByBackupVault and ListRecoveryPointsByResource', async () => {
    for (const [name, labels] of [['ListRecoveryPointsByBackupVault', { BackupVaultName: 'Vault' }], ['ListRecoveryPointsByResource', { ResourceArn: RESOURCE }]] as const) {
      const op = operation(name);
      const res = await raw(op.method, `${fill(op.uri, labels)}?maxResults=2`);
      expect(res.status).toBe(200);
      expectConforms(res.json, op.output, `${name}Output`);
      expect(res.json.RecoveryPoints).toHaveLength(2);
      expect(typeof res.json.NextToken).toBe('string');
    }
  });
});

describe('through the real SDK client', () => {
  test('StartRestoreJob → DescribeRestoreJob, dates in the harness clock, idempotent tokens', async () => {
    const input = { RecoveryPointArn: RP, Metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' }, IdempotencyToken: 'contract-sdk', ResourceType: 'EFS' };
    const a = await client.send(new StartRestoreJobCommand(input));
    const b = await client.send(new StartRestoreJobCommand(input));
    expect(b.RestoreJobId).toBe(a.RestoreJobId);
    expect(aws.backup.stats().jobsStartedByToken.get('contract-sdk')).toBe(1);
    expect(aws.backup.stats().startRequestsByToken.get('contract-sdk')).toBe(2);

    const job = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: a.RestoreJobId }));
    expect(job.CreationDate).toBeInstanceOf(Date);
    expect(job.CreationDate!.getTime()).toBe(aws.backup.job(a.RestoreJobId!)!.creationDate);
    expect(job.RecoveryPointCreationDate).toBeInstanceOf(Date);
    expect(job.Status).toBe('PENDING');
  });

  test('a job moves PENDING → RUNNING → COMPLETED on the harness clock, with PercentDone and progress events', async () => {
    const progress: Array<{ status: string; percentDone: number }> = [];
    const onProgress = (v: { restoreJobId: string; status: string; percentDone: number }) => progress.push(v);
    aws.backup.on('progress', onProgress);
    const { RestoreJobId } = await client.send(new StartRestoreJobCommand({ RecoveryPointArn: RP, Metadata: { 'file-system-id': 'fs-0123456789abcdef0' } }));
    const seen: string[] = [];
    let last: DescribeRestoreJobCommandOutput = { $metadata: {} };
    for (let i = 0; i < 200 && last.Status !== 'COMPLETED'; i++) {
      last = await client.send(new DescribeRestoreJobCommand({ RestoreJobId }));
      if (seen[seen.length - 1] !== last.Status) seen.push(last.Status!);
      await aws.clock.sleep(30_000);
    }
    aws.backup.off('progress', onProgress);
    expect(seen).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    expect(last.PercentDone).toBe('100.00');
    expect(last.CreatedResourceArn).toMatch(/^arn:aws:elasticfilesystem:/);
    expect(last.CompletionDate).toBeInstanceOf(Date);
    const running = progress.filter(p => p.status === 'RUNNING').map(p => p.percentDone);
    expect(running.length).toBeGreaterThan(3);
    expect([...running].sort((x, y) => x - y)).toEqual(running);
  });

  test('GetRecoveryPointRestoreMetadata and both List operations, with pagination', async () => {
    const meta = await client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'Vault', RecoveryPointArn: RP, BackupVaultAccountId: ACCOUNT }));
    expect(meta).toMatchObject({ RecoveryPointArn: RP, ResourceType: 'EFS', RestoreMetadata: { 'file-system-id': 'fs-0123456789abcdef0', 'Encrypted': 'false' } });

    const arns: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Vault', MaxResults: 2, NextToken, ByResourceType: 'EFS' }));
      arns.push(...page.RecoveryPoints!.map(p => p.RecoveryPointArn!));
      expect(page.RecoveryPoints![0].CreationDate).toBeInstanceOf(Date);
      NextToken = page.NextToken;
    } while (NextToken);
    expect(arns).toHaveLength(5);

    const byResource = await client.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: RESOURCE, MaxResults: 20 }));
    expect(byResource.RecoveryPoints).toHaveLength(5);
    expect(byResource.RecoveryPoints![0].BackupSizeBytes).toBe(1024 ** 3);
  });

  test('typed exceptions: ResourceNotFoundException', async () => {
    const error = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: 'no-such-job' })).catch(e => e);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', Code: 'ResourceNotFoundException', Type: 'User', $fault: 'client' });
    expect(error.message).toContain('no-such-job');

    const vault = await client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: 'Nope', RecoveryPointArn: RP })).catch(e => e);
    expect(vault).toBeInstanceOf(ResourceNotFoundException);
    const rp = await client.send(new StartRestoreJobCommand({ RecoveryPointArn: `${RP}9`, Metadata: {} })).catch(e => e);
    expect(rp).toBeInstanceOf(ResourceNotFoundException);
  });

  test('typed exceptions: MissingParameterValueException for every required StartRestoreJob member (from the schema)', async () => {
    const required = requiredMembers(operation('StartRestoreJob').inputTuple);
    expect(required).toEqual(['RecoveryPointArn', 'Metadata']);
    const full: Record<string, unknown> = { RecoveryPointArn: RP, Metadata: { 'file-system-id': 'fs-0123456789abcdef0' } };
    for (const member of required) {
      const input = { ...full };
      delete input[member];
      const error = await client.send(new StartRestoreJobCommand(input as never)).catch(e => e);
      expect(error).toBeInstanceOf(MissingParameterValueException);
      expect(error.message).toContain(member);
    }
  });

  test('typed exceptions: InvalidParameterValueException never echoes a metadata value', async () => {
    const before = logLines.length;
    const error = await client.send(new StartRestoreJobCommand({ RecoveryPointArn: RP, Metadata: { good: 'x', bad: { nested: SECRET } as never } })).catch(e => e);
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toContain("'bad'");
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(logLines.slice(before).join('\n')).not.toContain(SECRET);

    const role = await client.send(new StartRestoreJobCommand({ RecoveryPointArn: RP, Metadata: {}, IamRoleArn: 'not-a-role' })).catch(e => e);
    expect(role).toBeInstanceOf(InvalidParameterValueException);
    const list = await client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName: 'Vault', MaxResults: 5000 })).catch(e => e);
    expect(list).toBeInstanceOf(InvalidParameterValueException);
  });

  test('typed exceptions: ServiceUnavailableException and ThrottlingException, retried by the SDK\'s own strategy', async () => {
    aws.backup.failNext('DescribeRestoreJob', 'ServiceUnavailableException');
    const unavailable = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: 'no-such-job' })).catch(e => e);
    expect(unavailable).toBeInstanceOf(ServiceUnavailableException);
    expect(unavailable).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 503 } });

    aws.backup.failNext('DescribeRestoreJob', 'ThrottlingException');
    const throttled = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: 'no-such-job' })).catch(e => e);
    expect(throttled).toBeInstanceOf(BackupServiceException);
    expect(throttled.name).toBe('ThrottlingException');

    // A client with the default retry strategy recognises both as transient and retries them.
    const retrying = new BackupClient({ ...aws.clientConfig('backup'), maxAttempts: 3 });
    try {
      const { RestoreJobId } = await retrying.send(new StartRestoreJobCommand({ RecoveryPointArn: RP, Metadata: {}, IdempotencyToken: 'contract-retry' }));
      aws.backup.failNext('DescribeRestoreJob', 'ThrottlingException');
      aws.backup.failNext('DescribeRestoreJob', 'ServiceUnavailableException');
      const ok = await retrying.send(new DescribeRestoreJobCommand({ RestoreJobId }));
      expect(ok.$metadata.attempts).toBe(3);
    } finally {
      retrying.destroy();
    }
  });

  test('an unknown route is not silently accepted', async () => {
    const res = await raw('GET', '/backup-jobs/x');
    expect(res.status).toBe(404);
    expect(res.headers['x-amzn-errortype']).toMatch(/^UnknownOperationException/);
  });
});
