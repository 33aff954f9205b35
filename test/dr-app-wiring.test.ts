/**
 * The example DR app (examples/dr-app.ts) runs an application on what it restored: the function of
 * `DisasterRecoveryApp` reads and writes the restored Orders table, mounts the restored file system through an
 * access point (after its mount targets exist), and has the restored database's endpoint, read at deploy time, in
 * its environment.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildDrApp, DR_ACCOUNT, DrAppStack, DrStack, FILES_MOUNT_PATH } from '../examples/dr-app';
import { RestoreJob } from '../src';

let data: DrStack;
let application: DrAppStack;
let dataTemplate: any;
let appTemplate: any;

beforeAll(() => {
  process.env.CDK_DEFAULT_ACCOUNT = DR_ACCOUNT;
  process.env.CDK_DEFAULT_REGION = 'us-east-1';
  const built = buildDrApp(new App());
  data = built.stack;
  application = built.appStack;
  dataTemplate = Template.fromStack(data).toJSON();
  appTemplate = Template.fromStack(application).toJSON();
});

/** What an `Fn::ImportValue` of the application stack stands for: the value the data stack exports under that name. */
function exported(value: any): unknown {
  const name = value['Fn::ImportValue'];
  expect(name).toBeDefined();
  const output = Object.values(dataTemplate.Outputs as Record<string, any>).find(o => o.Export?.Name === name);
  expect(output).toBeDefined();
  return output.Value;
}

const logicalId = (job: RestoreJob, child?: string) => data.getLogicalId((child ? job.node.findChild(child) : job.node.defaultChild) as never);

function appFunction(): any {
  return appTemplate.Resources[application.getLogicalId(application.handler.node.defaultChild as never)];
}

test('the function\'s environment: the restored table\'s name, the database endpoint read at deploy time, where the files are', () => {
  const env = appFunction().Properties.Environment.Variables;
  const restoredDb = logicalId(data.database, 'RestoredResource');
  expect(exported(env.DB_HOST)).toEqual({ 'Fn::GetAtt': [restoredDb, 'EndpointAddress'] });
  expect(exported(env.DB_PORT)).toEqual({ 'Fn::GetAtt': [restoredDb, 'EndpointPort'] });
  // The table name is the last part of the restored table's ARN.
  expect(JSON.stringify(env.ORDERS_TABLE)).toContain('Fn::ImportValue');
  expect(JSON.stringify(dataTemplate.Outputs)).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(data.orders), 'CreatedResourceArn'] }));
  expect(env.FILES_MOUNT_PATH).toBe(FILES_MOUNT_PATH);
  expect(env.FILES_RESTORE_DIRECTORY_PREFIX).toBe('aws-backup-restore_');
  // The database's read is the restored instance's, read by one Custom::BackupRestoredResource.
  expect(dataTemplate.Resources[restoredDb]).toMatchObject({
    Type: 'Custom::BackupRestoredResource',
    Properties: { Kind: 'rds-instance', CreatedResourceArn: { 'Fn::GetAtt': [logicalId(data.database), 'CreatedResourceArn'] } },
  });
});

test('the function may read and write the restored table, its indexes, and use the DR key', () => {
  const roleId = application.getLogicalId(application.handler.role!.node.defaultChild as never);
  const policy = Object.values(appTemplate.Resources as Record<string, any>)
    .find(r => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId));
  const statements: any[] = policy.Properties.PolicyDocument.Statement;
  const dynamo = statements.find(s => JSON.stringify(s.Action).includes('dynamodb:PutItem'));
  expect(dynamo.Action).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem']));
  const tableArn = { 'Fn::GetAtt': [logicalId(data.orders), 'CreatedResourceArn'] };
  expect(exported(dynamo.Resource[0])).toEqual(tableArn);
  expect(dynamo.Resource[1]['Fn::Join'][1][1]).toBe('/index/*');
  expect(exported(dynamo.Resource[1]['Fn::Join'][1][0])).toEqual(tableArn);
  const key = statements.find(s => JSON.stringify(s.Action).includes('kms:Encrypt'));
  const drKey = data.getLogicalId(data.dr.node.findChild('DrKey').node.defaultChild as never);
  expect(exported(key.Resource)).toEqual({ 'Fn::GetAtt': [drKey, 'Arn'] });
});

test('the restored file system has a mount target in each of the VPC\'s two zones; the function mounts it through an access point, after them', () => {
  const mountTargets = Object.entries(dataTemplate.Resources as Record<string, any>).filter(([, r]) => r.Type === 'AWS::EFS::MountTarget');
  expect(mountTargets).toHaveLength(2);
  const fileSystemId = { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': [logicalId(data.files), 'CreatedResourceArn'] }] }] }] }] };
  for (const [, mountTarget] of mountTargets) expect(mountTarget.Properties.FileSystemId).toEqual(fileSystemId);
  expect(new Set(mountTargets.map(([, m]) => JSON.stringify(m.Properties.SubnetId))).size).toBe(2);

  const accessPoint = appTemplate.Resources[application.getLogicalId(application.accessPoint.node.defaultChild as never)];
  expect(accessPoint.Type).toBe('AWS::EFS::AccessPoint');
  expect(JSON.stringify(accessPoint.Properties.FileSystemId)).toContain('Fn::ImportValue');
  expect(accessPoint.Properties.RootDirectory).toEqual({ Path: '/' });
  const configs = appFunction().Properties.FileSystemConfigs;
  expect(configs).toHaveLength(1);
  expect(configs[0].LocalMountPath).toBe(FILES_MOUNT_PATH);
  const accessPointId = application.getLogicalId(application.accessPoint.node.defaultChild as never);
  expect(JSON.stringify(configs[0].Arn)).toContain(JSON.stringify({ Ref: accessPointId }));
  // The function depends on the mount targets; across stacks that makes the application stack depend on the data
  // stack (within one stack the function DependsOn each mount target: test/restore-job-accessors.test.ts).
  expect(application.dependencies).toContain(data);
});

test('the network: NFS from the function to the mount targets, the database port from the function to the database', () => {
  const ingress = Object.values(appTemplate.Resources as Record<string, any>).filter(r => r.Type === 'AWS::EC2::SecurityGroupIngress');
  const fsSg = data.getLogicalId(data.files.node.findChild('RestoredFileSystemSecurityGroup').node.defaultChild as never);
  const dbSg = data.getLogicalId(data.dr.databaseSecurityGroup.node.defaultChild as never);
  const nfs = ingress.find(r => r.Properties.FromPort === 2049)!;
  expect(exported(nfs.Properties.GroupId)).toEqual({ 'Fn::GetAtt': [fsSg, 'GroupId'] });
  const db = ingress.find(r => JSON.stringify(r.Properties.FromPort).includes('ImportValue'))!;
  expect(exported(db.Properties.GroupId)).toEqual({ 'Fn::GetAtt': [dbSg, 'GroupId'] });
  expect(exported(db.Properties.FromPort)).toEqual({ 'Fn::GetAtt': [logicalId(data.database, 'RestoredResource'), 'EndpointPort'] });
});

test('the handler may describe the restored database by its DR name, and nothing else of RDS', () => {
  const handlerPolicy = Object.entries(dataTemplate.Resources as Record<string, any>)
    .find(([id]) => id.startsWith('BackupRestoreJobProviderHandlerPolicy'))![1];
  const reads = handlerPolicy.Properties.PolicyDocument.Statement.filter((s: any) => /^DescribeRestored/.test(s.Sid));
  expect(reads).toEqual([{
    Sid: 'DescribeRestoredDBInstances',
    Effect: 'Allow',
    Action: 'rds:DescribeDBInstances',
    Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:rds:us-east-1:${DR_ACCOUNT}:db:orders-db-dr`]] }],
  }]);
});
