import * as fs from 'fs';
import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// One place for every version this project depends on. Never `latest`: see README "Toolchain".
const CDK_VERSION = '2.257.0'; // built and tested with; integ-runner 2.197 reads cloud-assembly schema <= 53 (aws-cdk-lib <= 2.257)
// The peer range starts at the oldest aws-cdk-lib the library works with; `npx projen peer-versions` (run by .ci/run)
// type-checks, runs the construct tests and synthesizes the example against it and the newest 2.x checked
// (README "Supported versions"). Before 2.197.0 the Provider framework's own functions run on nodejs20.x, which Lambda
// no longer lets a stack create (from June 1, 2026: https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
const CDK_OLDEST_SUPPORTED = '2.197.0';
const CDK_NEWEST_CHECKED = '2.276.0'; // the newest 2.x on npm on 2026-12-01 (pinned: never `latest`)
const CONSTRUCTS_VERSION = '10.5.1';
const AWS_SDK_VERSION = '3.1092.0';

// Nothing in this project may reach any address but loopback. These keep the AWS SDK's default
// credential chain, integ-runner and the CDK CLI from probing the EC2 metadata address or the internet.
// One list for every task, test process, script and .ci/run: scripts/offline-env.json.
const OFFLINE_ENV: Record<string, string> = JSON.parse(fs.readFileSync('scripts/offline-env.json', 'utf8'));

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-backup-restore',
  description:
    'AWS CDK construct that restores an AWS Backup recovery point at deploy time (StartRestoreJob as a custom resource), with synth-time validation of restore metadata.',
  author: 'cdk-backup-restore maintainers',
  authorAddress: 'maintainers@cdk-backup-restore.dev',
  repositoryUrl: 'https://github.com/cdk-backup-restore/cdk-backup-restore.git',
  keywords: ['cdk', 'aws-cdk', 'awscdk', 'aws-backup', 'backup', 'restore', 'disaster-recovery', 'custom-resource'],
  license: 'Apache-2.0',
  // `npx cdk-backup-restore status <stack>`: one self-contained esbuild bundle (task bundle:cli below).
  bin: { 'cdk-backup-restore': 'assets/cli/cdk-backup-restore.js' },
  stability: 'experimental',

  cdkVersion: CDK_OLDEST_SUPPORTED, // the peer range: aws-cdk-lib ^2.197.0
  constructsVersion: CONSTRUCTS_VERSION,
  // Build and test with CDK_VERSION (devDeps below), not with the peer range's minimum.
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',
  minNodeVersion: '20.0.0',

  // No release workflow here: conventional-changelog tooling wants Node >= 22 and there is no GitHub access.
  release: false,
  github: false,
  depsUpgrade: false,
  buildWorkflow: false,

  // jsii targets: only JS is packaged on this machine (no PyPI / Maven Central); the others are checked
  // with `jsii-pacmak --code-only` in .ci/run.
  publishToPypi: { distName: 'cdk-backup-restore', module: 'cdk_backup_restore' },
  publishToMaven: {
    javaPackage: 'io.github.cdkbackuprestore',
    mavenGroupId: 'io.github.cdk-backup-restore',
    mavenArtifactId: 'cdk-backup-restore',
  },
  publishToNuget: { dotNetNamespace: 'CdkBackupRestore', packageId: 'CdkBackupRestore' },
  publishToGo: { moduleName: 'github.com/cdk-backup-restore/cdk-backup-restore-go' },

  // The handler bundle is declared below (one bundle, two entry points), not discovered from *.lambda.ts.
  lambdaAutoDiscover: false,
  integrationTestAutoDiscover: false, // integ-runner (integ.*.ts) is the one integration-test system

  devDeps: [
    `aws-cdk-lib@${CDK_VERSION}`,
    `@aws-sdk/client-backup@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-cloudformation@${AWS_SDK_VERSION}`, // bundled into the status CLI
    `@aws-sdk/client-cloudwatch-logs@${AWS_SDK_VERSION}`, // bundled into the status CLI
    `@aws-sdk/client-lambda@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-sfn@${AWS_SDK_VERSION}`,
    // Bundled into the handlers: the read (Custom::BackupRestoredResource) and delete adapters of
    // src/resource-types/*/runtime.ts. AWS publishes a client only when it changes, so clients without a
    // release at AWS_SDK_VERSION are pinned at their newest release before it (same @aws-sdk/core line).
    `@aws-sdk/client-dynamodb@${AWS_SDK_VERSION}`,
    `@aws-sdk/client-ec2@${AWS_SDK_VERSION}`,
    '@aws-sdk/client-efs@3.1090.0',
    '@aws-sdk/client-fsx@3.1088.0',
    `@aws-sdk/client-rds@${AWS_SDK_VERSION}`,
    '@aws-sdk/client-redshift@3.1090.0',
    'aws-sdk-client-mock@4.1.0',
    'aws-sdk-client-mock-jest@4.1.0',
    'cdk-nag@2.36.8',
    '@aws-cdk/integ-runner@2.197.10',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0', // newest published; peer aws-cdk-lib ^2.245
    'aws-cdk@2.1148.0',
    '@types/node@20.19.43',
    'esbuild@0.28.2',
    'ts-node@10.9.2',
  ],

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      setupFiles: ['<rootDir>/test/setup-env.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '\\.snapshot/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  typecheckTests: true,
  // examples/ and scripts/ are type-checked and linted with the tests
  tsconfigDev: { include: ['../examples/**/*.ts', '../scripts/**/*.ts'] },
  // Lint everything that is code, and never rewrite files in the test task: CI must see the mistakes.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'scripts', 'build-tools', 'projenrc'],
    commandOptions: { fix: false },
  },

  gitignore: ['cdk.out/', '*.d.ts.map', '/examples/cdk.out/', '/bench-results/', '.tmp/'],
  npmIgnoreOptions: {
    ignorePatterns: ['/examples/', '/.ci/', '/bench/', '/scripts/', '/.tmp/', '/bench-results/', 'cdk.out/', '/build-tools/', '/CONTRIBUTING.md'],
  },
  // No source maps in the package: jsii's default (inline maps with the sources inside) added ~0.4 MB to lib/.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },
});

// The package ships what a user runs and reads (test/package.test.ts checks it). jsii compiles every module under
// src/, but the handler and status CLI sources run only inside their esbuild bundles (assets/), and they require
// @aws-sdk/* clients this package does not depend on: keep them out of lib/ in the package. The construct side
// imports only the handler contract's types (contract.d.ts).
// (Added after construction: projen's own `!/lib/**/*.js` comes after the constructor's patterns.)
for (const pattern of ['/lib/restore-job-handler/*', '/lib/cli/', '/lib/resource-types/**/runtime*.*']) {
  project.npmignore?.exclude(pattern);
}
project.npmignore?.include('/lib/restore-job-handler/contract.d.ts');

// The restore handler is bundled at build time (never at the consumer's synth time) with the AWS SDK inside it, so
// the deployed code is exactly what the tests exercised, whatever SDK version the Lambda runtime happens to carry.
// One bundle exports both Provider entry points (index.onEvent, index.isComplete: src/private/provider.ts), so a
// stack uploads one asset and every cold start loads one copy of the SDK clients (scripts/bench.ts measures it
// against the two bundles of one entry each). Its Lambda runtime: nodejs24.x in provider.ts, the newest
// (cdk-nag L1). A new *.lambda.ts is not bundled on its own: export it from this entry.
project.bundler.addBundle('src/restore-job-handler/restore-job.lambda.ts', {
  platform: 'node',
  target: 'node24',
  externals: [],
  sourcemap: false,
  watchTask: false,
  tsconfigPath: project.tsconfigDev.fileName,
});
// A bundle layout that changes must not leave the old bundles behind (they would be packaged).
project.tasks.tryFind('bundle')!.prependExec('rm -rf assets/restore-job-handler');

// integ snapshots keep templates only: the assertion handler's bundle is rebuilt on every run.
// (Added after construction: projen drops patterns under a path it later un-ignores, like /test/.)
project.gitignore.addPatterns('/test/*.snapshot/asset.*');

// Build and test with the constructs the peer range starts at (projen's CDK dependencies drop a devDependency on it
// given in the options: peerDependencyOptions.pinnedDevDependency is off, see cdkVersion).
project.addDevDeps(`constructs@${CONSTRUCTS_VERSION}`);

// The handlers' AWS SDK is bundled into the Lambda assets at build time (esbuild), so it is a build-time
// (dev) dependency of the package, never a runtime one.
project.eslint?.addOverride({
  // The deploy-time adapters (resource-types/<type>/runtime.ts) run only inside the handler bundle too.
  files: ['src/restore-job-handler/**/*.ts', 'src/resource-types/**/runtime.ts', 'src/resource-types/runtime-support.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// Every projen task runs offline.
for (const [name, value] of Object.entries(OFFLINE_ENV)) {
  project.tasks.addEnvironment(name, value);
}

// Minify the handler bundles (projen's Lambda options have no switch for it): ~0.5 MB instead of
// ~1.2 MB with the AWS SDK inside, which shortens cold starts.
for (const task of project.tasks.all.filter(t => t.name.startsWith('bundle:') && t.name.endsWith('.lambda'))) {
  const args = task.steps[0].execArgs!;
  task.reset(`${args.join(' ')} --minify --legal-comments=none`);
}
// The handler bundle itself is built by scripts/bundle-handler.js (esbuild's JS API, same options): it reads the SDK
// clients' ES-module builds and inlines their schema keys, so esbuild drops what the handler never calls (~0.7 MB
// instead of ~2.2 MB with the RDS, EC2, EFS, FSx, Redshift and DynamoDB clients; `npm run bench` measures both).
project.tasks.tryFind('bundle:restore-job-handler/restore-job.lambda')!.reset('node scripts/bundle-handler.js');

// The status CLI (src/cli): a jsii library may not have arbitrary runtime dependencies, so the CLI ships as one
// esbuild bundle with its AWS SDK clients inside (like the handler bundles), built by the same `bundle` task.
// Its source stays under src/ (type-checked and linted with the library; jsii compiles it to lib/cli harmlessly,
// as it does the handlers: nothing in src/index.ts exports it).
const bundleCli = project.addTask('bundle:cli', {
  description: 'Bundle the status CLI (src/cli) into assets/cli/cdk-backup-restore.js',
  exec: 'esbuild --bundle src/cli/main.ts --target=node20 --platform=node --outfile=assets/cli/cdk-backup-restore.js ' +
    '--tsconfig=test/tsconfig.json --minify --legal-comments=none --banner:js="#!/usr/bin/env node"',
});
bundleCli.exec('chmod +x assets/cli/cdk-backup-restore.js');
project.tasks.tryFind('bundle')!.spawn(bundleCli);
project.eslint?.addOverride({
  files: ['src/cli/**/*.ts'],
  rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, optionalDependencies: false, peerDependencies: true }] },
});

// Tests load the Lambda bundles from assets/: build them first, or a fresh clone fails with CannotFindAsset.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);

// integ-runner in snapshot mode (no deploy): the committed snapshot must match what synthesizes today.
const integ = project.addTask('integ', {
  description: 'Check the integ-runner snapshots (no deployment)',
  exec: 'integ-runner --directory test --app "ts-node --project test/tsconfig.json {filePath}" --test-regex "^integ\\..*\\.ts$" --parallel-regions us-east-1',
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Re-synthesize and rewrite the integ-runner snapshots without deploying (offline)',
  exec: 'integ-runner --directory test --app "ts-node --project test/tsconfig.json {filePath}" --test-regex "^integ\\..*\\.ts$" --parallel-regions us-east-1 --update-on-failed --dry-run',
  receiveArgs: true,
});
project.testTask.spawn(integ);

// Example DR app and DR drill (examples/main.ts builds both in one app): synthesized offline with the CDK CLI.
project.addTask('synth:example', {
  description: 'Synthesize the example DR app and DR drill under examples/ (offline)',
  exec: 'cdk synth --app "ts-node --project test/tsconfig.json examples/main.ts" --output examples/cdk.out --no-notices --quiet',
});

// The peer range, proved: type-check, construct tests and the example synth against the oldest aws-cdk-lib it allows and
// the newest checked, each installed into a scratch folder (scripts/peer-versions.ts; one `::: peer` line per version).
project.addTask('peer-versions', {
  description: `Type-check, construct tests and example synth against aws-cdk-lib ${CDK_OLDEST_SUPPORTED} (oldest supported) and ${CDK_NEWEST_CHECKED}`,
  exec: `ts-node --transpile-only --project test/tsconfig.json scripts/peer-versions.ts ${CDK_OLDEST_SUPPORTED} ${CDK_NEWEST_CHECKED}`,
});

// The main job: the example DR app deployed against simulated AWS on 127.0.0.1 (scripts/demo.ts; nothing is deployed).
const demo = project.addTask('demo', {
  description: 'The main job: run the example DR app against local, simulated AWS on 127.0.0.1 (nothing is deployed)',
});
demo.spawn(project.tasks.tryFind('bundle')!);
demo.exec('ts-node --transpile-only --project test/tsconfig.json scripts/demo.ts', { receiveArgs: true });

// --- local-aws harness ---
// Fault soak of Custom::BackupRestoreJob through test/local-aws (default 500 lifecycles): `npx projen soak -- --count 200 --seed 7`.
const soak = project.addTask('soak', {
  description: 'Seeded fault soak of RestoreJob lifecycles through the local AWS harness (--count N --seed S)',
});
soak.spawn(project.tasks.tryFind('bundle')!);
soak.exec('ts-node --transpile-only --project test/tsconfig.json scripts/soak.ts', { receiveArgs: true });

// --- demo and benchmark ---
// RestoreJob vs AwsCustomResource (synth, bundles, cold init) and through the local AWS harness; JSON in bench-results/.
const bench = project.addTask('bench', {
  description: 'Benchmark RestoreJob against baselines measured in the same run (synth, handler cold init, local AWS harness)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.exec('ts-node --transpile-only --project test/tsconfig.json scripts/bench.ts', { receiveArgs: true });

// API.md opens with a short guide to the types a user starts with (jsii-docgen orders types by kind, then name, so
// RestoreJobProps would first appear thousands of lines after RestoreJob): scripts/api-guide.ts.
project.tasks.tryFind('docgen')!.exec('ts-node --transpile-only --project test/tsconfig.json scripts/api-guide.ts');

project.synth();
