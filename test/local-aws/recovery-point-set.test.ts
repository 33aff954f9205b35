/**
 * RecoveryPointSet through the whole harness: a stack with a set and two RestoreJobs fed by it (a DynamoDB table
 * with the metadata recorded in its backup, and an EFS file system) is created, updated and rolled back by the
 * CloudFormation driver; the Provider framework and our bundled handler run in the Lambda sandboxes and list the
 * Backup emulator's vault. Needs the handler bundle: `npx projen bundle`.
 */
import { Stack } from 'aws-cdk-lib';
import { CloudFormationDriver, digestOfMetadata, LocalAws, StackOutcome, startLocalAws } from './index';
import { RecoveryPointSet, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf } from '../../src/restore-job-handler/physical-id';

jest.setTimeout(240_000);

const HOUR = 3_600_000;
const VAULT = 'prod-copies';
const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
const FILES = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123456789abcdef0';
const LONELY = 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fffffffffffffff0';
const rp = (n: number) => `arn:aws:backup:us-east-1:123456789012:recovery-point:5E700000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const P = {
  table30h: rp(1),
  table5h: rp(2),
  table90m: rp(3),
  tablePartial: rp(4),
  table12m: rp(5),
  files30h: rp(11),
  files5h24m: rp(12),
  files12m: rp(13),
  lonely40h: rp(21),
};
/** The metadata AWS Backup recorded for the table's backups (the job starts from it: useRecordedMetadata). */
const TABLE_RECORDED = { targetTableName: 'Orders', encryptionType: 'Default' };

let aws: LocalAws;
let now: number;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 1212 });
  now = aws.clock.now();
  const seed = (recoveryPointArn: string, resourceType: string, resourceArn: string, ageMs: number, extra: object = {}) =>
    aws.backup.seedRecoveryPoint({
      recoveryPointArn, backupVaultName: VAULT, resourceType, resourceArn, creationDate: now - ageMs, restore: { durationSeconds: 300 }, ...extra,
    });
  // The table is backed up more often than the file system: its newest good point (90 min) has no file system
  // point within an hour; 5 hours ago both were backed up (24 minutes apart).
  seed(P.table30h, 'DynamoDB', TABLE, 30 * HOUR, { restoreMetadata: TABLE_RECORDED });
  seed(P.table5h, 'DynamoDB', TABLE, 5 * HOUR, { restoreMetadata: TABLE_RECORDED });
  seed(P.table90m, 'DynamoDB', TABLE, 1.5 * HOUR, { restoreMetadata: TABLE_RECORDED });
  seed(P.tablePartial, 'DynamoDB', TABLE, 0.5 * HOUR, { status: 'PARTIAL', restoreMetadata: TABLE_RECORDED });
  seed(P.files30h, 'EFS', FILES, 29.7 * HOUR);
  seed(P.files5h24m, 'EFS', FILES, 5.4 * HOUR);
  seed(P.lonely40h, 'EFS', LONELY, 40 * HOUR);
});

afterAll(async () => {
  await aws?.close();
});

interface Variant {
  readonly createdAfter?: Date;
}

function build(variant: Variant = {}) {
  return (stack: Stack) => {
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: VAULT, resourceArns: [TABLE, FILES], createdAfter: variant.createdAfter });
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: set.recoveryPointFor(TABLE),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
      useRecordedMetadata: true,
    });
    new RestoreJob(stack, 'Files', {
      recoveryPoint: set.recoveryPointFor(FILES),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
    });
  };
}

const STACK = 'DrFromOneMoment';
let driver: CloudFormationDriver;
let setId: string;
let created: { set: ResourceSnapshot; orders: ResourceSnapshot; files: ResourceSnapshot };

interface ResourceSnapshot {
  readonly physicalResourceId?: string;
  readonly data?: Record<string, unknown>;
}

function snapshot(construct: string): ResourceSnapshot {
  const state = driver.state(driver.logicalId(construct));
  return { physicalResourceId: state.physicalResourceId, data: state.data };
}

function listings(): number {
  return aws.backup.stats().callsByOperation.ListRecoveryPointsByBackupVault ?? 0;
}

function jobsOf(recoveryPointArn: string) {
  return aws.backup.listJobs().filter(j => j.recoveryPointArn === recoveryPointArn);
}

function failureReasons(outcome: StackOutcome): string[] {
  return outcome.events.map(e => e.outcome.response).filter(r => r?.Status === 'FAILED').map(r => r!.Reason ?? '');
}

test('create: the table and the file system are restored from one moment, not each from its newest backup', async () => {
  // GIVEN
  driver = await aws.deploy(build(), { stackName: STACK }).prewarm(2);
  setId = driver.logicalId('Moment');
  // WHEN
  const out = await driver.createStack();
  // THEN the set answers the pair from 5 hours ago, 24 minutes apart
  expect(out.stackStatus).toBe('CREATE_COMPLETE');
  created = { set: snapshot('Moment'), orders: snapshot('Orders'), files: snapshot('Files') };
  expect(created.set.physicalResourceId).toMatch(/^rpset-[0-9a-f]{16}\|s1\|/);
  expect(created.set.data).toEqual({
    RecoveryPointArn0: P.table5h,
    RecoveryPointArn1: P.files5h24m,
    SpreadSeconds: String(0.4 * 3600),
    OldestCreationDate: new Date(now - 5.4 * HOUR).toISOString(),
    NewestCreationDate: new Date(now - 5 * HOUR).toISOString(),
  });
  // … the set was created before the jobs that read it
  const order = out.events.map(e => e.logicalId);
  expect(order.indexOf(setId)).toBeLessThan(order.indexOf(driver.logicalId('Orders')));
  expect(order.indexOf(setId)).toBeLessThan(order.indexOf(driver.logicalId('Files')));
  // … and each job restored its point of the set: the table with its recorded metadata and the stack's new name
  const orders = aws.backup.job(restoreJobIdOf(created.orders.physicalResourceId!))!;
  expect(orders).toMatchObject({ recoveryPointArn: P.table5h, status: 'COMPLETED' });
  expect(orders.metadataDigest).toBe(digestOfMetadata({ encryptionType: 'Default', targetTableName: 'orders-dr' }));
  expect(created.orders.data).toMatchObject({ RecoveryPointArn: P.table5h, CreatedResourceArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders-dr' });
  const files = aws.backup.job(restoreJobIdOf(created.files.physicalResourceId!))!;
  expect(files).toMatchObject({ recoveryPointArn: P.files5h24m, status: 'COMPLETED' });
  expect(created.files.data).toMatchObject({ RecoveryPointArn: P.files5h24m, CreatedResourceArn: expect.stringMatching(/:file-system\/fs-/) });
  expect(jobsOf(P.table90m)).toHaveLength(0);
});

test('an update with unchanged properties answers the same choice, though newer backups of both exist', async () => {
  // GIVEN both resources were backed up again since the deploy
  aws.backup.seedRecoveryPoint({ recoveryPointArn: P.table12m, backupVaultName: VAULT, resourceType: 'DynamoDB', resourceArn: TABLE, creationDate: aws.clock.now() - 0.2 * HOUR, restoreMetadata: TABLE_RECORDED, restore: { durationSeconds: 300 } });
  aws.backup.seedRecoveryPoint({ recoveryPointArn: P.files12m, backupVaultName: VAULT, resourceType: 'EFS', resourceArn: FILES, creationDate: aws.clock.now() - 0.2 * HOUR, restore: { durationSeconds: 300 } });
  const listed = listings();
  const jobs = aws.backup.stats().jobsStarted;
  // WHEN CloudFormation sends the set an Update with the same properties (e.g. a changed ServiceToken elsewhere)
  const { update, cleanup } = await driver.update('Moment', { properties: driver.propertiesOf('Moment') });
  // THEN the same physical id and attributes, without a listing
  expect(update.response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: created.set.physicalResourceId, Data: created.set.data });
  expect(cleanup).toBeUndefined();
  expect(listings()).toBe(listed);
  // WHEN the whole stack is deployed again, unchanged
  const redeploy = await driver.updateStack(aws.synth(build(), { stackName: STACK }));
  // THEN nothing is restored again
  expect(redeploy.stackStatus).toBe('UPDATE_COMPLETE');
  expect(aws.backup.stats().jobsStarted).toBe(jobs);
  expect(snapshot('Orders').physicalResourceId).toBe(created.orders.physicalResourceId);
});

test('a rollback of an update that chose a newer set answers the first set again, and the jobs their first jobs', async () => {
  // GIVEN an update that moves the set forward (createdAfter 3 hours ago: only the new pair qualifies)
  const forward = aws.synth(build({ createdAfter: new Date(aws.clock.now() - 3 * HOUR) }), { stackName: STACK });
  // WHEN a later resource of the stack fails, after the set chose and the jobs restored the new pair
  const out = await driver.updateStack(forward, { laterResourceFails: true });
  // THEN the update did choose the new pair …
  expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
  const setEvents = out.events.filter(e => e.logicalId === setId);
  expect(setEvents[0].outcome.response!.Data).toMatchObject({ RecoveryPointArn0: P.table12m, RecoveryPointArn1: P.files12m });
  expect(jobsOf(P.table12m)).toHaveLength(1);
  expect(jobsOf(P.files12m)).toHaveLength(1);
  // … and the rollback answered the first set under its first physical id (the new one cleaned up), no listing
  expect(snapshot('Moment')).toEqual(created.set);
  expect(setEvents.map(e => e.outcome.event.RequestType)).toEqual(['Update', 'Update', 'Delete']);
  expect(setEvents[2].outcome.event.PhysicalResourceId).toBe(setEvents[0].outcome.response!.PhysicalResourceId);
  // … and the jobs their first jobs, with the first set's points
  expect(restoreJobIdOf(snapshot('Orders').physicalResourceId!)).toBe(restoreJobIdOf(created.orders.physicalResourceId!));
  expect(restoreJobIdOf(snapshot('Files').physicalResourceId!)).toBe(restoreJobIdOf(created.files.physicalResourceId!));
  expect(snapshot('Orders').data).toMatchObject({ RecoveryPointArn: P.table5h });
  expect(snapshot('Files').data).toMatchObject({ RecoveryPointArn: P.files5h24m });
});

test('the same update, successful: the set moves to the new pair and the jobs restore it', async () => {
  const forward = aws.synth(build({ createdAfter: new Date(aws.clock.now() - 3 * HOUR) }), { stackName: STACK });
  const out = await driver.updateStack(forward);
  expect(out.stackStatus).toBe('UPDATE_COMPLETE');
  expect(snapshot('Moment').data).toMatchObject({ RecoveryPointArn0: P.table12m, RecoveryPointArn1: P.files12m, SpreadSeconds: '0' });
  expect(snapshot('Orders').data).toMatchObject({ RecoveryPointArn: P.table12m, Status: 'COMPLETED' });
  expect(snapshot('Files').data).toMatchObject({ RecoveryPointArn: P.files12m, Status: 'COMPLETED' });
});

test('delete: the set has nothing to undo; nothing is left waiting', async () => {
  const out = await driver.deleteStack();
  expect(out.stackStatus).toBe('DELETE_COMPLETE');
  expect(out.events.find(e => e.logicalId === setId)!.outcome.response!.Status).toBe('SUCCESS');
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
});

test('no moment fits: the create fails naming each resource and its newest point; no job starts', async () => {
  const jobs = aws.backup.stats().jobsStarted;
  const lonely = await aws.deploy((stack: Stack) => {
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: VAULT, resourceArns: [TABLE, LONELY] });
    new RestoreJob(stack, 'Files', {
      recoveryPoint: set.recoveryPointFor(LONELY),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0fffffffffffffff0', newFileSystem: true }),
    });
  }, { stackName: 'NoMoment' }).prewarm(1);

  const out = await lonely.createStack();

  expect(out.stackStatus).toBe('ROLLBACK_COMPLETE');
  const [reason] = failureReasons(out);
  expect(reason).toContain("No moment has a usable recovery point of every resource within maxSkew 3600 s (backup vault 'prod-copies'");
  expect(reason).toContain(`${TABLE}: ${P.table12m} created `);
  expect(reason).toContain(`${LONELY}: ${P.lonely40h} created ${new Date(now - 40 * HOUR).toISOString()}`);
  expect(aws.backup.stats().jobsStarted).toBe(jobs);
});
