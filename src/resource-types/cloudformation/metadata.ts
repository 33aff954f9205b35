import { RestoreMetadataOptions } from '../options';

/** Restore metadata for a CloudFormation stack (the result is a new stack in REVIEW_IN_PROGRESS with a change set). */
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
