import { App, Duration, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EfsPerformanceMode, RecoveryPoint, RestoreJob, RestoreJobProps, RestoreMetadata } from '../src';
import { withinIamBudget } from '../src/private/provider';

const RECOVERY_POINT_ARN = 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45';
const TYPE = 'Custom::BackupRestoreJob';

function newStack(): Stack {
  return new Stack(new App(), 'DrStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function efsJob(stack: Stack, id = 'RestoreFiles', overrides: Partial<RestoreJobProps> = {}): RestoreJob {
  return new RestoreJob(stack, id, {
    recoveryPoint: RecoveryPoint.fromArn(RECOVERY_POINT_ARN),
    metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0' }),
    ...overrides,
  });
}

describe('resource properties', () => {
  test('every prop reaches the template', () => {
    // GIVEN
    const stack = newStack();
    const kmsKey = new kms.Key(stack, 'Key');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('backup.amazonaws.com') });
    // WHEN
    new RestoreJob(stack, 'RestoreFiles', {
      recoveryPoint: RecoveryPoint.fromArn(RECOVERY_POINT_ARN),
      metadata: RestoreMetadata.efs({
        fileSystemId: 'fs-0123456789abcdef0',
        newFileSystem: true,
        encrypted: true,
        kmsKey,
        performanceMode: EfsPerformanceMode.GENERAL_PURPOSE,
        creationToken: 'dr-files',
        itemsToRestore: ['/data', '/etc/app'],
        oneZoneAvailabilityZone: 'us-east-1a',
      }),
      role,
      idempotencyToken: 'token-1',
      copySourceTagsToRestoredResource: true,
      waitForCompletion: true,
      timeout: Duration.minutes(30),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      ServiceToken: Match.anyValue(),
      ServiceTimeout: '3600',
      RecoveryPointArn: RECOVERY_POINT_ARN,
      ResourceType: 'EFS',
      Metadata: {
        'file-system-id': 'fs-0123456789abcdef0',
        'newFileSystem': 'true',
        'Encrypted': 'true',
        'KmsKeyId': { 'Fn::GetAtt': [stack.getLogicalId(kmsKey.node.defaultChild as kms.CfnKey), 'Arn'] },
        'PerformanceMode': 'generalPurpose',
        'CreationToken': 'dr-files',
        'ItemsToRestore': '["/data","/etc/app"]',
        'singleAzFilesystem': 'true',
        'availabilityZoneName': 'us-east-1a',
      },
      IamRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(role.node.defaultChild as iam.CfnRole), 'Arn'] },
      IdempotencyToken: 'token-1',
      CopySourceTagsToRestoredResource: 'true',
      WaitForCompletion: 'true',
      TimeoutSeconds: '1800',
    });
  });

  test('unset props are absent, and defaults are rendered', () => {
    const stack = newStack();
    efsJob(stack);
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      Metadata: {
        'file-system-id': 'fs-0123456789abcdef0',
        'newFileSystem': 'true',
        'Encrypted': Match.absent(),
        'KmsKeyId': Match.absent(),
        'PerformanceMode': Match.absent(),
        'CreationToken': Match.absent(),
        'ItemsToRestore': Match.absent(),
        'singleAzFilesystem': Match.absent(),
        'availabilityZoneName': Match.absent(),
      },
      IamRoleArn: Match.anyValue(), // the default restore role
      IdempotencyToken: Match.absent(),
      CopySourceTagsToRestoredResource: Match.absent(),
      WaitForCompletion: 'true',
      TimeoutSeconds: String(55 * 60),
    });
  });

  test('a KMS key implies Encrypted=true', () => {
    const stack = newStack();
    const kmsKey = new kms.Key(stack, 'Key');
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    Template.fromStack(stack).hasResourceProperties(TYPE, { Metadata: Match.objectLike({ Encrypted: 'true', KmsKeyId: Match.anyValue() }) });
  });

  test('copySourceTagsToRestoredResource false and waitForCompletion false are rendered as strings', () => {
    const stack = newStack();
    efsJob(stack, 'R', { copySourceTagsToRestoredResource: false, waitForCompletion: false });
    Template.fromStack(stack).hasResourceProperties(TYPE, { CopySourceTagsToRestoredResource: 'false', WaitForCompletion: 'false' });
  });

  test('itemsToRestore given as a token renders through CloudFormation', () => {
    const stack = newStack();
    const items = ['/static', new kms.Key(stack, 'K').keyId];
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', itemsToRestore: items }) });
    const props = Template.fromStack(stack).findResources(TYPE);
    const rendered = Object.values(props)[0].Properties.Metadata.ItemsToRestore;
    expect(rendered).toHaveProperty(['Fn::Join']);
  });

  test('fromMap passes keys and the resource type through unchanged', () => {
    const stack = newStack();
    efsJob(stack, 'R', { metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-1', 'newFileSystem': 'false', 'aws:backup:request-id': 'abc' }, 'EFS') });
    Template.fromStack(stack).hasResourceProperties(TYPE, {
      ResourceType: 'EFS',
      Metadata: { 'file-system-id': 'fs-1', 'newFileSystem': 'false', 'aws:backup:request-id': 'abc' },
    });
  });

  test('fromMap without a resource type sends none', () => {
    const stack = newStack();
    efsJob(stack, 'R', { metadata: RestoreMetadata.fromMap({ anything: 'goes' }) });
    Template.fromStack(stack).hasResourceProperties(TYPE, { ResourceType: Match.absent(), Metadata: { anything: 'goes' } });
  });
});

describe('attributes', () => {
  test('restoreJobId, createdResourceArn, recoveryPointArn and completion date read the handler data', () => {
    const stack = newStack();
    const job = efsJob(stack);
    const logicalId = stack.getLogicalId(job.node.defaultChild as never);
    const resolve = (v: string) => stack.resolve(v);
    expect(resolve(job.restoreJobId)).toEqual({ 'Fn::GetAtt': [logicalId, 'RestoreJobId'] });
    expect(resolve(job.createdResourceArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'CreatedResourceArn'] });
    expect(resolve(job.recoveryPointArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'RecoveryPointArn'] });
    expect(resolve(job.completionDate)).toEqual({ 'Fn::GetAtt': [logicalId, 'CompletionDate'] });
  });

  test('createdResourceArn is a clear error when the deploy does not wait', () => {
    const job = efsJob(newStack(), 'R', { waitForCompletion: false });
    expect(() => job.createdResourceArn).toThrow(/DrStack\/R: createdResourceArn is only known when the deploy waits.*waitForCompletion: false/);
    expect(() => job.completionDate).toThrow(/completionDate is only known/);
    expect(job.restoreJobId).toBeDefined();
  });

  test('the default role is exposed so users can grant it more', () => {
    const stack = newStack();
    const job = efsJob(stack);
    expect(job.role.roleArn).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] }],
    });
  });
});

describe('one provider per stack', () => {
  test('3 jobs share the provider: its Lambdas exist once', () => {
    const stack = newStack();
    for (const id of ['A', 'B', 'C']) efsJob(stack, id);
    const template = Template.fromStack(stack);
    template.resourceCountIs(TYPE, 3);
    template.resourceCountIs('AWS::Lambda::Function', 5); // onEvent + isComplete + the framework's 3
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const tokens = new Set(Object.values(template.findResources(TYPE)).map(r => JSON.stringify(r.Properties.ServiceToken)));
    expect(tokens.size).toBe(1);
  });

  test('each job beyond the first adds exactly one resource', () => {
    const count = (n: number) => {
      const stack = newStack();
      for (let i = 0; i < n; i++) efsJob(stack, `Job${i}`);
      return Object.keys(Template.fromStack(stack).toJSON().Resources).length;
    };
    const one = count(1);
    expect(count(2)).toBe(one + 1);
    expect(count(10)).toBe(one + 9);
  });

  test('providers of two stacks are separate', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const b = new Stack(app, 'B');
    efsJob(a);
    efsJob(b);
    Template.fromStack(a).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(b).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });

  test('the provider waits at most one hour, polling every 15 seconds', () => {
    const stack = newStack();
    efsJob(stack);
    const machine = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":15');
    expect(definition).toContain('\\"MaxAttempts\\":240');
  });
});

describe('IAM', () => {
  test('the handler may start restores from the named recovery points only, and pass the restore roles to AWS Backup only', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/my-restore-role');
    efsJob(stack, 'A');
    efsJob(stack, 'B', { role, recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:OTHER') });
    efsJob(stack, 'C'); // same recovery point as A: listed once
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'StartRestoreJobs', Effect: 'Allow', Action: 'backup:StartRestoreJob', Resource: [RECOVERY_POINT_ARN, 'arn:aws:backup:us-east-1:123456789012:recovery-point:OTHER'] },
          { Sid: 'DescribeRestoreJobs', Effect: 'Allow', Action: 'backup:DescribeRestoreJob', Resource: '*' },
          {
            Sid: 'PassRestoreRoles',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: [Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }), 'arn:aws:iam::123456789012:role/my-restore-role'],
            Condition: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('the custom resource depends on the handler policy, so Delete keeps its permissions', () => {
    const stack = newStack();
    efsJob(stack);
    const template = Template.fromStack(stack);
    const policyId = Object.entries(template.findResources('AWS::IAM::Policy'))
      .find(([, r]) => JSON.stringify(r).includes('StartRestoreJobs'))![0];
    template.hasResource(TYPE, { DependsOn: Match.arrayWith([policyId]) });
  });

  test('every job depends on the default restore role\'s policy, so no restore starts before the role can use its keys', () => {
    // GIVEN a job with a key and a job without one, sharing the default restore role
    const stack = newStack();
    const kmsKey = new kms.Key(stack, 'Key');
    // WHEN
    efsJob(stack, 'WithKey', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    efsJob(stack, 'WithoutKey');
    // THEN both depend on the handler policy and on the default role's policy (and the role)
    const template = Template.fromStack(stack);
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'));
    const handlerPolicyId = policies.find(([, r]) => JSON.stringify(r).includes('StartRestoreJobs'))![0];
    const rolePolicyId = policies.find(([id]) => id.startsWith('BackupRestoreJobProviderDefaultRestoreRoleDefaultPolicy'))![0];
    const roleId = Object.keys(template.findResources('AWS::IAM::Role')).find(id => id.startsWith('BackupRestoreJobProviderDefaultRestoreRole'))!;
    const jobs = template.findResources(TYPE);
    expect(Object.keys(jobs)).toHaveLength(2);
    for (const job of Object.values(jobs)) {
      expect(job.DependsOn).toEqual(expect.arrayContaining([handlerPolicyId, rolePolicyId, roleId]));
    }
  });

  test('a user role\'s key grants: the job depends on the policy they were added to', () => {
    // GIVEN a role imported by ARN (the library adds the key grant to a policy of its own for it)
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/my-restore-role');
    const kmsKey = new kms.Key(stack, 'Key');
    // WHEN
    efsJob(stack, 'R', { role, metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    // THEN
    const template = Template.fromStack(stack);
    const grantPolicyId = Object.entries(template.findResources('AWS::IAM::Policy'))
      .find(([, r]) => JSON.stringify(r.Properties.Roles) === JSON.stringify(['my-restore-role']))![0];
    template.hasResource(TYPE, { DependsOn: Match.arrayWith([grantPolicyId]) });
  });

  test('a job with a KMS key lets the restore role use that key', () => {
    // GIVEN
    const stack = newStack();
    const kmsKey = new kms.Key(stack, 'Key');
    // WHEN
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    // THEN
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(kmsKey.node.defaultChild as kms.CfnKey), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['kms:DescribeKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Resource: keyArn,
        }]),
      },
    });
  });

  test('kms:CreateGrant is allowed only for grants an AWS service creates (kms:GrantIsForAWSResource)', () => {
    // GIVEN
    const stack = newStack();
    const kmsKey = new kms.Key(stack, 'Key');
    // WHEN
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    // THEN every statement that allows kms:CreateGrant carries the condition
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement as any[])
      .filter(s => ([] as string[]).concat(s.Action).includes('kms:CreateGrant'));
    expect(statements).toEqual([{
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(kmsKey.node.defaultChild as kms.CfnKey), 'Arn'] },
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    }]);
  });

  test('a key of a stack in another account: the role may use that account\'s keys, and the key policy lets this account use it', () => {
    // GIVEN a key created by a stack of another account
    const app = new App();
    const keyStack = new Stack(app, 'KeyStack', { env: { account: '111111111111', region: 'us-east-1' } });
    const kmsKey = new kms.Key(keyStack, 'Key');
    const stack = new Stack(app, 'DrStack', { env: { account: '123456789012', region: 'us-east-1' } });
    // WHEN
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey }) });
    if (!('getStackOutput' in Fn)) {
      // THEN, with aws-cdk-lib before 2.253 (no cross-account references, Fn::GetStackOutput), aws-cdk-lib refuses the
      // key's ARN in the restore metadata at synth, naming the reason (README "Supported versions")
      expect(() => Template.fromStack(stack)).toThrow(/Cross stack references are only supported for stacks deployed to the same account/);
      return;
    }
    // THEN the role names that account's keys (the key's ARN is not known in this account)
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 'kms:CreateGrant',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kms:us-east-1:111111111111:key/*']] },
          Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
        }]),
      },
    });
    // and the key policy lets the DR account use the key, CreateGrant with the same condition
    Template.fromStack(keyStack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] } },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
        }]),
      },
    });
  });

  test('the default restore role trusts AWS Backup acting for the stack\'s own account only (confused deputy)', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    efsJob(stack);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'backup.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }],
      },
    });
  });

  test('in an environment-agnostic stack the trust condition names the deploying account', () => {
    const stack = new Stack(new App(), 'Agnostic');
    efsJob(stack);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } })],
      },
    });
  });

  test('a user role is not replaced by the default role', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/my-restore-role');
    const job = efsJob(stack, 'R', { role });
    expect(job.role).toBe(role);
    Template.fromStack(stack).hasResourceProperties(TYPE, { IamRoleArn: 'arn:aws:iam::123456789012:role/my-restore-role' });
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 5); // handler + framework roles only
  });
});

describe('synth-time validation', () => {
  test('EFS KmsKeyId with Encrypted=false fails synth naming both keys', () => {
    const stack = newStack();
    expect(() => efsJob(stack, 'R', {
      metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', kmsKey: new kms.Key(stack, 'Key'), encrypted: false }),
    })).toThrow(/DrStack\/R: EFS metadata: 'KmsKeyId' \(value: <unresolved token>\) is set, but 'Encrypted' \(value: 'false'\) is not 'true'.*Fix: set Encrypted to 'true'/);
  });

  test('the same rule applies to fromMap', () => {
    expect(() => efsJob(newStack(), 'R', {
      metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-1', 'KmsKeyId': 'arn:aws:kms:us-east-1:123456789012:key/k', 'Encrypted': 'false' }, 'EFS'),
    })).toThrow(/'KmsKeyId'.*'Encrypted'/);
  });

  test('EFS metadata with an EBS snapshot ARN fails synth', () => {
    expect(() => efsJob(newStack(), 'R', { recoveryPoint: RecoveryPoint.fromArn('arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0') }))
      .toThrow(/is an EBS snapshot ARN, which restores as EBS or Storage Gateway, not EFS/);
  });

  test('more than 5 items to restore is a warning (the EFS page says both "up to five" and "no item limit" with the CLI)', () => {
    const stack = newStack();
    efsJob(stack, 'R', { metadata: RestoreMetadata.efs({ fileSystemId: 'fs-1', itemsToRestore: ['/1', '/2', '/3', '/4', '/5', '/6'] }) });
    Annotations.fromStack(stack).hasWarning('/DrStack/R', Match.stringLikeRegexp("'ItemsToRestore' has 6 items.*\\[ack: cdk-backup-restore:efs-items-over-five\\]"));
  });

  test('inferred rules are warnings with a stable id', () => {
    const stack = newStack();
    efsJob(stack, 'R', { metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-1', 'singleAzFilesystem': 'true' }, 'EFS') });
    Annotations.fromStack(stack).hasWarning('/DrStack/R', Match.stringLikeRegexp("'availabilityZoneName' is not set.*\\[ack: cdk-backup-restore:efs-single-az-needs-az\\]"));
  });

  test('a valid job has no warnings', () => {
    const stack = newStack();
    efsJob(stack);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('unresolved recovery point ARNs are left to deploy time', () => {
    const stack = newStack();
    const arn = new kms.Key(stack, 'K').keyArn; // any token
    expect(() => efsJob(stack, 'R', { recoveryPoint: RecoveryPoint.fromArn(arn) })).not.toThrow();
  });

  test.each([
    [Duration.seconds(30), /timeout is 30 seconds/],
    [Duration.hours(25), /timeout is 1 day 1 hour, but it must be .* to 24 hours \(the most this library waits/],
    [Duration.millis(61_500), /whole number of seconds/],
  ])('timeout %s is rejected', (timeout, message) => {
    expect(() => efsJob(newStack(), 'R', { timeout })).toThrow(message);
  });

  test('timeout of exactly 55 minutes is accepted', () => {
    const stack = newStack();
    efsJob(stack, 'R', { timeout: Duration.minutes(55) });
    Template.fromStack(stack).hasResourceProperties(TYPE, { TimeoutSeconds: '3300' });
  });

  test('copySourceTagsToRestoredResource is rejected where AWS does not support it', () => {
    expect(() => efsJob(newStack(), 'R', {
      metadata: RestoreMetadata.fromMap({ targetTableName: 't' }, 'DynamoDB'),
      copySourceTagsToRestoredResource: true,
    })).toThrow(/CopySourceTagsToRestoredResource is true, but AWS Backup does not copy source tags for DynamoDB/);
  });
});

describe('IAM at scale', () => {
  function handlerPolicy(stack: Stack): any {
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    return Object.values(policies).find(p => JSON.stringify(p).includes('StartRestoreJobs'))!.Properties.PolicyDocument;
  }

  test('200 jobs with distinct recovery points stay far under IAM\'s 10,240-character inline policy limit', () => {
    const stack = newStack();
    for (let i = 0; i < 200; i++) {
      efsJob(stack, `Job${i}`, { recoveryPoint: RecoveryPoint.fromArn(`arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-${String(i).padStart(12, '0')}`) });
    }
    const document = handlerPolicy(stack);
    expect(JSON.stringify(document).length).toBeLessThan(10_240 / 2);
    // widened to the recovery points of that account, region and ARN form, not to '*'
    const start = document.Statement.find((s: any) => s.Sid === 'StartRestoreJobs');
    expect(start.Resource).toEqual(['arn:aws:backup:us-east-1:123456789012:recovery-point:*']);
  });

  test('a few recovery points are listed one by one', () => {
    const stack = newStack();
    for (let i = 0; i < 5; i++) efsJob(stack, `Job${i}`, { recoveryPoint: RecoveryPoint.fromArn(`${RECOVERY_POINT_ARN}${i}`) });
    const start = handlerPolicy(stack).Statement.find((s: any) => s.Sid === 'StartRestoreJobs');
    expect(start.Resource).toHaveLength(5);
  });

  test('widening keeps each ARN form and account, and leaves tokens alone', () => {
    const token = Lazy.string({ produce: () => 'arn:aws:backup:us-east-1:111111111111:recovery-point:from-a-parameter' });
    expect(withinIamBudget([
      'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef0',
      'arn:aws:ec2:us-east-1::snapshot/snap-0123456789abcdef1',
      'arn:aws:dynamodb:us-east-1:111111111111:table/Orders/backup/01234567890123-abcdefgh',
      'arn:aws:rds:us-east-1:111111111111:snapshot:awsbackup:job-1',
      'arn:aws-cn:backup:cn-north-1:222222222222:recovery-point:abc',
      token,
    ], 10)).toEqual([
      'arn:aws:ec2:us-east-1::snapshot/*',
      'arn:aws:dynamodb:us-east-1:111111111111:table/Orders/backup/*',
      'arn:aws:rds:us-east-1:111111111111:snapshot:awsbackup:*',
      'arn:aws-cn:backup:cn-north-1:222222222222:recovery-point:*',
      token,
    ]);
  });
});

describe('restores longer than an hour: a chain of wait links', () => {
  test('up to 55 minutes: one resource that waits, no links', () => {
    const stack = newStack();
    const job = efsJob(stack, 'R', { timeout: Duration.minutes(55) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::BackupRestoreJobWait', 0);
    template.hasResourceProperties('Custom::BackupRestoreJob', { WaitForCompletion: 'true', TimeoutSeconds: '3300' });
    expect(job.waitsInLinks).toBe(false);
  });

  test('12 hours: the job starts without waiting, then 14 links of at most 55 minutes wait in turn, each after the one before', () => {
    // GIVEN / WHEN
    const stack = newStack();
    const job = efsJob(stack, 'R', { timeout: Duration.hours(12) });
    const template = Template.fromStack(stack);
    // THEN the RestoreJob resource starts the job and carries the whole timeout
    template.hasResourceProperties('Custom::BackupRestoreJob', { WaitForCompletion: 'false', TimeoutSeconds: '43200', WaitInLinks: 'true' });
    expect(job.waitsInLinks).toBe(true);
    const links = template.findResources('Custom::BackupRestoreJobWait');
    expect(Object.keys(links)).toHaveLength(14); // 1 + floor(43200 / 3180): a link covers 53 minutes for sure
    const bySegment = new Map(Object.entries(links).map(([id, r]) => [Number((r as any).Properties.Segment), { id, r: r as any }]));
    const jobLogicalId = Object.keys(template.findResources('Custom::BackupRestoreJob'))[0];
    for (let i = 1; i <= 14; i++) {
      const { r } = bySegment.get(i)!;
      expect(r.Properties).toMatchObject({ Segments: '14', TimeoutSeconds: '43200', RestoreJobId: { 'Fn::GetAtt': [jobLogicalId, 'RestoreJobId'] }, ServiceTimeout: '3600' });
      // The first link reads the RestoreJob resource (a job kept from a short wait may have completed), the others the link before.
      const previousId = i === 1 ? jobLogicalId : bySegment.get(i - 1)!.id;
      expect(r.Properties.Previous).toEqual({
        Status: { 'Fn::GetAtt': [previousId, 'Status'] },
        CreatedResourceArn: { 'Fn::GetAtt': [previousId, 'CreatedResourceArn'] },
        CompletionDate: { 'Fn::GetAtt': [previousId, 'CompletionDate'] },
        CreationDate: { 'Fn::GetAtt': [previousId, 'CreationDate'] },
      });
    }
    // AND the job's completion attributes are the last link's; the job id is the RestoreJob resource's
    const last = bySegment.get(14)!.id;
    expect(Stack.of(job).resolve(job.createdResourceArn)).toEqual({ 'Fn::GetAtt': [last, 'CreatedResourceArn'] });
    expect(Stack.of(job).resolve(job.completionDate)).toEqual({ 'Fn::GetAtt': [last, 'CompletionDate'] });
    expect(Stack.of(job).resolve(job.restoreJobId)).toEqual({ 'Fn::GetAtt': [jobLogicalId, 'RestoreJobId'] });
  });

  test('each link keeps its handler permissions until it is deleted', () => {
    const stack = newStack();
    efsJob(stack, 'R', { timeout: Duration.hours(2) });
    const template = Template.fromStack(stack);
    const policy = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { PolicyName: Match.stringLikeRegexp('HandlerPolicy') } }))[0];
    for (const link of Object.values(template.findResources('Custom::BackupRestoreJobWait'))) {
      expect((link as any).DependsOn).toContain(policy);
    }
  });

  test('waitForCompletion false never adds links, whatever the timeout', () => {
    const stack = newStack();
    efsJob(stack, 'R', { timeout: Duration.hours(6), waitForCompletion: false });
    Template.fromStack(stack).resourceCountIs('Custom::BackupRestoreJobWait', 0);
  });
});
