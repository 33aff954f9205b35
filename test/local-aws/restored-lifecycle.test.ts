/**
 * The restored resource read through the whole harness: a stack with RestoreJobs and their accessors
 * (asDatabaseInstance, asDatabaseCluster, asClusterEndpoint, asVolume, asInstance, asFsxFileSystem) is created by
 * the CloudFormation driver; the Provider framework and our bundled handler run in the Lambda sandboxes, the
 * Backup emulator completes the jobs, and each Custom::BackupRestoredResource reads what the job created through
 * the real SDK clients and the RDS/Redshift/EC2/FSx stand-ins (AWS_ENDPOINT_URL_*). Needs `npx projen bundle`.
 */
import { Stack } from 'aws-cdk-lib';
import { EventOutcome, LocalAws, RestoredResourceView, startLocalAws } from './index';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';

jest.setTimeout(240_000);

let aws: LocalAws;

beforeAll(async () => {
  aws = await startLocalAws({ clockScale: 600, seed: 23 });
});

afterAll(async () => {
  await aws?.close();
});

let points = 0;

function recoveryPoint(resourceType: string, durationSeconds = 300): RecoveryPoint {
  const arn = `arn:aws:backup:us-east-1:123456789012:recovery-point:0E000000-0000-4000-8000-${String(++points).padStart(12, '0')}`;
  aws.backup.seedRecoveryPoint({ recoveryPointArn: arn, backupVaultName: 'Vault', resourceType, restore: { durationSeconds } });
  return RecoveryPoint.fromArn(arn);
}

function job(stack: Stack, id: string, resourceType: string, metadata: Record<string, string>): RestoreJob {
  return new RestoreJob(stack, id, { recoveryPoint: recoveryPoint(resourceType), metadata: RestoreMetadata.fromMap(metadata, resourceType) });
}

/** The Data a stack's Custom::BackupRestoredResource answered, by the construct id of its RestoreJob. */
function readOf(events: ReadonlyArray<{ logicalId: string; outcome: EventOutcome }>, jobId: string): Record<string, unknown> | undefined {
  return events.find(e => e.logicalId.startsWith(`${jobId}RestoredResource`))?.outcome.response?.Data;
}

/** The model's resource a stack's RestoreJob created (its RestoreJob's Data names it). */
function createdBy(events: ReadonlyArray<{ logicalId: string; outcome: EventOutcome }>, jobId: string): RestoredResourceView {
  const data = events.find(e => e.logicalId.startsWith(jobId) && !e.logicalId.startsWith(`${jobId}RestoredResource`))?.outcome.response?.Data;
  const view = aws.resources.get(String(data?.CreatedResourceArn));
  if (!view) throw new Error(`${jobId}: no restored resource for ${String(data?.CreatedResourceArn)}`);
  return view;
}

test('every kind is read from its service: the attributes are the restored resource\'s', async () => {
  const driver = await aws.deploy(stack => {
    job(stack, 'Rds', 'RDS', { DBInstanceIdentifier: 'orders-dr', Port: '5433', Engine: 'postgres' }).asDatabaseInstance();
    job(stack, 'Aurora', 'Aurora', { DBClusterIdentifier: 'orders-aurora', Engine: 'aurora-postgresql' }).asDatabaseCluster();
    job(stack, 'Docs', 'DocumentDB', { DBClusterIdentifier: 'orders-docs' }).asDocumentDbCluster();
    job(stack, 'Graph', 'Neptune', { DBClusterIdentifier: 'orders-graph' }).asClusterEndpoint();
    job(stack, 'Warehouse', 'Redshift', { ClusterIdentifier: 'orders-warehouse', Port: '5440' }).asClusterEndpoint();
    job(stack, 'Volume', 'EBS', { availabilityZone: 'us-east-1c' }).asVolume();
    job(stack, 'Server', 'EC2', { InstanceType: 't3.small', Placement: '{"AvailabilityZone":"us-east-1b"}' }).asInstance();
    job(stack, 'Lustre', 'FSx', { LustreConfiguration: '{"DeploymentType":"PERSISTENT_2"}', SubnetIds: '["subnet-0123456789abcdef0"]' }).asFsxFileSystem();
  }, { stackName: 'ReadEveryKind' }).prewarm(2);

  const { stackStatus, events } = await driver.createStack();
  expect(stackStatus).toBe('CREATE_COMPLETE');

  const rds = createdBy(events, 'Rds').details;
  expect(readOf(events, 'Rds')).toEqual(rds.kind === 'rds-instance' && {
    DBInstanceIdentifier: 'orders-dr', EndpointAddress: rds.address, EndpointPort: '5433', ResourceId: rds.dbiResourceId, AvailabilityZone: rds.availabilityZone, Engine: 'postgres',
  });
  for (const [id, identifier, engine] of [['Aurora', 'orders-aurora', 'aurora-postgresql'], ['Docs', 'orders-docs', 'docdb'], ['Graph', 'orders-graph', 'neptune']]) {
    const cluster = createdBy(events, id).details;
    expect(cluster.kind === 'rds-cluster' || cluster.kind === 'docdb-cluster' || cluster.kind === 'neptune-cluster').toBe(true);
    if (cluster.kind !== 'rds-cluster' && cluster.kind !== 'docdb-cluster' && cluster.kind !== 'neptune-cluster') continue;
    expect(readOf(events, id)).toEqual({
      DBClusterIdentifier: identifier,
      EndpointAddress: cluster.endpoint,
      ReaderEndpointAddress: cluster.readerEndpoint,
      EndpointPort: String(cluster.port),
      ResourceId: cluster.resourceId,
      Engine: engine,
    });
    // AWS Backup restores the cluster only: the read did not need (or invent) an instance.
    expect(createdBy(events, id).memberArns).toEqual([]);
  }
  const warehouse = createdBy(events, 'Warehouse').details;
  expect(readOf(events, 'Warehouse')).toEqual(warehouse.kind === 'redshift-cluster' && {
    ClusterIdentifier: 'orders-warehouse', EndpointAddress: warehouse.address, EndpointPort: '5440',
  });
  const volume = createdBy(events, 'Volume').details;
  expect(readOf(events, 'Volume')).toEqual(volume.kind === 'ebs-volume' && { VolumeId: volume.volumeId, AvailabilityZone: 'us-east-1c' });
  const server = createdBy(events, 'Server').details;
  expect(readOf(events, 'Server')).toEqual(server.kind === 'ec2-instance' && {
    InstanceId: server.instanceId, PrivateIpAddress: server.privateIpAddress, AvailabilityZone: 'us-east-1b',
  });
  const lustre = createdBy(events, 'Lustre').details;
  expect(readOf(events, 'Lustre')).toEqual(lustre.kind === 'fsx-file-system' && {
    FileSystemId: lustre.fileSystemId, DNSName: lustre.dnsName, FileSystemType: 'LUSTRE', LustreMountName: lustre.lustreMountName,
  });

  const calls = aws.resources.stats().callsByOperation;
  for (const operation of [
    'rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'redshift:DescribeClusters', 'ec2:DescribeVolumes', 'ec2:DescribeInstances', 'fsx:DescribeFileSystems',
  ]) {
    expect({ operation, called: (calls[operation] ?? 0) >= 1 }).toEqual({ operation, called: true });
  }
  // A read deletes and tags nothing.
  expect(Object.keys(calls).filter(op => !/:Describe/.test(op))).toEqual([]);
});

test('a restored instance that is still being created: the read waits for it, then answers its endpoint', async () => {
  aws.resources.setBehaviour('RDS', { notReadyForSeconds: 900 });
  try {
    const before = aws.resources.stats().callsByOperation['rds:DescribeDBInstances'] ?? 0;
    const driver = await aws.deploy(stack => {
      job(stack, 'Slow', 'RDS', { DBInstanceIdentifier: 'slow-db' }).asDatabaseInstance();
    }, { stackName: 'ReadWaits' }).prewarm();
    const { stackStatus, events } = await driver.createStack();
    expect(stackStatus).toBe('CREATE_COMPLETE');
    const view = createdBy(events, 'Slow');
    expect(readOf(events, 'Slow')).toMatchObject({ DBInstanceIdentifier: 'slow-db', EndpointAddress: view.details.kind === 'rds-instance' && view.details.address });
    expect((aws.resources.stats().callsByOperation['rds:DescribeDBInstances'] ?? 0) - before).toBeGreaterThan(1);
  } finally {
    aws.resources.setBehaviour('RDS', {});
  }
});

test('a restored resource deleted out of band before it is read: the read fails the create, naming the resource', async () => {
  const onCreated = (view: RestoredResourceView) => {
    if (view.details.kind === 'ebs-volume') aws.resources.delete(view.arn, { seconds: 0 });
  };
  aws.resources.on('created', onCreated);
  try {
    const driver = await aws.deploy(stack => {
      job(stack, 'Vanished', 'EBS', { availabilityZone: 'us-east-1a' }).asVolume();
    }, { stackName: 'ReadGone' }).prewarm();
    const { stackStatus, events } = await driver.createStack();
    expect(stackStatus).toBe('ROLLBACK_COMPLETE');
    const read = events.find(e => e.logicalId.startsWith('VanishedRestoredResource'));
    expect(read?.outcome.response?.Status).toBe('FAILED');
    const gone = createdBy(events, 'Vanished');
    expect(gone).toMatchObject({ phase: 'gone', deletedBy: 'out-of-band' });
    expect(read?.outcome.response?.Reason).toContain(gone.details.kind === 'ebs-volume' && gone.details.volumeId);
  } finally {
    aws.resources.off('created', onCreated);
  }
});
