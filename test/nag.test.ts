import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/**
 * cdk-nag AwsSolutions over stacks of RestoreJobs: zero unsuppressed findings. Every suppression below is for
 * the Provider framework or for an AWS limitation, with the reason; the reasons for our own `*`s are repeated
 * in README.md ("### IAM"), which the last test checks.
 */
const ACCOUNT = '123456789012';
const TABLE_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders`;

/** Why each `*` in our own policies remains (README.md "### IAM" repeats these sentences). */
const REASONS = {
  describeRestoreJob: 'backup:DescribeRestoreJob supports no resource-level permissions (Service Authorization Reference), so it needs "*".',
  latestRecoveryPoint: 'RecoveryPoint.latest chooses the recovery point at deploy time, so its id is unknown at synth: StartRestoreJob and ' +
    "GetRecoveryPointRestoreMetadata are granted on the recovery points of the vault's account and Region (recovery-point:*); " +
    'the recoveryPoint ARN names no vault, and its only condition key is aws:ResourceTag.',
  latestNativeBackup: 'The newest DynamoDB backup is chosen at deploy time, so its id is unknown at synth: table/<source table>/backup/* ' +
    'names the backups of the one source table that RecoveryPoint.latest filters by.',
  kmsActionFamilies: 'kms:ReEncrypt* and kms:GenerateDataKey* are action families on one named key (the restore writes encrypted data).',
  describeRestoredEc2: 'ec2:DescribeVolumes and ec2:DescribeInstances (asVolume, asInstance) support no resource-level permissions ' +
    '("Currently, the Amazon EC2 Describe* API actions do not support resource-level permissions", Amazon EC2 User Guide), so they need "*".',
  describeRestoredFsx: 'fsx:DescribeFileSystems (asFsxFileSystem, asLustreFileSystem) supports no resource-level permissions ' +
    '(the Service Authorization Reference lists no resource type for it), so it needs "*".',
  destroyOwned: 'removalPolicy DESTROY of a resource only AWS names (an EFS file system id) is granted on the type\'s ARNs (file-system/*), ' +
    'but only for resources carrying this stack\'s ownership tags (aws:ResourceTag conditions), which only this job may set.',
  destroySnapshot: 'rds:DeleteDBCluster lists the cluster-snapshot resource as required; no snapshot is taken (SkipFinalSnapshot), so cluster-snapshot:* ' +
    'grants nothing but the action\'s second resource (the cluster statement is scoped to the restored cluster).',
};

/** Two pinned EFS recovery points, one with a KMS key. */
function pinnedJobs(stack: Stack): void {
  const kmsKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  new RestoreJob(stack, 'RestoreFiles', {
    recoveryPoint: RecoveryPoint.fromArn(`arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', kmsKey, performanceMode: EfsPerformanceMode.GENERAL_PURPOSE }),
  });
  new RestoreJob(stack, 'RestoreMore', {
    recoveryPoint: RecoveryPoint.fromArn(`arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:2EB3B5E7-9EB0-435A-A80B-108B488B0D45`),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef1' }),
    waitForCompletion: false,
  });
}

/** The newest backup of a DynamoDB table, chosen at deploy time, starting from its recorded metadata. */
function latestJobs(stack: Stack): void {
  const kmsKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const vault = new backup.BackupVault(stack, 'Vault', { encryptionKey: kmsKey });
  new RestoreJob(stack, 'RestoreOrders', {
    recoveryPoint: RecoveryPoint.latest({ backupVault: vault, resourceArn: TABLE_ARN }),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey }),
    useRecordedMetadata: true,
  });
}

/** Restored resources read at deploy time (asDatabaseInstance, asClusterEndpoint, asVolume, asInstance, asFsxFileSystem). */
function accessorJobs(stack: Stack): void {
  const rp = (n: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:3EB3B5E7-9EB0-435A-A80B-108B488B0D4${n}`;
  const job = (n: number, metadata: RestoreMetadata) => new RestoreJob(stack, `Restore${n}`, { recoveryPoint: RecoveryPoint.fromArn(rp(n)), metadata });
  job(1, RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' })).asDatabaseInstance();
  job(2, RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr' })).asClusterEndpoint();
  job(3, RestoreMetadata.redshiftCluster({ clusterIdentifier: 'warehouse-dr' })).asClusterEndpoint();
  const kmsKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  job(4, RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', kmsKey })).asVolume();
  job(5, RestoreMetadata.ec2Instance()).asInstance();
  job(6, RestoreMetadata.fsxLustre({ subnets: [ec2.Subnet.fromSubnetId(stack, 'Subnet', 'subnet-0123456789abcdef0')] })).asFsxFileSystem();
}

/** removalPolicy DESTROY: a named table and cluster (scoped to their names), and an EFS file system (tag-conditioned). */
function destroyJobs(stack: Stack): void {
  const rp = (n: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:4EB3B5E7-9EB0-435A-A80B-108B488B0D4${n}`;
  const job = (n: number, metadata: RestoreMetadata) =>
    new RestoreJob(stack, `Destroy${n}`, { recoveryPoint: RecoveryPoint.fromArn(rp(n)), metadata, removalPolicy: RemovalPolicy.DESTROY });
  job(1, RestoreMetadata.dynamoDb({ targetTableName: 'orders-drill', kmsKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) }));
  job(2, RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }));
  job(3, RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-drill' }));
}

const STACKS = { pinned: pinnedJobs, latest: latestJobs, accessors: accessorJobs, destroy: destroyJobs };

function nagStack(build: (stack: Stack) => void, suppress = true): Stack {
  const app = new App();
  const stack = new Stack(app, 'NagStack', { env: { account: ACCOUNT, region: 'us-east-1' } });
  build(stack);

  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  if (!suppress) return stack;
  const provider = 'NagStack/BackupRestoreJobProvider';
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/HandlerPolicy/Resource`, [
    { id: 'AwsSolutions-IAM5', reason: `${REASONS.describeRestoreJob} ${REASONS.describeRestoredEc2} ${REASONS.describeRestoredFsx}`, appliesTo: ['Resource::*'] },
    { id: 'AwsSolutions-IAM5', reason: REASONS.latestRecoveryPoint, appliesTo: [`Resource::arn:<AWS::Partition>:backup:us-east-1:${ACCOUNT}:recovery-point:*`] },
    { id: 'AwsSolutions-IAM5', reason: REASONS.latestNativeBackup, appliesTo: [`Resource::arn:<AWS::Partition>:dynamodb:us-east-1:${ACCOUNT}:table/Orders/backup/*`] },
    { id: 'AwsSolutions-IAM5', reason: REASONS.destroyOwned, appliesTo: [`Resource::arn:<AWS::Partition>:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/*`] },
    { id: 'AwsSolutions-IAM5', reason: REASONS.destroySnapshot, appliesTo: [`Resource::arn:<AWS::Partition>:rds:us-east-1:${ACCOUNT}:cluster-snapshot:*`] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/DefaultRestoreRole/Resource`, [
    { id: 'AwsSolutions-IAM4', reason: 'AWSBackupServiceRolePolicyForRestores is the policy AWS Backup documents for restore roles.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores'] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/DefaultRestoreRole/DefaultPolicy/Resource`, [
    { id: 'AwsSolutions-IAM5', reason: REASONS.kmsActionFamilies, appliesTo: ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/Provider`, [
    { id: 'AwsSolutions-IAM4', reason: 'aws-cdk-lib Provider framework: its Lambda roles use AWSLambdaBasicExecutionRole.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
    { id: 'AwsSolutions-IAM5', reason: 'aws-cdk-lib Provider framework: lambda:InvokeFunction on the handler functions and their versions (ARN:*).' },
    { id: 'AwsSolutions-L1', reason: 'aws-cdk-lib Provider framework picks its own Node.js runtime for its functions.' },
    { id: 'AwsSolutions-SF1', reason: 'Waiter state machine logging is off: its execution input carries the restore Metadata, which AWS marks sensitive.' },
    { id: 'AwsSolutions-SF2', reason: 'X-Ray on the Provider framework waiter adds cost without insight: the handlers log each poll.' },
  ], true);
  return stack;
}

function findings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map(f => `${f.id} ${String(f.entry.data).split(': ')[0]}`);
}

/** Findings on our own resources (not the Provider framework's). */
function ours(stack: Stack): string[] {
  return findings(stack).filter(f => /BackupRestoreJobProvider\/(HandlerRole|HandlerPolicy|OnEvent|IsComplete|HandlerLogs|DefaultRestoreRole)\//.test(f));
}

test.each(Object.keys(STACKS))('AwsSolutions: no unsuppressed findings (%s recovery points)', name => {
  const stack = nagStack(STACKS[name as keyof typeof STACKS]);
  expect(findings(stack)).toEqual([]);
});

test('pinned recovery points: our resources raise only DescribeRestoreJob on "*" and the KMS action families', () => {
  // Without any suppression, the handler role, policy, functions, log group and the default restore role are checked.
  const stack = nagStack(pinnedJobs, false);
  expect(ours(stack).sort()).toEqual([
    '/NagStack/BackupRestoreJobProvider/DefaultRestoreRole/DefaultPolicy/Resource AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    '/NagStack/BackupRestoreJobProvider/DefaultRestoreRole/DefaultPolicy/Resource AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    '/NagStack/BackupRestoreJobProvider/DefaultRestoreRole/Resource AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
    '/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::*]',
  ]);
});

test('latest with recorded metadata: the recovery point id is the only other "*", in the vault\'s account and Region and the source table', () => {
  const stack = nagStack(latestJobs, false);
  expect(ours(stack).filter(f => f.includes('/HandlerPolicy/')).sort()).toEqual([
    '/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::*]',
    `/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:backup:us-east-1:${ACCOUNT}:recovery-point:*]`,
    `/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:dynamodb:us-east-1:${ACCOUNT}:table/Orders/backup/*]`,
  ]);
});

test('restored resources read at deploy time: the reads add no "*" beyond the EC2 and FSx describes, which share the one Resource::* finding', () => {
  const stack = nagStack(accessorJobs, false);
  expect(ours(stack).filter(f => f.includes('/HandlerPolicy/')).sort()).toEqual([
    '/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::*]',
  ]);
  const statements = stack.resolve((stack.node.findChild('BackupRestoreJobProvider').node.findChild('HandlerPolicy') as any).document.toJSON().Statement);
  const star = statements.filter((s: any) => JSON.stringify(s.Resource) === '"*"' || JSON.stringify(s.Resource) === '["*"]').map((s: any) => s.Action);
  expect(star).toEqual(['backup:DescribeRestoreJob', 'ec2:DescribeVolumes', 'ec2:DescribeInstances', 'fsx:DescribeFileSystems']);
});

test('README "### IAM" repeats the reason of every remaining "*"', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('### IAM');
  const next = readme.indexOf('\n## ', start);
  const iam = readme.slice(start, next === -1 ? undefined : next);
  expect(start).toBeGreaterThan(-1);
  const words = (text: string) => text.replace(/[`*_]/g, '').replace(/\s+/g, ' ');
  for (const reason of Object.values(REASONS)) {
    expect(words(iam)).toContain(words(reason));
  }
});

test('removalPolicy DESTROY: named resources add no "*"; a file system only AWS names is tag-conditioned; the cluster snapshot resource', () => {
  const stack = nagStack(destroyJobs, false);
  expect(ours(stack).filter(f => f.includes('/HandlerPolicy/')).sort()).toEqual([
    '/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::*]',
    `/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/*]`,
    `/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:rds:us-east-1:${ACCOUNT}:cluster-snapshot:*]`,
  ]);
});
