/**
 * Delete adapters (src/resource-types/<type>/runtime.ts) for `removalPolicy: DESTROY`: each deletes exactly the
 * resource its ARN names, treats "already gone" as success, answers "waiting" while an earlier step is under way,
 * refuses a resource with deletion protection, and tags the resource.
 */
import { DeleteTableCommand, DescribeTableCommand, DynamoDBClient, TagResourceCommand as DynamoTagCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateTagsCommand as Ec2CreateTagsCommand, DeleteVolumeCommand, DescribeInstancesCommand, DescribeVolumesCommand, EC2Client,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteFileSystemCommand as EfsDeleteFileSystemCommand, DeleteMountTargetCommand, DescribeFileSystemsCommand as EfsDescribeCommand,
  DescribeMountTargetsCommand, EFSClient, TagResourceCommand as EfsTagCommand,
} from '@aws-sdk/client-efs';
import {
  DeleteFileSystemCommand as FsxDeleteFileSystemCommand, DescribeFileSystemsCommand as FsxDescribeCommand, FSxClient,
  TagResourceCommand as FsxTagCommand,
} from '@aws-sdk/client-fsx';
import {
  AddTagsToResourceCommand, DeleteDBClusterCommand, DeleteDBInstanceCommand, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient,
} from '@aws-sdk/client-rds';
import { CreateTagsCommand as RedshiftCreateTagsCommand, DeleteClusterCommand, DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError } from './fixtures';
import { deleteAdapterForArn, DeletionRefused } from '../../src/resource-types/runtime';
import { Budget } from '../../src/restore-job-handler/aws-backup';

const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);
const fsx = mockClient(FSxClient);
const efs = mockClient(EFSClient);
const redshift = mockClient(RedshiftClient);
const dynamodb = mockClient(DynamoDBClient);
const MOCKS = [rds, ec2, fsx, efs, redshift, dynamodb];

beforeEach(() => {
  MOCKS.forEach(m => m.reset());
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(Math, 'random').mockReturnValue(0);
});
afterEach(() => jest.restoreAllMocks());

const budget = new Budget(Number.POSITIVE_INFINITY);
const ctx = { budget };
const TAGS = { 'cdk-backup-restore:stack': 'arn:aws:cloudformation:us-east-1:123456789012:stack/dr/1', 'cdk-backup-restore:logical-id': 'OrdersRestore' };
const ARN = {
  table: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders-dr',
  efs: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fedcba9876543210',
  db: 'arn:aws:rds:us-east-1:123456789012:db:orders-dr',
  cluster: 'arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora-dr',
  volume: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc1234def567890',
  instance: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  fsx: 'arn:aws:fsx:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
  redshift: 'arn:aws:redshift:us-east-1:123456789012:cluster:warehouse-dr',
};

function adapter(arn: string) {
  const found = deleteAdapterForArn(arn);
  if (found === undefined) throw new Error(`no delete adapter for ${arn}`);
  return found;
}

function callCount(): number {
  return MOCKS.reduce((n, m) => n + m.calls().length, 0);
}

describe('registry', () => {
  test.each([
    [ARN.table, 'DynamoDB table'], [ARN.efs, 'EFS file system'], [ARN.db, 'DB instance'], [ARN.cluster, 'DB cluster'],
    [ARN.volume, 'EBS volume'], [ARN.instance, 'EC2 instance'], [ARN.fsx, 'FSx file system'], [ARN.redshift, 'Redshift cluster'],
  ])('%s is deleted by the %s adapter', (arn, noun) => {
    expect(adapter(arn).noun).toBe(noun);
  });

  test.each([
    'arn:aws:s3:::orders-dr-bucket',
    'arn:aws:fsx:us-east-1:123456789012:volume/fs-0123456789abcdef0/fsvol-0123456789abcdef0',
    'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0',
    'arn:aws:timestream:us-east-1:123456789012:database/db/table/t',
  ])('%s has no delete adapter (this version deletes nothing of that shape)', arn => {
    expect(deleteAdapterForArn(arn)).toBeUndefined();
  });
});

describe('DynamoDB table', () => {
  test('an ACTIVE table: DeleteTable by name, then poll', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'orders-dr', TableStatus: 'ACTIVE' } });
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('deleting');
    expect(dynamodb).toHaveReceivedCommandWith(DeleteTableCommand, { TableName: 'orders-dr' });
  });

  test('already DELETING or gone: success without a second DeleteTable (a retried or duplicated request)', async () => {
    dynamodb.on(DescribeTableCommand).resolvesOnce({ Table: { TableName: 'orders-dr', TableStatus: 'DELETING' } })
      .rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('deleting');
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('deleting');
    expect(dynamodb).toHaveReceivedCommandTimes(DeleteTableCommand, 0);
  });

  test('a table still being created or updated (ResourceInUseException): waiting', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'orders-dr', TableStatus: 'UPDATING' } });
    dynamodb.on(DeleteTableCommand).rejects(awsError('ResourceInUseException', 'Attempt to change a resource which is still in use'));
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('waiting');
  });

  test('gone between DescribeTable and DeleteTable: success', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'orders-dr', TableStatus: 'ACTIVE' } });
    dynamodb.on(DeleteTableCommand).rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('deleting');
  });

  test('deletion protection on: refused with the fix, nothing deleted', async () => {
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableName: 'orders-dr', TableStatus: 'ACTIVE', DeletionProtectionEnabled: true } });
    const error = await adapter(ARN.table).remove(ARN.table, ctx).catch((e: Error) => e);
    expect(error).toBeInstanceOf(DeletionRefused);
    expect((error as Error).message).toBe(`The DynamoDB table orders-dr (${ARN.table}) has deletion protection on, so removalPolicy DESTROY cannot delete it. ` +
      'Fix: turn deletion protection off (UpdateTable DeletionProtectionEnabled=false, or leave deletionProtection out of the restore metadata) and delete the stack again, or delete the DynamoDB table yourself.');
    expect(dynamodb).toHaveReceivedCommandTimes(DeleteTableCommand, 0);
  });

  test('isGone: false while DescribeTable answers, true once it says ResourceNotFoundException', async () => {
    dynamodb.on(DescribeTableCommand).resolvesOnce({ Table: { TableName: 'orders-dr', TableStatus: 'DELETING' } })
      .rejects(awsError('ResourceNotFoundException', 'Requested resource not found'));
    expect(await adapter(ARN.table).isGone(ARN.table, budget)).toBe(false);
    expect(await adapter(ARN.table).isGone(ARN.table, budget)).toBe(true);
  });

  test('tag: TagResource on the table ARN', async () => {
    dynamodb.on(DynamoTagCommand).resolves({});
    await adapter(ARN.table).tag(ARN.table, TAGS, budget);
    expect(dynamodb).toHaveReceivedCommandWith(DynamoTagCommand, {
      ResourceArn: ARN.table, Tags: [{ Key: 'cdk-backup-restore:stack', Value: TAGS['cdk-backup-restore:stack'] }, { Key: 'cdk-backup-restore:logical-id', Value: 'OrdersRestore' }],
    });
  });

  test('throttling is retried within the call', async () => {
    dynamodb.on(DescribeTableCommand).rejectsOnce(awsError('ThrottlingException', 'Rate exceeded')).resolves({ Table: { TableName: 'orders-dr', TableStatus: 'ACTIVE' } });
    dynamodb.on(DeleteTableCommand).rejectsOnce(awsError('ProvisionedThroughputExceededException', 'slow down')).resolves({});
    expect(await adapter(ARN.table).remove(ARN.table, ctx)).toBe('deleting');
    expect(dynamodb).toHaveReceivedCommandTimes(DeleteTableCommand, 2);
  });
});

describe('EFS file system', () => {
  const mountTarget = (id: string, state: string) => ({ MountTargetId: id, FileSystemId: 'fs-0fedcba9876543210', SubnetId: 'subnet-1', LifeCycleState: state as never, OwnerId: '123456789012' });

  test('mount targets left that the restore did not create: refused naming them, none and no file system deleted', async () => {
    efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [mountTarget('fsmt-1', 'available'), mountTarget('fsmt-2', 'deleting')] });
    await expect(adapter(ARN.efs).remove(ARN.efs, ctx)).rejects.toThrow(/still has mount targets \(fsmt-1\) that neither its restore nor this stack created/);
    expect(efs).toHaveReceivedCommandTimes(DeleteMountTargetCommand, 0);
    expect(efs).toHaveReceivedCommandTimes(EfsDeleteFileSystemCommand, 0);
  });

  test('mount targets only being deleted (the stack\'s own, by CloudFormation): waiting, no file system delete yet', async () => {
    efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [mountTarget('fsmt-2', 'deleting')] });
    expect(await adapter(ARN.efs).remove(ARN.efs, ctx)).toBe('waiting');
    expect(efs).toHaveReceivedCommandTimes(EfsDeleteFileSystemCommand, 0);
  });

  test('no mount target left: DeleteFileSystem', async () => {
    efs.on(DescribeMountTargetsCommand).resolves({ MountTargets: [] });
    expect(await adapter(ARN.efs).remove(ARN.efs, ctx)).toBe('deleting');
    expect(efs).toHaveReceivedCommandWith(EfsDeleteFileSystemCommand, { FileSystemId: 'fs-0fedcba9876543210' });
  });

  test('mount targets still going (FileSystemInUse): waiting; the file system gone: success', async () => {
    efs.on(DescribeMountTargetsCommand).resolvesOnce({ MountTargets: [] }).rejects(awsError('FileSystemNotFound', 'File system not found', 404));
    efs.on(EfsDeleteFileSystemCommand).rejects(awsError('FileSystemInUse', 'File system is in use', 409));
    expect(await adapter(ARN.efs).remove(ARN.efs, ctx)).toBe('waiting');
    expect(await adapter(ARN.efs).remove(ARN.efs, ctx)).toBe('deleting');
    expect(efs).toHaveReceivedCommandTimes(EfsDeleteFileSystemCommand, 1);
  });

  test('isGone: DescribeFileSystems answers deleting, then not found', async () => {
    efs.on(EfsDescribeCommand).resolvesOnce({ FileSystems: [{ FileSystemId: 'fs-0fedcba9876543210', LifeCycleState: 'deleting' } as never] })
      .rejects(awsError('FileSystemNotFound', 'File system not found', 404));
    expect(await adapter(ARN.efs).isGone(ARN.efs, budget)).toBe(false);
    expect(await adapter(ARN.efs).isGone(ARN.efs, budget)).toBe(true);
  });

  test('tag: TagResource by file system id', async () => {
    efs.on(EfsTagCommand).resolves({});
    await adapter(ARN.efs).tag(ARN.efs, { k: 'v' }, budget);
    expect(efs).toHaveReceivedCommandWith(EfsTagCommand, { ResourceId: 'fs-0fedcba9876543210', Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('RDS DB instance', () => {
  const instance = (extra: Record<string, unknown> = {}) => ({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'available', ...extra }] });

  test('DeleteDBInstance without final snapshot, automated backups deleted', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(instance());
    expect(await adapter(ARN.db).remove(ARN.db, ctx)).toBe('deleting');
    expect(rds).toHaveReceivedCommandWith(DeleteDBInstanceCommand, { DBInstanceIdentifier: 'orders-dr', SkipFinalSnapshot: true, DeleteAutomatedBackups: true });
  });

  test('already deleting, or gone: success without DeleteDBInstance', async () => {
    rds.on(DescribeDBInstancesCommand).resolvesOnce(instance({ DBInstanceStatus: 'deleting' }))
      .rejects(awsError('DBInstanceNotFoundFault', 'DBInstance orders-dr not found.', 404));
    expect(await adapter(ARN.db).remove(ARN.db, ctx)).toBe('deleting');
    expect(await adapter(ARN.db).remove(ARN.db, ctx)).toBe('deleting');
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 0);
  });

  test('a state that does not allow deleting now (InvalidDBInstanceState): waiting', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(instance({ DBInstanceStatus: 'modifying' }));
    rds.on(DeleteDBInstanceCommand).rejects(awsError('InvalidDBInstanceStateFault', 'Instance orders-dr is not in available state.'));
    expect(await adapter(ARN.db).remove(ARN.db, ctx)).toBe('waiting');
  });

  test('deletion protection on: refused, nothing deleted', async () => {
    rds.on(DescribeDBInstancesCommand).resolves(instance({ DeletionProtection: true }));
    await expect(adapter(ARN.db).remove(ARN.db, ctx)).rejects.toThrow(
      `The DB instance orders-dr (${ARN.db}) has deletion protection on, so removalPolicy DESTROY cannot delete it. Fix: turn deletion protection off (ModifyDBInstance DeletionProtection=false`);
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 0);
  });

  test('isGone and tag', async () => {
    rds.on(DescribeDBInstancesCommand).resolvesOnce(instance({ DBInstanceStatus: 'deleting' })).rejects(awsError('DBInstanceNotFoundFault', 'not found', 404));
    rds.on(AddTagsToResourceCommand).resolves({});
    expect(await adapter(ARN.db).isGone(ARN.db, budget)).toBe(false);
    expect(await adapter(ARN.db).isGone(ARN.db, budget)).toBe(true);
    await adapter(ARN.db).tag(ARN.db, { k: 'v' }, budget);
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, { ResourceName: ARN.db, Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('Aurora / DocumentDB / Neptune cluster', () => {
  const cluster = (extra: Record<string, unknown> = {}) => ({ DBClusters: [{ DBClusterIdentifier: 'orders-aurora-dr', Status: 'available', DBClusterMembers: [], ...extra }] });

  test('instances the restore did not create: refused naming them, none deleted, the cluster kept', async () => {
    rds.on(DescribeDBClustersCommand).resolves(cluster({ DBClusterMembers: [{ DBInstanceIdentifier: 'writer-1' }, { DBInstanceIdentifier: 'reader-1' }] }));
    await expect(adapter(ARN.cluster).remove(ARN.cluster, ctx)).rejects.toThrow(/still has DB instances \(writer-1, reader-1\) that its restore did not create/);
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 0);
    expect(rds).toHaveReceivedCommandTimes(DeleteDBClusterCommand, 0);
  });

  test('no members (what AWS Backup restores): DeleteDBCluster without final snapshot', async () => {
    rds.on(DescribeDBClustersCommand).resolves(cluster());
    expect(await adapter(ARN.cluster).remove(ARN.cluster, ctx)).toBe('deleting');
    expect(rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: 'orders-aurora-dr', SkipFinalSnapshot: true });
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 0);
  });

  test('a busy cluster (InvalidDBClusterStateFault): waiting; a cluster gone: success', async () => {
    rds.on(DescribeDBClustersCommand).resolvesOnce(cluster()).rejects(awsError('DBClusterNotFoundFault', 'DBCluster not found', 404));
    rds.on(DeleteDBClusterCommand).rejects(awsError('InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.'));
    expect(await adapter(ARN.cluster).remove(ARN.cluster, ctx)).toBe('waiting');
    expect(await adapter(ARN.cluster).remove(ARN.cluster, ctx)).toBe('deleting');
    expect(rds).toHaveReceivedCommandTimes(DeleteDBClusterCommand, 1);
  });

  test('deletion protection on: refused, no member and no cluster deleted', async () => {
    rds.on(DescribeDBClustersCommand).resolves(cluster({ DeletionProtection: true, DBClusterMembers: [{ DBInstanceIdentifier: 'writer-1' }] }));
    await expect(adapter(ARN.cluster).remove(ARN.cluster, ctx)).rejects.toThrow(DeletionRefused);
    expect(rds).toHaveReceivedCommandTimes(DeleteDBInstanceCommand, 0);
    expect(rds).toHaveReceivedCommandTimes(DeleteDBClusterCommand, 0);
  });

  test('isGone and tag', async () => {
    rds.on(DescribeDBClustersCommand).resolvesOnce(cluster({ Status: 'deleting' })).rejects(awsError('DBClusterNotFoundFault', 'not found', 404));
    rds.on(AddTagsToResourceCommand).resolves({});
    expect(await adapter(ARN.cluster).isGone(ARN.cluster, budget)).toBe(false);
    expect(await adapter(ARN.cluster).isGone(ARN.cluster, budget)).toBe(true);
    await adapter(ARN.cluster).tag(ARN.cluster, { k: 'v' }, budget);
    expect(rds).toHaveReceivedCommandWith(AddTagsToResourceCommand, { ResourceName: ARN.cluster, Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('EBS volume', () => {
  test('DeleteVolume by id; gone already: success; still attached (VolumeInUse): waiting', async () => {
    ec2.on(DeleteVolumeCommand).resolvesOnce({}).rejectsOnce(awsError('InvalidVolume.NotFound', "The volume 'vol-0abc1234def567890' does not exist."))
      .rejects(awsError('VolumeInUse', 'Volume vol-0abc1234def567890 is currently attached to i-1'));
    expect(await adapter(ARN.volume).remove(ARN.volume, ctx)).toBe('deleting');
    expect(ec2).toHaveReceivedCommandWith(DeleteVolumeCommand, { VolumeId: 'vol-0abc1234def567890' });
    expect(await adapter(ARN.volume).remove(ARN.volume, ctx)).toBe('deleting');
    expect(await adapter(ARN.volume).remove(ARN.volume, ctx)).toBe('waiting');
  });

  test('isGone: deleting → false; deleted or not found → true', async () => {
    ec2.on(DescribeVolumesCommand).resolvesOnce({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'deleting' }] })
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'deleted' }] })
      .rejects(awsError('InvalidVolume.NotFound', 'does not exist'));
    expect(await adapter(ARN.volume).isGone(ARN.volume, budget)).toBe(false);
    expect(await adapter(ARN.volume).isGone(ARN.volume, budget)).toBe(true);
    expect(await adapter(ARN.volume).isGone(ARN.volume, budget)).toBe(true);
  });

  test('tag: CreateTags on the volume id', async () => {
    ec2.on(Ec2CreateTagsCommand).resolves({});
    await adapter(ARN.volume).tag(ARN.volume, { k: 'v' }, budget);
    expect(ec2).toHaveReceivedCommandWith(Ec2CreateTagsCommand, { Resources: ['vol-0abc1234def567890'], Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('EC2 instance', () => {
  test('TerminateInstances of exactly that instance, and no other EC2 call (no AMI, no snapshot)', async () => {
    ec2.on(TerminateInstancesCommand).resolves({ TerminatingInstances: [{ InstanceId: 'i-0123456789abcdef0', CurrentState: { Name: 'shutting-down' } }] });
    expect(await adapter(ARN.instance).remove(ARN.instance, ctx)).toBe('deleting');
    expect(ec2).toHaveReceivedCommandWith(TerminateInstancesCommand, { InstanceIds: ['i-0123456789abcdef0'] });
    expect(callCount()).toBe(1);
  });

  test('gone already: success; termination protection (OperationNotPermitted): refused with the fix', async () => {
    ec2.on(TerminateInstancesCommand).rejectsOnce(awsError('InvalidInstanceID.NotFound', 'The instance ID does not exist'))
      .rejects(awsError('OperationNotPermitted', 'The instance may not be terminated. Modify its disableApiTermination instance attribute and try again.'));
    expect(await adapter(ARN.instance).remove(ARN.instance, ctx)).toBe('deleting');
    await expect(adapter(ARN.instance).remove(ARN.instance, ctx)).rejects.toThrow(
      `The EC2 instance i-0123456789abcdef0 (${ARN.instance}) has termination protection on (DisableApiTermination), so removalPolicy DESTROY cannot terminate it.`);
  });

  test('isGone: shutting-down → false; terminated → true', async () => {
    ec2.on(DescribeInstancesCommand).resolvesOnce({ Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'shutting-down' } }] }] })
      .resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'terminated' } }] }] });
    expect(await adapter(ARN.instance).isGone(ARN.instance, budget)).toBe(false);
    expect(await adapter(ARN.instance).isGone(ARN.instance, budget)).toBe(true);
  });

  test('tag: CreateTags on the instance id', async () => {
    ec2.on(Ec2CreateTagsCommand).resolves({});
    await adapter(ARN.instance).tag(ARN.instance, { k: 'v' }, budget);
    expect(ec2).toHaveReceivedCommandWith(Ec2CreateTagsCommand, { Resources: ['i-0123456789abcdef0'], Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('FSx file system', () => {
  const fileSystem = (type: string, lifecycle = 'AVAILABLE') => ({ FileSystems: [{ FileSystemId: 'fs-0123456789abcdef0', FileSystemType: type as never, Lifecycle: lifecycle as never }] });

  test.each([
    ['WINDOWS', { WindowsConfiguration: { SkipFinalBackup: true } }],
    ['LUSTRE', { LustreConfiguration: { SkipFinalBackup: true } }],
    ['OPENZFS', { OpenZFSConfiguration: { SkipFinalBackup: true } }],
  ])('%s: DeleteFileSystem without a final backup', async (type, config) => {
    fsx.on(FsxDescribeCommand).resolves(fileSystem(type));
    expect(await adapter(ARN.fsx).remove(ARN.fsx, ctx)).toBe('deleting');
    expect(fsx).toHaveReceivedCommandWith(FsxDeleteFileSystemCommand, { FileSystemId: 'fs-0123456789abcdef0', ...config });
  });

  test('ONTAP: DeleteFileSystem with no final-backup option (it takes none)', async () => {
    fsx.on(FsxDescribeCommand).resolves(fileSystem('ONTAP'));
    await adapter(ARN.fsx).remove(ARN.fsx, ctx);
    expect(fsx.commandCalls(FsxDeleteFileSystemCommand)[0].args[0].input).toEqual({ FileSystemId: 'fs-0123456789abcdef0' });
  });

  test('still CREATING: waiting; DELETING or gone: success without a second delete', async () => {
    fsx.on(FsxDescribeCommand).resolvesOnce(fileSystem('LUSTRE', 'CREATING')).resolvesOnce(fileSystem('LUSTRE', 'DELETING'))
      .rejects(awsError('FileSystemNotFound', 'File system fs-0123456789abcdef0 was not found'));
    expect(await adapter(ARN.fsx).remove(ARN.fsx, ctx)).toBe('waiting');
    expect(await adapter(ARN.fsx).remove(ARN.fsx, ctx)).toBe('deleting');
    expect(await adapter(ARN.fsx).remove(ARN.fsx, ctx)).toBe('deleting');
    expect(fsx).toHaveReceivedCommandTimes(FsxDeleteFileSystemCommand, 0);
  });

  test('isGone and tag', async () => {
    fsx.on(FsxDescribeCommand).resolvesOnce(fileSystem('LUSTRE', 'DELETING')).rejects(awsError('FileSystemNotFound', 'not found'));
    fsx.on(FsxTagCommand).resolves({});
    expect(await adapter(ARN.fsx).isGone(ARN.fsx, budget)).toBe(false);
    expect(await adapter(ARN.fsx).isGone(ARN.fsx, budget)).toBe(true);
    await adapter(ARN.fsx).tag(ARN.fsx, { k: 'v' }, budget);
    expect(fsx).toHaveReceivedCommandWith(FsxTagCommand, { ResourceARN: ARN.fsx, Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

describe('Redshift cluster', () => {
  const cluster = (status: string) => ({ Clusters: [{ ClusterIdentifier: 'warehouse-dr', ClusterStatus: status }] });

  test('DeleteCluster without a final snapshot', async () => {
    redshift.on(DescribeClustersCommand).resolves(cluster('available'));
    expect(await adapter(ARN.redshift).remove(ARN.redshift, ctx)).toBe('deleting');
    expect(redshift).toHaveReceivedCommandWith(DeleteClusterCommand, { ClusterIdentifier: 'warehouse-dr', SkipFinalClusterSnapshot: true });
  });

  test('busy (InvalidClusterStateFault): waiting; deleting or gone: success without a second delete', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('resizing')).resolvesOnce(cluster('deleting'))
      .rejects(awsError('ClusterNotFoundFault', 'Cluster warehouse-dr not found.', 404));
    redshift.on(DeleteClusterCommand).rejects(awsError('InvalidClusterStateFault', 'There is an operation running on the Cluster.'));
    expect(await adapter(ARN.redshift).remove(ARN.redshift, ctx)).toBe('waiting');
    expect(await adapter(ARN.redshift).remove(ARN.redshift, ctx)).toBe('deleting');
    expect(await adapter(ARN.redshift).remove(ARN.redshift, ctx)).toBe('deleting');
    expect(redshift).toHaveReceivedCommandTimes(DeleteClusterCommand, 1);
  });

  test('isGone and tag', async () => {
    redshift.on(DescribeClustersCommand).resolvesOnce(cluster('deleting')).rejects(awsError('ClusterNotFoundFault', 'not found', 404));
    redshift.on(RedshiftCreateTagsCommand).resolves({});
    expect(await adapter(ARN.redshift).isGone(ARN.redshift, budget)).toBe(false);
    expect(await adapter(ARN.redshift).isGone(ARN.redshift, budget)).toBe(true);
    await adapter(ARN.redshift).tag(ARN.redshift, { k: 'v' }, budget);
    expect(redshift).toHaveReceivedCommandWith(RedshiftCreateTagsCommand, { ResourceName: ARN.redshift, Tags: [{ Key: 'k', Value: 'v' }] });
  });
});

test('a non-retryable error other than "gone" or "busy" is thrown as AWS gave it', async () => {
  ec2.on(DeleteVolumeCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
  await expect(adapter(ARN.volume).remove(ARN.volume, ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
});
