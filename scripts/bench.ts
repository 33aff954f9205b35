/**
 * `npm run bench`: RestoreJob measured against baselines measured in the same run.
 *
 *   1. synthesis: N = 1, 50, 200 RestoreJobs vs N AwsCustomResource calling backup:startRestoreJob;
 *   2. handler bundle size and cold init in fresh Node processes vs the AwsCustomResource handler aws-cdk-lib ships,
 *      and the one-bundle layout vs one bundle per entry point (rebuilt in the same run);
 *   3. through the local AWS harness (127.0.0.1 only): time from job completion to CloudFormation's response and
 *      DescribeRestoreJob calls per job, and 100 concurrent lifecycles with 20% of Backup calls throttled.
 *
 * Prints a table and writes the same results as JSON to bench-results/. Exits 1 if a lifecycle failed.
 *   npx projen bundle && npx ts-node --transpile-only --project test/tsconfig.json scripts/bench.ts
 */
import './lib/offline-env';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundleLayoutTable, measureBundleLayout } from './lib/bundle-layout';
import { BUNDLES, measureHandlers } from './lib/cold-init';
import { measureCompletionLatency, measureConcurrentLifecycles, measureLongWaits } from './lib/harness-bench';
import { maxJobsPerStack, measureSynth, SynthSample } from './lib/synth-bench';

const ROOT = path.resolve(__dirname, '..');
const IAM_INLINE_POLICY_LIMIT = 10_240;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<number> {
  const started = Date.now();
  const log = (text = '') => process.stdout.write(`${text}\n`);
  if (!fs.existsSync(BUNDLES.handler)) throw new Error('handler bundle missing: run npx projen bundle');
  log('cdk-backup-restore benchmark. The harness parts run against AWS simulated on 127.0.0.1; nothing is deployed.');
  log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`);

  // ------------------------------------------------------------------ 1. synthesis
  log('\n[1/3] synthesis (in-process, fresh App each time, median)…');
  const sizes = [1, 50, 200];
  const reps: Record<number, number> = { 1: 5, 50: 3, 200: 2 };
  measureSynth('RestoreJob', 1, 1); // warm up module loading and JIT for both
  measureSynth('AwsCustomResource', 1, 1);
  const synth: Record<string, SynthSample[]> = { RestoreJob: [], AwsCustomResource: [] };
  for (const n of sizes) {
    for (const variant of ['RestoreJob', 'AwsCustomResource'] as const) synth[variant].push(measureSynth(variant, n, reps[n]));
  }
  const capacity = {
    RestoreJob: maxJobsPerStack(synth.RestoreJob[0], synth.RestoreJob[2]),
    AwsCustomResource: maxJobsPerStack(synth.AwsCustomResource[0], synth.AwsCustomResource[2]),
  };
  // The shared handler policy lists each distinct recovery point until the list would pass its budget, then
  // widens to the ARN forms (IAM's inline limit per role: 10,240 characters). Measured, not extrapolated.
  const rj = synth.RestoreJob;
  const largestPolicy = Math.max(...rj.map(s => s.largestPolicyBytes));

  // ------------------------------------------------------------------ 2. bundles and cold init
  log('[2/3] handler bundles: size and cold init (node -e "require(...)", fresh process, 15 rounds, median)…');
  const init = measureHandlers(15);
  log('      handler bundle layout: one bundle for both entry points vs one per entry point (rebuilt in this run)…');
  const layout = measureBundleLayout(15);

  // ------------------------------------------------------------------ 3. harness
  log('[3/3] local AWS harness: completion → response latency (clock x120), then 100 concurrent lifecycles '
    + 'without and with 20% throttling (clock x5)…');
  const latency = await measureCompletionLatency({ durationsMinutes: [1, 5, 20], reps: 3, clockScale: 120 });
  log('      restores of 1, 6 and 12 emulated hours through the wait chain (clock x600)…');
  const long = await measureLongWaits({ hours: [1, 6, 12], clockScale: 600 });
  // Clock x5: each handler call has a 10 s (emulated) timeout of its own, and 100 concurrent sandboxes on 2 cores
  // can hold one loopback answer for over half a real second; at x20 that was already "hung" (10 s emulated).
  const lifecycleOptions = { count: 100, clockScale: 5, spreadMs: 5000 };
  const calm = await measureConcurrentLifecycles({ ...lifecycleOptions, throttleRate: 0 });
  const throttled = await measureConcurrentLifecycles({ ...lifecycleOptions, throttleRate: 0.2 });

  // ------------------------------------------------------------------ report
  const out: string[] = [];
  out.push('\n## Synthesis: RestoreJob vs AwsCustomResource (backup:startRestoreJob), per stack\n');
  out.push(table(
    ['N', 'synth ms RJ', 'synth ms ACR', 'ratio', 'Lambda fns RJ/ACR', 'resources RJ/ACR', 'template KB RJ/ACR', 'bytes ratio'],
    sizes.map((n, i) => {
      const a = synth.RestoreJob[i];
      const b = synth.AwsCustomResource[i];
      return [String(n), fmt(a.synthMs), fmt(b.synthMs), ratio(a.synthMs, b.synthMs), `${a.lambdaFunctions} / ${b.lambdaFunctions}`,
        `${a.resources} / ${b.resources}`, `${fmt(a.templateBytes / 1024, 1)} / ${fmt(b.templateBytes / 1024, 1)}`, ratio(a.templateBytes, b.templateBytes)];
    }),
  ));
  out.push('');
  out.push(table(['max jobs per stack (500 resources)', 'resources = fixed + per job × N', 'max N'], [
    ['RestoreJob', `${capacity.RestoreJob.fixed} + ${capacity.RestoreJob.perJob} × N`, String(capacity.RestoreJob.maxJobs)],
    ['AwsCustomResource', `${capacity.AwsCustomResource.fixed} + ${capacity.AwsCustomResource.perJob} × N`, String(capacity.AwsCustomResource.maxJobs)],
    ['ratio', '', ratio(capacity.RestoreJob.maxJobs, capacity.AwsCustomResource.maxJobs)],
  ]));
  out.push(`\nIAM: RestoreJob's shared handler policy, with a distinct recovery point per job: ${rj.map(s => `${fmt(s.largestPolicyBytes)} bytes at N=${s.n}`).join(', ')} ` +
    `(IAM's inline-policy limit per role: ${fmt(IAM_INLINE_POLICY_LIMIT)}; ${largestPolicy < IAM_INLINE_POLICY_LIMIT ? 'under it at every N' : 'OVER IT'}). ` +
    `AwsCustomResource: one ${synth.AwsCustomResource[2].largestPolicyBytes}-byte policy per job.`);

  out.push('\n## Handler bundles: size and cold init in a fresh Node process (median)\n');
  const acr = init.find(s => s.name === 'AwsCustomResource handler')!;
  out.push(table(['handler', 'bytes', 'gzip bytes', 'process ms', 'init ms (minus empty node)', 'init vs ACR handler'], init.map(s => [
    s.name, s.bytes === undefined ? '' : fmt(s.bytes), s.gzipBytes === undefined ? '' : fmt(s.gzipBytes), fmt(s.processMs),
    s.initMs === undefined ? '' : fmt(s.initMs), s.initMs === undefined || s === acr ? '' : ratio(s.initMs, acr.initMs!),
  ])));
  out.push('The AwsCustomResource handler loads the SDK client of the called service on its first call (from the Lambda runtime); ' +
    'the last row adds that. RestoreJob bundles the SDK (pinned) into its handler bundle.');

  out.push('\n## Handler bundle layout: one bundle for onEvent and isComplete vs one bundle per entry point (median)\n');
  const layoutTable = bundleLayoutTable(layout);
  out.push(table(layoutTable.headers, layoutTable.rows));
  out.push('The baseline is the same two handler modules bundled one per entry point with the same esbuild command, in this run. ' +
    'Cold init: require(bundle) in a fresh process minus an empty process; each function loads its whole bundle.');

  out.push(`\n## Through the harness: job completion → CloudFormation response (clock x${latency.clockScale}, ${latency.rows[0].jobs} concurrent jobs per duration)\n`);
  const latencyHeaders = ['emulated job', 'response after completion (s, median)', 'vs measured poll interval',
    'DescribeRestoreJob calls/job', 'ideal calls (every 15 s)', 'calls vs ideal', 'poll interval (s)'];
  out.push(table(latencyHeaders,
    latency.rows.map(r => [`${r.durationMinutes} min`, fmt(r.responseAfterCompletionS, 1), ratio(r.responseAfterCompletionS, r.pollIntervalS),
      String(r.describeCallsPerJob), String(r.idealDescribeCalls), ratio(r.describeCallsPerJob, r.idealDescribeCalls), fmt(r.pollIntervalS, 1)])));
  out.push('Emulated seconds; every real ms the harness computes counts as 120 emulated ms, so polls read a little over the 15 s query interval.');

  const short = latency.rows[latency.rows.length - 1];
  const shortPerHour = short.describeCallsPerJob / (short.durationMinutes / 60);
  out.push(`\n## Restores of hours: the wait chain (clock x${long.clockScale}), next to the ${short.durationMinutes}-minute short-mode job of the same run\n`);
  out.push(table(['emulated job', 'resources per job', 'DescribeRestoreJob calls/job', 'calls per hour', 'vs short mode per hour',
    'response after completion (s)', 'vs short mode'], [
    [`${short.durationMinutes} min (short mode)`, '1', String(short.describeCallsPerJob), fmt(shortPerHour, 0), '1.00x', fmt(short.responseAfterCompletionS, 1), '1.00x'],
    ...long.rows.map(r => [`${r.hours} h (chain)`, String(r.resources), String(r.describeCalls), fmt(r.describeCalls / r.hours, 0),
      ratio(r.describeCalls / r.hours, shortPerHour), fmt(r.responseAfterCompletionS, 1),
      ratio(r.responseAfterCompletionS, short.responseAfterCompletionS)]),
  ]));
  out.push('Targets: a 12-hour restore at most 200 DescribeRestoreJob calls, completion answered within 5 minutes (300 s). '
    + 'Each link looks at every poll in the job\'s first 2 minutes, then a sixth of the time to AWS\'s estimate, either side of it (1–4.5 minutes).');

  out.push(`\n## 100 concurrent Create → Delete lifecycles (clock x${lifecycleOptions.clockScale}, jobs of 1–3 emulated min, `
    + `starts spread over ${lifecycleOptions.spreadMs / 1000} s)\n`);
  const row = (name: string, r: typeof calm) => [name, `${r.succeeded}/${r.count}`, fmt(r.wallMs / 1000, 1), String(r.totalCalls),
    String(r.callsByOperation.StartRestoreJob ?? 0), String(r.callsByOperation.DescribeRestoreJob ?? 0),
    String(r.throttlesInjected), String(r.jobsStarted)];
  out.push(table(['run', 'succeeded', 'wall s', 'Backup calls', 'StartRestoreJob', 'DescribeRestoreJob', 'throttled', 'jobs started'], [
    row('no faults (baseline)', calm),
    row('20% of calls throttled', throttled),
    ['ratio', '', ratio(throttled.wallMs, calm.wallMs), ratio(throttled.totalCalls, calm.totalCalls), '', '', '', ''],
  ]));
  const failures = [...calm.failures.map(f => `baseline: ${f}`), ...throttled.failures.map(f => `throttled: ${f}`)];
  out.push(failures.length === 0
    ? 'All lifecycles succeeded; one restore job per lifecycle (idempotency held under throttling). Under this load every poll\'s real '
      + 'compute is stretched x5 in emulated time, so jobs see fewer polls than the ideal; wall-time differences between the two runs are noise.'
    : `FAILURES:\n  ${failures.slice(0, 20).join('\n  ')}`);
  const totalS = (Date.now() - started) / 1000;
  out.push(`\nTotal bench time: ${fmt(totalS, 0)} s. Nothing was deployed; AWS was simulated on 127.0.0.1.`);
  log(out.join('\n'));

  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: os.platform(),
    },
    synth,
    capacity: {
      ...capacity, iamInlinePolicyLimit: IAM_INLINE_POLICY_LIMIT, restoreJobPolicyBytes: rj.map(s => ({ n: s.n, bytes: s.largestPolicyBytes })),
    },
    handlers: init,
    bundleLayout: layout,
    latency,
    longWaits: long,
    lifecycles: { baseline: calm, throttled },
    totalSeconds: totalS,
  };
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  log(`Results: ${path.relative(ROOT, file)} (and bench-results/latest.json)`);
  return failures.length === 0 ? 0 : 1;
}

main().then(code => {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 3000).unref();
}, error => {
  console.error(error);
  process.exitCode = 1;
});
