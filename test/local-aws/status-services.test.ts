/**
 * Contract test of the CloudFormation and CloudWatch Logs stand-ins (used by `cdk-backup-restore status`): every
 * element or member they answer must be one the installed SDK's output schema has at that place (a misspelt
 * one would be dropped silently by the parser), and the real clients must parse the answers and raise the typed
 * errors. The CLI tests (test/status-cli.test.ts) then use both end to end.
 */
import * as http from 'http';
import { createRequire } from 'module';
import * as cfnSdk from '@aws-sdk/client-cloudformation';
import {
  CloudFormationClient, DescribeStackResourcesCommand, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand,
} from '@aws-sdk/client-cloudformation';
import * as logsSdk from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudwatch-logs';
import { Stack } from 'aws-cdk-lib';
import { CLOUDFORMATION_OPERATIONS, CloudFormationDriver, LocalAws, startLocalAws } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';

jest.setTimeout(60_000);

const sdkRequire = createRequire(require.resolve('@aws-sdk/client-cloudformation'));
const { NormalizedSchema } = sdkRequire('@smithy/core/schema') as typeof import('@smithy/core/schema');
type Schema = ReturnType<typeof NormalizedSchema.of>;

function outputSchema(sdk: unknown, operation: string): Schema {
  const op = (sdk as Record<string, unknown>)[`${operation}$`] as [number, string, string, unknown, () => unknown, () => unknown] | undefined;
  if (!op) throw new Error(`no schema for ${operation}`);
  return NormalizedSchema.of(op[5]() as never);
}

/** Paths (a/b/member/c) of an XML document's elements that the schema does not have. */
function unknownXmlElements(xml: string, schema: Schema): string[] {
  const unknown: string[] = [];
  const stack: Array<{ name: string; schema?: Schema }> = [{ name: '', schema }];
  for (const [, closing, name] of xml.matchAll(/<(\/?)([A-Za-z][\w.-]*)[^>]*>/g)) {
    if (closing) {
      stack.pop();
      continue;
    }
    const parent = stack[stack.length - 1].schema;
    let child: Schema | undefined;
    if (parent?.isListSchema()) {
      child = name === 'member' ? parent.getValueSchema() : undefined;
    } else if (parent?.isStructSchema()) {
      child = [...parent.structIterator()].find(([member, s]) => (s.getMergedTraits().xmlName ?? member) === name)?.[1] as Schema | undefined;
    }
    if (!child) unknown.push([...stack.map(s => s.name), name].filter(Boolean).join('/'));
    stack.push({ name, schema: child });
  }
  return unknown;
}

/** Keys (a.b[].c) of a JSON document that the schema does not have. */
function unknownJsonMembers(value: unknown, schema: Schema, at = ''): string[] {
  if (Array.isArray(value)) return schema.isListSchema() ? value.flatMap(v => unknownJsonMembers(v, schema.getValueSchema(), `${at}[]`)) : [at];
  if (value === null || typeof value !== 'object') return [];
  if (!schema.isStructSchema()) return [at];
  const members = new Map([...schema.structIterator()] as Array<[string, Schema]>);
  return Object.entries(value).flatMap(([k, v]) => {
    const member = members.get(k);
    return member ? unknownJsonMembers(v, member, at ? `${at}.${k}` : k) : [at ? `${at}.${k}` : k];
  });
}

function post(endpoint: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint, { method: 'POST', headers }, res => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString('utf8'); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RP = 'arn:aws:backup:us-east-1:123456789012:recovery-point:0E000000-0000-4000-8000-000000000001';
let aws: LocalAws;
let driver: CloudFormationDriver;
let cfn: CloudFormationClient;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 5, cloudFormationPageSize: 3 });
  aws.backup.seedRecoveryPoint({ recoveryPointArn: RP, backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 300 } });
  driver = await aws.deploy((stack: Stack) => {
    new RestoreJob(stack, 'Restore', {
      recoveryPoint: RecoveryPoint.fromArn(RP),
      metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' }, 'EFS'),
    });
  }, { stackName: 'Contract' }).prewarm();
  expect((await driver.createStack()).stackStatus).toBe('CREATE_COMPLETE');
  cfn = new CloudFormationClient({ ...aws.clientConfig('cloudformation'), maxAttempts: 1 });
  logs = new CloudWatchLogsClient({ ...aws.clientConfig('logs'), maxAttempts: 1 });
});

afterAll(async () => {
  cfn?.destroy();
  logs?.destroy();
  await aws?.close();
});

const form = (params: Record<string, string>) => new URLSearchParams({ Version: '2010-05-15', ...params }).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

test.each(CLOUDFORMATION_OPERATIONS.map(o => [o]))('CloudFormation %s answers only elements of the SDK\'s output schema', async operation => {
  const res = await post(aws.cloudFormation.endpoint, form({ Action: operation, StackName: 'Contract' }), FORM);
  expect(res.status).toBe(200);
  const result = new RegExp(`<${operation}Result>([\\s\\S]*)</${operation}Result>`).exec(res.body)?.[1];
  expect(result).toBeDefined();
  expect(unknownXmlElements(result!, outputSchema(cfnSdk, operation))).toEqual([]);
});

test('the schema check itself flags what the schema lacks', () => {
  expect(unknownXmlElements('<Stacks><member><StackName>a</StackName><Bogus>x</Bogus></member></Stacks>', outputSchema(cfnSdk, 'DescribeStacks')))
    .toEqual(['Stacks/member/Bogus']);
  expect(unknownJsonMembers({ events: [{ message: 'a', bogus: 1 }] }, outputSchema(logsSdk, 'FilterLogEvents'))).toEqual(['events[].bogus']);
});

test('the CloudFormation client parses the stack, every resource through NextToken pages, and the template', async () => {
  const view = driver.describe();
  const stacks = await cfn.send(new DescribeStacksCommand({ StackName: 'Contract' }));
  expect(stacks.Stacks?.[0]).toMatchObject({ StackName: 'Contract', StackId: driver.stackId, StackStatus: 'CREATE_COMPLETE' });
  expect(stacks.Stacks![0].CreationTime).toBeInstanceOf(Date);

  const summaries: cfnSdk.StackResourceSummary[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: driver.stackId, NextToken: token }));
    summaries.push(...page.StackResourceSummaries ?? []);
    token = page.NextToken;
    pages++;
  } while (token);
  expect(pages).toBe(Math.ceil(view.resources.length / 3));
  expect(summaries.map(s => [s.LogicalResourceId, s.ResourceType, s.ResourceStatus, s.PhysicalResourceId]))
    .toEqual(view.resources.map(r => [r.logicalId, r.type, r.status, r.physicalResourceId]));
  expect(summaries.every(s => s.LastUpdatedTimestamp instanceof Date)).toBe(true);

  const one = await cfn.send(new DescribeStackResourcesCommand({ StackName: 'Contract', LogicalResourceId: driver.logicalId('Restore') }));
  expect(one.StackResources).toHaveLength(1);
  expect(one.StackResources![0]).toMatchObject({ ResourceType: 'Custom::BackupRestoreJob', ResourceStatus: 'CREATE_COMPLETE' });

  const template = await cfn.send(new GetTemplateCommand({ StackName: 'Contract' }));
  expect(JSON.parse(template.TemplateBody!)).toEqual(view.template);
  expect(template.StagesAvailable).toEqual(['Original', 'Processed']);
});

test('CloudFormation errors: a missing stack is ValidationError (400), as the SDK reads it', async () => {
  const error = await cfn.send(new DescribeStacksCommand({ StackName: 'Nope' })).catch(e => e);
  expect(error).toBeInstanceOf(cfnSdk.CloudFormationServiceException);
  expect(error).toMatchObject({ name: 'ValidationError', message: 'Stack with id Nope does not exist', $metadata: { httpStatusCode: 400 } });
  const raw = await post(aws.cloudFormation.endpoint, form({ Action: 'DescribeStacks', StackName: 'Nope' }), FORM);
  expect(raw.body).toContain('<ErrorResponse xmlns="https://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>ValidationError</Code>');
  const unknownAction = await post(aws.cloudFormation.endpoint, form({ Action: 'CreateStack' }), FORM);
  expect(unknownAction.status).toBe(400);
  expect(unknownAction.body).toContain('<Code>InvalidAction</Code>');
});

test('CloudWatch Logs FilterLogEvents: the handler\'s lines in the provider\'s log group, Lambda\'s text format, schema members only', async () => {
  const group = String(driver.resolver.ref(driver.logicalIdsOfType('AWS::Logs::LogGroup')[0]));
  const raw = await post(aws.logs.endpoint, JSON.stringify({ logGroupName: group, filterPattern: '"restore job started"' }),
    { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.FilterLogEvents' });
  expect(raw.status).toBe(200);
  expect(unknownJsonMembers(JSON.parse(raw.body), outputSchema(logsSdk, 'FilterLogEvents'))).toEqual([]);

  const out = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"restore job started"' }));
  expect(out.events).toHaveLength(1);
  const [event] = out.events!;
  expect(event.message).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\t\{"level":"info","message":"restore job started",/);
  expect(event.message).toContain(`"stackId":"${driver.stackId}"`);
  expect(event.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);

  // Terms are ANDed; a time window excludes; pages follow nextToken.
  const none = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"restore job started" NoSuchTerm' }));
  expect(none.events).toEqual([]);
  const later = await logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: event.timestamp! + 1, filterPattern: '"restore job started"' }));
  expect(later.events).toEqual([]);
  const all = aws.logs.events(group);
  expect(all.length).toBeGreaterThan(2);
  const paged: string[] = [];
  let token: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 2, nextToken: token }));
    paged.push(...page.events!.map(e => e.eventId!));
    token = page.nextToken;
  } while (token);
  expect(paged).toEqual(all.map(e => e.eventId));
});

test('CloudWatch Logs errors: an unknown log group is ResourceNotFoundException; patterns beyond terms are refused', async () => {
  await expect(logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/nothing' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  const group = String(driver.resolver.ref(driver.logicalIdsOfType('AWS::Logs::LogGroup')[0]));
  await expect(logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '{ $.level = "info" }' })))
    .rejects.toMatchObject({ name: 'InvalidParameterException' });
});
