import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { RecoveryPoint, RecoveryPointSet, RestoreJob, RestoreMetadata } from '../src';

const SET = 'Custom::BackupRecoveryPointSet';
const JOB = 'Custom::BackupRestoreJob';
const TABLE = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';
const FILES = 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0';

function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: '222222222222', region: 'us-east-1' } });
}

function handlerStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const handler = Object.values(policies).find(p => JSON.stringify(p).includes('StartRestoreJobs'))!;
  return stack.resolve(handler.Properties.PolicyDocument.Statement);
}

function logicalIdOf(stack: Stack, set: RecoveryPointSet): string {
  return stack.getLogicalId(set.node.defaultChild as never);
}

describe('template', () => {
  test('renders the vault, the resources in order, maxSkew (default 1 hour) and the filters, served by the RestoreJob provider', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new RecoveryPointSet(stack, 'Moment', {
      backupVaultName: 'prod-copies',
      backupVaultAccountId: '111111111111',
      resourceArns: [TABLE, FILES],
      maxAge: Duration.days(2),
      createdAfter: new Date('2026-11-01T00:00:00Z'),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties(SET, {
      ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('BackupRestoreJobProvider'), 'Arn'] },
      BackupVaultName: 'prod-copies',
      BackupVaultAccountId: '111111111111',
      ResourceArns: [TABLE, FILES],
      MaxSkewSeconds: '3600',
      MaxAgeSeconds: '172800',
      CreatedAfter: '2026-11-01T00:00:00.000Z',
    });
    template.hasResource(SET, { DependsOn: Match.arrayWith([Match.stringLikeRegexp('HandlerPolicy')]) });
  });

  test('unset filters are absent; a vault object gives its name', () => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dr-copies' });
    new RecoveryPointSet(stack, 'Moment', { backupVault: vault, resourceArns: [TABLE], maxSkew: Duration.minutes(30) });
    Template.fromStack(stack).hasResourceProperties(SET, {
      BackupVaultName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vault'), 'BackupVaultName'] },
      BackupVaultAccountId: Match.absent(),
      MaxSkewSeconds: '1800',
      MaxAgeSeconds: Match.absent(),
      CreatedAfter: Match.absent(),
    });
  });

  test('a set and RestoreJobs share one provider (no second handler or framework)', () => {
    const stack = newStack();
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', resourceArns: [TABLE, FILES] });
    new RestoreJob(stack, 'Orders', { recoveryPoint: set.recoveryPointFor(TABLE), metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }) });
    new RecoveryPointSet(stack, 'Another', { backupVaultName: 'prod-copies', resourceArns: [FILES] });
    const template = Template.fromStack(stack);
    const alone = Template.fromStack((() => {
      const s = newStack();
      new RestoreJob(s, 'Orders', { recoveryPoint: RecoveryPoint.fromArn(`${TABLE}/backup/0123`), metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }) });
      return s;
    })());
    template.resourceCountIs('AWS::Lambda::Function', Object.keys(alone.findResources('AWS::Lambda::Function')).length);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.resourceCountIs(SET, 2);
  });
});

describe('attributes and recoveryPointFor', () => {
  test('the chosen ARNs (by index), the spread and the dates are the resource\'s attributes', () => {
    const stack = newStack();
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', resourceArns: [TABLE, FILES] });
    const id = logicalIdOf(stack, set);
    expect(stack.resolve(set.recoveryPointArns)).toEqual([
      { 'Fn::GetAtt': [id, 'RecoveryPointArn0'] },
      { 'Fn::GetAtt': [id, 'RecoveryPointArn1'] },
    ]);
    expect(stack.resolve(set.spreadSeconds)).toEqual({ 'Fn::GetAtt': [id, 'SpreadSeconds'] });
    expect(stack.resolve(set.oldestCreationDate)).toEqual({ 'Fn::GetAtt': [id, 'OldestCreationDate'] });
    expect(stack.resolve(set.newestCreationDate)).toEqual({ 'Fn::GetAtt': [id, 'NewestCreationDate'] });
    expect(set.resourceArns).toEqual([TABLE, FILES]);
    expect(set.backupVaultName).toBe('prod-copies');
  });

  test('a RestoreJob restores the point chosen for its resource, from the set\'s vault; recorded metadata works', () => {
    const stack = newStack();
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', backupVaultAccountId: '111111111111', resourceArns: [TABLE, FILES] });
    new RestoreJob(stack, 'Files', {
      recoveryPoint: set.recoveryPointFor(FILES),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
    });
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: set.recoveryPointFor(TABLE),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
      useRecordedMetadata: true,
    });
    const template = Template.fromStack(stack);
    const id = logicalIdOf(stack, set);
    template.hasResourceProperties(JOB, {
      RecoveryPointArn: { 'Fn::GetAtt': [id, 'RecoveryPointArn1'] },
      LatestRecoveryPoint: Match.absent(),
      BackupVaultName: 'prod-copies',
      BackupVaultAccountId: '111111111111',
      ResourceType: 'EFS',
      UseRecordedMetadata: Match.absent(),
    });
    template.hasResourceProperties(JOB, {
      RecoveryPointArn: { 'Fn::GetAtt': [id, 'RecoveryPointArn0'] },
      BackupVaultName: 'prod-copies',
      UseRecordedMetadata: 'true',
      Metadata: { targetTableName: 'orders-dr' },
    });
  });

  test('recoveryPointFor an ARN not in the set is a synth error naming the set\'s resources', () => {
    const stack = newStack();
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', resourceArns: [TABLE, FILES] });
    expect(() => set.recoveryPointFor('arn:aws:dynamodb:us-east-1:111111111111:table/Other')).toThrow(
      `RecoveryPointSet DrStack/Moment: 'arn:aws:dynamodb:us-east-1:111111111111:table/Other' is not one of its resourceArns ('${TABLE}', '${FILES}'). ` +
      'Fix: add the resource to resourceArns, or pass exactly the string (or token) the set was given.');
  });

  test('tokens are allowed: the same token finds its point, another one does not', () => {
    const stack = newStack();
    const table = new dynamodb.Table(stack, 'OrdersTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const other = new dynamodb.Table(stack, 'OtherTable', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', resourceArns: [FILES, table.tableArn] });
    new RestoreJob(stack, 'Orders', { recoveryPoint: set.recoveryPointFor(table.tableArn), metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }) });
    Template.fromStack(stack).hasResourceProperties(SET, { ResourceArns: [FILES, { 'Fn::GetAtt': [Match.stringLikeRegexp('OrdersTable'), 'Arn'] }] });
    Template.fromStack(stack).hasResourceProperties(JOB, { RecoveryPointArn: { 'Fn::GetAtt': [logicalIdOf(stack, set), 'RecoveryPointArn1'] } });
    expect(() => set.recoveryPointFor(other.tableArn)).toThrow(/is not one of its resourceArns/);
  });
});

describe('IAM', () => {
  test('lists the set\'s vault once; restores are scoped by each resource and type, never by the set\'s attribute', () => {
    // GIVEN a set and two jobs from it, and a RecoveryPoint.latest job on the same vault
    const stack = newStack();
    const set = new RecoveryPointSet(stack, 'Moment', { backupVaultName: 'prod-copies', resourceArns: [TABLE, FILES] });
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: set.recoveryPointFor(TABLE),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
      useRecordedMetadata: true,
    });
    new RestoreJob(stack, 'Files', { recoveryPoint: set.recoveryPointFor(FILES), metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }) });
    new RestoreJob(stack, 'Latest', { recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod-copies' }), metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', newFileSystem: true }) });
    // WHEN
    const statements = handlerStatements(stack);
    const bySid = (sid: string) => statements.find(s => s.Sid === sid);
    // THEN
    const vaultArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-east-1:222222222222:backup-vault:prod-copies']] };
    expect(bySid('ListRecoveryPoints')).toMatchObject({ Action: 'backup:ListRecoveryPointsByBackupVault', Resource: [vaultArn] });
    const generic = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-east-1:222222222222:recovery-point:*']] };
    const ordersBackups = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:us-east-1:222222222222:table/Orders/backup/*']] };
    expect(bySid('StartRestoreJobs').Resource).toEqual([generic, ordersBackups]);
    expect(bySid('ReadRecordedMetadata').Resource).toEqual([generic, ordersBackups]);
    // No GetAtt of the set in the handler's policy: the set needs the policy, so that would be a cycle.
    expect(JSON.stringify(statements)).not.toContain(logicalIdOf(stack, set));
  });

  test('a vault of another account is listed there; a vault object gives its ARN', () => {
    const stack = newStack();
    new RecoveryPointSet(stack, 'Shared', { backupVaultName: 'shared', backupVaultAccountId: '111111111111', resourceArns: [TABLE] });
    const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dr-copies' });
    new RecoveryPointSet(stack, 'Own', { backupVault: vault, resourceArns: [FILES] });
    const list = handlerStatements(stack).find(s => s.Sid === 'ListRecoveryPoints');
    expect(list.Resource).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':backup:us-east-1:111111111111:backup-vault:shared']] },
      { 'Fn::GetAtt': [stack.getLogicalId(vault.node.defaultChild as never), 'BackupVaultArn'] },
    ]);
  });
});

describe('synth errors', () => {
  const vaultName = 'prod-copies';
  test.each([
    ['no vault', {}, 'RecoveryPointSet DrStack/Set: no backup vault. Fix: pass backupVault (a backup.IBackupVault) or backupVaultName.'],
    ['no resources', { backupVaultName: vaultName, resourceArns: [] }, /resourceArns lists 0 resources; a set chooses for 1 to 10/],
    ['11 resources', { backupVaultName: vaultName, resourceArns: Array.from({ length: 11 }, (_, i) => `${TABLE}${i}`) }, /resourceArns lists 11 resources; a set chooses for 1 to 10 .* Fix: split/],
    ['a duplicate', { backupVaultName: vaultName, resourceArns: [TABLE, FILES, TABLE] }, `resourceArns lists '${TABLE}' more than once. Fix: list each resource once.`],
    ['an empty ARN', { backupVaultName: vaultName, resourceArns: [' '] }, 'resourceArns holds an empty string'],
    ['maxSkew not whole seconds', { backupVaultName: vaultName, maxSkew: Duration.millis(1500) }, /maxSkew is 1 second 500 millis; it must be known at synth time, a whole number of seconds\. Fix/],
    ['maxSkew a token', { backupVaultName: vaultName, maxSkew: Duration.seconds(Lazy.number({ produce: () => 60 })) }, /maxSkew is a token; it must be known at synth time/],
    ['maxAge 0', { backupVaultName: vaultName, maxAge: Duration.seconds(0) }, /maxAge is 0 seconds; .*, and positive/],
    ['an invalid createdAfter', { backupVaultName: vaultName, createdAfter: new Date('nope') }, 'createdAfter is an invalid Date'],
    ['a bad account id', { backupVaultName: vaultName, backupVaultAccountId: '1234' }, "backupVaultAccountId '1234' is not a 12-digit AWS account id"],
  ])('%s', (_name, props, message) => {
    const stack = newStack();
    expect(() => new RecoveryPointSet(stack, 'Set', { resourceArns: [TABLE], ...props } as never)).toThrow(message);
  });

  test('backupVault and backupVaultName together', () => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    expect(() => new RecoveryPointSet(stack, 'Set', { backupVault: vault, backupVaultName: 'x', resourceArns: [TABLE] })).toThrow(
      'RecoveryPointSet DrStack/Set: give backupVault or backupVaultName, not both.');
  });

  test('maxSkew 0 is allowed (points created at the same moment)', () => {
    const stack = newStack();
    new RecoveryPointSet(stack, 'Set', { backupVaultName: 'v', resourceArns: [TABLE], maxSkew: Duration.seconds(0) });
    Template.fromStack(stack).hasResourceProperties(SET, { MaxSkewSeconds: '0' });
  });
});
