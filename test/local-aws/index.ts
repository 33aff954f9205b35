/**
 * Local AWS harness: a loopback-only AWS Backup emulator, Lambda and Step Functions stand-ins, and a
 * CloudFormation driver that runs aws-cdk-lib's Provider framework and our bundled handlers unmodified.
 * See README.md in this folder.
 */
export * from './local-aws';
export * from './backup-emulator';
export * from './cfn-driver';
export * from './cloudformation-service';
export * from './logs-service';
export * from './restored-resources';
export * from './resource-services';
export * from './clock';
export * from './lambda-service';
export * from './sfn-service';
export * from './activity';
export { Rng, keyedRandom, keyedUuid } from './rng';
