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
  readonly single: LayoutRow;
}

/** The bundle task's esbuild command (.projen/tasks.json), with another entry point and output file. */
function esbuild(entry: string, outfile: string): void {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks;
  const command: string = tasks[BUNDLE_TASK].steps[0].exec;
  const args = command.split(/\s+/).slice(1).map(arg => (arg === ENTRY ? entry : arg.startsWith('--outfile=') ? `--outfile=${outfile}` : arg));
  if (!args.includes(entry)) throw new Error(`${BUNDLE_TASK} no longer bundles ${ENTRY}: update scripts/lib/bundle-layout.ts`);
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`esbuild ${entry} failed: ${result.stderr}`);
}

export function measureBundleLayout(reps: number): BundleLayoutResult {
  if (!fs.existsSync(BUNDLES.handler)) throw new Error('handler bundle missing: run npx projen bundle');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-layout-'));
  try {
    const baseline = {
      onEvent: path.join(dir, 'restore-on-event.lambda', 'index.js'),
      isComplete: path.join(dir, 'restore-is-complete.lambda', 'index.js'),
    };
    esbuild(BASELINE_ENTRIES.onEvent, baseline.onEvent);
    esbuild(BASELINE_ENTRIES.isComplete, baseline.isComplete);

    // The single bundle twice (as onEvent's and as isComplete's code): the same file, so the two rows show the noise.
    const req = (file: string) => `require(${JSON.stringify(file)})`;
    const [empty, single, singleAgain, onEvent, isComplete] = measureInit([
      { name: 'empty node process', code: '' },
      { name: 'one bundle (onEvent)', code: `${req(BUNDLES.handler)}.onEvent`, file: BUNDLES.handler },
      { name: 'one bundle (isComplete)', code: `${req(BUNDLES.handler)}.isComplete`, file: BUNDLES.handler },
      { name: 'baseline onEvent bundle', code: req(baseline.onEvent), file: baseline.onEvent },
      { name: 'baseline isComplete bundle', code: req(baseline.isComplete), file: baseline.isComplete },
    ], reps);
    const init = (s: { processMs: number }) => s.processMs - empty.processMs;
    return {
      reps,
      emptyProcessMs: empty.processMs,
      baseline: {
        layout: 'one bundle per entry point (baseline, built in this run)',
        assets: 2,
        bytes: onEvent.bytes! + isComplete.bytes!,
        gzipBytes: onEvent.gzipBytes! + isComplete.gzipBytes!,
        onEventInitMs: init(onEvent),
        isCompleteInitMs: init(isComplete),
      },
      single: {
        layout: 'one bundle, both entry points (shipped)',
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
    rows: [row(b), row(s), ['ratio (shipped / baseline)', ratio(s.assets, b.assets), ratio(s.bytes, b.bytes), ratio(s.gzipBytes, b.gzipBytes),
      ratio(s.onEventInitMs, b.onEventInitMs), ratio(s.isCompleteInitMs, b.isCompleteInitMs)]],
  };
}

if (require.main === module) {
  const result = measureBundleLayout(Number(process.argv[2] ?? 15));
  const { headers, rows } = bundleLayoutTable(result);
  process.stdout.write(`${[headers.join(' | '), ...rows.map(r => r.join(' | '))].join('\n')}\n`);
  process.stdout.write(`(${result.reps} rounds; empty node process ${result.emptyProcessMs.toFixed(1)} ms)\n`);
}
