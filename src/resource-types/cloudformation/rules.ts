import { ResourceTypeRules } from '../../validation/types';
import { checkPattern } from '../rule-helpers';

const CFN_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;

/**
 * CloudFormation stack restore metadata.
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-application-stacks.html
 */
export const CLOUDFORMATION_RULES: ResourceTypeRules = {
  removal: {
    unsupported: () => 'a CloudFormation restore creates a stack of resources, which only that stack\'s own delete removes',
  },
  resourceType: 'CloudFormation',
  keys: {
    'StackName': { kind: 'string' },
    'ChangeSetName': { kind: 'string' },
    'ChangeSetDescription': { kind: 'string' },
    'StackParameters': { kind: 'json-object' },
    'aws:backup:request-id': { kind: 'string' },
  },
  required: ['StackName', 'ChangeSetName'],
  check: ctx => {
    const rule = 'is not a valid CloudFormation name: up to 128 letters, digits or hyphens, starting with a letter. Fix: choose such a name.';
    checkPattern(ctx, 'cloudformation-stack-name', 'StackName', CFN_NAME, rule);
    checkPattern(ctx, 'cloudformation-change-set-name', 'ChangeSetName', CFN_NAME, rule);
    const description = ctx.value('ChangeSetDescription');
    if (description !== undefined && description.length > 1024) {
      ctx.error('cloudformation-change-set-description', 'ChangeSetDescription',
        `'ChangeSetDescription' is ${description.length} characters; CloudFormation accepts at most 1024. Fix: shorten it.`);
    }
    // The restore leaves a stack in REVIEW_IN_PROGRESS with a change set (stated): nothing runs until it is executed.
    ctx.warn('cloudformation-change-set-not-executed', undefined,
      "AWS Backup restores a CloudFormation stack as a new stack in REVIEW_IN_PROGRESS with a change set: the stack's resources are not created until someone executes the change set. Fix: execute the change set after the restore (for example with an AwsCustomResource calling ExecuteChangeSet), then acknowledge this warning.");
  },
};
