import { awsError } from './fixtures';
import { backoffDelay, isRetryable, RETRY_POLICY } from '../../src/restore-job-handler/aws-backup';

describe('isRetryable', () => {
  test.each([
    ['ServiceUnavailableException', 400],
    ['ServiceUnavailableException', 500],
    ['ThrottlingException', 400],
    ['TooManyRequestsException', 429],
    ['InternalFailure', 500],
  ])('%s (HTTP %d) is retried', (name, status) => {
    expect(isRetryable(awsError(name, 'x', status))).toBe(true);
  });

  test.each([
    'InvalidParameterValueException', 'MissingParameterValueException', 'ResourceNotFoundException', 'InvalidRequestException', 'AccessDeniedException',
  ])('%s is not retried', name => {
    expect(isRetryable(awsError(name, 'x', 400))).toBe(false);
  });

  test('an unnamed 5xx and a dropped connection are retried', () => {
    expect(isRetryable(awsError('UnknownError', 'x', 502))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });
});

describe('backoffDelay', () => {
  test('full jitter under an exponential ceiling capped at maxDelayMs', () => {
    const top = () => 0.999999;
    expect(backoffDelay(1, top)).toBe(RETRY_POLICY.baseDelayMs - 1);
    expect(backoffDelay(3, top)).toBe(RETRY_POLICY.baseDelayMs * 4 - 1);
    expect(backoffDelay(20, top)).toBe(RETRY_POLICY.maxDelayMs - 1);
    expect(backoffDelay(5, () => 0)).toBe(0);
  });

  test('the whole retry budget stays far inside the handler timeout (2 minutes)', () => {
    let worst = 0;
    for (let attempt = 1; attempt < RETRY_POLICY.attempts; attempt++) worst += backoffDelay(attempt, () => 1);
    expect(worst).toBeLessThan(60_000);
  });
});
