import { App } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DR_ACCOUNT, DrStack, PROD } from '../examples/dr-app';

/**
 * The example DR app (examples/dr-app.ts) restores production's backups from copies in a vault of the DR
 * account: every recovery point and vault the handler may touch must be the DR account's.
 */
function drStack(): DrStack {
  return new DrStack(new App(), 'DisasterRecovery', { env: { account: DR_ACCOUNT, region: 'us-east-1' } });
}

function handlerStatement(stack: DrStack, sid: string): any {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const handler = Object.values(policies).find(p => JSON.stringify(p).includes('StartRestoreJobs'))!;
  return stack.resolve(handler.Properties.PolicyDocument.Statement).find((s: any) => s.Sid === sid);
}

/** The account ids the resources of a statement name. */
function accountsOf(statement: any): string[] {
  return [...new Set([...JSON.stringify(statement.Resource).matchAll(/:(\d{12}):/g)].map(m => m[1]))];
}

test.each(['StartRestoreJobs', 'ReadRecordedMetadata', 'ListRecoveryPoints'])('%s names the DR account\'s recovery points and vault only', sid => {
  // GIVEN / WHEN the example stack in the DR account
  const stack = drStack();
  // THEN
  expect(accountsOf(handlerStatement(stack, sid))).toEqual([DR_ACCOUNT]);
});

test('the pinned archive recovery point is the copy in the DR account, granted as such', () => {
  const stack = drStack();
  expect(PROD.archiveRecoveryPointArn).toContain(`:${DR_ACCOUNT}:recovery-point:`);
  expect(handlerStatement(stack, 'StartRestoreJobs').Resource).toContain(PROD.archiveRecoveryPointArn);
});

test('no restore of the example is flagged as another account\'s recovery point', () => {
  const stack = drStack();
  Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('recovery-point-other-account'));
});
