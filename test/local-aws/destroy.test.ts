/**
 * removalPolicy DESTROY through the whole harness: aws-cdk-lib's real Provider runtime and the bundled handler in
 * the Lambda sandboxes, the Backup emulator completing jobs, and the restored resources' world model with its
 * DynamoDB/EFS/RDS stand-ins, where a restored resource exists until something deletes it — so each test counts
 * what is left. Needs `npx projen bundle`.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LocalAws, startLocalAws } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { decodePhysicalId } from '../../src/restore-job-handler/physical-id';

jest.setTimeout(240_000);

let aws: LocalAws;
let points = 0;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 41 });
});

afterAll(async () => {
  await aws?.close();
});

function recoveryPoint(resourceType: string, durationSeconds = 300): string {
  const arn = `arn:aws:backup:us-east-1:123456789012:recovery-point:0D000000-0000-4000-8000-${String(++points).padStart(12, '0')}`;
  aws.backup.seedRecoveryPoint({ recoveryPointArn: arn, backupVaultName: 'Vault', resourceType, restore: { durationSeconds } });
  return arn;
}

function table(stack: Stack, id: string, point: string, tableName: string, removalPolicy?: RemovalPolicy): RestoreJob {
  return new RestoreJob(stack, id, {
    recoveryPoint: RecoveryPoint.fromArn(point),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: tableName }),
    removalPolicy,
  });
}

/** The restored resource a response names (its CreatedResourceArn), as the world model sees it. */
const createdArn = (data: Record<string, unknown> | undefined) => String(data?.CreatedResourceArn);
const deletesOf = (arn: string) => aws.resources.list().filter(r => r.arn === arn && r.deletedBy === 'api').length;

describe('removalPolicy DESTROY', () => {
  test('GIVEN a DESTROY table WHEN the resource is deleted THEN exactly the restored table is deleted, after being tagged as this stack\'s', async () => {
    const point = recoveryPoint('DynamoDB');
    const driver = await aws.deploy(stack => table(stack, 'Orders', point, 'orders-destroy', RemovalPolicy.DESTROY), { stackName: 'DestroyTable' }).prewarm();
    const created = await driver.create('Orders');
    expect(created.response!.Status).toBe('SUCCESS');
    const arn = createdArn(created.response!.Data);
    const before = aws.resources.list().filter(r => r.phase !== 'gone').map(r => r.arn);
    expect(aws.resources.exists(arn)).toBe(true);
    // Tagged when the job completed: the delete permission is conditioned on these tags.
    expect(aws.resources.get(arn)!.tags).toMatchObject({
      'cdk-backup-restore:logical-id': driver.logicalId('Orders'),
      'cdk-backup-restore:stack-id': expect.stringContaining('DestroyTable'),
    });

    const deleted = await driver.delete('Orders');

    expect(deleted.response!.Status).toBe('SUCCESS');
    expect(aws.resources.exists(arn)).toBe(false);
    expect(deletesOf(arn)).toBe(1);
    // Nothing else was touched.
    const after = aws.resources.list().filter(r => r.phase !== 'gone').map(r => r.arn);
    expect(after.sort()).toEqual(before.filter(a => a !== arn).sort());
  });

  test('GIVEN RETAIN (the default) WHEN the resource is deleted THEN the restored table stays', async () => {
    const point = recoveryPoint('DynamoDB');
    const driver = await aws.deploy(stack => table(stack, 'Orders', point, 'orders-retain'), { stackName: 'RetainTable' }).prewarm();
    const created = await driver.create('Orders');
    const arn = createdArn(created.response!.Data);

    expect((await driver.delete('Orders')).response!.Status).toBe('SUCCESS');

    expect(aws.resources.exists(arn)).toBe(true);
    expect(aws.resources.get(arn)!.tags['cdk-backup-restore:logical-id']).toBeUndefined();
  });

  test('GIVEN a DESTROY table WHEN an update restores again (new name) THEN the cleanup deletes the old table only', async () => {
    const point = recoveryPoint('DynamoDB');
    const driver = await aws.deploy(stack => table(stack, 'Orders', point, 'orders-v1', RemovalPolicy.DESTROY), { stackName: 'DestroyReplace' }).prewarm();
    const created = await driver.create('Orders');
    const first = createdArn(created.response!.Data);

    const out = await driver.update('Orders', { from: aws.synth(stack => table(stack, 'Orders', point, 'orders-v2', RemovalPolicy.DESTROY), { stackName: 'DestroyReplace' }) });

    expect(out.stackStatus).toBe('UPDATE_COMPLETE');
    const second = createdArn(out.update.response!.Data);
    expect(second).not.toBe(first);
    expect(out.cleanup!.response!.Status).toBe('SUCCESS');
    expect(aws.resources.exists(first)).toBe(false);
    expect(aws.resources.exists(second)).toBe(true);
  });

  test('GIVEN a DESTROY table WHEN a later resource fails the update THEN the rollback answers the first table and the cleanup deletes only the second', async () => {
    const point = recoveryPoint('DynamoDB');
    const driver = await aws.deploy(stack => table(stack, 'Orders', point, 'orders-rb1', RemovalPolicy.DESTROY), { stackName: 'DestroyRollback' }).prewarm();
    const created = await driver.create('Orders');
    const first = createdArn(created.response!.Data);

    const out = await driver.update('Orders', {
      from: aws.synth(stack => table(stack, 'Orders', point, 'orders-rb2', RemovalPolicy.DESTROY), { stackName: 'DestroyRollback' }),
      laterResourceFails: true,
    });

    expect(out.stackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const second = createdArn(out.update.response!.Data);
    // The rollback answered the first job: its table is still in use and still exists.
    expect(decodePhysicalId(out.rollback!.response!.PhysicalResourceId!).cur.id).toBe(decodePhysicalId(created.response!.PhysicalResourceId!).cur.id);
    expect(createdArn(out.rollback!.response!.Data)).toBe(first);
    expect(aws.resources.exists(first)).toBe(true);
    expect(deletesOf(first)).toBe(0);
    // The second job's table, used by nothing after the rollback, was deleted by the rollback cleanup.
    expect(aws.resources.exists(second)).toBe(false);
  });

  test('GIVEN A → B (A destroyed by the cleanup) WHEN the user updates back to A THEN a new restore starts instead of answering the destroyed table', async () => {
    const point = recoveryPoint('DynamoDB');
    const build = (name: string) => (stack: Stack) => table(stack, 'Orders', point, name, RemovalPolicy.DESTROY);
    const driver = await aws.deploy(build('orders-aba'), { stackName: 'DestroyAba' }).prewarm();
    const a = await driver.create('Orders');
    const firstA = createdArn(a.response!.Data);
    await driver.update('Orders', { from: aws.synth(build('orders-abb'), { stackName: 'DestroyAba' }) });
    expect(aws.resources.exists(firstA)).toBe(false);
    const jobsBefore = aws.backup.listJobs().filter(j => j.recoveryPointArn === point).length;

    const back = await driver.update('Orders', { from: aws.synth(build('orders-aba'), { stackName: 'DestroyAba' }) });

    expect(back.stackStatus).toBe('UPDATE_COMPLETE');
    expect(aws.backup.listJobs().filter(j => j.recoveryPointArn === point)).toHaveLength(jobsBefore + 1);
    const again = createdArn(back.update.response!.Data);
    expect(aws.resources.exists(again)).toBe(true);
  });

  test('GIVEN a DESTROY table whose create times out WHEN CloudFormation rolls the create back THEN the delete waits for the job and deletes what it created', async () => {
    // The job takes 10 minutes; the RestoreJob waits 2.
    const point = recoveryPoint('DynamoDB', 600);
    const driver = await aws.deploy(stack => new RestoreJob(stack, 'Orders', {
      recoveryPoint: RecoveryPoint.fromArn(point),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-late' }),
      removalPolicy: RemovalPolicy.DESTROY,
      timeout: Duration.minutes(2),
    }), { stackName: 'DestroyFailedCreate' }).prewarm();

    const created = await driver.create('Orders', { rollbackOnFailure: true });

    expect(created.response!.Status).toBe('FAILED');
    expect(created.stackStatus).toBe('ROLLBACK_COMPLETE');
    const job = aws.backup.listJobs().find(j => j.recoveryPointArn === point)!;
    const arn = aws.resources.list().find(r => r.restoreJobId === job.restoreJobId)?.arn;
    expect(arn).toBeDefined();
    expect(aws.resources.exists(arn!)).toBe(false);
    expect(deletesOf(arn!)).toBe(1);
  });

  test('GIVEN a DESTROY EFS file system WHEN the stack deletes it THEN it is gone; with a mount target added outside the stack THEN refused naming it', async () => {
    const point = recoveryPoint('EFS');
    const point2 = recoveryPoint('EFS');
    const build = (stack: Stack) => [point, point2].forEach((p, i) => new RestoreJob(stack, `Files${i}`, {
      recoveryPoint: RecoveryPoint.fromArn(p),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
      removalPolicy: RemovalPolicy.DESTROY,
    }));
    const driver = await aws.deploy(build, { stackName: 'DestroyEfs' }).prewarm();
    const plain = createdArn((await driver.create('Files0')).response!.Data);
    const withTarget = createdArn((await driver.create('Files1')).response!.Data);
    const mountTarget = aws.resources.addMountTarget(withTarget);

    const deleted = await driver.delete('Files0');
    const refused = await driver.delete('Files1');

    expect(deleted.response!.Status).toBe('SUCCESS');
    expect(aws.resources.exists(plain)).toBe(false);
    expect(refused.response!.Status).toBe('FAILED');
    expect(refused.response!.Reason).toContain(`still has mount targets (${mountTarget})`);
    expect(aws.resources.exists(withTarget)).toBe(true);
    expect(aws.resources.stats().callsByOperation['elasticfilesystem:DeleteMountTarget'] ?? 0).toBe(0);
  });

  test('GIVEN a DESTROY RDS instance WHEN deleted THEN no final snapshot is taken', async () => {
    const point = recoveryPoint('RDS');
    const driver = await aws.deploy(stack => new RestoreJob(stack, 'Db', {
      recoveryPoint: RecoveryPoint.fromArn(point),
      metadata: RestoreMetadata.fromMap({ DBInstanceIdentifier: 'orders-destroy-db' }, 'RDS'),
      removalPolicy: RemovalPolicy.DESTROY,
    }), { stackName: 'DestroyRds' }).prewarm();
    const created = await driver.create('Db');
    const arn = createdArn(created.response!.Data);

    const deleted = await driver.delete('Db');

    expect(deleted.response!.Status).toBe('SUCCESS');
    const view = aws.resources.get(arn);
    expect(view === undefined || view.phase === 'gone').toBe(true);
    expect(view?.finalSnapshotIdentifier).toBeUndefined();
    expect(aws.resources.exists(arn)).toBe(false);
  });

  test('GIVEN a DESTROY Aurora cluster with an instance added outside the stack WHEN deleted THEN the delete fails naming it, and nothing is deleted', async () => {
    const point = recoveryPoint('Aurora');
    const driver = await aws.deploy(stack => new RestoreJob(stack, 'Cluster', {
      recoveryPoint: RecoveryPoint.fromArn(point),
      metadata: RestoreMetadata.fromMap({ DBClusterIdentifier: 'orders-destroy-aurora', Engine: 'aurora-postgresql' }, 'Aurora'),
      removalPolicy: RemovalPolicy.DESTROY,
    }), { stackName: 'DestroyAurora' }).prewarm();
    const created = await driver.create('Cluster');
    const arn = createdArn(created.response!.Data);
    const member = aws.resources.addClusterInstance(arn);

    const deleted = await driver.delete('Cluster');

    expect(deleted.response!.Status).toBe('FAILED');
    expect(deleted.response!.Reason).toMatch(/still has DB instances \(.+\) that its restore did not create/);
    expect(aws.resources.exists(arn)).toBe(true);
    expect(aws.resources.exists(member)).toBe(true);
  });
});
