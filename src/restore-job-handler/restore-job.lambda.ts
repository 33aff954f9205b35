/**
 * The one handler bundle of the RestoreJob provider: both entry points of aws-cdk-lib's Provider framework in one
 * asset, so a stack uploads it once and each cold start loads one copy of the AWS SDK clients. The Lambda functions
 * name the export (`index.onEvent`, `index.isComplete`: src/private/provider.ts).
 *
 * The two handler modules keep their names (`*.lambda.ts`) but are ordinary modules: this file is the only entry
 * point esbuild bundles (.projenrc.ts).
 */
export { handler as onEvent } from './restore-on-event.lambda';
export { handler as isComplete } from './restore-is-complete.lambda';
