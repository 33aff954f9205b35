import { Stack } from 'aws-cdk-lib';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/**
 * The stack of the integ test (kept out of integ.*.ts so integ-runner does not take it for a test).
 * Set RESTORE_INTEG_RECOVERY_POINT_ARN and RESTORE_INTEG_FILE_SYSTEM_ID to deploy it against a real backup.
 */
export function buildIntegStack(stack: Stack): { stack: Stack; job: RestoreJob } {
  const job = new RestoreJob(stack, 'RestoreFiles', {
    recoveryPoint: RecoveryPoint.fromArn(process.env.RESTORE_INTEG_RECOVERY_POINT_ARN
      ?? 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
    metadata: RestoreMetadata.efs({
      fileSystemId: process.env.RESTORE_INTEG_FILE_SYSTEM_ID ?? 'fs-0123456789abcdef0',
      newFileSystem: true,
      encrypted: true,
    }),
  });
  return { stack, job };
}
