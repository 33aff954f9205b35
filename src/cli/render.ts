/**
 * The report as text: one block per RestoreJob. Plain (ASCII, no escape sequences) when stdout is not a
 * terminal; with colours when it is.
 */
import type { JobView, RestoreJobRow, StackReport } from './status';

export interface RenderOptions {
  /** ANSI colours (a terminal that wants them). */
  readonly color: boolean;
}

const BAR_WIDTH = 20;
const LABEL_WIDTH = 16;

const ANSI = { reset: '\u001b[0m', bold: '\u001b[1m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', cyan: '\u001b[36m' };

/** The report's lines (no trailing newline). */
export function renderReport(report: StackReport, options: RenderOptions): string[] {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const count = report.jobs.length === 1 ? '1 restore job' : `${report.jobs.length} restore jobs`;
  const lines = [`Stack ${paint('bold', report.stackName)}  ${report.stackStatus}  (${count})`];
  if (report.jobs.length === 0) {
    lines.push('  No RestoreJob (Custom::BackupRestoreJob) in this stack.');
    return lines;
  }
  for (const row of report.jobs) {
    lines.push('');
    lines.push(...renderRow(row, paint));
  }
  return lines;
}

function renderRow(row: RestoreJobRow, paint: (code: keyof typeof ANSI, text: string) => string): string[] {
  const job = row.job;
  const status = jobStatus(row);
  const colour = status === 'COMPLETED' ? 'green' : status === 'FAILED' || status === 'ABORTED' ? 'red' : 'yellow';
  const head = [paint('bold', row.constructPath), paint(colour, status.padEnd(9))];
  if (job && job.status !== 'NOT_VISIBLE') head.push(progressBar(percentOf(job)), `${String(Math.floor(percentOf(job))).padStart(3)}%`);
  const eta = etaOf(job);
  if (eta) head.push(eta);

  const field = (label: string, value: string) => `  ${label.padEnd(LABEL_WIDTH)}${value}`;
  const lines = [head.join('  ')];
  lines.push(field('restore job', job ? job.restoreJobId + (row.jobSource === 'logs' ? '  (from the handler logs)' : '') : notYet(row)));
  let resource = `${row.resourceStatus}  ${row.logicalId}`;
  if (row.wait) resource += `  waiting, segment ${row.wait.segment} of ${row.wait.segments} (${row.wait.status})`;
  lines.push(field('resource', resource));
  lines.push(field('recovery point', job?.recoveryPointArn ?? '-'));
  lines.push(field('created', job?.createdResourceArn ?? '-'));
  if (job?.statusMessage) lines.push(field('message', paint('red', oneLine(job.statusMessage))));
  if (row.resourceStatusReason && row.failed) lines.push(field('reason', oneLine(row.resourceStatusReason)));
  return lines;
}

/** The status shown first: AWS Backup's, else what CloudFormation is doing. */
export function jobStatus(row: RestoreJobRow): string {
  if (row.job) return row.job.status;
  if (row.resourceStatus === 'NOT_STARTED') return 'WAITING';
  if (row.resourceStatus.endsWith('_IN_PROGRESS')) return 'STARTING';
  return row.failed ? 'FAILED' : 'UNKNOWN';
}

function notYet(row: RestoreJobRow): string {
  if (row.resourceStatus === 'NOT_STARTED') return '- (CloudFormation has not started this resource yet)';
  if (row.resourceStatus.endsWith('_IN_PROGRESS')) return '- (not started yet)';
  return '- (no job)';
}

function percentOf(job: JobView): number {
  if (job.status === 'COMPLETED') return 100;
  return Math.min(100, Math.max(0, job.percentDone ?? 0));
}

/** `[#########-----------]`: ASCII, so it reads the same in a log file. */
export function progressBar(percent: number, width = BAR_WIDTH): string {
  const filled = Math.round((Math.min(100, Math.max(0, percent)) / 100) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/**
 * `ETA ~14:32 UTC (expected 30 min)`: AWS Backup's ExpectedCompletionTimeMinutes is the job's expected duration,
 * counted from its creation. Only for a job that has not ended.
 */
function etaOf(job: JobView | undefined): string | undefined {
  if (!job || job.expectedCompletionTimeMinutes === undefined || ['COMPLETED', 'FAILED', 'ABORTED'].includes(job.status)) return undefined;
  const minutes = job.expectedCompletionTimeMinutes;
  if (!job.creationDate) return `ETA ${minutes} min`;
  const at = new Date(job.creationDate.getTime() + minutes * 60_000);
  return `ETA ~${at.toISOString().slice(11, 16)} UTC (expected ${minutes} min)`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
