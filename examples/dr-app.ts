/**
 * Example disaster-recovery app: brings up a DR environment from the production account's backups,
 * copied into a vault of the DR account (in the DR region).
 *
 *   - the Orders DynamoDB table, from its NEWEST recovery point, starting from the metadata AWS Backup
 *     recorded at backup time, with a new table name and the DR key as overrides;
 *   - the shared EFS file system, likewise from its newest recovery point, into a new encrypted file system;
 *   - a large archive file system from a pinned recovery point in cold storage: a restore of hours, which the
 *     deploy still waits for (a timeout over 55 minutes waits in a chain of wait resources).
 *
 * Synthesize it offline: `npx projen synth:example`; run it against the local AWS stand-ins: `npm run demo`.
 * Deploy it for real: see README "Deploy for real".
 */
import { App, CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/** The DR account the example deploys to (unless CDK_DEFAULT_ACCOUNT says otherwise). */
export const DR_ACCOUNT = '222222222222';

/** The production side the DR environment is restored from. */
export const PROD = {
  account: '111111111111',
  /**
   * Vault of the DR account, in the DR region, that receives copies of production's backups (a cross-account
   * copy rule in production's backup plan). Its recovery points are the DR account's: their ARNs name it.
   */
  vaultName: 'prod-dr-copies',
  ordersTableArn: 'arn:aws:dynamodb:us-east-1:111111111111:table/Orders',
  fileSystemId: 'fs-0123456789abcdef0',
  fileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0123456789abcdef0',
  /**
   * The archive's copy in the DR account's vault: a copy's ARN names the account that holds it, not production's.
   * (Production's own recovery point could only be restored from here if production shared its vault.)
   */
  archiveRecoveryPointArn: `arn:aws:backup:us-east-1:${DR_ACCOUNT}:recovery-point:7D0C5B1A-3F4E-4C8B-9A2D-6E5F4A3B2C1D`,
  archiveFileSystemId: 'fs-0fedcba9876543210',
};

/** The DR environment's restores: a construct, so the local demo and the tests can put it in their own stack. */
export class DrEnvironment extends Construct {
  public readonly orders: RestoreJob;
  public readonly files: RestoreJob;
  public readonly archive: RestoreJob;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    const key = new kms.Key(this, 'DrKey', { enableKeyRotation: true, description: 'Encrypts restored DR data' });

    // The newest backup of prod's Orders table, at most two days old; everything AWS Backup recorded
    // (encryption, deletion protection, …) is kept except what the DR environment changes.
    this.orders = new RestoreJob(this, 'RestoreOrders', {
      recoveryPoint: RecoveryPoint.latest({
        backupVaultName: PROD.vaultName,
        resourceArn: PROD.ordersTableArn,
        maxAge: Duration.days(2),
      }),
      metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr', kmsKey: key }),
      useRecordedMetadata: true,
    });

    // The newest backup of prod's shared file system, into a new file system encrypted with the DR key.
    this.files = new RestoreJob(this, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.latest({ backupVaultName: PROD.vaultName, resourceArn: PROD.fileSystemArn }),
      metadata: RestoreMetadata.efs({ fileSystemId: PROD.fileSystemId, newFileSystem: true, kmsKey: key }),
      useRecordedMetadata: true,
    });

    // A large archive from a pinned recovery point in cold storage: hours to restore, and the deploy waits for it
    // anyway (past 55 minutes the RestoreJob waits in links of 55 minutes), so its file system can be wired too.
    this.archive = new RestoreJob(this, 'RestoreArchive', {
      recoveryPoint: RecoveryPoint.fromArn(PROD.archiveRecoveryPointArn),
      metadata: RestoreMetadata.efs({ fileSystemId: PROD.archiveFileSystemId, newFileSystem: true }),
      timeout: Duration.hours(8),
    });

  }
}

/** The DR stack: the restores, and outputs that wire them to whoever runs the DR drill. */
export class DrStack extends Stack {
  public readonly orders: RestoreJob;
  public readonly files: RestoreJob;
  public readonly archive: RestoreJob;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const { orders, files, archive } = new DrEnvironment(this, 'Dr');
    this.orders = orders;
    this.files = files;
    this.archive = archive;
    new CfnOutput(this, 'OrdersTableArn', { value: orders.createdResourceArn });
    new CfnOutput(this, 'OrdersRecoveryPointArn', { value: orders.recoveryPointArn });
    new CfnOutput(this, 'FilesFileSystemArn', { value: files.createdResourceArn });
    new CfnOutput(this, 'ArchiveRestoreJobId', { value: archive.restoreJobId });
    new CfnOutput(this, 'ArchiveFileSystemArn', { value: archive.createdResourceArn });
  }
}

/** Build the example app (used by `cdk synth`, the local demo and the lifecycle tests). */
export function buildDrApp(app: App = new App()): { app: App; stack: DrStack } {
  const stack = new DrStack(app, 'DisasterRecovery', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? DR_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  });
  return { app, stack };
}

if (require.main === module) {
  buildDrApp().app.synth();
}
