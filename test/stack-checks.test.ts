import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/** Checks that look at more than one RestoreJob, or at a job against its stack (project issue 9). */

const ACCOUNT = '123456789012';
const TYPE = 'Custom::BackupRestoreJob';
const rp = (id: string, account = ACCOUNT, region = 'us-east-1') => `arn:aws:backup:${region}:${account}:recovery-point:${id}`;
const DYNAMODB_BACKUP_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders/backup/01234567890123-abcdefgh`;
const RDS_SNAPSHOT_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:awsbackup:job-11111111-2222-3333-4444-555555555555`;
const CLUSTER_SNAPSHOT_ARN = `arn:aws:rds:us-east-1:${ACCOUNT}:cluster-snapshot:awsbackup:job-11111111-2222-3333-4444-555555555555`;

function newApp(): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'DrStack', { env: { account: ACCOUNT, region: 'us-east-1' } }) };
}

function job(scope: Construct, id: string, metadata: RestoreMetadata, recoveryPointArn = rp(id)): RestoreJob {
  return new RestoreJob(scope, id, { recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn), metadata });
}

describe('two RestoreJobs of one stack restoring to the same name', () => {
  test('DynamoDB targetTableName: synth fails naming both jobs, the table and the fix', () => {
    // GIVEN
    const { app, stack } = newApp();
    job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    job(stack, 'OrdersAgain', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    // WHEN / THEN
    expect(() => app.synth()).toThrow(
      /RestoreJobs DrStack\/Orders and DrStack\/OrdersAgain both restore to the DynamoDB table 'orders-dr' \(metadata key targetTableName\).*Fix: give each RestoreJob its own targetTableName/);
  });

  test('the order of construction does not matter: a job in a scope created first is still compared', () => {
    // GIVEN a nested scope constructed before the stack-level job, with its job added after
    const { app, stack } = newApp();
    const nested = new Construct(stack, 'Nested');
    job(stack, 'Top', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    job(nested, 'Inner', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    // THEN
    expect(() => app.synth()).toThrow(/DrStack\/Top and DrStack\/Nested\/Inner both restore to the DynamoDB table 'orders-dr'/);
  });

  test('DynamoDB table names are case-sensitive: names that differ in case do not collide', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.dynamoDb({ targetTableName: 'Orders' }));
    job(stack, 'B', RestoreMetadata.dynamoDb({ targetTableName: 'orders' }));
    expect(() => app.synth()).not.toThrow();
  });

  test('RDS DBInstanceIdentifier compares case-insensitively, as RDS stores it in lower case', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.fromMap({ DBInstanceIdentifier: 'Orders-DB' }, 'RDS'), RDS_SNAPSHOT_ARN);
    job(stack, 'B', RestoreMetadata.fromMap({ DBInstanceIdentifier: 'orders-db' }, 'RDS'), RDS_SNAPSHOT_ARN);
    expect(() => app.synth()).toThrow(/DrStack\/A and DrStack\/B both restore to the RDS DB instance 'Orders-DB' and 'orders-db' \(RDS DB instance names are case-insensitive\)/);
  });

  test('metadata keys are found case-insensitively, as DynamoDB reads them', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.fromMap({ targetTableName: 'orders-dr' }, 'DynamoDB'), DYNAMODB_BACKUP_ARN);
    job(stack, 'B', RestoreMetadata.fromMap({ TargetTableName: 'orders-dr' }, 'DynamoDB'), DYNAMODB_BACKUP_ARN);
    expect(() => app.synth()).toThrow(/DrStack\/A and DrStack\/B both restore to the DynamoDB table 'orders-dr'/);
  });

  test('Aurora, DocumentDB and Neptune DBClusterIdentifier share the RDS cluster namespace', () => {
    const { app, stack } = newApp();
    job(stack, 'Aurora', RestoreMetadata.fromMap({ DBClusterIdentifier: 'dr-cluster', Engine: 'aurora-postgresql' }, 'Aurora'), CLUSTER_SNAPSHOT_ARN);
    job(stack, 'Neptune', RestoreMetadata.fromMap({ DBClusterIdentifier: 'DR-Cluster', Engine: 'neptune' }, 'Neptune'), CLUSTER_SNAPSHOT_ARN);
    expect(() => app.synth()).toThrow(/DrStack\/Aurora and DrStack\/Neptune both restore to the DB cluster 'dr-cluster' and 'DR-Cluster'.*Fix: give each RestoreJob its own DBClusterIdentifier/);
  });

  test('Redshift ClusterIdentifier: the same cluster name fails synth', () => {
    // (Redshift's own rule already rejects upper-case identifiers at construction.)
    const { app, stack } = newApp();
    const arn = `arn:aws:redshift:us-east-1:${ACCOUNT}:snapshot:prod/awsbackup:job-1`;
    job(stack, 'A', RestoreMetadata.fromMap({ ClusterIdentifier: 'dr-warehouse' }, 'Redshift'), arn);
    job(stack, 'B', RestoreMetadata.fromMap({ ClusterIdentifier: 'dr-warehouse' }, 'Redshift'), arn);
    expect(() => app.synth()).toThrow(/DrStack\/A and DrStack\/B both restore to the Redshift cluster 'dr-warehouse' \(metadata key ClusterIdentifier\)/);
  });

  test('S3: two jobs creating the same new bucket fail synth', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.fromMap({ DestinationBucketName: 'dr-assets', NewBucket: 'true' }, 'S3'));
    job(stack, 'B', RestoreMetadata.fromMap({ DestinationBucketName: 'dr-assets', NewBucket: 'true' }, 'S3'));
    expect(() => app.synth()).toThrow(/DrStack\/A and DrStack\/B both restore to the new S3 bucket 'dr-assets' \(metadata key DestinationBucketName\)/);
  });

  test('S3: restores into one existing bucket (NewBucket not true) are allowed', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.fromMap({ DestinationBucketName: 'dr-assets', NewBucket: 'false' }, 'S3'));
    job(stack, 'B', RestoreMetadata.fromMap({ DestinationBucketName: 'dr-assets' }, 'S3'));
    expect(() => app.synth()).not.toThrow();
  });

  test('names that are tokens are skipped', () => {
    const { app, stack } = newApp();
    const name = new kms.Key(stack, 'K').keyId; // any token
    job(stack, 'A', RestoreMetadata.dynamoDb({ targetTableName: name }));
    job(stack, 'B', RestoreMetadata.dynamoDb({ targetTableName: name }));
    expect(() => app.synth()).not.toThrow();
  });

  test('jobs of different stacks may use the same name', () => {
    const app = new App();
    for (const id of ['StackA', 'StackB']) {
      const stack = new Stack(app, id, { env: { account: ACCOUNT, region: 'us-east-1' } });
      job(stack, 'Orders', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }));
    }
    expect(() => app.synth()).not.toThrow();
  });

  test('a type inferred from the recovery point ARN takes part: fromMap without a type still collides', () => {
    const { app, stack } = newApp();
    job(stack, 'A', RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }), DYNAMODB_BACKUP_ARN);
    job(stack, 'B', RestoreMetadata.fromMap({ targetTableName: 'orders-dr' }), DYNAMODB_BACKUP_ARN);
    expect(() => app.synth()).toThrow(/DrStack\/A and DrStack\/B both restore to the DynamoDB table 'orders-dr'/);
  });
});

describe('the recovery point against the stack\'s Region and account', () => {
  test('a recovery point of another Region fails synth: StartRestoreJob restores in the recovery point\'s Region', () => {
    const { stack } = newApp();
    expect(() => job(stack, 'R', RestoreMetadata.efs({ fileSystemId: 'fs-1' }), rp('ABC', ACCOUNT, 'eu-west-1')))
      .toThrow(new RegExp(
        "RestoreJob DrStack/R: the recovery point 'arn:aws:backup:eu-west-1:123456789012:recovery-point:ABC' is in Region eu-west-1, but the stack deploys to us-east-1\\. " +
        'AWS Backup StartRestoreJob restores a recovery point in its own Region.*Fix: copy the backup to us-east-1 first \\(AWS Backup cross-Region copy'));
  });

  test('an EBS snapshot ARN (no account field) of another Region fails synth too', () => {
    const { stack } = newApp();
    expect(() => job(stack, 'R', RestoreMetadata.fromMap({ availabilityZone: 'us-east-1a' }, 'EBS'), 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0'))
      .toThrow(/is in Region eu-west-1, but the stack deploys to us-east-1/);
  });

  test('an EBS snapshot ARN of the stack\'s Region raises no account warning', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.fromMap({ availabilityZone: 'us-east-1a' }, 'EBS'), 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('recovery-point-other-account'));
  });

  test('a recovery point of another account without backupVaultAccountId is a warning with a stable id that names the fix', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.efs({ fileSystemId: 'fs-1' }), rp('ABC', '111111111111'));
    Annotations.fromStack(stack).hasWarning('/DrStack/R', Match.stringLikeRegexp(
      "belongs to account 111111111111, but the stack deploys to account 123456789012.*Fix: restore the copy's ARN \\(account 123456789012\\), " +
      "or pass RecoveryPoint.fromArn\\(arn, \\{ backupVaultAccountId: '111111111111'.*\\[ack: cdk-backup-restore:recovery-point-other-account\\]"));
  });

  test('with backupVaultAccountId (a shared vault) the other account is expected: no warning', () => {
    const { stack } = newApp();
    new RestoreJob(stack, 'R', {
      recoveryPoint: RecoveryPoint.fromArn(rp('ABC', '111111111111'), { backupVaultAccountId: '111111111111', backupVaultName: 'shared' }),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1' }),
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('recovery-point-other-account'));
  });

  test('an environment-agnostic stack is not compared', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => job(stack, 'R', RestoreMetadata.efs({ fileSystemId: 'fs-1' }), rp('ABC', '111111111111', 'eu-west-1'))).not.toThrow();
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('recovery-point-other-account'));
  });
});

describe('RestoreMetadata.fromMap without a resource type', () => {
  test('the type is inferred from an ARN shape that states one type, and its rules run', () => {
    // GIVEN a DynamoDB backup ARN and metadata without the required targetTableName
    const { stack } = newApp();
    // WHEN / THEN the DynamoDB rules apply, and the message says the type was inferred
    expect(() => job(stack, 'R', RestoreMetadata.fromMap({ encryptionType: 'Default' }), DYNAMODB_BACKUP_ARN))
      .toThrow(/DynamoDB metadata: 'targetTableName' is required.*The resource type DynamoDB was inferred from the recovery point; pass it to RestoreMetadata.fromMap/s);
  });

  test('the inferred type is used for the checks only: ResourceType is not sent', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.fromMap({ targetTableName: 'orders-dr' }), DYNAMODB_BACKUP_ARN);
    Template.fromStack(stack).hasResourceProperties(TYPE, { ResourceType: Match.absent() });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('resource-type-unknown'));
  });

  test('RecoveryPoint.latest with a resourceType filter gives the type', () => {
    const { stack } = newApp();
    expect(() => new RestoreJob(stack, 'R', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: 'prod', resourceType: 'DynamoDB' }),
      metadata: RestoreMetadata.fromMap({ encryptionType: 'Default' }),
    })).toThrow(/DynamoDB metadata: 'targetTableName' is required/);
  });

  test('a generic AWS Backup recovery point ARN does not tell the type: a warning with a stable id says which checks were skipped', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.fromMap({ 'file-system-id': 'fs-1' }), rp('ABC'));
    Annotations.fromStack(stack).hasWarning('/DrStack/R', Match.stringLikeRegexp(
      'RestoreMetadata.fromMap was given no resource type, and the recovery point ARN is an AWS Backup recovery point ARN, which does not tell one resource type\\. ' +
      "Only the general metadata checks ran; skipped: the resource type's own rules.*no other RestoreJob of the stack restores to the same name\\. " +
      "Fix: pass the type, e.g. RestoreMetadata.fromMap\\(\\{ ... \\}, 'EFS'\\).*\\[ack: cdk-backup-restore:resource-type-unknown\\]"));
  });

  test('an EBS snapshot ARN (EBS or Storage Gateway) is ambiguous: warning', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.fromMap({ availabilityZone: 'us-east-1a' }), 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0');
    Annotations.fromStack(stack).hasWarning('/DrStack/R', Match.stringLikeRegexp('is an EBS snapshot ARN, which does not tell one resource type'));
  });

  test('a typed factory never warns about the type', () => {
    const { stack } = newApp();
    job(stack, 'R', RestoreMetadata.efs({ fileSystemId: 'fs-1' }), rp('ABC'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('resource-type-unknown'));
  });
});
