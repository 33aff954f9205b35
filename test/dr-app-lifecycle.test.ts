/**
 * The example DR app (examples/dr-app.ts) deployed through the local AWS harness: aws-cdk-lib's Provider
 * framework and our bundled handlers run unmodified against the Backup emulator, which holds seeded
 * recovery points with the metadata AWS Backup recorded for them. Needs the handler bundles (`npx projen bundle`).
 */
import { Stack } from 'aws-cdk-lib';
import { DrEnvironment, PROD } from '../examples/dr-app';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';
import { CloudFormationDriver, digestOfMetadata, LocalAws, startLocalAws } from './local-aws';
import { restoreJobIdOf } from '../src/restore-job-handler/physical-id';

jest.setTimeout(90_000);

const HOUR = 3_600_000;
const rp = (id: string) => `arn:aws:backup:us-east-1:123456789012:recovery-point:${id}`;
const ORDERS = { newest: rp('0D000000-0000-4000-8000-00000000000A'), older: rp('0D000000-0000-4000-8000-00000000000B'), partial: rp('0D000000-0000-4000-8000-00000000000C'), stale: rp('0D000000-0000-4000-8000-00000000000D') };
const FILES = { newest: rp('0E000000-0000-4000-8000-00000000000A'), older: rp('0E000000-0000-4000-8000-00000000000B') };
const ORDERS_RECORDED = { targetTableName: 'Orders', encryptionType: 'Default', deletionProtection: 'true' };
const FILES_RECORDED = { 'file-system-id': PROD.fileSystemId, 'Encrypted': 'false', 'PerformanceMode': 'generalPurpose', 'CreationToken': 'prod-files', 'newFileSystem': 'false' };

let aws: LocalAws;
let driver: CloudFormationDriver;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 7 });
  const now = aws.clock.now();
  const seed = (recoveryPointArn: string, resourceType: string, resourceArn: string, ageMs: number, extra: object = {}) =>
    aws.backup.seedRecoveryPoint({
      recoveryPointArn,
      backupVaultName: PROD.vaultName,
      resourceType,
      resourceArn,
      creationDate: now - ageMs,
      restore: { durationSeconds: 300 },
      ...extra,
    });
  seed(ORDERS.stale, 'DynamoDB', PROD.ordersTableArn, 72 * HOUR, { restoreMetadata: ORDERS_RECORDED });
  seed(ORDERS.older, 'DynamoDB', PROD.ordersTableArn, 26 * HOUR, { restoreMetadata: ORDERS_RECORDED });
  seed(ORDERS.newest, 'DynamoDB', PROD.ordersTableArn, 3 * HOUR, { restoreMetadata: ORDERS_RECORDED });
  seed(ORDERS.partial, 'DynamoDB', PROD.ordersTableArn, 1 * HOUR, { status: 'PARTIAL', restoreMetadata: ORDERS_RECORDED });
  seed(FILES.older, 'EFS', PROD.fileSystemArn, 30 * HOUR, { restoreMetadata: FILES_RECORDED });
  seed(FILES.newest, 'EFS', PROD.fileSystemArn, 6 * HOUR, { restoreMetadata: FILES_RECORDED });
  aws.backup.seedRecoveryPoint({
    recoveryPointArn: PROD.archiveRecoveryPointArn, backupVaultName: PROD.vaultName, resourceType: 'EFS', restore: { durationSeconds: 2 * 3600 },
  });
  driver = await aws.deploy(stack => new DrEnvironment(stack, 'Dr')).prewarm(1);
});

afterAll(async () => {
  await aws?.close();
});

test('Orders: the newest COMPLETED recovery point is restored, with the recorded metadata and the stack\'s overrides', async () => {
  const out = await driver.create('Dr/RestoreOrders');

  expect(out.response).toMatchObject({ Status: 'SUCCESS' });
  const job = aws.backup.job(restoreJobIdOf(out.response!.PhysicalResourceId!))!;
  // 3 h old beats 26 h; the PARTIAL one from 1 h ago is skipped; 72 h is past maxAge anyway.
  expect(job.recoveryPointArn).toBe(ORDERS.newest);
  expect(out.response!.Data).toMatchObject({ RecoveryPointArn: ORDERS.newest, CreatedResourceArn: job.createdResourceArn, Status: 'COMPLETED', ResourceType: 'DynamoDB' });
  // Recorded keys stay unless the stack overrides them: a new table name, and the DR key.
  const props = driver.propertiesOf('Dr/RestoreOrders') as { Metadata: Record<string, string> };
  expect(job.metadataDigest).toBe(digestOfMetadata({
    deletionProtection: 'true',
    targetTableName: 'orders-dr',
    encryptionType: 'KMS',
    kmsMasterKeyArn: props.Metadata.kmsMasterKeyArn,
  }));
});

test('Files: the newest EFS recovery point, into a new file system encrypted with the DR key', async () => {
  const out = await driver.create('Dr/RestoreFiles');

  expect(out.response).toMatchObject({ Status: 'SUCCESS' });
  const job = aws.backup.job(restoreJobIdOf(out.response!.PhysicalResourceId!))!;
  expect(job.recoveryPointArn).toBe(FILES.newest);
  expect(out.response!.Data!.CreatedResourceArn).toMatch(/:file-system\/fs-/);
  const props = driver.propertiesOf('Dr/RestoreFiles') as { Metadata: Record<string, string> };
  expect(job.metadataDigest).toBe(digestOfMetadata({
    'PerformanceMode': 'generalPurpose',
    'CreationToken': 'prod-files',
    'file-system-id': PROD.fileSystemId,
    'newFileSystem': 'true',
    'Encrypted': 'true',
    'KmsKeyId': props.Metadata.KmsKeyId,
  }));
});

test('Archive: pinned recovery point, a restore of hours waited for in links', async () => {
  // The RestoreJob resource starts the job and answers at once …
  const out = await driver.create('Dr/RestoreArchive');
  expect(out.response).toMatchObject({ Status: 'SUCCESS' });
  expect(out.response!.Data).toMatchObject({ RecoveryPointArn: PROD.archiveRecoveryPointArn });
  // (every attribute the first link reads is there, empty while the job runs)
  expect(out.response!.Data).toMatchObject({ Status: '', CreatedResourceArn: '', CompletionDate: '' });
  // … then its wait links, in order, until one sees the job complete; the later ones answer the same at once.
  const links = driver.logicalIdsOfType('Custom::BackupRestoreJobWait')
    .sort((a, b) => Number(driver.stack.template.Resources[a].Properties!.Segment) - Number(driver.stack.template.Resources[b].Properties!.Segment));
  expect(links).toHaveLength(10); // timeout 8 hours: 1 + floor(28800 / 3180)
  let last = out;
  for (const link of links) last = await driver.create(link);
  const job = aws.backup.job(restoreJobIdOf(out.response!.PhysicalResourceId!))!;
  expect(last.response!.Data).toMatchObject({ Status: 'COMPLETED', CreatedResourceArn: job.createdResourceArn });
  for (const link of [...links].reverse()) expect((await driver.delete(link)).response!.Status).toBe('SUCCESS');
});

test('an update that changes no restore input keeps the job (no new restore from a newer point)', async () => {
  const before = driver.state('Dr/RestoreOrders').physicalResourceId;
  const { update, cleanup } = await driver.update('Dr/RestoreOrders', { properties: driver.propertiesOf('Dr/RestoreOrders') });
  expect(update.response!.PhysicalResourceId).toBe(before);
  expect(cleanup).toBeUndefined();
});

test('every lifecycle answered once, nothing left waiting, one job per create', async () => {
  for (const id of ['Dr/RestoreOrders', 'Dr/RestoreFiles', 'Dr/RestoreArchive']) {
    const out = await driver.delete(id);
    expect(out.response!.Status).toBe('SUCCESS');
  }
  expect(aws.inFlight()).toEqual({ executions: 0, requests: [] });
  for (const count of aws.backup.stats().jobsStartedByToken.values()) expect(count).toBe(1);
});

describe('failures surface with the filters and the value\'s source', () => {
  let failing: CloudFormationDriver;

  beforeAll(async () => {
    aws.backup.seedRecoveryPoint({
      recoveryPointArn: rp('0F000000-0000-4000-8000-00000000000A'),
      backupVaultName: 'odd-vault',
      resourceType: 'EFS',
      resourceArn: PROD.fileSystemArn,
      restoreMetadata: { 'file-system-id': 'fs-1', 'ItemsToRestore': '/data,/etc' },
    });
    failing = await aws.deploy((stack: Stack) => {
      new RestoreJob(stack, 'BadRecorded', {
        recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'odd-vault' }),
        metadata: RestoreMetadata.fromMap({ newFileSystem: 'true' }, 'EFS'),
        useRecordedMetadata: true,
      });
      new RestoreJob(stack, 'NoMatch', {
        recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'odd-vault', resourceArn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-none' }),
        metadata: RestoreMetadata.efs({ fileSystemId: 'fs-none' }),
      });
    });
  });

  test('recorded metadata that breaks a rule fails the deploy naming the key and "recorded in the backup"', async () => {
    const out = await failing.create('BadRecorded');
    expect(out.response!.Status).toBe('FAILED');
    // Deploy time: the key, the problem and where the value came from — never the value (it reaches stack events).
    expect(out.response!.Reason).toMatch(/'ItemsToRestore' \(recorded in the backup; value not shown\) must be a JSON array/);
    expect(out.response!.Reason).not.toContain('/data,/etc');
  });

  test('no matching recovery point fails the deploy listing the filters', async () => {
    const out = await failing.create('NoMatch');
    expect(out.response!.Status).toBe('FAILED');
    expect(out.response!.Reason).toContain("No recovery point matches: backup vault 'odd-vault'; resource arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-none; resource type EFS");
  });
});
