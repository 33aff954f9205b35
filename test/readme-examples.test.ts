/**
 * The README's usage examples, as code that compiles and synthesizes (keep them in step with README.md).
 */
import { Annotations as CoreAnnotations, App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

function stack(): Stack {
  return new Stack(new App(), 'Readme', { env: { account: '222222222222', region: 'us-east-1' } });
}

test('the opening example: restore EFS and wire an access point to the restored file system', () => {
  const scope = stack();
  const kmsKey = new kms.Key(scope, 'Key');
  const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: 1, natGateways: 0 });
  const securityGroup = new ec2.SecurityGroup(scope, 'Sg', { vpc });

  const job = new RestoreJob(scope, 'RestoreFiles', {
    recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
    metadata: RestoreMetadata.efs({
      fileSystemId: 'fs-0123456789abcdef0',
      newFileSystem: true,
      encrypted: true,
      kmsKey,
      performanceMode: EfsPerformanceMode.GENERAL_PURPOSE,
      itemsToRestore: ['/data'],
    }),
  });

  new efs.AccessPoint(scope, 'AppAccess', {
    fileSystem: efs.FileSystem.fromFileSystemAttributes(scope, 'Restored', {
      fileSystemArn: job.createdResourceArn,
      securityGroup,
    }),
  });

  const template = Template.fromStack(scope);
  const logicalId = scope.getLogicalId(job.node.defaultChild as never);
  template.hasResourceProperties('AWS::EFS::AccessPoint', {
    FileSystemId: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': [logicalId, 'CreatedResourceArn'] }] }] }] }] },
  });
});

test('restore a recovery point: DynamoDB by ARN', () => {
  const scope = stack();
  const recoveryPointArn = 'arn:aws:backup:us-east-1:111111111111:recovery-point:ABC';
  const job = new RestoreJob(scope, 'RestoreOrders', {
    recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
  });
  expect(job.role).toBeDefined();
  Template.fromStack(scope).hasResourceProperties('Custom::BackupRestoreJob', { ResourceType: 'DynamoDB', Metadata: { targetTableName: 'orders-dr' } });
});

test('restore the newest backup with recorded metadata and overrides', () => {
  const scope = stack();
  const drKey = new kms.Key(scope, 'DrKey');
  const orders = new RestoreJob(scope, 'RestoreOrders', {
    recoveryPoint: RecoveryPoint.latest({
      backupVaultName: 'prod-dr-copies',
      backupVaultAccountId: '111111111111',
      resourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders',
      maxAge: Duration.days(2),
    }),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey: drKey }),
    useRecordedMetadata: true,
  });
  expect(scope.resolve(orders.recoveryPointArn)).toEqual({ 'Fn::GetAtt': [scope.getLogicalId(orders.node.defaultChild as never), 'RecoveryPointArn'] });
  Template.fromStack(scope).hasResourceProperties('Custom::BackupRestoreJob', {
    UseRecordedMetadata: 'true',
    BackupVaultAccountId: '111111111111',
    LatestRecoveryPoint: { ByResourceArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders', ByResourceType: 'DynamoDB', MaxAgeSeconds: '172800' },
  });
});

test('acknowledging an inferred warning removes it', () => {
  const scope = stack();
  const job = new RestoreJob(scope, 'RestoreFiles', {
    recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:X'),
    metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-1', 'singleAzFilesystem': 'true' }, 'EFS'),
  });
  CoreAnnotations.of(job).acknowledgeWarning('cdk-backup-restore:efs-single-az-needs-az', 'the zone comes from the backup');
  Annotations.fromStack(scope).hasNoWarning('*', Match.stringLikeRegexp('efs-single-az-needs-az'));
});

test('restores longer than an hour: a 12-hour timeout waits in 1 + 14 resources', () => {
  const scope = stack();
  const job = new RestoreJob(scope, 'RestoreArchive', {
    recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
    metadata: RestoreMetadata.efs({ newFileSystem: true }),
    timeout: Duration.hours(12), // a cold-storage restore: 1 + 14 resources, one deploy
  });

  const template = Template.fromStack(scope);
  template.resourceCountIs('Custom::BackupRestoreJob', 1);
  template.resourceCountIs('Custom::BackupRestoreJobWait', 14);
  expect(job.waitsInLinks).toBe(true);
});
