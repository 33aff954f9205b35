/**
 * Handler bundle size and cold init: `node -e "require(<bundle>)"` in fresh processes, median wall time.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { median } from './synth-bench';

export interface InitSample {
  readonly name: string;
  readonly file?: string;
  readonly bytes?: number;
  readonly gzipBytes?: number;
  /** Median wall ms of the whole process (start, require, exit). */
  readonly processMs: number;
  /** processMs minus an empty `node -e ""` measured in the same run. */
  readonly initMs?: number;
  readonly samplesMs: readonly number[];
}

const ROOT = path.resolve(__dirname, '..', '..');

export const BUNDLES = {
  /** Both entry points of the RestoreJob provider (onEvent, isComplete): one bundle. */
  handler: path.join(ROOT, 'assets', 'restore-job-handler', 'restore-job.lambda', 'index.js'),
  awsCustomResource: path.join(ROOT, 'node_modules', 'aws-cdk-lib', 'custom-resource-handlers', 'dist', 'custom-resources', 'aws-custom-resource-handler', 'index.js'),
};

/** Wall time of `node -e <code>` (fresh process each time), interleaved rounds so drift hits every case alike. */
export function measureInit(cases: ReadonlyArray<{ name: string; code: string; file?: string }>, reps: number): InitSample[] {
  const env = { ...process.env, NODE_OPTIONS: '' };
  const samples = new Map<string, number[]>(cases.map(c => [c.name, []]));
  for (const c of cases) spawnSync(process.execPath, ['-e', c.code], { env }); // warm the page cache
  for (let r = 0; r < reps; r++) {
    for (const c of cases) {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, ['-e', c.code], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.status !== 0) throw new Error(`${c.name}: node -e failed: ${result.stderr?.toString().slice(0, 500)}`);
      samples.get(c.name)!.push(ms);
    }
  }
  return cases.map(c => {
    const file = c.file;
    const content = file ? fs.readFileSync(file) : undefined;
    return {
      name: c.name,
      file: file ? path.relative(ROOT, file) : undefined,
      bytes: content?.length,
      gzipBytes: content ? zlib.gzipSync(content, { level: 9 }).length : undefined,
      processMs: median(samples.get(c.name)!),
      samplesMs: samples.get(c.name)!,
    };
  });
}

/** Our handler bundle, the AwsCustomResource handler (alone, and with the Backup client it loads on first call), and an empty process. */
export function measureHandlers(reps: number): InitSample[] {
  const req = (file: string) => `require(${JSON.stringify(file)})`;
  const samples = measureInit([
    { name: 'empty node process', code: '' },
    { name: 'RestoreJob handler bundle (onEvent + isComplete)', code: req(BUNDLES.handler), file: BUNDLES.handler },
    { name: 'AwsCustomResource handler', code: req(BUNDLES.awsCustomResource), file: BUNDLES.awsCustomResource },
    {
      name: 'AwsCustomResource handler + @aws-sdk/client-backup',
      code: `${req(BUNDLES.awsCustomResource)};require(${JSON.stringify(require.resolve('@aws-sdk/client-backup'))})`,
    },
  ], reps);
  const empty = samples[0].processMs;
  return samples.map((s, i) => (i === 0 ? s : { ...s, initMs: s.processMs - empty }));
}
