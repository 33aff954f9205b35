/**
 * Example disaster-recovery app: brings up a DR environment from AWS Backup recovery points.
 *
 *   - an EFS file system restored into a new, KMS-encrypted file system, waited for, and its ARN
 *     handed to the rest of the stack;
 *   - a second restore that the deploy does not wait for.
 *
 * Synthesize it offline: `npx projen synth:example` (or `npm run demo` for the simulated deploy).
 * Deploy it for real: see README "Deploy for real".
 */
import { App, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/** Recovery points of the production account's backups (copied to the DR region). */
export const RECOVERY_POINTS = {
  files: 'arn:aws:backup:us-east-1:111111111111:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45',
  archive: 'arn:aws:backup:us-east-1:111111111111:recovery-point:7D0C5B1A-3F4E-4C8B-9A2D-6E5F4A3B2C1D',
};

export class DrStack extends Stack {
  public readonly files: RestoreJob;
  public readonly archive: RestoreJob;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'DrKey', { enableKeyRotation: true, description: 'Encrypts restored DR data' });

    this.files = new RestoreJob(this, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.fromArn(RECOVERY_POINTS.files),
      metadata: RestoreMetadata.efs({
        fileSystemId: 'fs-0123456789abcdef0',
        newFileSystem: true,
        encrypted: true,
        kmsKey: key,
        performanceMode: EfsPerformanceMode.GENERAL_PURPOSE,
        itemsToRestore: ['/data'],
      }),
    });

    this.archive = new RestoreJob(this, 'RestoreArchive', {
      recoveryPoint: RecoveryPoint.fromArn(RECOVERY_POINTS.archive),
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0fedcba9876543210', newFileSystem: true }),
      waitForCompletion: false, // a large archive: the deploy goes on while it restores
    });

    new CfnOutput(this, 'FilesRestoreJobId', { value: this.files.restoreJobId });
    new CfnOutput(this, 'FilesFileSystemArn', { value: this.files.createdResourceArn });
    new CfnOutput(this, 'ArchiveRestoreJobId', { value: this.archive.restoreJobId });
  }
}

/** Build the example app (used by `cdk synth` and by the local demo). */
export function buildDrApp(app: App = new App()): { app: App; stack: DrStack } {
  const stack = new DrStack(app, 'DisasterRecovery', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '222222222222', region: process.env.CDK_DEFAULT_REGION ?? 'us-east-1' },
  });
  return { app, stack };
}

if (require.main === module) {
  buildDrApp().app.synth();
}
