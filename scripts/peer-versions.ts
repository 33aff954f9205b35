/**
 * `npx projen peer-versions`: the library against the aws-cdk-lib versions it claims to support — the oldest the
 * peer range allows and the newest 2.x tested (both pinned in .projenrc.ts, passed as arguments).
 *
 * For each version, in a scratch folder (the repository's node_modules stays as it is):
 *   1. npm installs that aws-cdk-lib (and the repository's constructs version);
 *   2. type-checks src/, the construct tests and examples/ against its type definitions (tsc `paths`);
 *   3. runs the construct tests (every test/ file that imports aws-cdk-lib, except the local AWS harness and the
 *      tests that run processes) with aws-cdk-lib and constructs mapped to it (jest `moduleNameMapper`);
 *   4. synthesizes the examples with the CDK CLI, as `npx projen synth:example` does (its app), with aws-cdk-lib and
 *      constructs resolved from the scratch folder; checks the cloud assembly was built by that version and that no
 *      Lambda function of it uses a runtime Lambda no longer lets a stack create (DEPRECATED_RUNTIMES).
 *
 * Prints one `::: peer aws-cdk-lib <version>: ok|FAILED …` line per version and ends with
 * `::: peer versions: N passed, N failed` (.ci/run counts them). Exits 1 if a version failed.
 *
 *   npx ts-node --transpile-only --project test/tsconfig.json scripts/peer-versions.ts 2.197.0 2.276.0
 */
import './lib/offline-env';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const SCRATCH = path.join(os.tmpdir(), 'cdk-backup-restore-peer-versions');
const BIN = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

/**
 * Lambda runtimes a new function can no longer be created with (so a stack that has one fails to deploy). Node.js
 * 20: deprecated April 30, 2026, function creation blocked from June 1, 2026; Node.js 18 and older before it.
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html (supported runtimes and their dates),
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html (deprecated runtimes).
 */
const DEPRECATED_RUNTIMES = ['nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x', 'nodejs20.x'];
/** The isolated (air-gapped) partitions' regions, where aws-cdk-lib's per-region runtime map keeps older runtimes. */
const ISOLATED_REGION = /^(us-iso|us-isob|eu-isoe|us-isof)-/;

interface Step { readonly name: string; readonly ok: boolean; readonly detail: string }

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

const tail = (text: string, lines = 25) => text.trim().split('\n').slice(-lines).map(l => `      ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`).join('\n');

/** The test files that check the construct against aws-cdk-lib: they import it, and run neither the harness nor processes. */
export function constructTests(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['local-aws', 'restore-job-handler', 'node_modules'].includes(entry.name) && !entry.name.endsWith('.snapshot')) walk(full);
      } else if (entry.name.endsWith('.test.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        if (/from 'aws-cdk-lib/.test(text) && !/from '\.\.?\/(\.\.\/)*local-aws|from 'child_process'/.test(text)) files.push(path.relative(ROOT, full));
      }
    }
  };
  walk(path.join(ROOT, 'test'));
  return files.sort();
}

function install(version: string, dir: string): Step {
  const constructs = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'constructs', 'package.json'), 'utf8')).version;
  const installed = path.join(dir, 'node_modules', 'aws-cdk-lib', 'package.json');
  if (fs.existsSync(installed) && JSON.parse(fs.readFileSync(installed, 'utf8')).version === version) {
    return { name: 'install', ok: true, detail: `aws-cdk-lib ${version} (already in ${dir})` };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'aws-cdk-lib': version, 'constructs': constructs } }, null, 2));
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], { cwd: dir });
  const got = fs.existsSync(installed) ? JSON.parse(fs.readFileSync(installed, 'utf8')).version : undefined;
  return { name: 'install', ok: r.ok && got === version, detail: r.ok && got === version ? `aws-cdk-lib ${version}, constructs ${constructs}` : `npm install failed:\n${tail(r.output)}` };
}

function typeCheck(dir: string, tests: readonly string[]): Step {
  const lib = path.join(dir, 'node_modules');
  const tsconfig = path.join(dir, 'tsconfig.json');
  fs.writeFileSync(tsconfig, JSON.stringify({
    extends: path.join(ROOT, 'test', 'tsconfig.json'),
    compilerOptions: {
      noEmit: true,
      rootDir: ROOT,
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      paths: {
        'aws-cdk-lib': [path.join(lib, 'aws-cdk-lib')],
        'aws-cdk-lib/*': [path.join(lib, 'aws-cdk-lib', '*')],
        'constructs': [path.join(lib, 'constructs')],
      },
    },
    include: [path.join(ROOT, 'src', '**', '*.ts'), path.join(ROOT, 'examples', '**', '*.ts'), ...tests.map(t => path.join(ROOT, t))],
  }, null, 2));
  const r = run(BIN('tsc'), ['-p', tsconfig]);
  return { name: 'type-check', ok: r.ok, detail: r.ok ? 'src/, examples/ and the construct tests' : `tsc:\n${tail(r.output, 40)}` };
}

function constructTestsStep(dir: string, tests: readonly string[]): Step {
  const lib = path.join(dir, 'node_modules');
  const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).jest;
  const config = path.join(dir, 'jest.config.json');
  fs.writeFileSync(config, JSON.stringify({
    ...base,
    rootDir: ROOT,
    collectCoverage: false,
    reporters: ['default'],
    moduleNameMapper: {
      '^aws-cdk-lib$': path.join(lib, 'aws-cdk-lib'),
      '^aws-cdk-lib/(.*)$': `${path.join(lib, 'aws-cdk-lib')}/$1`,
      '^constructs$': path.join(lib, 'constructs'),
    },
  }, null, 2));
  const results = path.join(dir, 'jest-results.json');
  fs.rmSync(results, { force: true });
  const r = run(BIN('jest'), ['--config', config, '--ci', '--json', '--outputFile', results, '--runTestsByPath', ...tests]);
  const summary = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) : undefined;
  if (!summary) return { name: 'construct tests', ok: false, detail: `jest wrote no results:\n${tail(r.output)}` };
  const ok = r.ok && summary.numFailedTests === 0 && summary.numFailedTestSuites === 0 && summary.numPassedTests > 0;
  const failed = (summary.testResults as any[]).flatMap(f => (f.assertionResults as any[]).filter(a => a.status === 'failed').map(a => `${path.relative(ROOT, f.name)}: ${a.fullName}`));
  const suiteErrors = (summary.testResults as any[]).filter(f => f.status === 'failed' && f.assertionResults.length === 0).map(f => `${path.relative(ROOT, f.name)}: ${String(f.message).split('\n').slice(0, 6).join(' ')}`);
  return {
    name: 'construct tests',
    ok,
    detail: `${summary.numPassedTests} passed, ${summary.numFailedTests} failed in ${tests.length} files` +
      (ok ? '' : `\n${[...failed, ...suiteErrors].slice(0, 20).map(l => `      ${l}`).join('\n')}`),
  };
}

/** Every Lambda runtime a template can give a function (a runtime from a region map: its non-isolated regions' values). */
function runtimesOf(template: any): string[] {
  const found = new Set<string>();
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const runtime = resource.Properties?.Runtime;
    if (typeof runtime === 'string') {
      found.add(runtime);
    } else if (runtime?.['Fn::FindInMap']) {
      const [map, , key] = runtime['Fn::FindInMap'];
      for (const [region, values] of Object.entries<any>(template.Mappings?.[map] ?? {})) {
        if (!ISOLATED_REGION.test(region)) found.add(values[key]);
      }
    } else {
      found.add(JSON.stringify(runtime));
    }
  }
  return [...found].sort();
}

function exampleSynth(version: string, dir: string): Step {
  // aws-cdk-lib and constructs come from the scratch folder, whoever asks for them.
  const redirect = path.join(dir, 'resolve-peers.js');
  fs.writeFileSync(redirect, `const Module = require('module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, isMain, options) {
  if (/^(aws-cdk-lib|constructs)(\\/|$)/.test(request)) return resolve.call(this, request, parent, isMain, { paths: [${JSON.stringify(dir)}] });
  return resolve.call(this, request, parent, isMain, options);
};
`);
  const out = path.join(dir, 'cdk.out');
  fs.rmSync(out, { recursive: true, force: true });
  // The app of `npx projen synth:example`, with ts-node run under the redirect (and without its type-check: step 2 did it).
  const task: string = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks['synth:example'].steps[0].exec;
  const example = /--app "ts-node ([^"]+)"/.exec(task);
  if (!example) return { name: 'example synth', ok: false, detail: `cannot read the app of the synth:example task: ${task}` };
  const app = `node -r ${redirect} ${path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js')} --transpile-only ${example[1]}`;
  const r = run(BIN('cdk'), ['synth', '--app', app, '--output', out, '--no-notices', '--quiet']);
  if (!r.ok) return { name: 'example synth', ok: false, detail: `cdk synth:\n${tail(r.output)}` };
  const built = JSON.parse(fs.readFileSync(path.join(out, 'tree.json'), 'utf8')).tree.constructInfo?.version;
  if (built !== version) return { name: 'example synth', ok: false, detail: `the cloud assembly was built by aws-cdk-lib ${built}, not ${version}` };
  const runtimes = fs.readdirSync(out).filter(f => f.endsWith('.template.json'))
    .flatMap(f => runtimesOf(JSON.parse(fs.readFileSync(path.join(out, f), 'utf8'))));
  const blocked = [...new Set(runtimes.filter(rt => DEPRECATED_RUNTIMES.includes(rt)))];
  return {
    name: 'example synth',
    ok: blocked.length === 0,
    detail: blocked.length === 0
      ? `Lambda runtimes ${[...new Set(runtimes)].join(', ')}`
      : `its stack has Lambda functions on ${blocked.join(', ')}, which Lambda no longer lets a stack create (aws-cdk-lib's own Provider framework functions)`,
  };
}

function main(versions: readonly string[]): number {
  if (versions.length === 0) throw new Error('usage: peer-versions.ts <aws-cdk-lib version>...');
  const peer = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).peerDependencies['aws-cdk-lib'];
  const tests = constructTests();
  process.stdout.write(`aws-cdk-lib peer range ${peer}; construct tests: ${tests.join(' ')}\n`);
  let passed = 0;
  let failed = 0;
  for (const version of versions) {
    const started = Date.now();
    const dir = path.join(SCRATCH, version);
    const steps: Step[] = [];
    const plan = [() => install(version, dir), () => typeCheck(dir, tests), () => constructTestsStep(dir, tests), () => exampleSynth(version, dir)];
    for (const step of plan) {
      const result = step();
      steps.push(result);
      process.stdout.write(`    ${result.ok ? 'ok' : 'FAILED'} ${result.name}: ${result.detail}\n`);
      if (!result.ok && result.name === 'install') break;
    }
    const ok = steps.length === 4 && steps.every(s => s.ok);
    if (ok) passed++; else failed++;
    const label = peer === `^${version}` ? ' (the oldest the peer range allows)' : '';
    process.stdout.write(`::: peer aws-cdk-lib ${version}${label}: ${ok ? 'ok' : 'FAILED'} — ` +
      `${steps.map(s => `${s.name} ${s.ok ? 'ok' : 'FAILED'}`).join(', ')} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  }
  process.stdout.write(`::: peer versions: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
