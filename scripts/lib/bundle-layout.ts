/**
 * The handler bundle layout against its baseline, built in the same run: one bundle exporting both Provider entry
 * points (what ships: assets/restore-job-handler/restore-job.lambda) vs one bundle per entry point (the layout
 * before it, rebuilt here from the same two handler modules with the same esbuild command). Bytes a stack uploads,
 * and the cold init of each function: `require(<bundle>)` in a fresh Node process, median, minus an empty process.
 *
 * On its own: `npx projen bundle && npx ts-node --transpile-only --project test/tsconfig.json scripts/lib/bundle-layout.ts`
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUNDLES, measureInit } from './cold-init';

const ROOT = path.resolve(__dirname, '..', '..');
const BUNDLE_TASK = 'bundle:restore-job-handler/restore-job.lambda';
/** The entry point of the shipped bundle, and the two modules it re-exports (the baseline's entry points). */
const ENTRY = 'src/restore-job-handler/restore-job.lambda.ts';
const BASELINE_ENTRIES = {
  onEvent: 'src/restore-job-handler/restore-on-event.lambda.ts',
  isComplete: 'src/restore-job-handler/restore-is-complete.lambda.ts',
};

export interface LayoutRow {
  readonly layout: string;
  /** Lambda code assets per stack. */
  readonly assets: number;
  /** Bytes of all the layout's bundles (what a stack uploads, before zip). */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Cold init of each function's code (median ms, minus an empty node process). */
  readonly onEventInitMs: number;
  readonly isCompleteInitMs: number;
}

export interface BundleLayoutResult {
  readonly reps: number;
  readonly emptyProcessMs: number;
  readonly baseline: LayoutRow;
  readonly singleCommonjs: LayoutRow;
  readonly single: LayoutRow;
}

/**
 * The bundle task's build (scripts/bundle-handler.js), with another entry point and output file; `commonjsSdk`: the
 * SDK clients' CommonJS builds, as the handler was bundled before (no tree-shaking of the SDK).
 */
function esbuild(entry: string, outfile: string, commonjsSdk = false): void {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  const command: string = tasks[BUNDLE_TASK].steps[0].exec;
  if (command !== 'node scripts/bundle-handler.js') throw new Error(`${BUNDLE_TASK} no longer runs scripts/bundle-handler.js: update scripts/lib/bundle-layout.ts`);
  const args = ['scripts/bundle-handler.js', `--entry=${entry}`, `--outfile=${outfile}`, ...(commonjsSdk ? ['--commonjs-sdk'] : [])];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bundling ${entry} failed: ${result.stderr}`);
}

export function measureBundleLayout(reps: number): BundleLayoutResult {
  if (!fs.existsSync(BUNDLES.handler)) throw new Error('handler bundle missing: run npx projen bundle');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-layout-'));
  try {
    const baseline = {
      onEvent: path.join(dir, 'restore-on-event.lambda', 'index.js'),
      isComplete: path.join(dir, 'restore-is-complete.lambda', 'index.js'),
    };
    // The layout before: one bundle per entry point, the SDK's CommonJS builds.
    esbuild(BASELINE_ENTRIES.onEvent, baseline.onEvent, true);
    esbuild(BASELINE_ENTRIES.isComplete, baseline.isComplete, true);
    // One bundle, the SDK's CommonJS builds: what one bundle alone saves, without the SDK tree-shaking.
    const singleCommonjs = path.join(dir, 'restore-job.lambda-cjs', 'index.js');
    esbuild(ENTRY, singleCommonjs, true);

    // The single bundle twice (as onEvent's and as isComplete's code): the same file, so the two rows show the noise.
    const req = (file: string) => `require(${JSON.stringify(file)})`;
    const [empty, single, singleAgain, onEvent, isComplete, cjs] = measureInit([
      { name: 'empty node process', code: '' },
      { name: 'one bundle (onEvent)', code: `${req(BUNDLES.handler)}.onEvent`, file: BUNDLES.handler },
      { name: 'one bundle (isComplete)', code: `${req(BUNDLES.handler)}.isComplete`, file: BUNDLES.handler },
      { name: 'baseline onEvent bundle', code: req(baseline.onEvent), file: baseline.onEvent },
      { name: 'baseline isComplete bundle', code: req(baseline.isComplete), file: baseline.isComplete },
      { name: 'one bundle, CommonJS SDK', code: `${req(singleCommonjs)}.onEvent`, file: singleCommonjs },
    ], reps);
    const init = (s: { processMs: number }) => s.processMs - empty.processMs;
    return {
      reps,
      emptyProcessMs: empty.processMs,
      baseline: {
        layout: 'one bundle per entry point, SDK CommonJS builds (baseline: the layout before, built in this run)',
        assets: 2,
        bytes: onEvent.bytes! + isComplete.bytes!,
        gzipBytes: onEvent.gzipBytes! + isComplete.gzipBytes!,
        onEventInitMs: init(onEvent),
        isCompleteInitMs: init(isComplete),
      },
      singleCommonjs: {
        layout: 'one bundle, both entry points, SDK CommonJS builds',
        assets: 1,
        bytes: cjs.bytes!,
        gzipBytes: cjs.gzipBytes!,
        onEventInitMs: init(cjs),
        isCompleteInitMs: init(cjs),
      },
      single: {
        layout: 'one bundle, both entry points, SDK ES-module builds tree-shaken (shipped)',
        assets: 1,
        bytes: single.bytes!,
        gzipBytes: single.gzipBytes!,
        onEventInitMs: init(single),
        isCompleteInitMs: init(singleAgain),
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows for the bench's table: the baseline, the shipped layout, and shipped / baseline. */
export function bundleLayoutTable(r: BundleLayoutResult): { headers: string[]; rows: string[][] } {
  const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);
  const row = (x: LayoutRow) => [x.layout, String(x.assets), fmt(x.bytes), fmt(x.gzipBytes), fmt(x.onEventInitMs, 1), fmt(x.isCompleteInitMs, 1)];
  const b = r.baseline;
  const s = r.single;
  return {
    headers: ['layout', 'assets per stack', 'bytes', 'gzip bytes', 'onEvent cold init ms', 'isComplete cold init ms'],
    rows: [row(b), row(r.singleCommonjs), row(s), ['ratio (shipped / baseline)', ratio(s.assets, b.assets), ratio(s.bytes, b.bytes), ratio(s.gzipBytes, b.gzipBytes),
      ratio(s.onEventInitMs, b.onEventInitMs), ratio(s.isCompleteInitMs, b.isCompleteInitMs)]],
  };
}

if (require.main === module) {
  const result = measureBundleLayout(Number(process.argv[2] ?? 15));
  const { headers, rows } = bundleLayoutTable(result);
  process.stdout.write(`${[headers.join(' | '), ...rows.map(r => r.join(' | '))].join('\n')}\n`);
  process.stdout.write(`(${result.reps} rounds; empty node process ${result.emptyProcessMs.toFixed(1)} ms)\n`);
}
