import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

const DDB_POINT = 'arn:aws:backup:us-east-1:123456789012:recovery-point:ddb-1';
const EFS_POINT = 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45';
const TYPE = 'Custom::BackupRestoreJob';

function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function tableJob(stack: Stack, removalPolicy?: RemovalPolicy): RestoreJob {
  return new RestoreJob(stack, 'Orders', {
    recoveryPoint: RecoveryPoint.fromArn(DDB_POINT),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
    removalPolicy,
  });
}

/** Every action the stack's policies allow, with the statement that allows it. */
function statements(stack: Stack): Array<{ Action: string | string[]; Resource: unknown; Condition?: unknown }> {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}
const allows = (stack: Stack, action: string) => statements(stack).filter(s => ([] as string[]).concat(s.Action).includes(action));

describe('removalPolicy', () => {
  test('GIVEN no removalPolicy THEN the job retains (no RemovalPolicy property, no delete or tag permission)', () => {
    const stack = newStack();
    const job = tableJob(stack);
    expect(job.removalPolicy).toBe(RemovalPolicy.RETAIN);
    Template.fromStack(stack).hasResourceProperties(TYPE, { RemovalPolicy: Match.absent() });
    expect(allows(stack, 'dynamodb:DeleteTable')).toEqual([]);
    expect(allows(stack, 'dynamodb:TagResource')).toEqual([]);
  });

  test('GIVEN DESTROY for a named table THEN the property reaches the template and delete is scoped to that table', () => {
    const stack = newStack();
    tableJob(stack, RemovalPolicy.DESTROY);
    Template.fromStack(stack).hasResourceProperties(TYPE, { RemovalPolicy: 'Destroy' });
    const del = allows(stack, 'dynamodb:DeleteTable');
    expect(del).toHaveLength(1);
    expect(JSON.stringify(del[0].Resource)).toContain(':table/orders-dr');
    expect(del[0].Condition).toBeUndefined();
    expect(allows(stack, 'dynamodb:DescribeTable').map(s => JSON.stringify(s.Resource)).join()).toContain(':table/orders-dr');
    const tag = allows(stack, 'dynamodb:TagResource');
    const logicalId = stack.getLogicalId(stack.node.findChild('Orders').node.findChild('Resource').node.defaultChild as any);
    const owner = { 'cdk-backup-restore:stack-id': { Ref: 'AWS::StackId' }, 'cdk-backup-restore:logical-id': logicalId };
    const prefixed = (prefix: string) => Object.fromEntries(Object.entries(owner).map(([k, v]) => [`${prefix}/${k}`, v]));
    // Only the two ownership tags, only with this job's values, never over another owner's.
    expect(tag[0].Condition).toEqual({
      'ForAllValues:StringEquals': { 'aws:TagKeys': ['cdk-backup-restore:stack-id', 'cdk-backup-restore:logical-id'] },
      'StringEquals': prefixed('aws:RequestTag'),
      'StringEqualsIfExists': prefixed('aws:ResourceTag'),
    });
  });

  test('GIVEN DESTROY for a new EFS file system (id unknown at synth) THEN delete is conditioned on the ownership tags', () => {
    const stack = newStack();
    const job = new RestoreJob(stack, 'Files', {
      recoveryPoint: RecoveryPoint.fromArn(EFS_POINT),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const del = allows(stack, 'elasticfilesystem:DeleteFileSystem');
    expect(del).toHaveLength(1);
    // No DeleteMountTarget: mount targets left at delete time are not the restore's (refused, never deleted).
    expect(del[0].Action).toBe('elasticfilesystem:DeleteFileSystem');
    expect(allows(stack, 'elasticfilesystem:DeleteMountTarget')).toEqual([]);
    expect(JSON.stringify(del[0].Resource)).toContain(':file-system/*');
    const logicalId = stack.getLogicalId(job.node.findChild('Resource').node.defaultChild as any);
    expect(del[0].Condition).toEqual({
      StringEquals: {
        'aws:ResourceTag/cdk-backup-restore:stack-id': { Ref: 'AWS::StackId' },
        'aws:ResourceTag/cdk-backup-restore:logical-id': logicalId,
      },
    });
    // Reads are never tag-conditioned: a deleted file system has no tags, and "gone" is what the handler waits for.
    expect(allows(stack, 'elasticfilesystem:DescribeFileSystems')[0].Condition).toBeUndefined();
  });

  test('GIVEN DESTROY for an in-place EFS restore THEN synth fails naming the reason and the fix', () => {
    const stack = newStack();
    expect(() => new RestoreJob(stack, 'Files', {
      recoveryPoint: RecoveryPoint.fromArn(EFS_POINT),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: false }),
      removalPolicy: RemovalPolicy.DESTROY,
    })).toThrow(/removalPolicy is DESTROY, but 'newFileSystem' is not 'true'.*Fix: remove removalPolicy/);
  });

  test('GIVEN DESTROY for an S3 restore THEN synth fails: buckets are not emptied and deleted', () => {
    const stack = newStack();
    expect(() => new RestoreJob(stack, 'Bucket', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:s3-1'),
      metadata: RestoreMetadata.s3({ destinationBucketName: 'bucket-dr' }),
      removalPolicy: RemovalPolicy.DESTROY,
    })).toThrow(/does not empty and delete buckets/);
  });

  test.each([RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE])('GIVEN %s THEN synth fails: only RETAIN or DESTROY', policy => {
    expect(() => tableJob(newStack(), policy)).toThrow(/supports RETAIN .* or DESTROY/);
  });

  test('GIVEN two DESTROY jobs THEN each one gets its own scoped delete statement', () => {
    const stack = newStack();
    tableJob(stack, RemovalPolicy.DESTROY);
    new RestoreJob(stack, 'Customers', {
      recoveryPoint: RecoveryPoint.fromArn(DDB_POINT),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'customers-dr' }),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const resources = allows(stack, 'dynamodb:DeleteTable').map(s => JSON.stringify(s.Resource));
    expect(resources.some(r => r.includes('table/orders-dr'))).toBe(true);
    expect(resources.some(r => r.includes('table/customers-dr'))).toBe(true);
  });

  test('GIVEN DESTROY for an RDS instance named in mixed case THEN the statements name it in lower case, as RDS stores it', () => {
    const stack = newStack();
    new RestoreJob(stack, 'Db', {
      recoveryPoint: RecoveryPoint.fromArn(DDB_POINT.replace('ddb-1', 'rds-1')),
      metadata: RestoreMetadata.fromMap({ DBInstanceIdentifier: 'Orders-DB-Drill' }, 'RDS'),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const del = allows(stack, 'rds:DeleteDBInstance');
    expect(JSON.stringify(del[0].Resource)).toContain(':db:orders-db-drill');
    expect(del[0].Condition).toBeUndefined();
  });
});

