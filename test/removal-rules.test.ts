import { restoredResourceName, validateRestoreInput } from '../src/resource-types/validate';

const errorsOf = (resourceType: string | undefined, metadata: Record<string, string>, options: { partial?: boolean } = {}) =>
  validateRestoreInput({ resourceType, metadata, destroy: true }, options)
    .filter(f => f.id === 'cdk-backup-restore:destroy-unsupported')
    .map(f => f.message);

describe('removalPolicy DESTROY: which restores may be deleted with the stack', () => {
  test.each([
    ['DynamoDB', { targetTableName: 'orders-dr' }],
    ['EFS', { newFileSystem: 'true', Encrypted: 'false', PerformanceMode: 'generalPurpose', CreationToken: 't' }],
    ['RDS', { DBInstanceIdentifier: 'db-dr' }],
    ['Aurora', { DBClusterIdentifier: 'aurora-dr', Engine: 'aurora-postgresql' }],
    ['DocumentDB', { DBClusterIdentifier: 'docdb-dr', Engine: 'docdb' }],
    ['Neptune', { DBClusterIdentifier: 'neptune-dr', Engine: 'neptune' }],
    ['EBS', { availabilityZone: 'us-east-1a' }],
    ['EC2', { InstanceType: 't3.micro' }],
    ['FSx', { LustreConfiguration: '{}' }],
    ['Redshift', { ClusterIdentifier: 'dw-dr', RestoreType: 'CLUSTER_RESTORE' }],
  ])('GIVEN a %s restore into a new resource THEN DESTROY is accepted', (type, metadata) => {
    expect(errorsOf(type, metadata)).toEqual([]);
  });

  test.each([
    ['EFS', { 'newFileSystem': 'false', 'file-system-id': 'fs-1' }, "'newFileSystem' is not 'true'"],
    ['EFS', { 'file-system-id': 'fs-1' }, "'newFileSystem' is not 'true'"],
    ['S3', { DestinationBucketName: 'bucket-dr' }, 'does not empty and delete buckets'],
    ['EBS', { destinationBucketName: 'b', pathsToRestore: '["/a"]' }, 'file-level restore'],
    ['FSx', { OntapConfiguration: '{}' }, 'ONTAP restore'],
    ['Redshift', { ClusterIdentifier: 'dw', RestoreType: 'TABLE_RESTORE' }, "not 'CLUSTER_RESTORE'"],
    ['CloudFormation', {}, "only that stack's own delete"],
    ['Timestream', {}, 'does not delete Timestream restores'],
    ['VirtualMachine', {}, 'does not delete VirtualMachine restores'],
  ])('GIVEN a %s restore %j THEN DESTROY is an error naming the reason', (type, metadata, reason) => {
    const errors = errorsOf(type, metadata);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(reason);
    expect(errors[0]).toContain('Fix: remove removalPolicy');
  });

  test('GIVEN no resource type THEN DESTROY is an error (what the restore creates cannot be verified)', () => {
    expect(errorsOf(undefined, { a: 'b' })[0]).toContain('the resource type is not known');
  });

  test('GIVEN RETAIN (destroy not set) THEN no removal finding', () => {
    const findings = validateRestoreInput({ resourceType: 'S3', metadata: { DestinationBucketName: 'bucket-dr' } });
    expect(findings.filter(f => f.id.endsWith('destroy-unsupported'))).toEqual([]);
  });

  test('GIVEN newFileSystem as an unresolved token THEN synth leaves it to the deploy-time check', () => {
    const findings = validateRestoreInput({ resourceType: 'EFS', metadata: { newFileSystem: '${Token[X]}' }, destroy: true },
      { isUnresolved: v => v.startsWith('${Token') });
    expect(findings.filter(f => f.id.endsWith('destroy-unsupported'))).toEqual([]);
  });

  test('GIVEN recorded metadata (partial) THEN the deciding key is checked on the merged map at deploy time, not at synth', () => {
    expect(errorsOf('EFS', {}, { partial: true })).toEqual([]);
    // …but a type that can never be destroyed is an error at once.
    expect(errorsOf('S3', {}, { partial: true })).toHaveLength(1);
  });
});

describe('restoredResourceName: the name a restore gives what it creates (scopes delete permissions)', () => {
  test.each([
    ['DynamoDB', { targetTableName: 'orders-dr' }, 'orders-dr'],
    ['RDS', { DBInstanceIdentifier: 'db-dr' }, 'db-dr'],
    ['Aurora', { DBClusterIdentifier: 'aurora-dr' }, 'aurora-dr'],
    ['Aurora', { dbclusteridentifier: 'lower-dr' }, 'lower-dr'],
    ['Redshift', { ClusterIdentifier: 'dw-dr' }, 'dw-dr'],
    ['EFS', { newFileSystem: 'true' }, undefined],
    ['EBS', {}, undefined],
  ])('%s %j → %s', (type, metadata, name) => {
    expect(restoredResourceName(type, metadata)).toBe(name);
  });

  test('GIVEN the name is a token THEN it is unknown', () => {
    expect(restoredResourceName('DynamoDB', { targetTableName: '${Token[T]}' }, v => v.startsWith('${Token'))).toBeUndefined();
  });
});
