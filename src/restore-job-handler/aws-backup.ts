/**
 * The handler's AWS Backup client, its retry policy and the invocation's time budget.
 *
 * The SDK's own retries are turned off (maxAttempts: 1) and replaced by one explicit loop: AWS Backup's
 * ServiceUnavailableException is retryable whatever HTTP status carries it, and one visible policy is
 * easier to reason about (and to test) than two stacked ones.
 *
 * Every call has a timeout of its own, and the whole loop is bounded by a deadline taken from Lambda's
 * remaining time less a margin to answer: a hung connection can cost one attempt, never the invocation
 * (Lambda kills an invocation at its timeout, and a killed handler answers nothing).
 */
import { BackupClient } from '@aws-sdk/client-backup';

export const backup = new BackupClient({ maxAttempts: 1 });

/**
 * Retry policy: exponential backoff with full jitter. In Lambda the invocation's budget bounds the retries (a
 * call is retried for as long as there is time to answer); outside Lambda, with no budget, `attempts` does.
 */
export const RETRY_POLICY = {
  attempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  /** One attempt never takes longer than this (a hung connection is abandoned and retried). */
  attemptTimeoutMs: 10_000,
  /** Time kept back from Lambda's remaining time to build and send the answer. */
  answerMarginMs: 15_000,
};

/** Lambda's invocation context, as far as the handlers use it. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** A point in time (Date.now() scale) by which an invocation must stop calling AWS. */
export class Budget {
  /** The budget of a Lambda invocation: its remaining time less the answer margin. */
  public static of(context: InvocationContext | undefined, now: number = Date.now()): Budget {
    const remaining = context?.getRemainingTimeInMillis?.();
    // Outside Lambda (unit tests, scripts) there is no kill: the attempt count bounds the loop.
    if (remaining === undefined || !Number.isFinite(remaining)) return new Budget(Number.POSITIVE_INFINITY);
    return new Budget(now + Math.max(0, remaining - RETRY_POLICY.answerMarginMs));
  }

  constructor(public readonly deadline: number) {}

  public remainingMs(now: number = Date.now()): number {
    return this.deadline - now;
  }
}

const RETRYABLE_NAMES = new Set([
  // AWS Backup
  'ServiceUnavailableException', 'DependencyFailureException',
  // throttling codes the SDK recognises
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'RequestThrottledError', 'BandwidthLimitExceeded', 'SlowDown',
  'PriorRequestNotComplete', 'EC2ThrottledException', 'ProvisionedThroughputExceededException',
  // transient transport errors, and an attempt abandoned by its own timeout
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalFailure', 'InternalServerError',
  'AttemptTimeout',
]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED']);

interface MaybeAwsError {
  readonly name?: string;
  readonly code?: string;
  readonly $retryable?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

/** Whether an error is worth retrying: throttling, ServiceUnavailable, DependencyFailure, 5xx, a dropped or hung connection. */
export function isRetryable(error: unknown): boolean {
  const e = (error ?? {}) as MaybeAwsError;
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code !== undefined && RETRYABLE_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  // A 200 whose body the SDK could not read (cut off mid-stream, not JSON): the answer was damaged on the way.
  if (e.name === 'SyntaxError' && (e as { $response?: unknown }).$response !== undefined) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status >= 500 || status === 429);
}

/** Delay before retry number `attempt` (1-based): full jitter over an exponential ceiling. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_POLICY.maxDelayMs, RETRY_POLICY.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** An attempt abandoned because it outlasted its timeout (retryable). */
export class AttemptTimeout extends Error {
  public readonly name = 'AttemptTimeout';
  constructor(operation: string, ms: number) {
    super(`${operation} did not answer within ${Math.round(ms / 1000)} s`);
  }
}

/** The call did not succeed within the invocation's budget; `lastError` is the last retryable error seen. */
export class BudgetExhausted extends Error {
  public readonly name = 'BudgetExhausted';
  constructor(operation: string, public readonly lastError: unknown, public readonly attempts: number) {
    super(`${operation} kept failing with retryable errors (${attempts} attempts; last: ${describeError(lastError)})`);
  }
}

/** A call that takes the abort signal its attempt timeout fires. */
export type AbortableCall<T> = (abortSignal: AbortSignal) => Promise<T>;

/**
 * Run `call`, retrying retryable errors with backoff and jitter until it succeeds or the budget's deadline comes
 * (without a budget: until the attempts run out); a non-retryable error is thrown at once. When retries are exhausted a
 * {@link BudgetExhausted} is thrown (its `lastError` is the AWS error), so callers can tell "AWS said no" from
 * "AWS did not answer in time".
 */
export async function withRetries<T>(operation: string, call: AbortableCall<T>, budget: Budget = new Budget(Number.POSITIVE_INFINITY)): Promise<T> {
  const maxAttempts = Number.isFinite(budget.deadline) ? Number.POSITIVE_INFINITY : RETRY_POLICY.attempts;
  for (let attempt = 1; ; attempt++) {
    const left = budget.remainingMs();
    try {
      return await withAttemptTimeout(operation, call, Math.max(1, Math.min(RETRY_POLICY.attemptTimeoutMs, left)));
    } catch (error) {
      if (!isRetryable(error)) throw error;
      const delay = backoffDelay(attempt);
      if (attempt >= maxAttempts || budget.remainingMs() - delay <= 0) {
        throw new BudgetExhausted(operation, error, attempt);
      }
      log('warn', `${operation} failed with a retryable error; retrying`, {
        error: (error as Error).name, attempt, delayMs: delay,
      });
      await sleep(delay);
    }
  }
}

async function withAttemptTimeout<T>(operation: string, call: AbortableCall<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeout(operation, ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** One JSON log line. Callers pass metadata keys at most, never metadata values. */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}

/** `Name: message` of an AWS error, for CloudFormation's status reason. */
export function describeError(error: unknown): string {
  const e = error as Error;
  if (e instanceof BudgetExhausted) return describeError(e.lastError);
  return e?.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : String(e?.message ?? error);
}

/** The AWS error code of an error (`name`), also through a {@link BudgetExhausted}. */
export function errorName(error: unknown): string | undefined {
  if (error instanceof BudgetExhausted) return errorName(error.lastError);
  return (error as { name?: string } | undefined)?.name;
}
