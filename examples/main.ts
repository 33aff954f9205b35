/**
 * Both examples in one CDK app, for `npx projen synth:example`: the DR app (examples/dr-app.ts: stacks
 * DisasterRecovery and DisasterRecoveryApp) and the DR drill (examples/dr-drill.ts: stack DisasterRecoveryDrill),
 * synthesized offline into examples/cdk.out, where CI's cfn-lint step reads every template.
 *
 * Deploy one of them for real with its own file as the app (README "Deploy for real").
 */
import { App } from 'aws-cdk-lib';
import { buildDrApp } from './dr-app';
import { buildDrillApp } from './dr-drill';

const app = new App();
buildDrApp(app);
buildDrillApp(app);
app.synth();
