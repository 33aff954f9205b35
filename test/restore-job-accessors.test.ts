/**
 * The restored resource as a CDK construct: RestoreJob.asTable(), asBucket(), asFileSystem(), asDatabaseInstance(),
 * asDatabaseCluster(), asDocumentDbCluster(), asClusterEndpoint(), asVolume(), asInstance(), asFsxFileSystem(),
 * asLustreFileSystem(). What the template references, where grants land, the mount targets, the handler's read
 * permissions, and the errors.
 */
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import { RecoveryPoint, RestoreJob, RestoreJobProps, RestoreMetadata } from '../src';
import { withoutCovered } from '../src/private/provider';

const ACCOUNT = '123456789012';
const rp = (n: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:1EB3B5E7-9EB0-435A-A80B-10000000000${n}`;
const RESTORED = 'Custom::BackupRestoredResource';

function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: ACCOUNT, region: 'us-east-1' } });
}

function job(stack: Stack, id: string, metadata: RestoreMetadata, overrides: Partial<RestoreJobProps> = {}): RestoreJob {
  return new RestoreJob(stack, id, { recoveryPoint: RecoveryPoint.fromArn(rp(1)), metadata, ...overrides });
}

/** `Fn::GetAtt` of a RestoreJob's own resource. */
function jobAtt(stack: Stack, restoreJob: RestoreJob, attribute: string): unknown {
  return { 'Fn::GetAtt': [stack.getLogicalId(restoreJob.node.defaultChild as never), attribute] };
}

/** `Fn::GetAtt` of a RestoreJob's Custom::BackupRestoredResource. */
function restoredAtt(stack: Stack, restoreJob: RestoreJob, attribute: string): unknown {
  return { 'Fn::GetAtt': [stack.getLogicalId(restoreJob.node.findChild('RestoredResource') as never), attribute] };
}

function fn(stack: Stack, id = 'App', props: Partial<lambda.FunctionProps> = {}): lambda.Function {
  return new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_20_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
    ...props,
  });
}

/** The statements of the handler's policy (BackupRestoreJobProvider/HandlerPolicy), resolved. */
function handlerStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const handler = Object.entries(policies).find(([id]) => id.startsWith('BackupRestoreJobProviderHandlerPolicy'))![1];
  return stack.resolve(handler.Properties.PolicyDocument.Statement);
}

function statement(stack: Stack, sid: string): any {
  return handlerStatements(stack).find(s => s.Sid === sid);
}

/** The statements of a function's role's default policy. */
function roleStatements(stack: Stack, f: lambda.Function): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const roleId = stack.getLogicalId(f.role!.node.defaultChild as never);
  const policy = Object.values(policies).find(p => JSON.stringify(p.Properties.Roles).includes(roleId))!;
  return stack.resolve(policy.Properties.PolicyDocument.Statement);
}

const dbArn = (kind: 'db' | 'cluster', id: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:us-east-1:${ACCOUNT}:${kind}:${id}`]] });

describe('asTable', () => {
  test('the table of createdResourceArn, with the metadata\'s key; grants land on the table, its indexes and the key', () => {
    // GIVEN
    const stack = newStack();
    const key = new kms.Key(stack, 'TableKey');
    const orders = job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey: key }));
    const app = fn(stack);
    // WHEN
    const table = orders.asTable({ globalIndexes: ['byCustomer'] });
    table.grantReadWriteData(app);
    // THEN the name and ARN come from the job's CreatedResourceArn, and no deploy-time read is needed
    expect(stack.resolve(table.tableArn)).toEqual(jobAtt(stack, orders, 'CreatedResourceArn'));
    expect(JSON.stringify(stack.resolve(table.tableName))).toContain('CreatedResourceArn');
    expect(table.encryptionKey).toBe(key);
    Template.fromStack(stack).resourceCountIs(RESTORED, 0);
    const statements = roleStatements(stack, app);
    const dynamo = statements.find(s => JSON.stringify(s.Action).includes('dynamodb:'));
    expect(dynamo.Resource).toEqual([
      jobAtt(stack, orders, 'CreatedResourceArn'),
      { 'Fn::Join': ['', [jobAtt(stack, orders, 'CreatedResourceArn'), '/index/*']] },
    ]);
    const kmsStatement = statements.find(s => JSON.stringify(s.Action).includes('kms:'));
    expect(kmsStatement.Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] });
  });

  test('options.encryptionKey overrides the metadata\'s key', () => {
    const stack = newStack();
    const other = kms.Key.fromKeyArn(stack, 'Other', `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`);
    const orders = job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey: new kms.Key(stack, 'TableKey') }));
    expect(orders.asTable({ encryptionKey: other }).encryptionKey).toBe(other);
  });

  test('a key ARN in a fromMap kmsMasterKeyArn becomes the table\'s key; no key when the metadata names none', () => {
    const stack = newStack();
    const arn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
    const withKey = job(stack, 'A', RestoreMetadata.fromMap({ targetTableName: 'a-dr', encryptionType: 'KMS', kmsMasterKeyArn: arn }, 'DynamoDB'));
    const withoutKey = job(stack, 'B', RestoreMetadata.dynamoDb({ targetTableName: 'b-dr' }));
    expect(withKey.asTable().encryptionKey?.keyArn).toBe(arn);
    expect(withoutKey.asTable().encryptionKey).toBeUndefined();
  });

  test('a long wait: the table is the last wait link\'s CreatedResourceArn', () => {
    const stack = newStack();
    const orders = job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }), { timeout: Duration.hours(2) });
    const table = orders.asTable();
    expect(orders.waitsInLinks).toBe(true);
    const last = orders.node.findChild('Wait3');
    expect(stack.resolve(table.tableArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(last as never), 'CreatedResourceArn'] });
  });
});

describe('asBucket', () => {
  test('the bucket of createdResourceArn; grants land on the bucket, its objects and the metadata\'s key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'BucketKey');
    const assets = job(stack, 'Assets', RestoreMetadata.s3({ destinationBucketName: 'assets-dr', newBucket: true, kmsKey: key }));
    const app = fn(stack);
    const bucket = assets.asBucket();
    bucket.grantRead(app);
    expect(stack.resolve(bucket.bucketArn)).toEqual(jobAtt(stack, assets, 'CreatedResourceArn'));
    expect(bucket.encryptionKey).toBe(key);
    const statements = roleStatements(stack, app);
    expect(statements.find(s => JSON.stringify(s.Action).includes('s3:GetObject')).Resource).toEqual([
      jobAtt(stack, assets, 'CreatedResourceArn'),
      { 'Fn::Join': ['', [jobAtt(stack, assets, 'CreatedResourceArn'), '/*']] },
    ]);
    expect(statements.find(s => JSON.stringify(s.Action).includes('kms:Decrypt')).Resource)
      .toEqual({ 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as never), 'Arn'] });
    Template.fromStack(stack).resourceCountIs(RESTORED, 0);
  });
});

describe('asFileSystem', () => {
  function efsStack(maxAzs = 3) {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const files = job(stack, 'Files', RestoreMetadata.efs({ newFileSystem: true }));
    return { stack, vpc, files };
  }

  test('one mount target per Availability Zone, in a new security group, on the file system of createdResourceArn', () => {
    // GIVEN a VPC of three zones
    const { stack, vpc, files } = efsStack(3);
    // WHEN
    const fileSystem = files.asFileSystem({ vpc });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EFS::MountTarget', 3);
    const fileSystemId = { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', jobAtt(stack, files, 'CreatedResourceArn')] }] }] }] };
    expect(stack.resolve(fileSystem.fileSystemId)).toEqual(fileSystemId);
    const sgId = { 'Fn::GetAtt': [stack.getLogicalId(files.node.findChild('RestoredFileSystemSecurityGroup').node.defaultChild as never), 'GroupId'] };
    const subnets = vpc.isolatedSubnets.map(s => ({ Ref: stack.getLogicalId(s.node.defaultChild as never) }));
    for (const subnet of subnets) {
      template.hasResourceProperties('AWS::EFS::MountTarget', { FileSystemId: fileSystemId, SubnetId: subnet, SecurityGroups: [sgId] });
    }
    // The security group lets nothing in or out until a client is allowed.
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'NFS to the EFS file system restored by DrStack/Files',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })],
    });
  });

  test('connections.allowDefaultPortFrom(fn) opens NFS from the function\'s security group to the mount targets\' group', () => {
    const { stack, vpc, files } = efsStack(2);
    const fileSystem = files.asFileSystem({ vpc });
    const app = fn(stack, 'App', { vpc });
    fileSystem.connections.allowDefaultPortFrom(app);
    const sg = files.node.findChild('RestoredFileSystemSecurityGroup').node.defaultChild as never;
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 2049,
      ToPort: 2049,
      GroupId: { 'Fn::GetAtt': [stack.getLogicalId(sg), 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [stack.getLogicalId(app.connections.securityGroups[0].node.defaultChild as never), 'GroupId'] },
    });
  });

  test('an access point on it, mounted by a function: the function is created after every mount target', () => {
    const { stack, vpc, files } = efsStack(2);
    const fileSystem = files.asFileSystem({ vpc });
    const accessPoint = new efs.AccessPoint(stack, 'Access', { fileSystem, path: '/' });
    const app = fn(stack, 'App', { vpc, filesystem: lambda.FileSystem.fromEfsAccessPoint(accessPoint, '/mnt/files') });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EFS::AccessPoint', { FileSystemId: stack.resolve(fileSystem.fileSystemId) });
    const mountTargets = Object.keys(template.findResources('AWS::EFS::MountTarget'));
    expect(mountTargets).toHaveLength(2);
    const dependsOn = template.toJSON().Resources[stack.getLogicalId(app.node.defaultChild as never)].DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining(mountTargets));
  });

  test('the given security group and subnets: one mount target per zone of the selection', () => {
    const stack = newStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-1', availabilityZones: ['us-east-1a', 'us-east-1b'] });
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0');
    const files = job(stack, 'Files', RestoreMetadata.efs({ newFileSystem: true }));
    const subnets = [
      ec2.Subnet.fromSubnetAttributes(stack, 'A1', { subnetId: 'subnet-a1', availabilityZone: 'us-east-1a' }),
      ec2.Subnet.fromSubnetAttributes(stack, 'A2', { subnetId: 'subnet-a2', availabilityZone: 'us-east-1a' }),
      ec2.Subnet.fromSubnetAttributes(stack, 'B1', { subnetId: 'subnet-b1', availabilityZone: 'us-east-1b' }),
    ];
    const fileSystem = files.asFileSystem({ vpc, vpcSubnets: { subnets }, securityGroup });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EFS::MountTarget', 2);
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: 'subnet-a1', SecurityGroups: ['sg-0123456789abcdef0'] });
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: 'subnet-b1', SecurityGroups: ['sg-0123456789abcdef0'] });
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    expect(fileSystem.connections.securityGroups).toEqual([securityGroup]);
  });

  test('a One Zone file system: the mount target in its zone only', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const zone = vpc.availabilityZones[1];
    const files = job(stack, 'Files', RestoreMetadata.efs({ newFileSystem: true, oneZoneAvailabilityZone: zone }));
    files.asFileSystem({ vpc });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EFS::MountTarget', 1);
    const subnet = vpc.isolatedSubnets.find(s => s.availabilityZone === zone)!;
    template.hasResourceProperties('AWS::EFS::MountTarget', { SubnetId: { Ref: stack.getLogicalId(subnet.node.defaultChild as never) } });
  });

  test('a restore into the existing file system (newFileSystem false) is an error that says where the data is', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const files = job(stack, 'Files', RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: false }));
    expect(() => files.asFileSystem({ vpc })).toThrow(
      /RestoreJob DrStack\/Files: asFileSystem\(\) creates mount targets for a new file system, but newFileSystem is 'false'.*Fix: restore to a new file system.*\/aws-backup-restore_<timestamp>/);
  });

  test('a second call is an error (the mount targets exist once)', () => {
    const { vpc, files } = efsStack(1);
    files.asFileSystem({ vpc });
    expect(() => files.asFileSystem({ vpc })).toThrow(/asFileSystem\(\) was already called for this job.*Fix: keep the IFileSystem the first call returned/);
  });

  test('where the data lands is a documented constant', () => {
    expect(RestoreJob.EFS_RESTORE_DIRECTORY_PREFIX).toBe('/aws-backup-restore_');
  });
});

describe('asDatabaseInstance', () => {
  test('endpoint, port, identifier and resource id come from one Custom::BackupRestoredResource that reads the created instance', () => {
    // GIVEN
    const stack = newStack();
    const db = job(stack, 'Db', RestoreMetadata.rdsInstance({ instanceIdentifier: 'Orders-DB' }));
    // WHEN
    const instance = db.asDatabaseInstance();
    const again = db.asDatabaseInstance();
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESTORED, 1);
    const resource = db.node.findChild('RestoredResource');
    const handlerPolicy = Object.keys(template.findResources('AWS::IAM::Policy')).find(id => id.startsWith('BackupRestoreJobProviderHandlerPolicy'));
    template.hasResource(RESTORED, {
      Properties: {
        ServiceToken: Match.anyValue(),
        CreatedResourceArn: jobAtt(stack, db, 'CreatedResourceArn'),
        Kind: 'rds-instance',
        RestoreJobId: jobAtt(stack, db, 'RestoreJobId'),
      },
      DependsOn: Match.arrayWith([handlerPolicy]),
    });
    expect(stack.getLogicalId(resource as never)).toMatch(/^DbRestoredResource/);
    expect(stack.resolve(instance.dbInstanceEndpointAddress)).toEqual(restoredAtt(stack, db, 'EndpointAddress'));
    expect(stack.resolve(instance.dbInstanceEndpointPort)).toEqual(restoredAtt(stack, db, 'EndpointPort'));
    expect(stack.resolve(instance.instanceIdentifier)).toEqual(restoredAtt(stack, db, 'DBInstanceIdentifier'));
    expect(stack.resolve(instance.instanceResourceId)).toEqual(restoredAtt(stack, db, 'ResourceId'));
    expect(stack.resolve(again.dbInstanceEndpointAddress)).toEqual(restoredAtt(stack, db, 'EndpointAddress'));
  });

  test('the endpoint in a function\'s environment, and its security groups open to the function', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const dbSg = new ec2.SecurityGroup(stack, 'DbSg', { vpc });
    const db = job(stack, 'Db', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db', securityGroups: [dbSg] }));
    const instance = db.asDatabaseInstance({ securityGroups: [dbSg] });
    const app = fn(stack, 'App', { vpc, environment: { DB_HOST: instance.dbInstanceEndpointAddress, DB_PORT: instance.dbInstanceEndpointPort } });
    instance.connections.allowDefaultPortFrom(app);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { DB_HOST: restoredAtt(stack, db, 'EndpointAddress'), DB_PORT: restoredAtt(stack, db, 'EndpointPort') } },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: restoredAtt(stack, db, 'EndpointPort'),
      ToPort: restoredAtt(stack, db, 'EndpointPort'),
      GroupId: { 'Fn::GetAtt': [stack.getLogicalId(dbSg.node.defaultChild as never), 'GroupId'] },
    });
  });

  test('the handler may describe the DB instance the metadata names, in lower case, once per stack', () => {
    const stack = newStack();
    job(stack, 'A', RestoreMetadata.rdsInstance({ instanceIdentifier: 'Orders-DB' })).asDatabaseInstance();
    new RestoreJob(stack, 'B', { recoveryPoint: RecoveryPoint.fromArn(rp(2)), metadata: RestoreMetadata.rdsInstance({ instanceIdentifier: 'billing-db' }) }).asDatabaseInstance();
    const reads = handlerStatements(stack).filter(s => s.Sid === 'DescribeRestoredDBInstances');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Effect: 'Allow', Action: 'rds:DescribeDBInstances', Resource: [dbArn('db', 'orders-db'), dbArn('db', 'billing-db')] });
  });

  test('an identifier synth does not know (recorded metadata) allows db:*, which covers the named ones', () => {
    const stack = newStack();
    job(stack, 'A', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' })).asDatabaseInstance();
    new RestoreJob(stack, 'B', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'vault', resourceType: 'RDS' }),
      metadata: RestoreMetadata.fromMap({ MultiAZ: 'false' }, 'RDS'),
      useRecordedMetadata: true,
    }).asDatabaseInstance();
    expect(statement(stack, 'DescribeRestoredDBInstances').Resource).toEqual([dbArn('db', '*')]);
  });

  test('a stack whose jobs use no accessor gets no read permission', () => {
    const stack = newStack();
    job(stack, 'A', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }));
    expect(handlerStatements(stack).map(s => s.Sid).filter(sid => /Restored/.test(sid))).toEqual([]);
  });

  test('a long wait: the read depends on the last wait link\'s CreatedResourceArn', () => {
    const stack = newStack();
    const db = job(stack, 'Db', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }), { timeout: Duration.hours(3) });
    db.asDatabaseInstance();
    const last = db.node.findChild('Wait4');
    Template.fromStack(stack).hasResourceProperties(RESTORED, {
      CreatedResourceArn: { 'Fn::GetAtt': [stack.getLogicalId(last as never), 'CreatedResourceArn'] },
      RestoreJobId: jobAtt(stack, db, 'RestoreJobId'),
    });
  });
});

describe('clusters', () => {
  test('asDatabaseCluster: Aurora writer and reader endpoints and port, read by DescribeDBClusters on the named cluster', () => {
    const stack = newStack();
    const aurora = job(stack, 'Aurora', RestoreMetadata.auroraCluster({
      clusterIdentifier: 'Orders-Cluster',
      engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 }),
    }));
    const cluster = aurora.asDatabaseCluster();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'rds-cluster' });
    expect(stack.resolve(cluster.clusterEndpoint.hostname)).toEqual(restoredAtt(stack, aurora, 'EndpointAddress'));
    expect(stack.resolve(cluster.clusterReadEndpoint.hostname)).toEqual(restoredAtt(stack, aurora, 'ReaderEndpointAddress'));
    expect(stack.resolve(cluster.clusterIdentifier)).toEqual(restoredAtt(stack, aurora, 'DBClusterIdentifier'));
    expect(stack.resolve(cluster.clusterResourceIdentifier)).toEqual(restoredAtt(stack, aurora, 'ResourceId'));
    expect(statement(stack, 'DescribeRestoredDBClusters')).toMatchObject({ Action: 'rds:DescribeDBClusters', Resource: [dbArn('cluster', 'orders-cluster')] });
  });

  test('asDocumentDbCluster: DocumentDB endpoints, kind docdb-cluster', () => {
    const stack = newStack();
    const docs = job(stack, 'Docs', RestoreMetadata.documentDbCluster({ clusterIdentifier: 'docs-dr' }));
    const cluster = docs.asDocumentDbCluster();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'docdb-cluster' });
    expect(stack.resolve(cluster.clusterEndpoint.hostname)).toEqual(restoredAtt(stack, docs, 'EndpointAddress'));
    expect(stack.resolve(cluster.clusterReadEndpoint.hostname)).toEqual(restoredAtt(stack, docs, 'ReaderEndpointAddress'));
    expect(statement(stack, 'DescribeRestoredDBClusters').Resource).toEqual([dbArn('cluster', 'docs-dr')]);
  });

  test('asClusterEndpoint: Neptune endpoint, reader and port as attributes; Aurora and Neptune share one statement', () => {
    const stack = newStack();
    const graph = job(stack, 'Graph', RestoreMetadata.neptuneCluster({ clusterIdentifier: 'graph-dr' }));
    const endpoint = graph.asClusterEndpoint();
    new RestoreJob(stack, 'Aurora', {
      recoveryPoint: RecoveryPoint.fromArn(rp(2)),
      metadata: RestoreMetadata.auroraCluster({ clusterIdentifier: 'orders-cluster', engine: rds.DatabaseClusterEngine.AURORA_MYSQL }),
    }).asClusterEndpoint();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'neptune-cluster' });
    expect(stack.resolve(endpoint.address)).toEqual(restoredAtt(stack, graph, 'EndpointAddress'));
    expect(stack.resolve(endpoint.readerAddress)).toEqual(restoredAtt(stack, graph, 'ReaderEndpointAddress'));
    expect(stack.resolve(endpoint.port)).toEqual(restoredAtt(stack, graph, 'EndpointPort'));
    expect(stack.resolve(Token.asString(endpoint.port))).toEqual(restoredAtt(stack, graph, 'EndpointPort'));
    expect(stack.resolve(endpoint.socketAddress)).toEqual({ 'Fn::Join': ['', [restoredAtt(stack, graph, 'EndpointAddress'), ':', restoredAtt(stack, graph, 'EndpointPort')]] });
    expect(statement(stack, 'DescribeRestoredDBClusters').Resource).toEqual([dbArn('cluster', 'graph-dr'), dbArn('cluster', 'orders-cluster')]);
  });

  test('asClusterEndpoint: Redshift endpoint and port, read by redshift:DescribeClusters on the named cluster; no reader', () => {
    const stack = newStack();
    const warehouse = job(stack, 'Warehouse', RestoreMetadata.redshiftCluster({ clusterIdentifier: 'warehouse-dr' }));
    const endpoint = warehouse.asClusterEndpoint();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'redshift-cluster' });
    expect(stack.resolve(endpoint.address)).toEqual(restoredAtt(stack, warehouse, 'EndpointAddress'));
    expect(stack.resolve(endpoint.clusterIdentifier)).toEqual(restoredAtt(stack, warehouse, 'ClusterIdentifier'));
    expect(endpoint.readerAddress).toBeUndefined();
    expect(statement(stack, 'DescribeRestoredRedshiftClusters')).toMatchObject({
      Action: 'redshift:DescribeClusters',
      Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:redshift:us-east-1:${ACCOUNT}:cluster:warehouse-dr`]] }],
    });
  });

  test('a Redshift table restore creates no cluster: asClusterEndpoint is an error', () => {
    const stack = newStack();
    const table = job(stack, 'Table', RestoreMetadata.redshiftTable({
      clusterIdentifier: 'warehouse', sourceDatabaseName: 'dev', sourceTableName: 'sales', targetDatabaseName: 'dev', newTableName: 'sales_restored',
    }));
    expect(() => table.asClusterEndpoint()).toThrow(/RestoreJob DrStack\/Table: asClusterEndpoint\(\) needs a Redshift cluster restore, but this job restores a table/);
  });
});

describe('volumes, instances and FSx', () => {
  test('asVolume: volume id and Availability Zone read at deploy time, with the metadata\'s key; DescribeVolumes needs "*"', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'VolumeKey');
    const data = job(stack, 'Data', RestoreMetadata.ebsVolume({ availabilityZone: 'us-east-1a', kmsKey: key }));
    const volume = data.asVolume();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'ebs-volume' });
    expect(stack.resolve(volume.volumeId)).toEqual(restoredAtt(stack, data, 'VolumeId'));
    expect(stack.resolve(volume.availabilityZone)).toEqual(restoredAtt(stack, data, 'AvailabilityZone'));
    expect(volume.encryptionKey).toBe(key);
    expect(statement(stack, 'DescribeRestoredVolumes')).toMatchObject({ Action: 'ec2:DescribeVolumes', Resource: ['*'] });
  });

  test('asInstance: instance id, private IP and Availability Zone; DescribeInstances needs "*"', () => {
    const stack = newStack();
    const server = job(stack, 'Server', RestoreMetadata.ec2Instance());
    const instance = server.asInstance();
    Template.fromStack(stack).hasResourceProperties(RESTORED, { Kind: 'ec2-instance' });
    expect(stack.resolve(instance.instanceId)).toEqual(restoredAtt(stack, server, 'InstanceId'));
    expect(stack.resolve(instance.privateIpAddress)).toEqual(restoredAtt(stack, server, 'PrivateIpAddress'));
    expect(stack.resolve(instance.availabilityZone)).toEqual(restoredAtt(stack, server, 'AvailabilityZone'));
    expect(statement(stack, 'DescribeRestoredInstances')).toMatchObject({ Action: 'ec2:DescribeInstances', Resource: ['*'] });
  });

  test('asFsxFileSystem and asLustreFileSystem: one read; the Lustre file system\'s connections open the Lustre ports', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const securityGroup = new ec2.SecurityGroup(stack, 'FsxSg', { vpc });
    const scratch = job(stack, 'Scratch', RestoreMetadata.fsxLustre({ subnets: [ec2.Subnet.fromSubnetId(stack, 'S', 'subnet-1')], securityGroups: [securityGroup] }));
    const attributes = scratch.asFsxFileSystem();
    const lustre = scratch.asLustreFileSystem({ securityGroup });
    lustre.connections.allowDefaultPortFrom(fn(stack, 'App', { vpc }));
    const template = Template.fromStack(stack);
    template.resourceCountIs(RESTORED, 1);
    template.hasResourceProperties(RESTORED, { Kind: 'fsx-file-system' });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 988, ToPort: 1023 });
    expect(stack.resolve(attributes.dnsName)).toEqual(restoredAtt(stack, scratch, 'DNSName'));
    expect(stack.resolve(attributes.lustreMountName)).toEqual(restoredAtt(stack, scratch, 'LustreMountName'));
    expect(stack.resolve(attributes.fileSystemType)).toEqual(restoredAtt(stack, scratch, 'FileSystemType'));
    expect(stack.resolve(lustre.fileSystemId)).toEqual(restoredAtt(stack, scratch, 'FileSystemId'));
    expect(statement(stack, 'DescribeRestoredFsxFileSystems')).toMatchObject({ Action: 'fsx:DescribeFileSystems', Resource: ['*'] });
  });

  test('asLustreFileSystem on an FSx for Windows restore, and asFsxFileSystem on an ONTAP volume, are errors', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const windows = job(stack, 'Windows', RestoreMetadata.fsxWindows({ subnets: [ec2.Subnet.fromSubnetId(stack, 'S', 'subnet-1')], activeDirectoryId: 'd-1234567890' }));
    expect(() => windows.asLustreFileSystem({ securityGroup })).toThrow(/asLustreFileSystem\(\) needs an FSx for Lustre restore, but this job restores FSx for Windows File Server.*Fix: use asFsxFileSystem\(\)/);
    const ontap = new RestoreJob(stack, 'Ontap', { recoveryPoint: RecoveryPoint.fromArn(rp(2)), metadata: RestoreMetadata.fsxOntap({ storageVirtualMachineId: 'svm-0123456789abcdef0', volumeName: 'vol1' }) });
    expect(() => ontap.asFsxFileSystem()).toThrow(/asFsxFileSystem\(\) needs an FSx file system restore, but this job restores an FSx for ONTAP volume/);
  });
});

describe('errors', () => {
  test('an accessor of another type names the job, its type, the type needed and the accessor to use', () => {
    const stack = newStack();
    const files = job(stack, 'Files', RestoreMetadata.efs({ newFileSystem: true }));
    expect(() => files.asTable()).toThrow(
      'RestoreJob DrStack/Files: asTable() needs a DynamoDB restore, but this job restores EFS. ' +
      'Fix: use asFileSystem() for a EFS restore, or call asTable() on the RestoreJob that restores DynamoDB.');
    const orders = job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    expect(() => orders.asDatabaseInstance()).toThrow(/asDatabaseInstance\(\) needs a RDS restore, but this job restores DynamoDB\. Fix: use asTable\(\)/);
    expect(() => orders.asClusterEndpoint()).toThrow(/asClusterEndpoint\(\) needs a Aurora, DocumentDB, Neptune or Redshift restore, but this job restores DynamoDB/);
    expect(() => orders.asVolume()).toThrow(/asVolume\(\) needs a EBS restore/);
    expect(() => orders.asInstance()).toThrow(/asInstance\(\) needs a EC2 restore/);
    expect(() => orders.asBucket()).toThrow(/asBucket\(\) needs a S3 restore/);
    expect(() => orders.asFsxFileSystem()).toThrow(/asFsxFileSystem\(\) needs a FSx restore/);
    Template.fromStack(stack).resourceCountIs(RESTORED, 0);
  });

  test('a job the deploy does not wait for has no restored resource yet', () => {
    const stack = newStack();
    const orders = job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }), { waitForCompletion: false });
    expect(() => orders.asTable()).toThrow(/RestoreJob DrStack\/Orders: asTable\(\) needs the restored resource, which is only known when the deploy waits.*waitForCompletion: false.*Fix: remove waitForCompletion: false/);
    const db = job(stack, 'Db', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }), { waitForCompletion: false });
    expect(() => db.asDatabaseInstance()).toThrow(/asDatabaseInstance\(\) needs the restored resource/);
    Template.fromStack(stack).resourceCountIs(RESTORED, 0);
  });

  test('a type unknown at synth time is an error that says how to give it', () => {
    const stack = newStack();
    const unknown = new RestoreJob(stack, 'Unknown', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'vault' }),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'orders-dr' }),
    });
    expect(() => unknown.asTable()).toThrow(/asTable\(\) needs a DynamoDB restore, but this job's resource type is not known at synth time\. Fix: pass the type to RestoreMetadata\.fromMap \(e\.g\. RestoreMetadata\.fromMap\(\{\.\.\.\}, 'DynamoDB'\)\)/);
  });

  test('a type inferred from the recovery point ARN is used, and said so in errors', () => {
    const stack = newStack();
    const inferred = new RestoreJob(stack, 'Inferred', {
      recoveryPoint: RecoveryPoint.fromArn(`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders/backup/01234567890123-abcdefgh`),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'orders-dr' }),
    });
    expect(() => inferred.asVolume()).toThrow(/but this job restores DynamoDB \(inferred from the recovery point\)/);
    expect(stack.resolve(inferred.asTable().tableArn)).toEqual(jobAtt(stack, inferred, 'CreatedResourceArn'));
  });
});

test('withoutCovered drops ARNs a wildcard of the same list covers', () => {
  expect(withoutCovered(['arn:aws:rds:r:1:db:a', 'arn:aws:rds:r:1:db:*', 'arn:aws:rds:r:1:cluster:a'])).toEqual(['arn:aws:rds:r:1:db:*', 'arn:aws:rds:r:1:cluster:a']);
  expect(withoutCovered(['*', 'arn:x'])).toEqual(['*']);
  expect(withoutCovered(['arn:a', 'arn:b'])).toEqual(['arn:a', 'arn:b']);
});

test('the read grants are the handler\'s: the application\'s role gets none', () => {
  const stack = newStack();
  const db = job(stack, 'Db', RestoreMetadata.rdsInstance({ instanceIdentifier: 'orders-db' }));
  const app = fn(stack, 'App', { environment: { DB_HOST: db.asDatabaseInstance().dbInstanceEndpointAddress } });
  expect(JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'))).toContain('rds:DescribeDBInstances');
  expect(app.role).toBeInstanceOf(iam.Role);
  const appPolicies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(p => JSON.stringify(p.Properties.Roles).includes(stack.getLogicalId(app.role!.node.defaultChild as never)));
  expect(appPolicies).toEqual([]);
});
