import { RestoreMetadataOptions } from '../options';

/**
 * Restore metadata for a CloudFormation stack (the result is a new stack in REVIEW_IN_PROGRESS with a change set).
 *
 * @example
 * import { Annotations } from 'aws-cdk-lib';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const job = new RestoreJob(this, 'RestoreAppStack', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:8C9D0E1F-2A3B-4C4D-8E5F-6A7B8C9D0E1F'),
 *   metadata: RestoreMetadata.cloudFormationStack({
 *     stackName: 'orders-app-dr',
 *     changeSetName: 'restore',
 *     changeSetDescription: 'orders app restored in the DR account',
 *     stackParameters: { Environment: 'dr' },
 *   }),
 * });
 * Annotations.of(job).acknowledgeWarning('cdk-backup-restore:cloudformation-change-set-not-executed', 'executed by the DR runbook');
 */
export interface CloudFormationRestoreMetadataProps extends RestoreMetadataOptions {
  /**
   * Name of the new stack (`StackName`): up to 128 letters, digits or hyphens, starting with a letter.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
   */
  readonly stackName: string;

  /**
   * Name of the change set AWS Backup creates (`ChangeSetName`), same rules as the stack name.
   *
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
   */
  readonly changeSetName: string;

  /**
   * Description of the change set, at most 1024 characters (`ChangeSetDescription`).
   *
   * @default - no description
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
   */
  readonly changeSetDescription?: string;

  /**
   * Template parameter values of the new stack (`StackParameters`, a JSON object).
   *
   * @default - the backed-up stack's parameters
   * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
   */
  readonly stackParameters?: { [name: string]: string };
}
