/**
 * `Custom::BackupRestoredResource`: the restored resource read at deploy time with its service's read API. Driven
 * like the Provider framework drives it: onEvent, then isComplete with onEvent's answer merged into the event.
 */
import { DescribeVolumesCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand as DescribeEfsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeFileSystemsCommand as DescribeFsxCommand, FSxClient } from '@aws-sdk/client-fsx';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeClustersCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { awsError, request } from './fixtures';
import { RETRY_POLICY } from '../../src/restore-job-handler/aws-backup';
import type { RestoredResourceKind } from '../../src/restore-job-handler/contract';
import { MAX_RESPONSE_BYTES } from '../../src/restore-job-handler/failure';
import type { CustomResourceRequest, IsCompleteRequest } from '../../src/restore-job-handler/request';
import { handler as isComplete } from '../../src/restore-job-handler/restore-is-complete.lambda';
import { handler as onEvent } from '../../src/restore-job-handler/restore-on-event.lambda';
import { NOT_FOUND_GRACE_MS, READY_TIMEOUT_SECONDS } from '../../src/restore-job-handler/restored-resource';

const rds = mockClient(RDSClient);
const ec2 = mockClient(EC2Client);
const fsx = mockClient(FSxClient);
const efs = mockClient(EFSClient);
const redshift = mockClient(RedshiftClient);
const MOCKS = [rds, ec2, fsx, efs, redshift];

const START = new Date('2026-11-25T12:00:00Z').getTime();
let now = START;
let logged: string[];

beforeEach(() => {
  MOCKS.forEach(m => m.reset());
  now = START;
  logged = [];
  jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); });
  jest.spyOn(Math, 'random').mockReturnValue(0);
  jest.spyOn(Date, 'now').mockImplementation(() => now);
});
afterEach(() => jest.restoreAllMocks());

const JOB = 'D6E7F8A9-1111-2222-3333-444455556666';
const ARN = {
  db: 'arn:aws:rds:us-east-1:123456789012:db:orders-dr',
  aurora: 'arn:aws:rds:us-east-1:123456789012:cluster:orders-aurora-dr',
  docdb: 'arn:aws:rds:us-east-1:123456789012:cluster:catalog-docdb-dr',
  neptune: 'arn:aws:rds:us-east-1:123456789012:cluster:graph-dr',
  redshift: 'arn:aws:redshift:us-east-1:123456789012:cluster:warehouse-dr',
  volume: 'arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc1234def567890',
  instance: 'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
  fsx: 'arn:aws:fsx:us-east-1:123456789012:file-system/fs-0123456789abcdef0',
  efs: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0fedcba9876543210',
};

function reader(kind: RestoredResourceKind | string, arn: string, type: 'Create' | 'Update' | 'Delete' = 'Create', extra: Partial<CustomResourceRequest> = {}): CustomResourceRequest {
  return request(type, {
    ResourceType: 'Custom::BackupRestoredResource',
    LogicalResourceId: 'OrdersDbRestoredResource1A2B3C4D',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', CreatedResourceArn: arn, Kind: kind, RestoreJobId: JOB },
    ...(type === 'Create' ? {} : { PhysicalResourceId: arn }),
    ...extra,
  });
}

async function start(event: CustomResourceRequest): Promise<IsCompleteRequest> {
  return { ...event, ...(await onEvent(event)) } as IsCompleteRequest;
}

/** The SUCCESS body the framework sends CloudFormation for an answer. */
function responseBytes(event: CustomResourceRequest, physicalId: string, data: unknown): number {
  return Buffer.byteLength(JSON.stringify({
    Status: 'SUCCESS',
    Reason: 'OK',
    PhysicalResourceId: physicalId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: data,
  }), 'utf8');
}

function callCount(): number {
  return MOCKS.reduce((n, m) => n + m.calls().length, 0);
}

describe('each kind answers its attributes, every key a string', () => {
  const cases: Array<{ kind: RestoredResourceKind; arn: string; given: () => void; expected: Record<string, string>; called: () => void }> = [
    {
      kind: 'rds-instance',
      arn: ARN.db,
      given: () => rds.on(DescribeDBInstancesCommand).resolves({
        DBInstances: [{
          DBInstanceIdentifier: 'orders-dr',
          DBInstanceStatus: 'available',
          Endpoint: { Address: 'orders-dr.abc.us-east-1.rds.amazonaws.com', Port: 5432 },
          DbiResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY',
          AvailabilityZone: 'us-east-1b',
          Engine: 'postgres',
        }],
      }),
      expected: { DBInstanceIdentifier: 'orders-dr', EndpointAddress: 'orders-dr.abc.us-east-1.rds.amazonaws.com', EndpointPort: '5432', ResourceId: 'db-ABCDEFGHIJKLMNOPQRSTUVWXY', AvailabilityZone: 'us-east-1b', Engine: 'postgres' },
      called: () => expect(rds).toHaveReceivedCommandWith(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-dr' }),
    },
    {
      kind: 'rds-cluster',
      arn: ARN.aurora,
      given: () => rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{
          DBClusterIdentifier: 'orders-aurora-dr',
          Status: 'available',
          Endpoint: 'orders-aurora-dr.cluster-abc.us-east-1.rds.amazonaws.com',
          ReaderEndpoint: 'orders-aurora-dr.cluster-ro-abc.us-east-1.rds.amazonaws.com',
          Port: 3306,
          DbClusterResourceId: 'cluster-ABCDEFGHIJ',
          Engine: 'aurora-mysql',
        }],
      }),
      expected: { DBClusterIdentifier: 'orders-aurora-dr', EndpointAddress: 'orders-aurora-dr.cluster-abc.us-east-1.rds.amazonaws.com', ReaderEndpointAddress: 'orders-aurora-dr.cluster-ro-abc.us-east-1.rds.amazonaws.com', EndpointPort: '3306', ResourceId: 'cluster-ABCDEFGHIJ', Engine: 'aurora-mysql' },
      called: () => expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'orders-aurora-dr' }),
    },
    {
      kind: 'docdb-cluster',
      arn: ARN.docdb,
      given: () => rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{
          DBClusterIdentifier: 'catalog-docdb-dr',
          Status: 'available',
          Endpoint: 'catalog-docdb-dr.cluster-abc.us-east-1.docdb.amazonaws.com',
          ReaderEndpoint: 'catalog-docdb-dr.cluster-ro-abc.us-east-1.docdb.amazonaws.com',
          Port: 27017,
          DbClusterResourceId: 'cluster-DOCDB',
          Engine: 'docdb',
        }],
      }),
      expected: { DBClusterIdentifier: 'catalog-docdb-dr', EndpointAddress: 'catalog-docdb-dr.cluster-abc.us-east-1.docdb.amazonaws.com', ReaderEndpointAddress: 'catalog-docdb-dr.cluster-ro-abc.us-east-1.docdb.amazonaws.com', EndpointPort: '27017', ResourceId: 'cluster-DOCDB', Engine: 'docdb' },
      called: () => expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'catalog-docdb-dr' }),
    },
    {
      kind: 'neptune-cluster',
      arn: ARN.neptune,
      // A cluster without instances has no reader endpoint in this answer: the key is still present, empty.
      given: () => rds.on(DescribeDBClustersCommand).resolves({
        DBClusters: [{
          DBClusterIdentifier: 'graph-dr', Status: 'available', Endpoint: 'graph-dr.cluster-abc.us-east-1.neptune.amazonaws.com', Port: 8182, DbClusterResourceId: 'cluster-NEPTUNE', Engine: 'neptune',
        }],
      }),
      expected: { DBClusterIdentifier: 'graph-dr', EndpointAddress: 'graph-dr.cluster-abc.us-east-1.neptune.amazonaws.com', ReaderEndpointAddress: '', EndpointPort: '8182', ResourceId: 'cluster-NEPTUNE', Engine: 'neptune' },
      called: () => expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: 'graph-dr' }),
    },
    {
      kind: 'redshift-cluster',
      arn: ARN.redshift,
      given: () => redshift.on(DescribeClustersCommand).resolves({
        Clusters: [{
          ClusterIdentifier: 'warehouse-dr', ClusterStatus: 'available', Endpoint: { Address: 'warehouse-dr.abc.us-east-1.redshift.amazonaws.com', Port: 5439 },
        }],
      }),
      expected: { ClusterIdentifier: 'warehouse-dr', EndpointAddress: 'warehouse-dr.abc.us-east-1.redshift.amazonaws.com', EndpointPort: '5439' },
      called: () => expect(redshift).toHaveReceivedCommandWith(DescribeClustersCommand, { ClusterIdentifier: 'warehouse-dr' }),
    },
    {
      kind: 'ebs-volume',
      arn: ARN.volume,
      given: () => ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'available', AvailabilityZone: 'us-east-1c' }] }),
      expected: { VolumeId: 'vol-0abc1234def567890', AvailabilityZone: 'us-east-1c' },
      called: () => expect(ec2).toHaveReceivedCommandWith(DescribeVolumesCommand, { VolumeIds: ['vol-0abc1234def567890'] }),
    },
    {
      kind: 'ec2-instance',
      arn: ARN.instance,
      given: () => ec2.on(DescribeInstancesCommand).resolves({
        Reservations: [{
          Instances: [{
            InstanceId: 'i-0123456789abcdef0', State: { Name: 'running', Code: 16 }, PrivateIpAddress: '10.0.1.23', Placement: { AvailabilityZone: 'us-east-1a' },
          }],
        }],
      }),
      expected: { InstanceId: 'i-0123456789abcdef0', PrivateIpAddress: '10.0.1.23', AvailabilityZone: 'us-east-1a' },
      called: () => expect(ec2).toHaveReceivedCommandWith(DescribeInstancesCommand, { InstanceIds: ['i-0123456789abcdef0'] }),
    },
    {
      kind: 'fsx-file-system',
      arn: ARN.fsx,
      given: () => fsx.on(DescribeFsxCommand).resolves({
        FileSystems: [{
          FileSystemId: 'fs-0123456789abcdef0',
          Lifecycle: 'AVAILABLE',
          FileSystemType: 'LUSTRE',
          DNSName: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com',
          LustreConfiguration: { MountName: 'abcdefgh' },
        }],
      }),
      expected: { FileSystemId: 'fs-0123456789abcdef0', DNSName: 'fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com', FileSystemType: 'LUSTRE', LustreMountName: 'abcdefgh' },
      called: () => expect(fsx).toHaveReceivedCommandWith(DescribeFsxCommand, { FileSystemIds: ['fs-0123456789abcdef0'] }),
    },
    {
      kind: 'efs-file-system',
      arn: ARN.efs,
      given: () => efs.on(DescribeEfsCommand).resolves({
        FileSystems: [{
          FileSystemId: 'fs-0fedcba9876543210',
          LifeCycleState: 'available',
          OwnerId: '123456789012',
          CreationToken: 't',
          CreationTime: new Date(START),
          NumberOfMountTargets: 0,
          SizeInBytes: { Value: 0 },
          PerformanceMode: 'generalPurpose',
          Tags: [],
        }],
      }),
      expected: { FileSystemId: 'fs-0fedcba9876543210' },
      called: () => expect(efs).toHaveReceivedCommandWith(DescribeEfsCommand, { FileSystemId: 'fs-0fedcba9876543210' }),
    },
  ];

  test.each(cases)('$kind', async ({ kind, arn, given, expected, called }) => {
    // GIVEN the service describes the restored resource as ready
    given();
    // WHEN the reader is created
    const event = await start(reader(kind, arn));
    const out = await isComplete(event);
    // THEN it answers exactly the kind's attributes, all strings, read from the identifier in the ARN
    expect(event.PhysicalResourceId).toBe(arn);
    expect(out).toEqual({ IsComplete: true, Data: expected });
    expect(Object.values(out.Data!).every(v => typeof v === 'string')).toBe(true);
    called();
    expect(callCount()).toBe(1);
    expect(responseBytes(event, arn, out.Data)).toBeLessThan(MAX_RESPONSE_BYTES);
  });
});

test('an FSx for ONTAP file system (no file-system DNS name, no Lustre mount name) still answers every key, empty', async () => {
  fsx.on(DescribeFsxCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123456789abcdef0', Lifecycle: 'AVAILABLE', FileSystemType: 'ONTAP' }] });
  const out = await isComplete(await start(reader('fsx-file-system', ARN.fsx)));
  expect(out).toEqual({ IsComplete: true, Data: { FileSystemId: 'fs-0123456789abcdef0', DNSName: '', FileSystemType: 'ONTAP', LustreMountName: '' } });
});

test('onEvent answers the ARN as the physical id and calls no AWS API', async () => {
  const out = await onEvent(reader('rds-instance', ARN.db));
  expect(out).toEqual({ PhysicalResourceId: ARN.db, RestoreStartedAt: START });
  expect(callCount()).toBe(0);
});

describe('not ready yet', () => {
  test('a DB instance without an endpoint (creating) is not complete; once available it answers', async () => {
    rds.on(DescribeDBInstancesCommand).resolvesOnce({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'creating' }] })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'backing-up', Endpoint: { Address: 'orders-dr.abc', Port: 5432 } }] });
    const event = await start(reader('rds-instance', ARN.db));
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    now += 60_000;
    expect(await isComplete(event)).toMatchObject({ IsComplete: true, Data: { EndpointAddress: 'orders-dr.abc', EndpointPort: '5432', ResourceId: '', AvailabilityZone: '', Engine: '' } });
  });

  test('an instance still pending, a volume still creating, an FSx and an EFS file system still creating: not complete', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'pending' } }] }] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'creating' }] });
    fsx.on(DescribeFsxCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123456789abcdef0', Lifecycle: 'CREATING' }] });
    efs.on(DescribeEfsCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0fedcba9876543210', LifeCycleState: 'creating' } as never] });
    for (const [kind, arn] of [['ec2-instance', ARN.instance], ['ebs-volume', ARN.volume], ['fsx-file-system', ARN.fsx], ['efs-file-system', ARN.efs]]) {
      expect(await isComplete(await start(reader(kind, arn)))).toEqual({ IsComplete: false });
    }
  });

  test('a DB instance in any other status but without an endpoint yet is not complete', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'configuring-enhanced-monitoring' }] });
    expect(await isComplete(await start(reader('rds-instance', ARN.db)))).toEqual({ IsComplete: false });
  });

  test('a Redshift cluster without an endpoint yet is not complete', async () => {
    redshift.on(DescribeClustersCommand).resolves({ Clusters: [{ ClusterIdentifier: 'warehouse-dr', ClusterStatus: 'creating' }] });
    expect(await isComplete(await start(reader('redshift-cluster', ARN.redshift)))).toEqual({ IsComplete: false });
  });

  test('still not ready at the reader\'s timeout: fails saying what it waited for', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'orders-aurora-dr', Status: 'creating' }] });
    const event = await start(reader('rds-cluster', ARN.aurora));
    now += READY_TIMEOUT_SECONDS * 1000;
    await expect(isComplete(event)).rejects.toThrow(
      `The restored Aurora DB cluster orders-aurora-dr (${ARN.aurora}) is still creating after ${READY_TIMEOUT_SECONDS} s, past this reader's timeout of ${READY_TIMEOUT_SECONDS} s`);
  });
});

describe('not found', () => {
  test('inside the grace after the request began: not complete (eventual consistency)', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault', 'DBInstance orders-dr not found.', 404));
    const event = await start(reader('rds-instance', ARN.db));
    now += NOT_FOUND_GRACE_MS - 1000;
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(logged.some(l => l.includes('not visible yet'))).toBe(true);
  });

  test('after the grace: fails saying the resource was deleted after the job completed, and the fix', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('DBInstanceNotFoundFault', 'DBInstance orders-dr not found.', 404));
    const event = await start(reader('rds-instance', ARN.db));
    now += NOT_FOUND_GRACE_MS;
    const error = await isComplete(event).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `The restored DB instance orders-dr (${ARN.db}) no longer exists: its service does not describe it (DBInstanceNotFoundFault) 300 s after this request began. ` +
      `It was deleted after restore job ${JOB} completed (or the ARN names another account or Region than this stack's). ` +
      'Fix: restore again (change the RestoreJob\'s idempotencyToken, or its recovery point, so a new job creates a new DB instance), or stop reading the restored resource in this stack.');
  });

  test.each([
    ['ebs-volume', ARN.volume, () => ec2.on(DescribeVolumesCommand).rejects(awsError('InvalidVolume.NotFound', "The volume 'vol-0abc1234def567890' does not exist."))],
    ['ec2-instance', ARN.instance, () => ec2.on(DescribeInstancesCommand).rejects(awsError('InvalidInstanceID.NotFound', 'The instance ID does not exist'))],
    ['fsx-file-system', ARN.fsx, () => fsx.on(DescribeFsxCommand).rejects(awsError('FileSystemNotFound', 'File system not found'))],
    ['efs-file-system', ARN.efs, () => efs.on(DescribeEfsCommand).rejects(awsError('FileSystemNotFound', 'File system not found', 404))],
    ['redshift-cluster', ARN.redshift, () => redshift.on(DescribeClustersCommand).rejects(awsError('ClusterNotFoundFault', 'Cluster not found', 404))],
    ['docdb-cluster', ARN.docdb, () => rds.on(DescribeDBClustersCommand).rejects(awsError('DBClusterNotFoundFault', 'DBCluster not found', 404))],
  ])('%s: the service\'s own not-found error is recognised (grace, then failure)', async (kind, arn, given) => {
    given();
    const event = await start(reader(kind, arn));
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    now += NOT_FOUND_GRACE_MS;
    await expect(isComplete(event)).rejects.toThrow(/no longer exists: its service does not describe it \(\S+\) 300 s after this request began/);
  });

  test('an empty answer (no such resource listed) counts as not found', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    const event = await start(reader('rds-instance', ARN.db));
    now += NOT_FOUND_GRACE_MS;
    await expect(isComplete(event)).rejects.toThrow(`The restored DB instance orders-dr (${ARN.db}) no longer exists: its service does not describe it 300 s after`);
  });

  test('a resource AWS still shows as terminated or being deleted fails at once, without the grace', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0123456789abcdef0', State: { Name: 'terminated' } }] }] });
    await expect(isComplete(await start(reader('ec2-instance', ARN.instance)))).rejects.toThrow(
      `The restored EC2 instance i-0123456789abcdef0 (${ARN.instance}) is terminated: it is being or was deleted after restore job ${JOB} completed`);
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'deleting', Endpoint: { Address: 'x', Port: 1 } }] });
    await expect(isComplete(await start(reader('rds-instance', ARN.db)))).rejects.toThrow('is being deleted (status deleting)');
  });
});

test('a resource in a state it does not leave by itself fails with the state and AWS\'s reason', async () => {
  fsx.on(DescribeFsxCommand).resolves({ FileSystems: [{ FileSystemId: 'fs-0123456789abcdef0', Lifecycle: 'FAILED', FailureDetails: { Message: 'Subnet has no free IP addresses (example)' } }] });
  await expect(isComplete(await start(reader('fsx-file-system', ARN.fsx)))).rejects.toThrow(
    `The restored FSx file system fs-0123456789abcdef0 (${ARN.fsx}) is in lifecycle FAILED (Subnet has no free IP addresses (example)), so its attributes are not answered. ` +
    `Restore job ${JOB} completed, but the resource it created is not usable.`);
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'incompatible-restore' }] });
  await expect(isComplete(await start(reader('rds-instance', ARN.db)))).rejects.toThrow('(arn:aws:rds:us-east-1:123456789012:db:orders-dr) is incompatible-restore, so');
});

test('a cluster of another engine than the kind reads fails naming the engine and the fix', async () => {
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: 'catalog-docdb-dr', Status: 'available', Endpoint: 'e', Engine: 'aurora-postgresql' }] });
  await expect(isComplete(await start(reader('docdb-cluster', ARN.docdb)))).rejects.toThrow(
    "is of engine aurora-postgresql, which Kind 'docdb-cluster' does not read, so its attributes are not answered. Fix: read the restored cluster with the accessor for its engine");
});

describe('faults', () => {
  test('throttling is retried within the invocation', async () => {
    ec2.on(DescribeVolumesCommand)
      .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503))
      .rejectsOnce(awsError('ThrottlingException', 'Rate exceeded'))
      .resolves({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'in-use', AvailabilityZone: 'us-east-1c' }] });
    const out = await isComplete(await start(reader('ebs-volume', ARN.volume)));
    expect(out).toEqual({ IsComplete: true, Data: { VolumeId: 'vol-0abc1234def567890', AvailabilityZone: 'us-east-1c' } });
    expect(ec2).toHaveReceivedCommandTimes(DescribeVolumesCommand, 3);
  });

  test('a fault that outlasts the invocation\'s retries is "not complete"; one that lasts until the timeout fails', async () => {
    redshift.on(DescribeClustersCommand).rejects(awsError('InternalFailure', 'We encountered an internal error.', 500));
    const event = await start(reader('redshift-cluster', ARN.redshift));
    expect(await isComplete(event)).toEqual({ IsComplete: false });
    expect(redshift).toHaveReceivedCommandTimes(DescribeClustersCommand, RETRY_POLICY.attempts);
    now += READY_TIMEOUT_SECONDS * 1000;
    await expect(isComplete(event)).rejects.toThrow(
      `Reading the restored Redshift cluster warehouse-dr (${ARN.redshift}) kept failing until this reader's timeout of ${READY_TIMEOUT_SECONDS} s: InternalFailure: We encountered an internal error.`);
  });

  test('a non-retryable error (access denied) fails at once, naming the error and the fix', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(awsError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBInstances', 403));
    await expect(isComplete(await start(reader('rds-instance', ARN.db)))).rejects.toThrow(
      'Reading the restored DB instance orders-dr (arn:aws:rds:us-east-1:123456789012:db:orders-dr) failed: AccessDenied: User is not authorized to perform: rds:DescribeDBInstances. Fix: the handler role needs the describe permission');
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 1);
  });
});

describe('lifecycle', () => {
  test('Delete does nothing: the physical id back, no AWS call, complete at once', async () => {
    const event = reader('rds-instance', ARN.db, 'Delete');
    const started = await onEvent(event);
    expect(started.PhysicalResourceId).toBe(ARN.db);
    expect(await isComplete({ ...event, ...started } as IsCompleteRequest)).toEqual({ IsComplete: true });
    expect(callCount()).toBe(0);
  });

  test('Delete of a reader whose Create failed (the framework\'s marker id, empty properties) still succeeds', async () => {
    const event = reader('rds-instance', '', 'Delete', { PhysicalResourceId: 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED' });
    const started = await onEvent(event);
    expect(started.PhysicalResourceId).toBe('AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
    expect(await isComplete({ ...event, ...started } as IsCompleteRequest)).toEqual({ IsComplete: true });
  });

  test('an Update to a new restore answers the new ARN (a replacement); a rollback Update with the old properties reads the old ARN again', async () => {
    const newArn = 'arn:aws:rds:us-east-1:123456789012:db:orders-dr-2';
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-dr' })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr', DBInstanceStatus: 'available', Endpoint: { Address: 'old.endpoint', Port: 5432 } }] });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders-dr-2' })
      .resolves({ DBInstances: [{ DBInstanceIdentifier: 'orders-dr-2', DBInstanceStatus: 'available', Endpoint: { Address: 'new.endpoint', Port: 5432 } }] });
    const oldProps = reader('rds-instance', ARN.db).ResourceProperties;
    const newProps = reader('rds-instance', newArn).ResourceProperties;

    const update = await start(reader('rds-instance', newArn, 'Update', { PhysicalResourceId: ARN.db, ResourceProperties: newProps, OldResourceProperties: oldProps }));
    expect(update.PhysicalResourceId).toBe(newArn);
    expect(await isComplete(update)).toMatchObject({ IsComplete: true, Data: { DBInstanceIdentifier: 'orders-dr-2', EndpointAddress: 'new.endpoint' } });

    const rollback = await start(reader('rds-instance', ARN.db, 'Update', { PhysicalResourceId: newArn, ResourceProperties: oldProps, OldResourceProperties: newProps }));
    expect(rollback.PhysicalResourceId).toBe(ARN.db);
    expect(await isComplete(rollback)).toMatchObject({ IsComplete: true, Data: { DBInstanceIdentifier: 'orders-dr', EndpointAddress: 'old.endpoint' } });
  });
});

describe('properties', () => {
  test('an unknown Kind fails naming the property, the kinds this version reads and the fix', async () => {
    await expect(onEvent(reader('dynamodb-table', ARN.db))).rejects.toThrow(
      "Property Kind is 'dynamodb-table', not a kind this version reads (rds-instance, rds-cluster, docdb-cluster, neptune-cluster, redshift-cluster, ebs-volume, ec2-instance, fsx-file-system, efs-file-system). " +
      'Fix: deploy the template with the same library version as its handler');
    expect(callCount()).toBe(0);
  });

  test('an empty CreatedResourceArn fails naming the property and the fix (keep waitForCompletion)', async () => {
    await expect(onEvent(reader('ebs-volume', ''))).rejects.toThrow(
      `Property CreatedResourceArn is empty: the RestoreJob (restore job ${JOB}) answered no created resource, which happens when it does not wait for its job. ` +
      'Fix: keep waitForCompletion true (the default) on a RestoreJob whose restored resource is read.');
  });

  test('an ARN of another kind of resource fails naming the shape expected', async () => {
    await expect(onEvent(reader('rds-instance', ARN.efs))).rejects.toThrow(
      `Property CreatedResourceArn: '${ARN.efs}' is not the ARN of an RDS DB instance: expected arn:<partition>:rds:<region>:<account>:db:<id>.`);
    await expect(onEvent(reader('ebs-volume', 'arn:aws:ec2:us-east-1:123456789012:volume/'))).rejects.toThrow('is not the ARN of an EBS volume');
  });

  test('every problem at once, and a property this version does not render, on Create', async () => {
    const event = reader('nope', '', 'Create');
    const error = await onEvent({ ...event, ResourceProperties: { ...event.ResourceProperties, RestoreJobId: '', Extra: 'x' } }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^4 problems: \(1\) Property Extra is not one .* \| \(2\) Property Kind is 'nope'.* \| \(3\) Property RestoreJobId is required.* \| \(4\) Property CreatedResourceArn is empty/);
  });

  test('a partition other than aws is read the same (aws-cn, aws-us-gov)', async () => {
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-0abc1234def567890', State: 'available', AvailabilityZone: 'cn-north-1a' }] });
    const out = await isComplete(await start(reader('ebs-volume', 'arn:aws-cn:ec2:cn-north-1:123456789012:volume/vol-0abc1234def567890')));
    expect(out).toEqual({ IsComplete: true, Data: { VolumeId: 'vol-0abc1234def567890', AvailabilityZone: 'cn-north-1a' } });
  });
});
