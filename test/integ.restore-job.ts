/**
 * integ-runner test for RestoreJob. In CI it runs in snapshot mode only (no AWS account here): the
 * committed snapshot under integ.restore-job.ts.snapshot/ must match what synthesizes today.
 * With credentials, `npx integ-runner --update-on-failed` deploys it, restores and checks the job.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { buildIntegStack } from './integ-stack';

// No creation stack traces: they embed absolute paths, which would differ in every checkout.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const { stack, job } = buildIntegStack(new Stack(app, 'RestoreJobInteg'));

const integ = new IntegTest(app, 'RestoreJobIntegTest', {
  testCases: [stack],
  diffAssets: false,
  stackUpdateWorkflow: false,
});

// After deploy: AWS Backup reports the job COMPLETED with the resource the stack exposes.
integ.assertions
  .awsApiCall('Backup', 'describeRestoreJob', { RestoreJobId: job.restoreJobId })
  .expect(ExpectedResult.objectLike({ Status: 'COMPLETED', CreatedResourceArn: job.createdResourceArn }));

app.synth();
