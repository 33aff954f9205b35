/**
 * Contract test of the restored-resource stand-ins (RDS, EC2, EFS, FSx, Redshift, DynamoDB): every operation is
 * driven with the REAL SDK client, so the SDK's own deserializers must accept the wire format and raise the right
 * typed errors; every raw answer is also checked against the installed SDK's output schema (no element or member
 * the parser would drop, JSON types right, required members present); and the clients find the stand-ins through
 * the AWS_ENDPOINT_URL_* variables alone, as the handlers in the sandboxes do.
 */
import * as http from 'http';
import { createRequire } from 'module';
import { BackupClient, DescribeRestoreJobCommand, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import * as ddbSdk from '@aws-sdk/client-dynamodb';
import {
  DeleteTableCommand, DescribeTableCommand, DynamoDBClient,
  ResourceInUseException, ResourceNotFoundException as DdbResourceNotFound, TagResourceCommand as DdbTagResourceCommand,
} from '@aws-sdk/client-dynamodb';
import * as ec2Sdk from '@aws-sdk/client-ec2';
import {
  CreateTagsCommand as Ec2CreateTagsCommand, DeleteVolumeCommand, DescribeInstancesCommand,
  DescribeVolumesCommand, EC2Client, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import * as efsSdk from '@aws-sdk/client-efs';
import {
  DeleteFileSystemCommand as EfsDeleteFileSystemCommand, DeleteMountTargetCommand,
  DescribeFileSystemsCommand as EfsDescribeFileSystemsCommand, DescribeMountTargetsCommand,
  EFSClient, FileSystemInUse, FileSystemNotFound as EfsFileSystemNotFound, MountTargetNotFound, TagResourceCommand as EfsTagResourceCommand,
} from '@aws-sdk/client-efs';
import * as fsxSdk from '@aws-sdk/client-fsx';
import {
  DeleteFileSystemCommand as FsxDeleteFileSystemCommand, DescribeFileSystemsCommand as FsxDescribeFileSystemsCommand,
  FileSystemNotFound as FsxFileSystemNotFound,
  FSxClient, ResourceNotFound as FsxResourceNotFound, TagResourceCommand as FsxTagResourceCommand,
} from '@aws-sdk/client-fsx';
import * as rdsSdk from '@aws-sdk/client-rds';
import {
  AddTagsToResourceCommand, DBClusterNotFoundFault, DBInstanceNotFoundFault,
  DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand,
  DescribeDBInstancesCommand, InvalidDBClusterStateFault, InvalidDBInstanceStateFault, RDSClient,
} from '@aws-sdk/client-rds';
import * as redshiftSdk from '@aws-sdk/client-redshift';
import {
  ClusterNotFoundFault, CreateTagsCommand as RedshiftCreateTagsCommand, DeleteClusterCommand,
  DescribeClustersCommand, InvalidClusterStateFault, RedshiftClient,
  ResourceNotFoundFault as RedshiftResourceNotFoundFault,
} from '@aws-sdk/client-redshift';
import { EFS_ROUTES } from './efs-service';
import { LocalAws, RESOURCE_ENDPOINT_VARIABLES, ResourceServiceName, startLocalAws } from './index';

jest.setTimeout(60_000);

// ------------------------------------------------------------------ the SDKs' schemas

const sdkRequire = createRequire(require.resolve('@aws-sdk/client-rds'));
const { NormalizedSchema } = sdkRequire('@smithy/core/schema') as typeof import('@smithy/core/schema');
type Schema = ReturnType<typeof NormalizedSchema.of>;
type OperationTuple = [number, string, string, { http?: [string, string, number] } | number, () => unknown, () => unknown];

function operationSchema(sdk: unknown, name: string): { output: Schema; tuple: OperationTuple } {
  const op = (sdk as Record<string, unknown>)[`${name}$`] as OperationTuple | undefined;
  if (!op) throw new Error(`no schema for ${name}`);
  return { output: NormalizedSchema.of(op[5]() as never), tuple: op };
}

function membersOf(schema: Schema): Map<string, Schema> {
  return new Map([...schema.structIterator()] as Array<[string, Schema]>);
}

/** Required members: a structure schema lists them first and records how many (its 7th element). */
function requiredOf(schema: Schema): string[] {
  const tuple = schema.getSchema() as unknown;
  if (!Array.isArray(tuple) || typeof tuple[6] !== 'number') return [];
  return (tuple[4] as string[]).slice(0, tuple[6]);
}

interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

/** A tiny parser for the stand-ins' own XML (no attributes but xmlns, no self-closing tags, no CDATA). */
function parseXml(xmlText: string): XmlNode {
  const root: XmlNode = { name: '#root', children: [], text: '' };
  const stack: XmlNode[] = [root];
  for (const [, closing, name, text] of xmlText.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z][\w.-]*)[^>]*>|([^<]+)/g)) {
    if (text !== undefined) {
      stack[stack.length - 1].text += text;
    } else if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`unbalanced XML at </${name}>`);
    } else {
      const node: XmlNode = { name, children: [], text: '' };
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    }
  }
  return root.children[0];
}

/** Problems of an XML element against a schema: elements the schema lacks, leaf text of the wrong type, missing required members. */
function xmlProblems(node: XmlNode, schema: Schema, at: string): string[] {
  const problems: string[] = [];
  if (schema.isListSchema()) {
    const itemName = (schema.getValueSchema().getMergedTraits().xmlName as string | undefined) ?? 'member';
    node.children.forEach((child, i) => {
      if (child.name !== itemName) problems.push(`${at}/${child.name}: list items are <${itemName}>`);
      else problems.push(...xmlProblems(child, schema.getValueSchema(), `${at}[${i}]`));
    });
  } else if (schema.isStructSchema()) {
    const byElement = new Map([...membersOf(schema)]
      .map(([member, s]) => [(s.getMergedTraits().xmlName as string | undefined) ?? member, [member, s] as const]));
    const seen = new Set<string>();
    for (const child of node.children) {
      const found = byElement.get(child.name);
      if (!found) {
        problems.push(`${at}/${child.name} is not a member of ${schema.getName()}`);
        continue;
      }
      seen.add(found[0]);
      problems.push(...xmlProblems(child, found[1], `${at}/${child.name}`));
    }
    for (const member of requiredOf(schema)) if (!seen.has(member)) problems.push(`${at}: required member ${member} missing`);
  } else {
    const text = node.text;
    if (node.children.length > 0) problems.push(`${at} should be text`);
    else if (schema.isNumericSchema() && !/^-?\d+(\.\d+)?$/.test(text)) problems.push(`${at} should be a number, got '${text}'`);
    else if (schema.isBooleanSchema() && text !== 'true' && text !== 'false') problems.push(`${at} should be a boolean, got '${text}'`);
    else if (schema.isTimestampSchema() && Number.isNaN(Date.parse(text))) problems.push(`${at} should be a date, got '${text}'`);
  }
  return problems;
}

/** Problems of a JSON value against a schema (same three kinds; timestamps are epoch seconds). */
function jsonProblems(value: unknown, schema: Schema, at: string): string[] {
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return [`${at} should be a list`];
    return value.flatMap((v, i) => jsonProblems(v, schema.getValueSchema(), `${at}[${i}]`));
  }
  if (schema.isMapSchema()) {
    if (value === null || typeof value !== 'object') return [`${at} should be a map`];
    return Object.entries(value).flatMap(([k, v]) => jsonProblems(v, schema.getValueSchema(), `${at}{${k}}`));
  }
  if (schema.isStructSchema()) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at} should be an object`];
    const members = membersOf(schema);
    const problems = Object.entries(value).flatMap(([k, v]) => {
      const member = members.get(k);
      return member ? jsonProblems(v, member, `${at}.${k}`) : [`${at}.${k} is not a member of ${schema.getName()}`];
    });
    for (const member of requiredOf(schema)) if (!(member in (value as object))) problems.push(`${at}: required member ${member} missing`);
    return problems;
  }
  if (schema.isTimestampSchema()) return typeof value === 'number' ? [] : [`${at} should be epoch seconds`];
  if (schema.isNumericSchema()) return typeof value === 'number' ? [] : [`${at} should be a number`];
  if (schema.isBooleanSchema()) return typeof value === 'boolean' ? [] : [`${at} should be a boolean`];
  if (schema.isStringSchema()) return typeof value === 'string' ? [] : [`${at} should be a string`];
  return [];
}

// ------------------------------------------------------------------ raw HTTP

interface Raw {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function raw(endpoint: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, endpoint), { method, headers }, res => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

/** An awsQuery action's Result element checked against the output schema. */
async function queryResultProblems(service: 'rds' | 'redshift', sdk: unknown, action: string, params: Record<string, string>): Promise<string[]> {
  const version = service === 'rds' ? '2014-10-31' : '2012-12-01';
  const res = await raw(aws.clientConfig(service).endpoint, 'POST', '/', new URLSearchParams({ Action: action, Version: version, ...params }).toString(), FORM);
  expect(res.status).toBe(200);
  const root = parseXml(res.body);
  expect(root.name).toBe(`${action}Response`);
  const result = root.children.find(c => c.name === `${action}Result`);
  const problems = root.children.filter(c => c.name !== `${action}Result` && c.name !== 'ResponseMetadata').map(c => `unexpected ${c.name}`);
  const { output } = operationSchema(sdk, action);
  return result ? [...problems, ...xmlProblems(result, output, action)] : problems;
}

/** An ec2Query action's answer checked against the output schema (`requestId`, and `return` of Unit outputs, are EC2's envelope). */
async function ec2Problems(action: string, params: Record<string, string>): Promise<string[]> {
  const res = await raw(aws.clientConfig('ec2').endpoint, 'POST', '/', new URLSearchParams({ Action: action, Version: '2016-11-15', ...params }).toString(), FORM);
  expect(res.status).toBe(200);
  const root = parseXml(res.body);
  expect(root.name).toBe(`${action}Response`);
  const { output } = operationSchema(ec2Sdk, action);
  const body: XmlNode = { name: action, text: '', children: root.children.filter(c => c.name !== 'requestId' && c.name !== 'return') };
  return xmlProblems(body, output, action);
}

async function jsonTargetProblems(service: 'fsx' | 'dynamodb', sdk: unknown, operation: string, input: unknown): Promise<string[]> {
  const [target, type] = service === 'fsx' ? ['AWSSimbaAPIService_v20180301', '1.1'] : ['DynamoDB_20120810', '1.0'];
  const res = await raw(aws.clientConfig(service).endpoint, 'POST', '/', JSON.stringify(input),
    { 'content-type': `application/x-amz-json-${type}`, 'x-amz-target': `${target}.${operation}` });
  expect(res.status).toBe(200);
  return jsonProblems(JSON.parse(res.body), operationSchema(sdk, operation).output, operation);
}

// ------------------------------------------------------------------ restores through the Backup emulator

let aws: LocalAws;
let backup: BackupClient;
let rds: RDSClient;
let ec2: EC2Client;
let efs: EFSClient;
let fsx: FSxClient;
let redshift: RedshiftClient;
let ddb: DynamoDBClient;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 11 });
  const one = { maxAttempts: 1 };
  backup = new BackupClient({ ...aws.clientConfig('backup'), ...one });
  rds = new RDSClient({ ...aws.clientConfig('rds'), ...one });
  ec2 = new EC2Client({ ...aws.clientConfig('ec2'), ...one });
  efs = new EFSClient({ ...aws.clientConfig('efs'), ...one });
  fsx = new FSxClient({ ...aws.clientConfig('fsx'), ...one });
  redshift = new RedshiftClient({ ...aws.clientConfig('redshift'), ...one });
  ddb = new DynamoDBClient({ ...aws.clientConfig('dynamodb'), ...one });
});

afterAll(async () => {
  for (const client of [backup, rds, ec2, efs, fsx, redshift, ddb]) client?.destroy();
  await aws?.close();
});

let restores = 0;

/** Restore a recovery point of `resourceType` with `metadata` through the real Backup client; resolves with the CreatedResourceArn once COMPLETED. */
async function restore(resourceType: string, metadata: Record<string, string>, durationSeconds = 120): Promise<{ arn: string; jobId: string }> {
  const n = ++restores;
  const recoveryPointArn = `arn:aws:backup:us-east-1:123456789012:recovery-point:5E5E0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  aws.backup.seedRecoveryPoint({ recoveryPointArn, backupVaultName: 'Vault', resourceType, restore: { durationSeconds } });
  const { RestoreJobId } = await backup.send(new StartRestoreJobCommand({
    RecoveryPointArn: recoveryPointArn, Metadata: metadata, ResourceType: resourceType,
  }));
  await aws.clock.sleep(durationSeconds * 1000 + 1000);
  const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
  expect(job.Status).toBe('COMPLETED');
  return { arn: job.CreatedResourceArn!, jobId: RestoreJobId! };
}

/** Sleep until a resource is gone (its kind's deletion time has passed). */
async function untilGone(arn: string): Promise<void> {
  const goneAt = aws.resources.get(arn)?.goneAt;
  if (goneAt === undefined) throw new Error(`${arn} is not being deleted`);
  await aws.clock.sleep(Math.max(0, goneAt - aws.clock.now()) + 1000);
}

const ZONES = expect.stringMatching(/^us-east-1[a-f]$/);

// ------------------------------------------------------------------ the world model

describe('a completed restore creates its resource', () => {
  test('at the job\'s completion, not before, with the CreatedResourceArn the job answers', async () => {
    const recoveryPointArn = 'arn:aws:backup:us-east-1:123456789012:recovery-point:5E5E0000-0000-4000-8000-AAAAAAAAAAAA';
    aws.backup.seedRecoveryPoint({ recoveryPointArn, backupVaultName: 'Vault', resourceType: 'RDS', restore: { durationSeconds: 600 } });
    const { RestoreJobId } = await backup.send(new StartRestoreJobCommand({ RecoveryPointArn: recoveryPointArn, Metadata: { DBInstanceIdentifier: 'Timing-DB' } }));
    const arn = 'arn:aws:rds:us-east-1:123456789012:db:timing-db';

    const early = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'timing-db' })).catch(e => e);
    expect(early).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(aws.resources.exists(arn)).toBe(false);

    await aws.clock.sleep(601_000);
    const job = await backup.send(new DescribeRestoreJobCommand({ RestoreJobId }));
    expect(job).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: arn });
    expect(aws.resources.exists(arn)).toBe(true);
    expect(aws.resources.get(arn)).toMatchObject({ kind: 'rds-instance', resourceType: 'RDS', restoreJobId: RestoreJobId, phase: 'available' });
    expect(aws.resources.get(arn)!.createdAt).toBe(job.CompletionDate!.getTime());
  });

  test('a FAILED or ABORTED restore creates nothing', async () => {
    const before = aws.resources.stats().created;
    for (const outcome of ['FAILED', 'ABORTED'] as const) {
      const recoveryPointArn = `arn:aws:backup:us-east-1:123456789012:recovery-point:5E5E0000-0000-4000-8000-${outcome === 'FAILED' ? 'BBBBBBBBBBBB' : 'CCCCCCCCCCCC'}`;
      aws.backup.seedRecoveryPoint({ recoveryPointArn, backupVaultName: 'Vault', resourceType: 'EBS', restore: { durationSeconds: 60, outcome } });
      await backup.send(new StartRestoreJobCommand({ RecoveryPointArn: recoveryPointArn, Metadata: { availabilityZone: 'us-east-1a' } }));
    }
    await aws.clock.sleep(61_000);
    expect(aws.resources.stats().created).toBe(before);
  });

  test.each([
    ['RDS', { DBInstanceIdentifier: 'orders-arn' }, /^arn:aws:rds:us-east-1:123456789012:db:orders-arn$/, 'rds-instance'],
    ['Aurora', { DBClusterIdentifier: 'aurora-arn', Engine: 'aurora-postgresql' },
      /^arn:aws:rds:us-east-1:123456789012:cluster:aurora-arn$/, 'rds-cluster'],
    ['DocumentDB', { dbClusterIdentifier: 'docs-arn' }, /^arn:aws:rds:us-east-1:123456789012:cluster:docs-arn$/, 'docdb-cluster'],
    ['Neptune', { DBClusterIdentifier: 'graph-arn' }, /^arn:aws:rds:us-east-1:123456789012:cluster:graph-arn$/, 'neptune-cluster'],
    ['Redshift', { ClusterIdentifier: 'warehouse-arn' }, /^arn:aws:redshift:us-east-1:123456789012:cluster:warehouse-arn$/, 'redshift-cluster'],
    ['EBS', { availabilityZone: 'us-east-1c' }, /^arn:aws:ec2:us-east-1:123456789012:volume\/vol-[0-9a-f]{17}$/, 'ebs-volume'],
    ['EC2', { InstanceType: 't3.small' }, /^arn:aws:ec2:us-east-1:123456789012:instance\/i-[0-9a-f]{17}$/, 'ec2-instance'],
    ['EFS', { newFileSystem: 'true' }, /^arn:aws:elasticfilesystem:us-east-1:123456789012:file-system\/fs-[0-9a-f]{17}$/, 'efs-file-system'],
    ['FSx', { LustreConfiguration: '{}' }, /^arn:aws:fsx:us-east-1:123456789012:file-system\/fs-[0-9a-f]{17}$/, 'fsx-file-system'],
    ['DynamoDB', { targetTableName: 'orders-arn' }, /^arn:aws:dynamodb:us-east-1:123456789012:table\/orders-arn$/, 'dynamodb-table'],
  ])('%s: the CreatedResourceArn names a resource of the model', async (type, metadata, shape, kind) => {
    const { arn } = await restore(type, metadata, 30);
    expect(arn).toMatch(shape);
    expect(aws.resources.get(arn)?.kind).toBe(kind);
  });

  test('an Aurora, DocumentDB or Neptune restore creates the cluster without instances', async () => {
    for (const type of ['Aurora', 'DocumentDB', 'Neptune']) {
      const { arn } = await restore(type, { DBClusterIdentifier: `empty-${type.toLowerCase()}` }, 30);
      const cluster = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: arn }));
      expect(cluster.DBClusters![0].DBClusterMembers).toEqual([]);
      expect(aws.resources.list().filter(r => r.kind === 'rds-instance' && (r.details as { clusterIdentifier?: string }).clusterIdentifier === `empty-${type.toLowerCase()}`)).toEqual([]);
    }
  });
});

// ------------------------------------------------------------------ RDS

describe('RDS (awsQuery)', () => {
  test('DescribeDBInstances: the instance as the SDK parses it, attributes from the metadata', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'Orders-DR', Port: '5433', Engine: 'postgres', AvailabilityZone: 'us-east-1b' });
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'ORDERS-dr' }));
    expect(out.DBInstances).toHaveLength(1);
    expect(out.DBInstances![0]).toMatchObject({
      DBInstanceIdentifier: 'orders-dr',
      DBInstanceArn: arn,
      DBInstanceStatus: 'available',
      Engine: 'postgres',
      Endpoint: { Address: expect.stringMatching(/^orders-dr\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/), Port: 5433 },
      DbiResourceId: expect.stringMatching(/^db-[A-Z0-9]{26}$/),
      AvailabilityZone: 'us-east-1b',
      InstanceCreateTime: expect.any(Date),
      TagList: [],
    });
    const byArn = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: arn }));
    expect(byArn.DBInstances![0].DBInstanceIdentifier).toBe('orders-dr');
  });

  test('the engine\'s default port when the metadata has none', async () => {
    await restore('RDS', { DBInstanceIdentifier: 'mysql-db', Engine: 'mysql' });
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'mysql-db' }));
    expect(out.DBInstances![0].Endpoint?.Port).toBe(3306);
  });

  test('DescribeDBClusters: writer and reader endpoints, port, engine, members (with DBClusterMembers once an instance is added)', async () => {
    const { arn } = await restore('Aurora', { DBClusterIdentifier: 'orders-aurora', Engine: 'aurora-postgresql' });
    const docdb = await restore('DocumentDB', { DBClusterIdentifier: 'orders-docs' });
    const neptune = await restore('Neptune', { DBClusterIdentifier: 'orders-graph', Port: '8183' });
    const out = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders-aurora' }));
    expect(out.DBClusters![0]).toMatchObject({
      DBClusterIdentifier: 'orders-aurora',
      DBClusterArn: arn,
      Status: 'available',
      Engine: 'aurora-postgresql',
      Endpoint: expect.stringMatching(/^orders-aurora\.cluster-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/),
      ReaderEndpoint: expect.stringMatching(/^orders-aurora\.cluster-ro-[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$/),
      Port: 5432,
      DbClusterResourceId: expect.stringMatching(/^cluster-[A-Z0-9]{26}$/),
      AvailabilityZones: [ZONES, ZONES, ZONES],
      DBClusterMembers: [],
      ClusterCreateTime: expect.any(Date),
    });
    const docs = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: docdb.arn }));
    expect(docs.DBClusters![0]).toMatchObject({ Engine: 'docdb', Port: 27017, Endpoint: expect.stringMatching(/\.cluster-[a-z0-9]{12}\.us-east-1\.docdb\.amazonaws\.com$/) });
    const graph = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: neptune.arn }));
    expect(graph.DBClusters![0]).toMatchObject({ Engine: 'neptune', Port: 8183, Endpoint: expect.stringMatching(/\.neptune\.amazonaws\.com$/) });

    const instanceArn = aws.resources.addClusterInstance(arn, { identifier: 'orders-aurora-1' });
    const withMember = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'orders-aurora' }));
    expect(withMember.DBClusters![0].DBClusterMembers).toEqual([{ DBInstanceIdentifier: 'orders-aurora-1', IsClusterWriter: true, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 }]);
    const members = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: ['orders-aurora'] }] }));
    expect(members.DBInstances!.map(i => i.DBInstanceArn)).toEqual([instanceArn]);
    expect(members.DBInstances![0].DBClusterIdentifier).toBe('orders-aurora');
  });

  test('every answer has only members of the SDK\'s output schema, the required ones included', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'schema-db' });
    const cluster = await restore('Aurora', { DBClusterIdentifier: 'schema-cluster' });
    aws.resources.addClusterInstance(cluster.arn);
    await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'team', Value: 'dr' }] }));
    expect(await queryResultProblems('rds', rdsSdk, 'DescribeDBInstances', {})).toEqual([]);
    expect(await queryResultProblems('rds', rdsSdk, 'DescribeDBClusters', {})).toEqual([]);
    expect(await queryResultProblems('rds', rdsSdk, 'DeleteDBInstance', { DBInstanceIdentifier: 'schema-db', SkipFinalSnapshot: 'true' })).toEqual([]);
    const member = aws.resources.get(cluster.arn)!.memberArns[0].split(':').pop()!;
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: member }));
    expect(await queryResultProblems('rds', rdsSdk, 'DeleteDBCluster', { DBClusterIdentifier: 'schema-cluster', SkipFinalSnapshot: 'true' })).toEqual([]);
    expect(await queryResultProblems('rds', rdsSdk, 'AddTagsToResource', { 'ResourceName': cluster.arn, 'Tags.Tag.1.Key': 'a', 'Tags.Tag.1.Value': 'b' })).toEqual([]);
  });

  test('AddTagsToResource: the tags show in TagList', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'tagged-db' });
    await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'drill', Value: '42' }, { Key: 'owner', Value: 'dr' }] }));
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'tagged-db' }));
    expect(out.DBInstances![0].TagList).toEqual([{ Key: 'drill', Value: '42' }, { Key: 'owner', Value: 'dr' }]);
    expect(aws.resources.get(arn)!.tags).toEqual({ drill: '42', owner: 'dr' });
  });

  test('DeleteDBInstance: deleting for the deletion time, then DBInstanceNotFound; a second delete is InvalidDBInstanceState', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'doomed-db' });
    const deleted = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'doomed-db', SkipFinalSnapshot: true }));
    expect(deleted.DBInstance).toMatchObject({ DBInstanceIdentifier: 'doomed-db', DBInstanceStatus: 'deleting' });
    const during = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'doomed-db' }));
    expect(during.DBInstances![0].DBInstanceStatus).toBe('deleting');
    const again = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'doomed-db', SkipFinalSnapshot: true })).catch(e => e);
    expect(again).toBeInstanceOf(InvalidDBInstanceStateFault);
    expect(aws.resources.exists(arn)).toBe(true);

    await untilGone(arn);
    expect(aws.resources.exists(arn)).toBe(false);
    const after = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'doomed-db' })).catch(e => e);
    expect(after).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(after).toMatchObject({ name: 'DBInstanceNotFoundFault', $metadata: { httpStatusCode: 404 } });
    expect(aws.resources.get(arn)).toMatchObject({ phase: 'gone', deletedBy: 'api' });
  });

  test('DeleteDBInstance needs SkipFinalSnapshot or a FinalDBSnapshotIdentifier (and records the final snapshot)', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'snap-db' });
    const neither = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'snap-db' })).catch(e => e);
    expect(neither.name).toBe('InvalidParameterCombination');
    const both = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'snap-db', SkipFinalSnapshot: true, FinalDBSnapshotIdentifier: 'final' })).catch(e => e);
    expect(both.name).toBe('InvalidParameterCombination');
    expect(aws.resources.get(arn)!.phase).toBe('available');
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'snap-db', FinalDBSnapshotIdentifier: 'snap-db-final' }));
    expect(aws.resources.get(arn)).toMatchObject({ phase: 'deleting', finalSnapshotIdentifier: 'snap-db-final' });
  });

  test('DeleteDBInstance of an instance with deletion protection fails like AWS', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'protected-db', DeletionProtection: 'true' });
    const error = await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'protected-db', SkipFinalSnapshot: true })).catch(e => e);
    expect(error.name).toBe('InvalidParameterCombination');
    expect(error.message).toContain('deletion protection');
    expect(aws.resources.exists(arn)).toBe(true);
  });

  test('DeleteDBCluster with an instance that is not being deleted: InvalidDBClusterStateFault; deleting the instance first works', async () => {
    const { arn } = await restore('Aurora', { DBClusterIdentifier: 'order-test', Engine: 'aurora-mysql' });
    aws.resources.addClusterInstance(arn, { identifier: 'order-test-writer' });

    const wrongOrder = await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'order-test', SkipFinalSnapshot: true })).catch(e => e);
    expect(wrongOrder).toBeInstanceOf(InvalidDBClusterStateFault);
    expect(wrongOrder.message).toBe('Cluster cannot be deleted, it still contains DB instances in non-deleting state.');
    expect(aws.resources.get(arn)!.phase).toBe('available');

    // An Aurora instance takes no final-snapshot parameters.
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'order-test-writer' }));
    const deleted = await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'order-test', SkipFinalSnapshot: true }));
    expect(deleted.DBCluster).toMatchObject({ Status: 'deleting', DBClusterMembers: [{ DBInstanceIdentifier: 'order-test-writer' }] });
    await untilGone(arn);
    const gone = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'order-test' })).catch(e => e);
    expect(gone).toBeInstanceOf(DBClusterNotFoundFault);
    expect(gone).toMatchObject({ name: 'DBClusterNotFoundFault', $metadata: { httpStatusCode: 404 } });
  });

  test('not-found errors of every RDS operation', async () => {
    expect(await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })).catch(e => e)).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'nope' })).catch(e => e)).toBeInstanceOf(DBClusterNotFoundFault);
    expect(await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'nope', SkipFinalSnapshot: true })).catch(e => e)).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'nope', SkipFinalSnapshot: true })).catch(e => e)).toBeInstanceOf(DBClusterNotFoundFault);
    const tagInstance = await rds.send(new AddTagsToResourceCommand({ ResourceName: 'arn:aws:rds:us-east-1:123456789012:db:nope', Tags: [] })).catch(e => e);
    expect(tagInstance).toBeInstanceOf(DBInstanceNotFoundFault);
    const tagCluster = await rds.send(new AddTagsToResourceCommand({ ResourceName: 'arn:aws:rds:us-east-1:123456789012:cluster:nope', Tags: [] })).catch(e => e);
    expect(tagCluster).toBeInstanceOf(DBClusterNotFoundFault);
  });
});

// ------------------------------------------------------------------ Redshift

describe('Redshift (awsQuery)', () => {
  test('DescribeClusters, CreateTags, DeleteCluster through the SDK; only schema members', async () => {
    const { arn } = await restore('Redshift', { ClusterIdentifier: 'warehouse', Port: '5440', NodeType: 'ra3.4xlarge' });
    await redshift.send(new RedshiftCreateTagsCommand({ ResourceName: arn, Tags: [{ Key: 'drill', Value: 'yes' }] }));
    const out = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: 'warehouse' }));
    expect(out.Clusters![0]).toMatchObject({
      ClusterIdentifier: 'warehouse',
      ClusterStatus: 'available',
      NodeType: 'ra3.4xlarge',
      Endpoint: { Address: expect.stringMatching(/^warehouse\.[a-z0-9]{12}\.us-east-1\.redshift\.amazonaws\.com$/), Port: 5440 },
      ClusterCreateTime: expect.any(Date),
      Tags: [{ Key: 'drill', Value: 'yes' }],
    });
    expect(await queryResultProblems('redshift', redshiftSdk, 'DescribeClusters', {})).toEqual([]);
    expect(await queryResultProblems('redshift', redshiftSdk, 'CreateTags', { 'ResourceName': arn, 'Tags.Tag.1.Key': 'k', 'Tags.Tag.1.Value': 'v' })).toEqual([]);

    const neither = await redshift.send(new DeleteClusterCommand({ ClusterIdentifier: 'warehouse' })).catch(e => e);
    expect(neither.name).toBe('InvalidParameterCombination');
    expect(await queryResultProblems('redshift', redshiftSdk, 'DeleteCluster', { ClusterIdentifier: 'warehouse', SkipFinalClusterSnapshot: 'true' })).toEqual([]);
    const again = await redshift.send(new DeleteClusterCommand({ ClusterIdentifier: 'warehouse', SkipFinalClusterSnapshot: true })).catch(e => e);
    expect(again).toBeInstanceOf(InvalidClusterStateFault);
    await untilGone(arn);
    const gone = await redshift.send(new DescribeClustersCommand({ ClusterIdentifier: 'warehouse' })).catch(e => e);
    expect(gone).toBeInstanceOf(ClusterNotFoundFault);
    expect(gone).toMatchObject({ name: 'ClusterNotFoundFault', $metadata: { httpStatusCode: 404 } });
    expect(await redshift.send(new DeleteClusterCommand({ ClusterIdentifier: 'warehouse', SkipFinalClusterSnapshot: true })).catch(e => e)).toBeInstanceOf(ClusterNotFoundFault);
    const tagGone = await redshift.send(new RedshiftCreateTagsCommand({ ResourceName: arn, Tags: [] })).catch(e => e);
    expect(tagGone).toBeInstanceOf(RedshiftResourceNotFoundFault);
  });
});

// ------------------------------------------------------------------ EC2

describe('EC2 (ec2Query)', () => {
  test('DescribeVolumes: the volume in the metadata\'s Availability Zone; tags; only schema members', async () => {
    const { arn } = await restore('EBS', { availabilityZone: 'us-east-1c', volumeSize: '50', volumeType: 'io2' });
    const volumeId = arn.split('/').pop()!;
    await ec2.send(new Ec2CreateTagsCommand({ Resources: [volumeId], Tags: [{ Key: 'drill', Value: '1' }] }));
    const out = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    expect(out.Volumes).toEqual([expect.objectContaining({
      VolumeId: volumeId,
      AvailabilityZone: 'us-east-1c',
      State: 'available',
      Size: 50,
      VolumeType: 'io2',
      CreateTime: expect.any(Date),
      Tags: [{ Key: 'drill', Value: '1' }],
    })]);
    const filtered = await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: 'tag:drill', Values: ['1'] }] }));
    expect(filtered.Volumes!.map(v => v.VolumeId)).toEqual([volumeId]);
    expect(await ec2Problems('DescribeVolumes', { 'VolumeId.1': volumeId })).toEqual([]);
    expect(await ec2Problems('CreateTags', { 'ResourceId.1': volumeId, 'Tag.1.Key': 'a', 'Tag.1.Value': 'b' })).toEqual([]);
  });

  test('DeleteVolume: deleting, then InvalidVolume.NotFound', async () => {
    const { arn } = await restore('EBS', { availabilityZone: 'us-east-1a' });
    const volumeId = arn.split('/').pop()!;
    expect(await ec2Problems('DeleteVolume', { VolumeId: volumeId })).toEqual([]);
    const during = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }));
    expect(during.Volumes![0].State).toBe('deleting');
    await untilGone(arn);
    const gone = await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).catch(e => e);
    expect(gone).toMatchObject({ name: 'InvalidVolume.NotFound', $metadata: { httpStatusCode: 400 } });
    expect(gone.message).toContain(volumeId);
    expect(await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId })).catch(e => e)).toMatchObject({ name: 'InvalidVolume.NotFound' });
    expect(await ec2.send(new Ec2CreateTagsCommand({ Resources: [volumeId], Tags: [] })).catch(e => e)).toMatchObject({ name: 'InvalidVolume.NotFound' });
    expect(await ec2.send(new DescribeVolumesCommand({ VolumeIds: ['not-a-volume'] })).catch(e => e)).toMatchObject({ name: 'InvalidVolumeID.Malformed' });
  });

  test('DescribeInstances: id, private IP, Availability Zone from Placement; only schema members', async () => {
    const { arn } = await restore('EC2', { InstanceType: 't3.small', Placement: '{"AvailabilityZone":"us-east-1b","Tenancy":"default"}' });
    const instanceId = arn.split('/').pop()!;
    const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(out.Reservations).toHaveLength(1);
    expect(out.Reservations![0].Instances![0]).toMatchObject({
      InstanceId: instanceId,
      InstanceType: 't3.small',
      State: { Code: 16, Name: 'running' },
      PrivateIpAddress: expect.stringMatching(/^10\.0\.\d+\.\d+$/),
      Placement: { AvailabilityZone: 'us-east-1b' },
      LaunchTime: expect.any(Date),
    });
    expect(await ec2Problems('DescribeInstances', { 'InstanceId.1': instanceId })).toEqual([]);
  });

  test('TerminateInstances: shutting-down, then terminated (visible about an hour), then InvalidInstanceID.NotFound; idempotent', async () => {
    const { arn } = await restore('EC2', {});
    const instanceId = arn.split('/').pop()!;
    expect(await ec2Problems('TerminateInstances', { 'InstanceId.1': instanceId })).toEqual([]);
    const during = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(during.Reservations![0].Instances![0].State).toEqual({ Code: 32, Name: 'shutting-down' });
    await untilGone(arn);
    expect(aws.resources.exists(arn)).toBe(false);
    const terminated = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(terminated.Reservations![0].Instances![0].State).toEqual({ Code: 48, Name: 'terminated' });
    const again = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
    expect(again.TerminatingInstances).toEqual([{ InstanceId: instanceId, CurrentState: { Code: 48, Name: 'terminated' }, PreviousState: { Code: 48, Name: 'terminated' } }]);
    await aws.clock.sleep(3_601_000);
    const gone = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] })).catch(e => e);
    expect(gone).toMatchObject({ name: 'InvalidInstanceID.NotFound', $metadata: { httpStatusCode: 400 } });
  });

  test('TerminateInstances of an instance with DisableApiTermination: OperationNotPermitted; a missing id fails the whole request', async () => {
    const locked = await restore('EC2', { DisableApiTermination: 'true' });
    const other = await restore('EC2', {});
    const lockedId = locked.arn.split('/').pop()!;
    const otherId = other.arn.split('/').pop()!;
    expect(await ec2.send(new TerminateInstancesCommand({ InstanceIds: [lockedId] })).catch(e => e)).toMatchObject({ name: 'OperationNotPermitted' });
    const mixed = await ec2.send(new TerminateInstancesCommand({ InstanceIds: [otherId, 'i-0123456789abcdef0'] })).catch(e => e);
    expect(mixed).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect(aws.resources.get(other.arn)!.phase).toBe('available');
    expect(aws.resources.get(locked.arn)!.phase).toBe('available');
  });
});

// ------------------------------------------------------------------ EFS

describe('EFS (restJson1)', () => {
  test('the routes are the SDK schema\'s', () => {
    for (const route of EFS_ROUTES) {
      const http_ = (operationSchema(efsSdk, route.operation).tuple[3] as { http: [string, string, number] }).http;
      expect({ method: route.method, uri: route.uri, status: route.status }).toEqual({ method: http_[0], uri: http_[1], status: http_[2] });
    }
  });

  test('DescribeFileSystems and TagResource; only schema members, required ones present', async () => {
    const { arn } = await restore('EFS', { newFileSystem: 'true', CreationToken: 'dr-token', PerformanceMode: 'maxIO', Encrypted: 'true' });
    const id = arn.split('/').pop()!;
    await efs.send(new EfsTagResourceCommand({ ResourceId: id, Tags: [{ Key: 'Name', Value: 'restored' }] }));
    const out = await efs.send(new EfsDescribeFileSystemsCommand({ FileSystemId: id }));
    expect(out.FileSystems).toEqual([expect.objectContaining({
      FileSystemId: id,
      FileSystemArn: arn,
      LifeCycleState: 'available',
      CreationToken: 'dr-token',
      PerformanceMode: 'maxIO',
      Encrypted: true,
      NumberOfMountTargets: 0,
      Name: 'restored',
      Tags: [{ Key: 'Name', Value: 'restored' }],
      CreationTime: expect.any(Date),
    })]);
    const res = await raw(aws.clientConfig('efs').endpoint, 'GET', `/2015-02-01/file-systems?FileSystemId=${id}`);
    expect(jsonProblems(JSON.parse(res.body), operationSchema(efsSdk, 'DescribeFileSystems').output, 'DescribeFileSystems')).toEqual([]);
  });

  test('DeleteFileSystem with a mount target: FileSystemInUse (409) until the mount target is gone; then deleting, then FileSystemNotFound (404)', async () => {
    const { arn } = await restore('EFS', { newFileSystem: 'true' });
    const id = arn.split('/').pop()!;
    const mountTargetId = aws.resources.addMountTarget(arn);
    const targets = await efs.send(new DescribeMountTargetsCommand({ FileSystemId: id }));
    expect(targets.MountTargets).toEqual([expect.objectContaining({ MountTargetId: mountTargetId, FileSystemId: id, LifeCycleState: 'available' })]);
    const res = await raw(aws.clientConfig('efs').endpoint, 'GET', `/2015-02-01/mount-targets?FileSystemId=${id}`);
    expect(jsonProblems(JSON.parse(res.body), operationSchema(efsSdk, 'DescribeMountTargets').output, 'DescribeMountTargets')).toEqual([]);

    const inUse = await efs.send(new EfsDeleteFileSystemCommand({ FileSystemId: id })).catch(e => e);
    expect(inUse).toBeInstanceOf(FileSystemInUse);
    expect(inUse).toMatchObject({ ErrorCode: 'FileSystemInUse', $metadata: { httpStatusCode: 409 } });

    await efs.send(new DeleteMountTargetCommand({ MountTargetId: mountTargetId }));
    const deleting = await efs.send(new DescribeMountTargetsCommand({ MountTargetId: mountTargetId }));
    expect(deleting.MountTargets![0].LifeCycleState).toBe('deleting');
    expect(await efs.send(new EfsDeleteFileSystemCommand({ FileSystemId: id })).catch(e => e)).toBeInstanceOf(FileSystemInUse);

    await aws.clock.sleep(61_000);
    expect((await efs.send(new DescribeMountTargetsCommand({ FileSystemId: id }))).MountTargets).toEqual([]);
    expect(await efs.send(new DeleteMountTargetCommand({ MountTargetId: mountTargetId })).catch(e => e)).toBeInstanceOf(MountTargetNotFound);
    await efs.send(new EfsDeleteFileSystemCommand({ FileSystemId: id }));
    expect((await efs.send(new EfsDescribeFileSystemsCommand({ FileSystemId: id }))).FileSystems![0].LifeCycleState).toBe('deleting');
    await untilGone(arn);
    const gone = await efs.send(new EfsDescribeFileSystemsCommand({ FileSystemId: id })).catch(e => e);
    expect(gone).toBeInstanceOf(EfsFileSystemNotFound);
    expect(gone).toMatchObject({ ErrorCode: 'FileSystemNotFound', $metadata: { httpStatusCode: 404 } });
    expect(await efs.send(new EfsTagResourceCommand({ ResourceId: id, Tags: [] })).catch(e => e)).toBeInstanceOf(EfsFileSystemNotFound);
    expect(await efs.send(new DescribeMountTargetsCommand({ FileSystemId: id })).catch(e => e)).toBeInstanceOf(EfsFileSystemNotFound);
  });
});

// ------------------------------------------------------------------ FSx

describe('FSx (awsJson1_1)', () => {
  test('DescribeFileSystems: a Lustre file system with its DNS name and mount name; TagResource; only schema members', async () => {
    const { arn } = await restore('FSx', { LustreConfiguration: '{"DeploymentType":"PERSISTENT_2"}', StorageCapacity: '2400' });
    const id = arn.split('/').pop()!;
    await fsx.send(new FsxTagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'drill', Value: 'x' }] }));
    const out = await fsx.send(new FsxDescribeFileSystemsCommand({ FileSystemIds: [id] }));
    expect(out.FileSystems![0]).toMatchObject({
      FileSystemId: id,
      ResourceARN: arn,
      FileSystemType: 'LUSTRE',
      Lifecycle: 'AVAILABLE',
      StorageCapacity: 2400,
      DNSName: `${id}.fsx.us-east-1.amazonaws.com`,
      LustreConfiguration: { MountName: expect.stringMatching(/^[a-z0-9]{8}$/) },
      Tags: [{ Key: 'drill', Value: 'x' }],
      CreationTime: expect.any(Date),
    });
    expect(await jsonTargetProblems('fsx', fsxSdk, 'DescribeFileSystems', { FileSystemIds: [id] })).toEqual([]);
    expect(await jsonTargetProblems('fsx', fsxSdk, 'TagResource', { ResourceARN: arn, Tags: [{ Key: 'a', Value: 'b' }] })).toEqual([]);
  });

  test('every FSx type renders within the schema; ONTAP has no file-system DNS name', async () => {
    const ids: string[] = [];
    for (const [type, key] of [['WINDOWS', 'WindowsConfiguration'], ['ONTAP', 'OntapConfiguration'], ['OPENZFS', 'OpenZFSConfiguration']]) {
      const { arn } = await restore('FSx', { [key]: '{}' });
      const out = await fsx.send(new FsxDescribeFileSystemsCommand({ FileSystemIds: [arn.split('/').pop()!] }));
      expect(out.FileSystems![0].FileSystemType).toBe(type);
      expect(out.FileSystems![0].DNSName === undefined).toBe(type === 'ONTAP');
      ids.push(arn.split('/').pop()!);
    }
    expect(await jsonTargetProblems('fsx', fsxSdk, 'DescribeFileSystems', { FileSystemIds: ids })).toEqual([]);
  });

  test('DeleteFileSystem: DELETING, then FileSystemNotFound; TagResource of an unknown ARN: ResourceNotFound with its ARN', async () => {
    const { arn } = await restore('FSx', {});
    const id = arn.split('/').pop()!;
    expect(await jsonTargetProblems('fsx', fsxSdk, 'DeleteFileSystem', { FileSystemId: id })).toEqual([]);
    const during = await fsx.send(new FsxDescribeFileSystemsCommand({ FileSystemIds: [id] }));
    expect(during.FileSystems![0].Lifecycle).toBe('DELETING');
    const again = await fsx.send(new FsxDeleteFileSystemCommand({ FileSystemId: id }));
    expect(again).toMatchObject({ FileSystemId: id, Lifecycle: 'DELETING' });
    await untilGone(arn);
    expect(await fsx.send(new FsxDescribeFileSystemsCommand({ FileSystemIds: [id] })).catch(e => e)).toBeInstanceOf(FsxFileSystemNotFound);
    expect(await fsx.send(new FsxDeleteFileSystemCommand({ FileSystemId: id })).catch(e => e)).toBeInstanceOf(FsxFileSystemNotFound);
    const tag = await fsx.send(new FsxTagResourceCommand({ ResourceARN: arn, Tags: [{ Key: 'a', Value: 'b' }] })).catch(e => e);
    expect(tag).toBeInstanceOf(FsxResourceNotFound);
    expect(tag.ResourceARN).toBe(arn);
  });
});

// ------------------------------------------------------------------ DynamoDB

describe('DynamoDB (awsJson1_0)', () => {
  test('DescribeTable by name and by ARN, TagResource, DeleteTable; only schema members', async () => {
    const { arn } = await restore('DynamoDB', { targetTableName: 'orders-dr' });
    await ddb.send(new DdbTagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'drill', Value: 'y' }] }));
    const byName = await ddb.send(new DescribeTableCommand({ TableName: 'orders-dr' }));
    expect(byName.Table).toMatchObject({ TableName: 'orders-dr', TableArn: arn, TableStatus: 'ACTIVE', CreationDateTime: expect.any(Date) });
    const byArn = await ddb.send(new DescribeTableCommand({ TableName: arn }));
    expect(byArn.Table!.TableName).toBe('orders-dr');
    expect(aws.resources.get(arn)!.tags).toEqual({ drill: 'y' });
    expect(await jsonTargetProblems('dynamodb', ddbSdk, 'DescribeTable', { TableName: 'orders-dr' })).toEqual([]);
    expect(await jsonTargetProblems('dynamodb', ddbSdk, 'TagResource', { ResourceArn: arn, Tags: [{ Key: 'a', Value: 'b' }] })).toEqual([]);
    expect(await jsonTargetProblems('dynamodb', ddbSdk, 'DeleteTable', { TableName: 'orders-dr' })).toEqual([]);
    // "If table is already in the DELETING state, no error is returned."
    const again = await ddb.send(new DeleteTableCommand({ TableName: 'orders-dr' }));
    expect(again.TableDescription!.TableStatus).toBe('DELETING');
    await untilGone(arn);
    const gone = await ddb.send(new DescribeTableCommand({ TableName: 'orders-dr' })).catch(e => e);
    expect(gone).toBeInstanceOf(DdbResourceNotFound);
    expect(await ddb.send(new DeleteTableCommand({ TableName: 'orders-dr' })).catch(e => e)).toBeInstanceOf(DdbResourceNotFound);
    expect(await ddb.send(new DdbTagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a', Value: 'b' }] })).catch(e => e)).toBeInstanceOf(DdbResourceNotFound);
  });

  test('DeleteTable of a table still CREATING: ResourceInUseException; of a protected table: ValidationException', async () => {
    aws.resources.setBehaviour('DynamoDB', { notReadyForSeconds: 600 });
    try {
      const { arn } = await restore('DynamoDB', { targetTableName: 'young-table' });
      expect((await ddb.send(new DescribeTableCommand({ TableName: 'young-table' }))).Table!.TableStatus).toBe('CREATING');
      expect(await ddb.send(new DeleteTableCommand({ TableName: 'young-table' })).catch(e => e)).toBeInstanceOf(ResourceInUseException);
      expect(aws.resources.get(arn)!.phase).toBe('creating');
    } finally {
      aws.resources.setBehaviour('DynamoDB', {});
    }
    const { arn } = await restore('DynamoDB', { targetTableName: 'guarded-table', deletionProtection: 'true' });
    const error = await ddb.send(new DeleteTableCommand({ TableName: 'guarded-table' })).catch(e => e);
    expect(error.name).toBe('ValidationException');
    expect(aws.resources.exists(arn)).toBe(true);
  });
});

// ------------------------------------------------------------------ cross-cutting

describe('the test API, behaviours and faults', () => {
  test('delete(arn) out of band: the service sees the resource deleting, then not found; stats tell who deleted', async () => {
    const { arn } = await restore('RDS', { DBInstanceIdentifier: 'oob-db' });
    const before = aws.resources.stats().deletesStarted;
    expect(aws.resources.delete(arn)).toMatchObject({ phase: 'deleting', deletedBy: 'out-of-band' });
    expect((await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'oob-db' }))).DBInstances![0].DBInstanceStatus).toBe('deleting');
    await untilGone(arn);
    expect(await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'oob-db' })).catch(e => e)).toBeInstanceOf(DBInstanceNotFoundFault);
    expect(aws.resources.stats().deletesStarted).toEqual({ api: before.api, outOfBand: before.outOfBand + 1 });

    const { arn: table } = await restore('DynamoDB', { targetTableName: 'instant-delete' });
    aws.resources.delete(table, { seconds: 0 });
    expect(aws.resources.exists(table)).toBe(false);
    expect(() => aws.resources.delete(table)).toThrow(/no resource/);
  });

  test('notReadyForSeconds: RDS shows the instance creating, without an endpoint, then available', async () => {
    aws.resources.setBehaviour('RDS', { notReadyForSeconds: 300 });
    try {
      await restore('RDS', { DBInstanceIdentifier: 'slow-db' });
      const creating = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'slow-db' }));
      expect(creating.DBInstances![0]).toMatchObject({ DBInstanceStatus: 'creating' });
      expect(creating.DBInstances![0].Endpoint).toBeUndefined();
      await aws.clock.sleep(300_000);
      const ready = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'slow-db' }));
      expect(ready.DBInstances![0]).toMatchObject({ DBInstanceStatus: 'available', Endpoint: { Address: expect.any(String) } });
    } finally {
      aws.resources.setBehaviour('RDS', {});
    }
  });

  test('invisibleSeconds: describes answer not-found right after the job completes (eventual consistency)', async () => {
    aws.resources.setBehaviour('EBS', { invisibleSeconds: 120 });
    try {
      const { arn } = await restore('EBS', { availabilityZone: 'us-east-1a' });
      const volumeId = arn.split('/').pop()!;
      expect(aws.resources.exists(arn)).toBe(true);
      expect(await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] })).catch(e => e)).toMatchObject({ name: 'InvalidVolume.NotFound' });
      await aws.clock.sleep(120_000);
      expect((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes![0].VolumeId).toBe(volumeId);
    } finally {
      aws.resources.setBehaviour('EBS', {});
    }
  });

  test('failNext: each service\'s throttling and 5xx codes, which the SDK\'s default retry strategy retries', async () => {
    const cases: Array<[string, () => Promise<unknown>, string, string]> = [
      ['rds:DescribeDBInstances', () => rds.send(new DescribeDBInstancesCommand({})), 'Throttling', 'InternalFailure'],
      ['ec2:DescribeVolumes', () => ec2.send(new DescribeVolumesCommand({})), 'RequestLimitExceeded', 'InternalError'],
      ['elasticfilesystem:DescribeFileSystems', () => efs.send(new EfsDescribeFileSystemsCommand({})), 'ThrottlingException', 'InternalServerError'],
      ['fsx:DescribeFileSystems', () => fsx.send(new FsxDescribeFileSystemsCommand({})), 'ThrottlingException', 'InternalServerError'],
      ['redshift:DescribeClusters', () => redshift.send(new DescribeClustersCommand({})), 'Throttling', 'InternalFailure'],
      ['dynamodb:DescribeTable', () => ddb.send(new DescribeTableCommand({ TableName: 'x' })), 'ThrottlingException', 'InternalServerError'],
    ];
    for (const [operation, send, throttle, serverError] of cases) {
      aws.resources.failNext(operation, 'throttle');
      expect(await send().catch(e => e)).toMatchObject({ name: throttle });
      aws.resources.failNext(operation, 'server-error');
      expect(await send().catch(e => e)).toMatchObject({ name: serverError, $fault: 'server' });
    }
    const retrying = new RDSClient({ ...aws.clientConfig('rds'), maxAttempts: 3 });
    try {
      aws.resources.failNext('rds:DescribeDBInstances', 'throttle');
      aws.resources.failNext('rds:DescribeDBInstances', 'unavailable');
      const ok = await retrying.send(new DescribeDBInstancesCommand({}));
      expect(ok.$metadata.attempts).toBe(3);
    } finally {
      retrying.destroy();
    }
  });

  test('seeded fault rates: the same seed throttles the same requests; stats count calls per operation', async () => {
    const decisions: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const local = await startLocalAws({ clockScale: 600, seed: 'faults', resourceFaults: { throttleRate: 0.5, operations: ['ec2:DescribeVolumes'] } });
      const client = new EC2Client({ ...local.clientConfig('ec2'), maxAttempts: 1 });
      try {
        const seen: string[] = [];
        for (let i = 0; i < 12; i++) seen.push(await client.send(new DescribeVolumesCommand({})).then(() => 'ok', e => e.name));
        decisions.push(seen);
        expect(await client.send(new DescribeInstancesCommand({})).then(() => 'ok')).toBe('ok');
        const stats = local.resources.stats();
        expect(stats.callsByOperation).toEqual({ 'ec2:DescribeVolumes': 12, 'ec2:DescribeInstances': 1 });
        expect(stats.injected.throttles).toBe(seen.filter(s => s === 'RequestLimitExceeded').length);
        expect(stats.errorsByType.RequestLimitExceeded).toBe(stats.injected.throttles);
      } finally {
        client.destroy();
        await local.close();
      }
    }
    expect(decisions[0]).toEqual(decisions[1]);
    expect(decisions[0]).toContain('ok');
    expect(decisions[0]).toContain('RequestLimitExceeded');
  });

  test('every client finds its stand-in through AWS_ENDPOINT_URL_* alone (as the handlers in the sandboxes do)', async () => {
    const env = aws.environment();
    expect(Object.keys(env)).toEqual(expect.arrayContaining(Object.values(RESOURCE_ENDPOINT_VARIABLES)));
    const saved = { ...process.env };
    Object.assign(process.env, env);
    const clients: Array<[ResourceServiceName, { send(c: unknown): Promise<unknown>; destroy(): void }, unknown]> = [
      ['rds', new RDSClient({ maxAttempts: 1 }), new DescribeDBInstancesCommand({})],
      ['ec2', new EC2Client({ maxAttempts: 1 }), new DescribeVolumesCommand({})],
      ['efs', new EFSClient({ maxAttempts: 1 }), new EfsDescribeFileSystemsCommand({})],
      ['fsx', new FSxClient({ maxAttempts: 1 }), new FsxDescribeFileSystemsCommand({})],
      ['redshift', new RedshiftClient({ maxAttempts: 1 }), new DescribeClustersCommand({})],
      ['dynamodb', new DynamoDBClient({ maxAttempts: 1 }), new DescribeTableCommand({ TableName: 'orders-arn' })],
    ];
    try {
      for (const [name, client, command] of clients) {
        const before = Object.entries(aws.resources.stats().callsByOperation).filter(([op]) => op.startsWith(name === 'efs' ? 'elasticfilesystem:' : `${name}:`)).reduce((n, [, c]) => n + c, 0);
        await client.send(command);
        const after = Object.entries(aws.resources.stats().callsByOperation).filter(([op]) => op.startsWith(name === 'efs' ? 'elasticfilesystem:' : `${name}:`)).reduce((n, [, c]) => n + c, 0);
        expect([name, after - before]).toEqual([name, 1]);
      }
    } finally {
      for (const [, client] of clients) client.destroy();
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });

  test('an unknown action is refused, not silently answered', async () => {
    const rdsRes = await raw(aws.clientConfig('rds').endpoint, 'POST', '/', 'Action=CreateDBInstance&Version=2014-10-31', FORM);
    expect(rdsRes.status).toBe(400);
    expect(parseXml(rdsRes.body).name).toBe('ErrorResponse');
    expect(rdsRes.body).toContain('<Code>InvalidAction</Code>');
    const ddbRes = await raw(aws.clientConfig('dynamodb').endpoint, 'POST', '/', '{}', { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' });
    expect(ddbRes.status).toBe(400);
    expect(JSON.parse(ddbRes.body).__type).toContain('UnknownOperationException');
    const efsRes = await raw(aws.clientConfig('efs').endpoint, 'PUT', '/2015-02-01/file-systems');
    expect(efsRes.status).toBe(404);
  });

  test('the schema checks themselves flag what the schema lacks', () => {
    const root = parseXml('<DescribeDBInstancesResult><DBInstances><DBInstance><Bogus>x</Bogus><Endpoint><Port>x</Port></Endpoint></DBInstance></DBInstances></DescribeDBInstancesResult>');
    expect(xmlProblems(root, operationSchema(rdsSdk, 'DescribeDBInstances').output, 'R')).toEqual([
      'R/DBInstances[0]/Bogus is not a member of DBInstance', "R/DBInstances[0]/Endpoint/Port should be a number, got 'x'",
    ]);
    expect(jsonProblems({ FileSystems: [{ FileSystemId: 'fs-1', Bogus: 1 }] }, operationSchema(efsSdk, 'DescribeFileSystems').output, 'E'))
      .toEqual(expect.arrayContaining(['E.FileSystems[0].Bogus is not a member of FileSystemDescription', 'E.FileSystems[0]: required member OwnerId missing']));
  });
});
