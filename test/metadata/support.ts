/** Helpers of the metadata tests: build a RestoreJob in a fresh stack and look at what it synthesizes. */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';

export const ARN = {
  backup: 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45',
  continuousS3: 'arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:s3-orders-bucket-1a2b3c4d',
  continuousRds: 'arn:aws:backup:us-east-1:123456789012:recovery-point:continuous:db-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  rdsSnapshot: 'arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45',
  clusterSnapshot: 'arn:aws:rds:us-east-1:123456789012:cluster-snapshot:awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45',
  ebsSnapshot: 'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0',
  ami: 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0',
  redshift: 'arn:aws:redshift:us-east-1:123456789012:snapshot:analytics/awsbackup:job-1eb3b5e7-9eb0-435a-a80b-108b488b0d45',
  dynamodb: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/backup/01690000000000-1a2b3c4d',
  fsx: 'arn:aws:fsx:us-east-1:123456789012:backup/backup-0123456789abcdef0',
};

export const TYPE = 'Custom::BackupRestoreJob';

export function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Build one RestoreJob in the given stack (a fresh one by default). */
export function restore(metadata: (stack: Stack) => RestoreMetadata, arn: string = ARN.backup, stack: Stack = newStack()): Stack {
  new RestoreJob(stack, 'Restore', { recoveryPoint: RecoveryPoint.fromArn(arn), metadata: metadata(stack) });
  return stack;
}

/**
 * A warning by its stable id (CDK appends `[ack: <id>]` to the message), and optionally a pattern the text
 * before it must match (e.g. the key it names).
 */
export function warningMatcher(id: string, text?: string) {
  return Match.stringLikeRegexp(`${text ?? ''}.*\\[ack: cdk-backup-restore:${id}\\]`);
}

export function hasWarning(stack: Stack, id: string, text?: string): void {
  Annotations.fromStack(stack).hasWarning('*', warningMatcher(id, text));
}

export function hasNoWarning(stack: Stack, id: string, text?: string): void {
  Annotations.fromStack(stack).hasNoWarning('*', warningMatcher(id, text));
}

/** The Metadata and ResourceType of the stack's only restore job. */
export function expectRendered(stack: Stack, resourceType: string, metadata: Record<string, unknown>): void {
  Template.fromStack(stack).hasResourceProperties(TYPE, { ResourceType: resourceType, Metadata: metadata });
}
