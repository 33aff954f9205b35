/**
 * The handler's AWS Backup client and its retry policy.
 *
 * The SDK's own retries are turned off (maxAttempts: 1) and replaced by one explicit loop: AWS Backup's
 * ServiceUnavailableException is retryable whatever HTTP status carries it, and one visible policy is
 * easier to reason about (and to test) than two stacked ones.
 */
import { BackupClient } from '@aws-sdk/client-backup';

export const backup = new BackupClient({ maxAttempts: 1 });

/** Retry policy: exponential backoff with full jitter. Worst case ≈ 30 s, well inside the Lambda timeout. */
export const RETRY_POLICY = {
  attempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

const RETRYABLE_NAMES = new Set([
  // AWS Backup
  'ServiceUnavailableException',
  // throttling codes the SDK recognises
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'RequestThrottledError', 'BandwidthLimitExceeded', 'SlowDown',
  'PriorRequestNotComplete', 'EC2ThrottledException', 'ProvisionedThroughputExceededException',
  // transient transport errors
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalFailure', 'InternalServerError',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

interface MaybeAwsError {
  readonly name?: string;
  readonly code?: string;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Whether an error is worth retrying: throttling, ServiceUnavailable, 5xx, or a dropped connection. */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as MaybeAwsError;
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code !== undefined && RETRYABLE_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}

/** Delay before retry number `attempt` (1-based): full jitter over an exponential ceiling. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Run `call`, retrying retryable errors with backoff and jitter; any other error is thrown at once. */
export async function withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error) || attempt >= RETRY_POLICY.attempts) throw error;
      const delay = backoffDelay(attempt);
      log('warn', `${operation} failed with a retryable error; retrying`, {
        error: (error as Error).name, attempt, delayMs: delay,
      });
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

/** One JSON log line. Callers pass metadata keys at most, never metadata values. */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}

/** `Name: message` of an AWS error, for CloudFormation's status reason. */
export function describeError(error: unknown): string {
  const e = error as Error;
  return e?.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : String(e?.message ?? error);
}
