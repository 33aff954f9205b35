/**
 * Benchmarks through the local AWS harness (test/local-aws): how soon CloudFormation hears about a completed
 * job and how many DescribeRestoreJob calls a job costs, and many concurrent lifecycles under throttling.
 */
import { randomUUID } from 'crypto';
import { Duration, Stack } from 'aws-cdk-lib';
import { median } from './synth-bench';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf } from '../../src/restore-job-handler/physical-id';
import { EventOutcome, FaultConfig, LocalAws, RequestInfo, startLocalAws } from '../../test/local-aws';

const ACCOUNT = '123456789012';
const rp = (tag: string, i: number) =>
  `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:${tag}${String(i).padStart(8 - tag.length, '0')}-0000-4000-8000-000000000000`;
const efs = () => RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true });

/** Collects Backup requests and attributes them to CloudFormation requests (through the Lambda trace id). */
class RequestLog {
  private readonly requests: RequestInfo[] = [];
  constructor(private readonly aws: LocalAws) {
    aws.backup.on('request', (r: RequestInfo) => this.requests.push(r));
  }

  public forRequest(requestId: string, operation: string): RequestInfo[] {
    return this.requests.filter(r => r.operation === operation && this.aws.lambda.invocationForTrace(r.traceId)?.requestId === requestId);
  }
}

export interface LatencyRow {
  readonly durationMinutes: number;
  readonly jobs: number;
  /** Median emulated seconds from the job's completion to CloudFormation receiving SUCCESS. */
  readonly responseAfterCompletionS: number;
  readonly responseAfterCompletionSamplesS: readonly number[];
  /** Median DescribeRestoreJob calls per job. */
  readonly describeCallsPerJob: number;
  /** Calls a waiter polling exactly every query interval would make: duration / interval + 1. */
  readonly idealDescribeCalls: number;
  /** Median emulated seconds between two DescribeRestoreJob calls of a job (the measured poll interval). */
  readonly pollIntervalS: number;
}

export interface LatencyResult {
  readonly clockScale: number;
  readonly queryIntervalS: number;
  readonly rows: readonly LatencyRow[];
  readonly realMs: number;
}

/** Jobs of several emulated durations (`reps` concurrent jobs per duration, durations one after another). */
export async function measureCompletionLatency(options: { durationsMinutes: readonly number[]; reps: number; clockScale: number }):
Promise<LatencyResult> {
  const started = Date.now();
  const queryIntervalS = 15;
  const aws = await startLocalAws({ clockScale: options.clockScale, seed: 'bench-latency' });
  try {
    const log = new RequestLog(aws);
    const id = (d: number, r: number) => `Wait${d}m${r}`;
    options.durationsMinutes.forEach((d, di) => {
      for (let r = 0; r < options.reps; r++) {
        aws.backup.seedRecoveryPoint({
          recoveryPointArn: rp(`D${di}`, r), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: d * 60 },
        });
      }
    });
    const driver = await aws.deploy((stack: Stack) => {
      options.durationsMinutes.forEach((d, di) => {
        for (let r = 0; r < options.reps; r++) {
          new RestoreJob(stack, id(d, r), { recoveryPoint: RecoveryPoint.fromArn(rp(`D${di}`, r)), metadata: efs() });
        }
      });
    }).prewarm(options.reps);

    const rows: LatencyRow[] = [];
    for (const d of options.durationsMinutes) {
      const outcomes = await Promise.all(Array.from({ length: options.reps }, (_, r) => driver.create(id(d, r), { requestId: randomUUID() })));
      const latencies: number[] = [];
      const calls: number[] = [];
      const gaps: number[] = [];
      for (const out of outcomes) {
        const response = out.response;
        if (response?.Status !== 'SUCCESS') throw new Error(`latency bench: ${d}-minute job failed: ${response?.Reason ?? 'no response'}`);
        const job = aws.backup.job(restoreJobIdOf(response.PhysicalResourceId!))!;
        latencies.push((response.receivedAt - job.completionDate!) / 1000);
        const describes = log.forRequest(out.event.RequestId, 'DescribeRestoreJob');
        calls.push(describes.length);
        describes.slice(1).forEach((r, i) => gaps.push((r.virtualStart - describes[i].virtualStart) / 1000));
      }
      rows.push({
        durationMinutes: d,
        jobs: outcomes.length,
        responseAfterCompletionS: median(latencies),
        responseAfterCompletionSamplesS: latencies,
        describeCallsPerJob: median(calls),
        idealDescribeCalls: Math.floor((d * 60) / queryIntervalS) + 1,
        pollIntervalS: gaps.length ? median(gaps) : NaN,
      });
    }
    return { clockScale: options.clockScale, queryIntervalS, rows, realMs: Date.now() - started };
  } finally {
    await aws.close();
  }
}

export interface LifecyclesResult {
  readonly count: number;
  readonly throttleRate: number;
  readonly clockScale: number;
  readonly spreadMs: number;
  readonly succeeded: number;
  readonly failures: readonly string[];
  readonly wallMs: number;
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly totalCalls: number;
  readonly throttlesInjected: number;
  readonly jobsStarted: number;
  readonly maxJobsPerToken: number;
  readonly lambdaInvocations: number;
  readonly sandboxes: number;
  readonly asyncRetries: number;
}

/**
 * `count` concurrent Create → Delete lifecycles in one stack (jobs of 1 to 3 emulated minutes), with a fraction
 * of all Backup calls throttled. The starts are spread over the first `spreadMs` real ms, as CloudFormation's own
 * pacing would, so 2 cores are not asked to cold-start 200 sandboxes in the same instant; every lifecycle still
 * overlaps all the others.
 */
export async function measureConcurrentLifecycles(options: { count: number; throttleRate: number; clockScale: number; spreadMs: number }):
Promise<LifecyclesResult> {
  const faults: FaultConfig = options.throttleRate > 0 ? { throttleRate: options.throttleRate } : {};
  const aws = await startLocalAws({ clockScale: options.clockScale, seed: `bench-lifecycles-${options.throttleRate}`, faults });
  try {
    for (let i = 0; i < options.count; i++) {
      aws.backup.seedRecoveryPoint({
        recoveryPointArn: rp('L', i), backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: 60 + (i % 3) * 60 },
      });
    }
    const driver = await aws.deploy((stack: Stack) => {
      for (let i = 0; i < options.count; i++) new RestoreJob(stack, `Job${i}`, { recoveryPoint: RecoveryPoint.fromArn(rp('L', i)), metadata: efs() });
    }).prewarm(2);

    const started = Date.now();
    const failures: string[] = [];
    let asyncRetries = 0;
    const judge = (what: string, out: EventOutcome) => {
      asyncRetries += out.asyncRetries;
      if (out.response?.Status !== 'SUCCESS' || out.timedOut) failures.push(`${what}: ${out.response?.Reason ?? (out.timedOut ? 'timed out' : 'no response')}`);
    };
    const results = await Promise.all(Array.from({ length: options.count }, async (_, i) => {
      await new Promise(resolve => setTimeout(resolve, (options.spreadMs * i) / options.count));
      const created = await driver.create(`Job${i}`);
      judge(`Job${i} create`, created);
      if (created.response?.Data?.Status !== 'COMPLETED') failures.push(`Job${i}: job not COMPLETED`);
      const deleted = await driver.delete(`Job${i}`);
      judge(`Job${i} delete`, deleted);
      return created.response?.Status === 'SUCCESS' && deleted.response?.Status === 'SUCCESS';
    }));
    const wallMs = Date.now() - started;
    const stats = aws.backup.stats();
    const maxJobsPerToken = Math.max(0, ...stats.jobsStartedByToken.values());
    if (stats.jobsStarted !== options.count) failures.push(`${stats.jobsStarted} jobs started for ${options.count} lifecycles`);
    if (maxJobsPerToken > 1) failures.push('an idempotency token started more than one job');
    return {
      count: options.count,
      throttleRate: options.throttleRate,
      clockScale: options.clockScale,
      spreadMs: options.spreadMs,
      succeeded: results.filter(Boolean).length,
      failures,
      wallMs,
      callsByOperation: stats.callsByOperation,
      totalCalls: Object.values(stats.callsByOperation).reduce((a, b) => a + b, 0),
      throttlesInjected: stats.injected.throttles,
      jobsStarted: stats.jobsStarted,
      maxJobsPerToken,
      lambdaInvocations: aws.lambda.invocations().length,
      sandboxes: aws.lambda.sandboxCount(),
      asyncRetries,
    };
  } finally {
    await aws.close();
  }
}

export interface LongWaitRow {
  readonly hours: number;
  /** The RestoreJob's resources: the one that starts the job and its wait links. */
  readonly resources: number;
  readonly describeCalls: number;
  /** Emulated seconds from the job's completion to the response of the link that saw it. */
  readonly responseAfterCompletionS: number;
  readonly realS: number;
}

/**
 * Restores of several emulated hours through the wait chain (timeout = duration + 1 h), one stack each: resources
 * per job, DescribeRestoreJob calls per job and how soon the completion is answered.
 */
export async function measureLongWaits(options: { hours: readonly number[]; clockScale: number }):
Promise<{ clockScale: number; rows: LongWaitRow[] }> {
  const aws = await startLocalAws({ clockScale: options.clockScale, seed: 'bench-long' });
  try {
    const describes: RequestInfo[] = [];
    aws.backup.on('request', (r: RequestInfo) => {
      if (r.operation === 'DescribeRestoreJob') describes.push(r);
    });
    const rows: LongWaitRow[] = [];
    for (const [i, hours] of options.hours.entries()) {
      const started = Date.now();
      const arn = rp('H', i);
      aws.backup.seedRecoveryPoint({ recoveryPointArn: arn, backupVaultName: 'Vault', resourceType: 'EFS', restore: { durationSeconds: hours * 3600 } });
      const driver = await aws.deploy((stack: Stack) => {
        new RestoreJob(stack, 'Archive', { recoveryPoint: RecoveryPoint.fromArn(arn), metadata: efs(), timeout: Duration.hours(hours + 1) });
      }, { stackName: `BenchLong${hours}h` }).prewarm(1);
      const out = await driver.createStack();
      if (out.stackStatus !== 'CREATE_COMPLETE') throw new Error(`long-wait bench: the ${hours}-hour restore ended ${out.stackStatus}`);
      const job = aws.backup.listJobs().find(j => j.recoveryPointArn === arn)!;
      const seen = out.events.find(e => e.outcome.response?.Data?.Status === 'COMPLETED')!;
      rows.push({
        hours,
        resources: 1 + driver.logicalIdsOfType('Custom::BackupRestoreJobWait').length,
        describeCalls: describes.filter(d => d.restoreJobId === job.restoreJobId).length,
        responseAfterCompletionS: (seen.outcome.response!.receivedAt - job.endsAt) / 1000,
        realS: (Date.now() - started) / 1000,
      });
    }
    return { clockScale: options.clockScale, rows };
  } finally {
    await aws.close();
  }
}
