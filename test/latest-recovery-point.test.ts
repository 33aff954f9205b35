import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as backup from 'aws-cdk-lib/aws-backup';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

const TYPE = 'Custom::BackupRestoreJob';
const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders';

function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: '222222222222', region: 'us-east-1' } });
}

function handlerStatements(stack: Stack): any[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const handler = Object.values(policies).find(p => JSON.stringify(p).includes('StartRestoreJobs'))!;
  return stack.resolve(handler.Properties.PolicyDocument.Statement);
}

describe('RecoveryPoint.latest', () => {
  test('renders the vault and the filters; the resource type defaults to the metadata\'s', () => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault', { backupVaultName: 'dr-copies' });
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: RecoveryPoint.latest({ backupVault: vault, resourceArn: TABLE_ARN, maxAge: Duration.days(1), createdAfter: new Date('2026-11-01T00:00:00Z') }),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'Orders-dr' }, 'DynamoDB'),
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      RecoveryPointArn: Match.absent(),
      BackupVaultName: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vault'), 'BackupVaultName'] },
      BackupVaultAccountId: Match.absent(),
      LatestRecoveryPoint: { ByResourceArn: TABLE_ARN, ByResourceType: 'DynamoDB', MaxAgeSeconds: '86400', CreatedAfter: '2026-11-01T00:00:00.000Z' },
      UseRecordedMetadata: Match.absent(),
    });
  });

  test('unset filters are absent', () => {
    const stack = newStack();
    new RestoreJob(stack, 'Files', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod' }),
      metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-1' }),
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      BackupVaultName: 'prod',
      LatestRecoveryPoint: {
        ByResourceArn: Match.absent(),
        ByResourceType: Match.absent(),
        MaxAgeSeconds: Match.absent(),
        CreatedAfter: Match.absent(),
      },
    });
  });

  test('IAM: lists the named vault only, and starts restores from recovery points of the type in the vault account', () => {
    const stack = newStack();
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod-copies', backupVaultAccountId: '111111111111' }),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'Orders-dr' }, 'DynamoDB'),
    });
    const statements = handlerStatements(stack);
    const bySid = (sid: string) => statements.find(s => s.Sid === sid);
    expect(JSON.stringify(bySid('ListRecoveryPoints'))).toContain(':backup:us-east-1:111111111111:backup-vault:prod-copies');
    const start = JSON.stringify(bySid('StartRestoreJobs').Resource);
    expect(start).toContain(':backup:');
    expect(start).toContain(':111111111111:recovery-point:*');
    expect(start).toContain(':dynamodb:');
    expect(start).toContain(':111111111111:table/*/backup/*');
    expect(start).not.toContain(':ec2:'); // other types' forms are not granted
    expect(bySid('ReadRecordedMetadata')).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties(TYPE, { BackupVaultAccountId: '111111111111' });
  });

  test('IAM: a DynamoDB source table narrows the native backup form to that table\'s backups', () => {
    // GIVEN / WHEN the newest backup of one table
    const stack = newStack();
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod', resourceArn: TABLE_ARN }),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'Orders-dr' }, 'DynamoDB'),
      useRecordedMetadata: true,
    });
    // THEN StartRestoreJob and GetRecoveryPointRestoreMetadata name the table's backups, not every table's
    const statements = handlerStatements(stack);
    for (const sid of ['StartRestoreJobs', 'ReadRecordedMetadata']) {
      const resources = JSON.stringify(statements.find(s => s.Sid === sid).Resource);
      expect(resources).toContain(':dynamodb:us-east-1:222222222222:table/Orders/backup/*');
      expect(resources).not.toContain('table/*');
      expect(resources).toContain(':backup:us-east-1:222222222222:recovery-point:*');
    }
  });

  test('IAM: a Redshift source cluster narrows the native snapshot form to that cluster\'s snapshots', () => {
    const stack = newStack();
    new RestoreJob(stack, 'Warehouse', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod', resourceArn: 'arn:aws:redshift:us-east-1:222222222222:cluster:prod-warehouse' }),
      metadata: RestoreMetadata.fromMap({ ClusterIdentifier: 'dr-warehouse' }, 'Redshift'),
    });
    const start = JSON.stringify(handlerStatements(stack).find(s => s.Sid === 'StartRestoreJobs').Resource);
    expect(start).toContain(':redshift:us-east-1:222222222222:snapshot:prod-warehouse/awsbackup:*');
    expect(start).not.toContain('snapshot:*/');
  });

  test('IAM: the vault ARN of a vault object is used as is', () => {
    const stack = newStack();
    const vault = new backup.BackupVault(stack, 'Vault');
    new RestoreJob(stack, 'Orders', {
      recoveryPoint: RecoveryPoint.latest({ backupVault: vault }),
      metadata: RestoreMetadata.fromMap({ targetTableName: 'Orders-dr' }, 'DynamoDB'),
    });
    const list = handlerStatements(stack).find(s => s.Sid === 'ListRecoveryPoints');
    expect(list.Resource).toEqual([{ 'Fn::GetAtt': [stack.getLogicalId(vault.node.defaultChild as backup.CfnBackupVault), 'BackupVaultArn'] }]);
  });

  test.each([
    [{ backupVaultName: 'a', backupVault: 'both' }, /give backupVault or backupVaultName, not both/],
    [{}, /no backup vault/],
    [{ backupVaultName: 'a', backupVaultAccountId: '12345' }, /backupVaultAccountId '12345' is not a 12-digit AWS account id/],
    [{ backupVaultName: 'a', maxAge: Duration.seconds(0) }, /maxAge is 0 seconds; it must be positive/],
  ])('rejects %p', (props, message) => {
    const stack = newStack();
    const p: any = { ...props };
    if (p.backupVault === 'both') p.backupVault = new backup.BackupVault(stack, 'V');
    expect(() => new RestoreJob(stack, 'R', {
      recoveryPoint: RecoveryPoint.latest(p),
      metadata: RestoreMetadata.fromMap({ targetTableName: 't' }, 'DynamoDB'),
    })).toThrow(message);
  });
});

describe('useRecordedMetadata', () => {
  test('renders the flag and grants GetRecoveryPointRestoreMetadata on the recovery point', () => {
    const stack = newStack();
    const arn = 'arn:aws:backup:us-east-1:111111111111:recovery-point:ABC';
    new RestoreJob(stack, 'Files', {
      recoveryPoint: RecoveryPoint.fromArn(arn, { backupVaultName: 'prod' }),
      metadata: RestoreMetadata.fromMap({ KmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/k' }, 'EFS'),
      useRecordedMetadata: true,
    });
    Template.fromStack(stack).hasResourceProperties(TYPE, { UseRecordedMetadata: 'true', BackupVaultName: 'prod', RecoveryPointArn: arn });
    const read = handlerStatements(stack).find(s => s.Sid === 'ReadRecordedMetadata');
    expect(read).toMatchObject({ Action: 'backup:GetRecoveryPointRestoreMetadata', Resource: [arn] });
  });

  test('only the given keys are checked at synth time: missing required keys may come from the backup', () => {
    // KmsKeyId without Encrypted and without file-system-id would fail as full EFS metadata.
    const stack = newStack();
    expect(() => new RestoreJob(stack, 'Files', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod' }),
      metadata: RestoreMetadata.fromMap({ KmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/k' }, 'EFS'),
      useRecordedMetadata: true,
    })).not.toThrow();
  });

  test('value formats of the overrides are still checked at synth time', () => {
    expect(() => new RestoreJob(newStack(), 'Files', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod' }),
      metadata: RestoreMetadata.fromMap({ ItemsToRestore: '/a,/b' }, 'EFS'),
      useRecordedMetadata: true,
    })).toThrow(/'ItemsToRestore'.*must be a JSON array/);
  });

  test('needs a vault', () => {
    expect(() => new RestoreJob(newStack(), 'Files', {
      recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:111111111111:recovery-point:ABC'),
      metadata: RestoreMetadata.fromMap({}, 'EFS'),
      useRecordedMetadata: true,
    })).toThrow(/useRecordedMetadata needs the vault that holds the recovery point.*RecoveryPoint.fromArn\(arn, \{ backupVault \}\)/);
  });
});
