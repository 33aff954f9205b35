/**
 * Fault soak in CI: 120 seeded randomized lifecycles through the local AWS harness (throttles, 5xx,
 * DependencyFailureException, hung connections, lost StartRestoreJob answers, latency, duplicated deliveries,
 * crashes after StartRestoreJob, failed/aborted jobs, timeouts, rollbacks after updates, timeout-only updates of
 * jobs that failed since, DescribeRestoreJob outages, jobs not visible yet). The full-size run is `npx projen soak` (500 lifecycles). Needs `npx projen bundle`.
 */
import { formatSoakReport, planLifecycle, runSoak } from './local-aws/soak';

jest.setTimeout(120_000);

test('the lifecycle plan is a pure function of the seed', () => {
  const a = Array.from({ length: 50 }, (_, i) => planLifecycle(11, i));
  const b = Array.from({ length: 50 }, (_, i) => planLifecycle(11, i));
  const c = Array.from({ length: 50 }, (_, i) => planLifecycle(12, i));
  expect(a).toEqual(b);
  expect(a).not.toEqual(c);
});

test('120 randomized lifecycles keep every invariant', async () => {
  const report = await runSoak({ count: 120, seed: 20260101, concurrency: 6 });
  // Shown in CI logs: what ran and what was injected.
  console.log(formatSoakReport(report));

  expect(report.lifecycles).toBe(120);
  expect(report.eventsWithoutResponse).toBe(0);
  expect(report.eventsWhoseResponsesDisagree).toBe(0);
  expect(report.maxJobsStartedPerRequest).toBeLessThanOrEqual(1);
  expect(report.unattributedJobs).toBe(0);
  expect(report.lifecyclesLeftWaiting).toBe(0);
  expect(report.extraJobs).toBe(0);
  expect(report.failedWhileJobCompleted).toBe(0);
  expect(report.stacksRollbackFailed).toBe(0);
  expect(report.responsesOver4096).toBe(0);
  expect(report.invocationsKilledByTimeout).toBe(0);
  expect(report.surprises).toEqual([]);
  // The run really exercised the faults it claims to.
  expect(report.mix.duplicateCreate).toBeGreaterThan(5);
  expect(report.mix.crashAfterStart).toBeGreaterThan(5);
  expect(report.mix.TIMEOUT).toBeGreaterThan(5);
  expect(report.mix.FAILED + report.mix.ABORTED).toBeGreaterThan(5);
  expect(report.injected.crashes).toBe(report.mix.crashAfterStart);
  expect(report.injected.throttles).toBeGreaterThan(10);
  expect(report.injected.serverErrors).toBeGreaterThan(10);
  expect(report.injected.serverErrorsAfterStart).toBeGreaterThan(0);
  expect(report.mix.rollback).toBeGreaterThan(5);
  expect(report.mix.NO_WAIT_FAILS).toBeGreaterThan(3);
  expect(report.mix.describeOutage).toBeGreaterThan(2);
  expect(report.mix.notVisibleYet).toBeGreaterThan(5);
  expect(report.injected.outageErrors).toBeGreaterThan(20);
  expect(report.injected.notVisibleYet).toBeGreaterThan(0);
  expect(report.injected.hangs).toBeGreaterThan(0);
  expect(report.injected.dependencyFailures).toBeGreaterThan(0);
});
