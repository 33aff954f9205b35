import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';
import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreMetadata } from '../src';

/**
 * cdk-nag AwsSolutions over a stack with RestoreJobs: zero unsuppressed findings. Every suppression below
 * is for the Provider framework or for an AWS limitation, with the reason.
 */
function nagStack(suppress = true): Stack {
  const app = new App();
  const stack = new Stack(app, 'NagStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const kmsKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  new RestoreJob(stack, 'RestoreFiles', {
    recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', kmsKey, performanceMode: EfsPerformanceMode.GENERAL_PURPOSE }),
  });
  new RestoreJob(stack, 'RestoreMore', {
    recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:2EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef1' }),
    waitForCompletion: false,
  });

  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  if (!suppress) return stack;
  const provider = 'NagStack/BackupRestoreJobProvider';
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/HandlerPolicy/Resource`, [
    { id: 'AwsSolutions-IAM5', reason: 'backup:DescribeRestoreJob supports no resource-level permissions (Service Authorization Reference), so it needs "*".', appliesTo: ['Resource::*'] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/DefaultRestoreRole/Resource`, [
    { id: 'AwsSolutions-IAM4', reason: 'AWSBackupServiceRolePolicyForRestores is the policy AWS Backup documents for restore roles.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores'] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/DefaultRestoreRole/DefaultPolicy/Resource`, [
    { id: 'AwsSolutions-IAM5', reason: 'kms:ReEncrypt* and kms:GenerateDataKey* are action families on one named key (the restore writes encrypted data).', appliesTo: ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'] },
  ]);
  NagSuppressions.addResourceSuppressionsByPath(stack, `${provider}/Provider`, [
    { id: 'AwsSolutions-IAM4', reason: 'aws-cdk-lib Provider framework: its Lambda roles use AWSLambdaBasicExecutionRole.', appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'] },
    { id: 'AwsSolutions-IAM5', reason: 'aws-cdk-lib Provider framework: lambda:InvokeFunction on the handler functions and their versions (ARN:*).' },
    { id: 'AwsSolutions-L1', reason: 'aws-cdk-lib Provider framework picks its own Node.js runtime for its functions.' },
    { id: 'AwsSolutions-SF1', reason: 'Waiter state machine logging is off: its execution input carries the restore Metadata, which AWS marks sensitive.' },
    { id: 'AwsSolutions-SF2', reason: 'X-Ray on the Provider framework waiter adds cost without insight: the handlers log each poll.' },
  ], true);
  return stack;
}

test('AwsSolutions: no unsuppressed findings', () => {
  const stack = nagStack();
  const annotations = Annotations.fromStack(stack);
  const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
  expect([...errors, ...warnings].map(f => `${f.id}: ${String(f.entry.data).split('\n')[0]}`)).toEqual([]);
});

test('our own handler resources raise one finding only: DescribeRestoreJob on "*"', () => {
  // Without any suppression, the handler role, policy, functions and log group are checked.
  const stack = nagStack(false);
  const entries = [
    ...Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ];
  const ours = entries.filter(e => /BackupRestoreJobProvider\/(HandlerRole|HandlerPolicy|OnEvent|IsComplete|HandlerLogs)\//.test(e.id));
  expect(ours.map(e => `${e.id} ${String(e.entry.data).split(': ')[0]}`)).toEqual([
    '/NagStack/BackupRestoreJobProvider/HandlerPolicy/Resource AwsSolutions-IAM5[Resource::*]',
  ]);
});
