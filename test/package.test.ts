/**
 * What a user installs: the npm package, built as CI builds it (jsii, then `npm pack`) in a scratch copy of the
 * sources that also holds every kind of build and test leftover a working copy has, checked
 *   - by pattern (an allow-list), for required files, and against a size budget;
 *   - for source maps;
 *   - for what lib/ requires: every relative import of a packaged file resolves inside the package, and every
 *     package it names is a declared (peer) dependency or a Node.js built-in;
 *   - by installing it into an empty project that has only the peer dependencies (no @aws-sdk package anywhere), where a
 *     stack with a RestoreJob synthesizes, the handler bundle loads (its AWS SDK is inside it) and the packaged
 *     status CLI runs.
 *
 * Needs the handler and CLI bundles (`npx projen bundle`: `npm test` builds them first).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** The handler bundle and the exports its Lambda functions call (`index.onEvent`, `index.isComplete`). */
const HANDLER_BUNDLES: Readonly<Record<string, readonly string[]>> = {
  'assets/restore-job-handler/restore-job.lambda/index.js': ['onEvent', 'isComplete'],
};
/** The handler bundles and the status CLI bundle (package.json `bin`). */
const BUNDLES = [...Object.keys(HANDLER_BUNDLES), 'assets/cli/cdk-backup-restore.js'];

/** Every file of the package matches one of these. */
const ALLOWED: readonly RegExp[] = [
  /^package\.json$/, /^README\.md$/, /^API\.md$/, /^LICENSE$/, /^\.jsii$/,
  /^lib\/.+\.(js|d\.ts)$/,
  /^assets\/restore-job-handler\/restore-job\.lambda\/index\.js$/,
  /^assets\/cli\/cdk-backup-restore\.js$/,
];

/** Files a user needs. */
const REQUIRED = ['package.json', 'README.md', 'API.md', 'LICENSE', '.jsii', 'lib/index.js', 'lib/index.d.ts', ...BUNDLES];

/**
 * The size budget. Measured at e52cdc1: 0.65 MB packed, 3.01 MB unpacked, 110 files: the CLI bundle 0.72 MB, the
 * handler bundle 0.70 MB (the AWS SDK clients it calls, tree-shaken: scripts/bundle-handler.js), .jsii 0.64 MB,
 * API.md 0.36 MB, lib/ 0.49 MB. About 30% of room: enough for more resource types and docs, not for a second handler
 * bundle, an SDK that is no longer tree-shaken (the handler bundle was 2.2 MB: 0.93 MB packed, 4.5 MB unpacked), a
 * copy of the sources or a leftover folder. (The failure message prints the current figures.)
 */
const BUDGET = { packedBytes: 850_000, unpackedBytes: 3_800_000 };

/**
 * Leftovers a working copy has after `npm test`, the CI checks, the benchmark and the example synth, planted in the
 * scratch copy at the paths where they appear: none may reach the package.
 */
const LEFTOVERS = [
  '.tmp/pacmak/python/cdk_backup_restore/__init__.py', // jsii-pacmak --code-only (.ci/run)
  'bench-results/latest.json',
  'coverage/lcov.info',
  'test-reports/junit.xml',
  'cdk.out/manifest.json',
  'examples/cdk.out/manifest.json',
  'examples/dr-app.ts',
  'scripts/bench.ts',
  'test/restore-job.test.ts',
  'test/integ.restore-job.ts.snapshot/manifest.json',
  'projenrc/tsconfig.json',
  '.projenrc.ts',
  '.projen/tasks.json',
  '.ci/run',
  'dist/js/cdk-backup-restore-0.0.0.jsii.tgz',
];

interface PackedFile { readonly path: string; readonly size: number }
interface PackResult { readonly files: readonly PackedFile[]; readonly size: number; readonly unpackedSize: number; readonly filename: string }

let scratch: string;
let pack: PackResult;

/** Run a command in the scratch copy, failing with its output. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`.slice(0, 5000));
  }
  return result.stdout;
}

beforeAll(() => {
  const missing = BUNDLES.filter(b => !fs.existsSync(path.join(ROOT, b)));
  if (missing.length > 0) throw new Error(`bundles missing (${missing.join(', ')}): run \`npx projen bundle\` first`);

  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-backup-restore-package-'));
  for (const entry of ['package.json', '.npmignore', 'README.md', 'API.md', 'LICENSE', 'tsconfig.json', 'src', 'assets']) {
    fs.cpSync(path.join(ROOT, entry), path.join(scratch, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  for (const leftover of LEFTOVERS) {
    fs.mkdirSync(path.dirname(path.join(scratch, leftover)), { recursive: true });
    fs.writeFileSync(path.join(scratch, leftover), 'leftover\n');
  }

  // As `npx projen compile` does (the package's lib/ and .jsii), then npm's own list of what it would pack.
  run(process.execPath, [require.resolve('jsii/bin/jsii'), '--silence-warnings=reserved-word'], scratch);
  pack = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], scratch))[0];
}, 600_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

const packed = () => pack.files.map(f => f.path);
const read = (file: string) => fs.readFileSync(path.join(scratch, file), 'utf8');

test('the package holds only lib/ (JS and .d.ts), the bundles, .jsii, README, API.md, LICENSE and package.json', () => {
  // GIVEN the package built from a working copy full of leftovers (LEFTOVERS)
  // WHEN npm lists what it packs
  const unexpected = packed().filter(p => !ALLOWED.some(pattern => pattern.test(p)));

  // THEN nothing else is in it
  expect({ unexpected, fix: 'exclude them with an npmignore pattern in .projenrc.ts' }).toEqual({ unexpected: [], fix: expect.any(String) });
});

test('the package holds every file a user needs', () => {
  const missing = REQUIRED.filter(file => !packed().includes(file));

  expect(missing).toEqual([]);
});

test(`the package stays within its size budget (packed ${BUDGET.packedBytes / 1e6} MB, unpacked ${BUDGET.unpackedBytes / 1e6} MB)`, () => {
  const largest = [...pack.files].sort((a, b) => b.size - a.size).slice(0, 8).map(f => `${f.path} ${f.size}`);
  const figures = `packed ${pack.size} bytes, unpacked ${pack.unpackedSize} bytes, ${pack.files.length} files; largest: ${largest.join(', ')}`;

  expect({ packedOverBudget: pack.size > BUDGET.packedBytes, figures }).toEqual({ packedOverBudget: false, figures });
  expect({ unpackedOverBudget: pack.unpackedSize > BUDGET.unpackedBytes, figures }).toEqual({ unpackedOverBudget: false, figures });
});

test('no source maps: no .map files, no inline maps in lib/', () => {
  const withMaps = packed().filter(p => p.endsWith('.map') || (p.endsWith('.js') && /\/\/# sourceMappingURL=/.test(read(p))));

  expect(withMaps).toEqual([]);
});

/** Module specifiers a compiled .js (require) or .d.ts (import/export from, import()) file names. */
function specifiers(file: string): string[] {
  // Comments out: doc examples name the package itself.
  const text = read(file).replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = file.endsWith('.d.ts')
    ? [...text.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["']([^"']+)["']/gm)]
    : [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)];
  return found.map(m => m[1]);
}

/** `aws-cdk-lib/aws-iam` → `aws-cdk-lib`; `@scope/name/sub` → `@scope/name`; `node:fs` → `fs`. */
const packageName = (specifier: string) => specifier.replace(/^node:/, '').split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

test('every module a packaged lib/ file loads is in the package, a declared (peer) dependency, or a Node.js built-in', () => {
  // GIVEN what the package declares
  const manifest = JSON.parse(read('package.json'));
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), ...(manifest.bundledDependencies ?? []),
  ]);
  const files = new Set(packed());

  // WHEN every packaged lib/ file is read for the modules it loads (the bundles are loaded in the next test: their
  // minified text names SDK packages in error messages)
  const problems: string[] = [];
  for (const file of packed().filter(p => p.startsWith('lib/'))) {
    for (const specifier of specifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = path.posix.join(path.posix.dirname(file), specifier);
        const candidates = file.endsWith('.d.ts')
          ? [`${target}.d.ts`, `${target}/index.d.ts`, target.replace(/\.js$/, '.d.ts')]
          : [target, `${target}.js`, `${target}/index.js`, `${target}.json`];
        if (!candidates.some(c => files.has(c))) problems.push(`${file} loads ${specifier}, which is not in the package`);
      } else if (!builtinModules.includes(packageName(specifier)) && !declared.has(packageName(specifier))) {
        problems.push(`${file} loads ${specifier}, which the package does not depend on`);
      }
    }
  }

  // THEN each resolves (a handler-only module in lib/ needs an npmignore pattern in .projenrc.ts)
  expect(problems).toEqual([]);
});

test('installed into a project with only its peer dependencies, a RestoreJob synthesizes, the handlers load and the CLI runs', () => {
  // GIVEN the packed tarball, unpacked into an empty project with aws-cdk-lib and constructs only
  const tarball = path.join(scratch, JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', scratch], scratch))[0].filename);
  const project = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-backup-restore-consumer-'));
  try {
    const installed = path.join(project, 'node_modules', 'cdk-backup-restore');
    fs.mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', installed]);
    for (const peer of ['aws-cdk-lib', 'constructs']) {
      fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(project, 'node_modules', peer), 'dir');
    }
    fs.writeFileSync(path.join(project, 'app.js'), `
      const resolvable = name => { try { require.resolve(name); return true; } catch { return false; } };
      const { App, Stack } = require('aws-cdk-lib');
      const { RestoreJob, RecoveryPoint, RestoreMetadata } = require('cdk-backup-restore');
      const app = new App({ outdir: process.argv[2], context: { 'aws:cdk:enable-asset-metadata': true } });
      const stack = new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'us-east-1' } });
      new RestoreJob(stack, 'Restore', {
        recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'),
        metadata: RestoreMetadata.dynamoDb({ targetTableName: 'orders-dr' }),
      });
      const template = app.synth().getStackByName('Consumer').template;
      const handlers = Object.values(template.Resources)
        .filter(r => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs24.x')
        .map(r => ({ handler: r.Properties.Handler, asset: r.Metadata['aws:asset:path'] }));
      const bundles = Object.fromEntries(${JSON.stringify(Object.keys(HANDLER_BUNDLES))}.map(b => [b,
        Object.keys(require('cdk-backup-restore/' + b)).filter(name => typeof require('cdk-backup-restore/' + b)[name] === 'function')]));
      console.log(JSON.stringify({ sdkResolvable: resolvable('@aws-sdk/client-backup'), handlers, bundles }));
    `);
    const outdir = path.join(project, 'cdk.out');

    // WHEN a CDK app requires the package and synthesizes, and the packaged CLI asks for its help
    const result = JSON.parse(run(process.execPath, ['app.js', outdir], project));
    const bin = path.join(installed, manifestBin(installed));
    const help = spawnSync(process.execPath, [bin, '--help'], { cwd: project, encoding: 'utf8', timeout: 60_000 });

    // THEN no AWS SDK was there to load, the handlers' code is the packaged bundle, which loads on its own and
    // exports the entry points, and the CLI (its SDK inside) runs
    expect(result.sdkResolvable).toBe(false);
    expect(result.handlers.length).toBeGreaterThan(0);
    for (const [bundle, exported] of Object.entries(HANDLER_BUNDLES)) {
      expect(result.bundles[bundle]).toEqual(expect.arrayContaining([...exported]));
    }
    for (const { asset } of result.handlers) {
      expect(fs.readFileSync(path.join(outdir, asset, 'index.js'), 'utf8').length).toBeGreaterThan(100_000);
    }
    expect({ status: help.status, stderr: help.stderr }).toEqual({ status: 0, stderr: '' });
    expect(help.stdout).toContain('Usage: cdk-backup-restore status <stack-name>');
    expect(fs.statSync(bin).mode.toString(8)).toMatch(/7\d\d$/); // npm runs the bin file directly (its #! line)
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
}, 120_000);

/** The installed package's `bin` file. */
function manifestBin(installed: string): string {
  return Object.values(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).bin as Record<string, string>)[0];
}
