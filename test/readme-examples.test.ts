/**
 * The README's usage examples, as code that compiles and synthesizes (keep them in step with README.md).
 */
import { Annotations as CoreAnnotations, App, CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { EfsPerformanceMode, RecoveryPoint, RecoveryPointSet, RestoreJob, RestoreMetadata } from '../src';

function stack(): Stack {
  return new Stack(new App(), 'Readme', { env: { account: '222222222222', region: 'us-east-1' } });
}

test('the opening example: restore EFS and wire an access point to the restored file system', () => {
  const scope = stack();
  const kmsKey = new kms.Key(scope, 'Key');
  const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: 1, natGateways: 0 });

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

  // the restored file system, with mount targets in the VPC (a restore creates none): see "Wire your application"
  new efs.AccessPoint(scope, 'AppAccess', { fileSystem: job.asFileSystem({ vpc }), path: '/' });

  const template = Template.fromStack(scope);
  const logicalId = scope.getLogicalId(job.node.defaultChild as never);
  const fileSystemId = { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': [logicalId, 'CreatedResourceArn'] }] }] }] }] };
  template.hasResourceProperties('AWS::EFS::AccessPoint', { FileSystemId: fileSystemId });
  template.hasResourceProperties('AWS::EFS::MountTarget', { FileSystemId: fileSystemId });
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

describe('Wire your application', () => {
  const recoveryPointArn = 'arn:aws:backup:us-east-1:123456789012:recovery-point:8F1E2D3C-4B5A-4697-8877-665544332211';
  const dbRecoveryPointArn = 'arn:aws:backup:us-east-1:123456789012:recovery-point:8F1E2D3C-4B5A-4697-8877-665544332212';
  function wiring() {
    const scope = stack();
    const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const fn = new lambda.Function(scope, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      vpc,
    });
    return { scope, vpc, fn };
  }
  const rp = (n: number) => `arn:aws:backup:us-east-1:123456789012:recovery-point:8F1E2D3C-4B5A-4697-8877-66554433221${n}`;

  test('the restored table, read and written by a function', () => {
    const { scope, fn } = wiring();
    const kmsKey = new kms.Key(scope, 'TableKey');
    const orders = new RestoreJob(scope, 'RestoreOrders', {
      recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey }),
    });
    const table = orders.asTable(); // encryptionKey: kmsKey; grants cover the indexes
    table.grantReadWriteData(fn);
    fn.addEnvironment('ORDERS_TABLE', table.tableName);

    expect(table.encryptionKey).toBe(kmsKey);
    expect(JSON.stringify(Template.fromStack(scope).findResources('AWS::IAM::Policy'))).toContain('/index/*');
  });

  test('the restored file system: mount targets, connections, an access point mounted by a function', () => {
    const { scope, vpc, fn } = wiring();
    const files = new RestoreJob(scope, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn),
      metadata: RestoreMetadata.efs({ newFileSystem: true }),
    });
    const fileSystem = files.asFileSystem({ vpc }); // vpcSubnets and securityGroup are optional
    fileSystem.connections.allowDefaultPortFrom(fn);
    const accessPoint = new efs.AccessPoint(scope, 'FilesAccess', { fileSystem, path: '/' });
    new lambda.Function(scope, 'App', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      vpc,
      filesystem: lambda.FileSystem.fromEfsAccessPoint(accessPoint, '/mnt/files'),
    });

    const template = Template.fromStack(scope);
    template.resourceCountIs('AWS::EFS::MountTarget', 2);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 2049, ToPort: 2049 });
    expect(RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX).toBe('/aws-backup-restore_');
  });

  test('the restored database, its endpoint in a function\'s environment', () => {
    const { scope, vpc, fn } = wiring();
    const dbSecurityGroup = new ec2.SecurityGroup(scope, 'DbSg', { vpc });
    const subnetGroup = new rds.SubnetGroup(scope, 'DbSubnets', { vpc, description: 'restored database' });
    const database = new RestoreJob(scope, 'RestoreDatabase', {
      recoveryPoint: RecoveryPoint.fromArn(dbRecoveryPointArn),
      metadata: RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db-dr', subnetGroup, securityGroups: [dbSecurityGroup] }),
    });
    const db = database.asDatabaseInstance({ securityGroups: [dbSecurityGroup] }); // the groups the restore gave it
    db.connections.allowDefaultPortFrom(fn);
    fn.addEnvironment('DB_HOST', db.dbInstanceEndpointAddress); // read from the instance when the stack deploys
    fn.addEnvironment('DB_PORT', db.dbInstanceEndpointPort);

    const restored = scope.getLogicalId(database.node.findChild('RestoredResource') as never);
    Template.fromStack(scope).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { DB_HOST: { 'Fn::GetAtt': [restored, 'EndpointAddress'] }, DB_PORT: { 'Fn::GetAtt': [restored, 'EndpointPort'] } } },
    });
  });

  test('a Neptune cluster\'s endpoint as attributes', () => {
    const { scope, fn } = wiring();
    const graph = new RestoreJob(scope, 'RestoreGraph', {
      recoveryPoint: RecoveryPoint.fromArn(rp(3)),
      metadata: RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr' }),
    });
    const endpoint = graph.asClusterEndpoint(); // a RestoreMetadata.neptuneCluster restore
    fn.addEnvironment('GRAPH_ENDPOINT', endpoint.socketAddress); // address:port
    fn.addEnvironment('GRAPH_READER', endpoint.readerAddress!);
    fn.addEnvironment('GRAPH_PORT', Token.asString(endpoint.port));

    const restored = scope.getLogicalId(graph.node.findChild('RestoredResource') as never);
    Template.fromStack(scope).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { GRAPH_READER: { 'Fn::GetAtt': [restored, 'ReaderEndpointAddress'] }, GRAPH_PORT: { 'Fn::GetAtt': [restored, 'EndpointPort'] } } },
    });
  });

  test('and the others: a volume, an instance, a Lustre file system', () => {
    const { scope, vpc, fn } = wiring();
    const role = new iam.Role(scope, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    const fsxSecurityGroup = new ec2.SecurityGroup(scope, 'FsxSg', { vpc });
    const data = new RestoreJob(scope, 'RestoreData', { recoveryPoint: RecoveryPoint.fromArn(rp(4)), metadata: RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a' }) });
    const appServer = new RestoreJob(scope, 'RestoreServer', { recoveryPoint: RecoveryPoint.fromArn(rp(5)), metadata: RestoreMetadata.ec2Instance() });
    const lustre = new RestoreJob(scope, 'RestoreScratch', {
      recoveryPoint: RecoveryPoint.fromArn(rp(6)),
      metadata: RestoreMetadata.fsxLustre({ subnets: [vpc.privateSubnets[0]], securityGroups: [fsxSecurityGroup] }),
    });

    const volume = data.asVolume(); // ec2.IVolume: volumeId, availabilityZone
    volume.grantAttachVolume(role);
    const server = appServer.asInstance(); // instanceId, privateIpAddress, availabilityZone
    const scratch = lustre.asLustreFileSystem({ securityGroup: fsxSecurityGroup }); // fsx.IFileSystem
    scratch.connections.allowDefaultPortFrom(fn);
    const mountName = lustre.asFsxFileSystem().lustreMountName; // mount -t lustre <dnsName>@tcp:/<mountName>

    expect(scope.resolve(server.privateIpAddress)).toEqual({ 'Fn::GetAtt': [scope.getLogicalId(appServer.node.findChild('RestoredResource') as never), 'PrivateIpAddress'] });
    expect(scope.resolve(mountName)).toEqual({ 'Fn::GetAtt': [scope.getLogicalId(lustre.node.findChild('RestoredResource') as never), 'LustreMountName'] });
    Template.fromStack(scope).resourceCountIs('Custom::BackupRestoredResource', 3);
  });
});

test('restore several resources from one moment: a RecoveryPointSet', () => {
  const scope = stack();
  const ordersTableArn = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
  const filesArn = 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0';

  const set = new RecoveryPointSet(scope, 'Moment', {
    backupVaultName: 'prod-dr-copies', // or backupVault; backupVaultAccountId for a shared vault
    resourceArns: [ordersTableArn, filesArn], // 1 to 10 resources
    maxSkew: Duration.hours(1), // the default
    maxAge: Duration.days(2), // and/or createdAfter: new Date(...)
  });
  new RestoreJob(scope, 'RestoreOrders', {
    recoveryPoint: set.recoveryPointFor(ordersTableArn),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
    useRecordedMetadata: true, // works: the set names its vault
  });
  new RestoreJob(scope, 'RestoreFiles', {
    recoveryPoint: set.recoveryPointFor(filesArn),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
  });
  new CfnOutput(scope, 'SetSpreadSeconds', { value: set.spreadSeconds });

  const template = Template.fromStack(scope);
  const setId = scope.getLogicalId(set.node.defaultChild as never);
  template.hasResourceProperties('Custom::BackupRecoveryPointSet', {
    BackupVaultName: 'prod-dr-copies', ResourceArns: [ordersTableArn, filesArn], MaxSkewSeconds: '3600', MaxAgeSeconds: '172800',
  });
  template.hasResourceProperties('Custom::BackupRestoreJob', {
    RecoveryPointArn: { 'Fn::GetAtt': [setId, 'RecoveryPointArn0'] }, BackupVaultName: 'prod-dr-copies', UseRecordedMetadata: 'true',
  });
  template.hasResourceProperties('Custom::BackupRestoreJob', { RecoveryPointArn: { 'Fn::GetAtt': [setId, 'RecoveryPointArn1'] }, ResourceType: 'EFS' });
  template.hasOutput('SetSpreadSeconds', { Value: { 'Fn::GetAtt': [setId, 'SpreadSeconds'] } });
});

test('drills: restore from one moment with removalPolicy DESTROY', () => {
  const scope = stack();
  const ordersTableArn = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
  const fileSystemArn = 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0';

  // one moment for both: the newest T with a backup of each within [T - 1 hour, T]
  const moment = new RecoveryPointSet(scope, 'Moment', {
    backupVaultName: 'prod-dr-copies',
    resourceArns: [ordersTableArn, fileSystemArn],
    maxSkew: Duration.hours(1),
  });
  const orders = new RestoreJob(scope, 'RestoreOrders', {
    recoveryPoint: moment.recoveryPointFor(ordersTableArn),
    metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-drill' }),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const files = new RestoreJob(scope, 'RestoreFiles', {
    recoveryPoint: moment.recoveryPointFor(fileSystemArn),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
    removalPolicy: RemovalPolicy.DESTROY,
  });

  expect([orders.removalPolicy, files.removalPolicy]).toEqual([RemovalPolicy.DESTROY, RemovalPolicy.DESTROY]);
  const template = Template.fromStack(scope);
  template.resourcePropertiesCountIs('Custom::BackupRestoreJob', { RemovalPolicy: 'Destroy' }, 2);
  // The README's statement for the named table.
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Action: 'dynamodb:DeleteTable',
        Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':table/orders-drill$')])] },
      })]),
    },
  });
});
