/**
 * Failure reasons that reach CloudFormation whole.
 *
 * CloudFormation rejects a custom-resource response over 4096 bytes ("Response object is too long") and then
 * shows nothing of the reason. The Provider framework builds the FAILED response from the error a handler
 * throws: `Reason` is the error message, a `Logs: /aws/lambda/<function>` line, and the rest of the error's
 * stack trace (Lambda's `trace`) — so a multi-line message would travel twice. Here a failure becomes one
 * line, cut to what is left of 4096 bytes once everything else the response carries is counted, and its
 * stack is that one line, so the trace adds nothing.
 */
import { RestoreInputError } from './request';
import type { CustomResourceRequest } from './request';

/** CloudFormation's limit on a custom resource response body. */
export const MAX_RESPONSE_BYTES = 4096;
/** Kept free for what we cannot see from here (the framework's JSON spacing, a longer marker id). */
const SAFETY_BYTES = 96;
/** The physical id the framework answers with when a Create fails before one exists. */
const CREATE_FAILED_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';

/** A list of problems in one line: as many as fit, then "and N more". */
export function joinProblems(problems: readonly string[], maxBytes: number): string {
  if (problems.length === 1) return problems[0];
  const head = `${problems.length} problems: `;
  let text = head;
  for (let i = 0; i < problems.length; i++) {
    const part = `${i > 0 ? ' | ' : ''}(${i + 1}) ${problems[i]}`;
    const more = problems.length - i - 1;
    const tail = more > 0 ? ` | and ${more} more` : '';
    if (jsonBytes(text + part + tail) > maxBytes && i > 0) {
      return `${text} | and ${problems.length - i} more`;
    }
    text += part;
  }
  return text;
}

/** The bytes a string takes inside a JSON document (escapes counted). */
export function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
}

/** Cut `text` to at most `maxBytes` JSON bytes, saying how much was cut. */
export function cut(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  const marker = (n: number) => ` …(cut: ${n} more characters)`;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(text.slice(0, mid) + marker(text.length - mid)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return text.slice(0, low) + marker(text.length - low);
}

/** How many bytes of the response are left for the error message, given the event the framework answers. */
export function messageBudget(event: Partial<CustomResourceRequest>, physicalResourceId?: string, data?: unknown): number {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'x'.repeat(64);
  const logsLine = `\n\nLogs: /aws/lambda/${functionName}\n`;
  const fixed = JSON.stringify({
    Status: 'FAILED',
    Reason: logsLine,
    StackId: event.StackId,
    RequestId: event.RequestId,
    PhysicalResourceId: physicalResourceId ?? event.PhysicalResourceId ?? CREATE_FAILED_MARKER,
    LogicalResourceId: event.LogicalResourceId,
    NoEcho: false,
    Data: data,
  });
  return MAX_RESPONSE_BYTES - Buffer.byteLength(fixed, 'utf8') - SAFETY_BYTES;
}

/**
 * The error to throw for a failure: one line, cut to fit the response the framework will build from it, with
 * a stack of that one line.
 */
export function failure(message: string, event: Partial<CustomResourceRequest>, physicalResourceId?: string): Error {
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  const error = new Error(cut(oneLine, messageBudget(event, physicalResourceId)));
  error.stack = `Error: ${error.message}`;
  return error;
}

/**
 * The error a handler throws for any failure: input problems as one line that lists as many as fit ("and N
 * more"), anything else as its one-line message; both cut to the response's budget.
 */
export function toFailure(error: unknown, event: Partial<CustomResourceRequest>, physicalResourceId?: string): Error {
  if (error instanceof RestoreInputError) {
    return failure(joinProblems(error.problems, messageBudget(event, physicalResourceId)), event, physicalResourceId);
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure(message, event, physicalResourceId);
}
