/**
 * DescribeRestoreJob as both waiting resources need it: a fault that outlasts one invocation's retries, or a job
 * not visible yet right after its start, is "not complete yet" (`undefined`), never a failure; only a fault
 * that lasts until the wait's own timeout fails.
 */
import { DescribeRestoreJobCommand, DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { backup, Budget, BudgetExhausted, describeError, errorName, log, withRetries } from './aws-backup';
import { MAX_LONG_WAIT_SECONDS, MAX_WAIT_SECONDS } from '../validation/limits';

/** How long after StartRestoreJob a job AWS Backup does not describe yet counts as "not visible yet". */
export const VISIBILITY_GRACE_MS = 5 * 60_000;

export interface DescribeContext {
  /** Whether this request started the job (only then can the job be too new to be visible). */
  readonly startedHere: boolean;
  /** Since this request began waiting (ms), when known. */
  readonly sinceStartMs?: number;
  /** The wait's timeout: a fault lasting until then is real. */
  readonly timeoutSeconds: number;
  /** The job's age (ms), when known: the timeout counts from the job's creation. @default sinceStartMs */
  readonly elapsedMs?: number;
}

/** The job, or `undefined` when this poll cannot tell yet (ask again at the next poll). */
export async function describeJob(
  restoreJobId: string, context: DescribeContext, budget: Budget,
): Promise<DescribeRestoreJobCommandOutput | undefined> {
  const { sinceStartMs } = context;
  const elapsedMs = context.elapsedMs ?? sinceStartMs;
  try {
    return await withRetries('DescribeRestoreJob',
      abortSignal => backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId }), { abortSignal }), budget);
  } catch (error) {
    if (error instanceof BudgetExhausted) {
      if (elapsedMs !== undefined && elapsedMs >= context.timeoutSeconds * 1000) {
        throw new Error(`DescribeRestoreJob kept failing for restore job ${restoreJobId} until this RestoreJob's timeout of ${context.timeoutSeconds} s: ${describeError(error)}. ` +
          'The job goes on in AWS Backup; check it in the AWS Backup console.');
      }
      log('warn', 'DescribeRestoreJob kept failing with retryable errors in this invocation; asking again at the next poll', {
        restoreJobId, error: errorName(error), attempts: error.attempts,
      });
      return undefined;
    }
    if (errorName(error) === 'ResourceNotFoundException' && context.startedHere && sinceStartMs !== undefined && sinceStartMs < VISIBILITY_GRACE_MS) {
      log('info', 'restore job not visible yet (eventual consistency); asking again at the next poll', { restoreJobId, sinceStartSeconds: Math.floor(sinceStartMs / 1000) });
      return undefined;
    }
    throw Object.assign(new Error(`DescribeRestoreJob failed for restore job ${restoreJobId}: ${describeError(error)}`), { awsErrorName: errorName(error) });
  }
}

/** The failure of a job that ended FAILED or ABORTED: AWS's StatusMessage first. */
export function jobEndedError(restoreJobId: string, job: DescribeRestoreJobCommandOutput): Error {
  log('error', 'restore job did not complete', { restoreJobId, status: job.Status, statusMessage: job.StatusMessage });
  return new Error(`Restore job ${restoreJobId} ${job.Status}: ${job.StatusMessage ?? '(AWS Backup gave no status message)'}`);
}

/** One log line per look at a running job: progress, never metadata. */
export function logProgress(restoreJobId: string, job: DescribeRestoreJobCommandOutput, elapsedSeconds: number | undefined,
  timeoutSeconds: number, extra: Record<string, unknown> = {}): void {
  log('info', 'restore job in progress', {
    restoreJobId,
    status: job.Status,
    percentDone: job.PercentDone,
    expectedCompletionTimeMinutes: job.ExpectedCompletionTimeMinutes,
    elapsedSeconds,
    timeoutSeconds,
    ...extra,
  });
}

/** The failure of a wait that outlasted the RestoreJob's timeout: what happened, and what to do. */
export function stillRunningError(
  restoreJobId: string, job: DescribeRestoreJobCommandOutput | undefined, elapsedSeconds: number, timeoutSeconds: number,
): Error {
  return new Error(
    `Restore job ${restoreJobId} is still ${job?.Status ?? 'running'} (${job?.PercentDone ?? '?'}% done) after ${elapsedSeconds} s, ` +
    `past this RestoreJob's timeout of ${timeoutSeconds} s. ` +
    'The job goes on in AWS Backup and its resource appears when it completes, but this deploy stops waiting. ' +
    `Fix: raise \`timeout\` (at most ${MAX_LONG_WAIT_SECONDS / 3600} hours; past ${MAX_WAIT_SECONDS / 60} minutes the RestoreJob waits in a chain of wait resources), ` +
    'or set `waitForCompletion: false`, and follow the job in the AWS Backup console or with `npx cdk-backup-restore status`.');
}
