/**
 * Fault soak: seeded, reproducible randomized lifecycles of Custom::BackupRestoreJob (Create, sometimes an
 * Update with or without a restore-input change, then Delete) under throttles, 5xx, lost StartRestoreJob
 * answers, latency, duplicated deliveries, crashes right after StartRestoreJob, and jobs that fail, abort
 * or outlast their timeout. Used by scripts/soak.ts and test/soak.test.ts.
 *
 * What an independent review found added: CloudFormation rollbacks (a later resource fails after an update,
 * with or without a restore-input change), timeout-only updates of not-waited-for jobs that FAILED since,
 * DescribeRestoreJob outages longer than one invocation's retries, jobs not visible right after their start,
 * hung connections and DependencyFailureException.
 *
 * Invariants: every event gets a response; the responses to one event agree; no CloudFormation request
 * starts more than one restore job, and no lifecycle more than its create and input-changing update need
 * (rollbacks included); no resource FAILED while its job COMPLETED within its timeout; no stack ends in
 * *_ROLLBACK_FAILED; no response over 4096 bytes; no invocation killed by Lambda's timeout; nothing is left
 * waiting at the end. The plan of each lifecycle is a pure function of (seed, index), and fault draws are
 * keyed by request, so a seed reproduces a run.
 */
import type { RestoreJobView, StartInfo } from './backup-emulator';
import type { CloudFormationDriver, EventOutcome } from './cfn-driver';
import { LocalAws, startLocalAws } from './local-aws';
import { Rng } from './rng';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';
import { restoreJobIdOf as jobIdOf } from '../../src/restore-job-handler/physical-id';

export interface SoakOptions {
  /** Lifecycles to run. @default 500 */
  readonly count?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Lifecycles in flight at once. @default 6 */
  readonly concurrency?: number;
  /**
   * Virtual seconds per real second. Real work (cold starts under load above all) is stretched by this
   * factor in virtual time; 300 keeps a loaded 2-core machine well inside CloudFormation's 1-hour budget.
   * @default 300
   */
  readonly clockScale?: number;
  /** Called after each lifecycle (progress display). */
  readonly onLifecycle?: (done: number, total: number, result: LifecycleResult) => void;
  /** Called before the harness closes, to inspect it (counters, invocations, logs). */
  readonly beforeClose?: (aws: LocalAws, results: readonly LifecycleResult[]) => void;
}

/** NO_WAIT_FAILS: not waited for, and the job FAILS after the create answered (then a timeout-only update). */
export type PlannedOutcome = 'COMPLETED' | 'FAILED' | 'ABORTED' | 'TIMEOUT' | 'NO_WAIT' | 'NO_WAIT_FAILS';

export interface LifecyclePlan {
  readonly index: number;
  readonly outcome: PlannedOutcome;
  readonly durationSeconds: number;
  readonly duplicateCreate: boolean;
  readonly crashAfterStart: boolean;
  readonly update?: 'restore-input' | 'no-restore-input';
  /** A later resource of the update fails: CloudFormation rolls this one back. */
  readonly rollback: boolean;
  /** DescribeRestoreJob fails for this long (virtual s) from the job's first minute: longer than an invocation's retries. */
  readonly describeOutageSeconds: number;
  /** The job is not visible to DescribeRestoreJob for this long after its start (virtual s). */
  readonly invisibleSeconds: number;
}

export interface LifecycleResult {
  readonly plan: LifecyclePlan;
  readonly events: EventOutcome[];
  /** What went differently from the plan (empty when all is as expected). */
  readonly surprises: string[];
  readonly extraJobs: number;
  readonly failedWhileJobCompleted: number;
  readonly rollbackFailed: boolean;
}

export interface SoakReport {
  readonly seed: number;
  readonly lifecycles: number;
  readonly events: number;
  readonly eventsWithoutResponse: number;
  readonly eventsWhoseResponsesDisagree: number;
  /** What differed, per disagreeing event. */
  readonly disagreements: string[];
  /** The most restore jobs any single Create/Update request started. */
  readonly maxJobsStartedPerRequest: number;
  readonly requestsWithMoreThanOneJob: number;
  /** Jobs the harness could not attribute to a CloudFormation request (should be 0). */
  readonly unattributedJobs: number;
  readonly lifecyclesLeftWaiting: number;
  /** Jobs beyond the one each create and input-changing update needs (rollbacks need none). */
  readonly extraJobs: number;
  /** Create/Update/rollback responses FAILED although their job COMPLETED within the resource's timeout. */
  readonly failedWhileJobCompleted: number;
  readonly stacksRollbackFailed: number;
  readonly responsesOver4096: number;
  readonly invocationsKilledByTimeout: number;
  readonly unexpectedOutcomes: number;
  readonly surprises: string[];
  readonly mix: Record<string, number>;
  readonly injected: Record<string, number>;
  readonly realMs: number;
}

const SLOTS_PER_CONCURRENCY = 1;
const FAILED_MESSAGE = 'Soak: the restore role is not authorized (example).';
const ABORTED_MESSAGE = 'Soak: restore job aborted (example).';

/** The plan of lifecycle `index`: a pure function of (seed, index). */
export function planLifecycle(seed: number, index: number): LifecyclePlan {
  const rng = new Rng(`soak|${seed}|${index}`);
  const roll = rng.next();
  const outcome: PlannedOutcome = roll < 0.58 ? 'COMPLETED' : roll < 0.68 ? 'FAILED' : roll < 0.76 ? 'ABORTED'
    : roll < 0.84 ? 'TIMEOUT' : roll < 0.91 ? 'NO_WAIT' : 'NO_WAIT_FAILS';
  // A NO_WAIT_FAILS job fails only after the create answered (crash retries and invisibility take minutes).
  const durationSeconds = outcome === 'TIMEOUT' || outcome === 'NO_WAIT' ? 4 * 3600 : outcome === 'NO_WAIT_FAILS' ? rng.int(600, 900) : rng.int(30, 300);
  const duplicateCreate = rng.chance(0.15);
  const crashAfterStart = rng.chance(0.12);
  const updateRoll = rng.next();
  const update = outcome === 'NO_WAIT_FAILS' ? 'no-restore-input'
    : outcome === 'COMPLETED' && updateRoll < 0.5 ? (updateRoll < 0.28 ? 'restore-input' : 'no-restore-input') : undefined;
  const rollback = update !== undefined && rng.chance(0.5);
  const describeOutageSeconds = outcome === 'COMPLETED' && rng.chance(0.1) ? rng.int(300, 900) : 0;
  const invisibleSeconds = rng.chance(0.1) ? rng.int(20, 120) : 0;
  return { index, outcome, durationSeconds, duplicateCreate, crashAfterStart, update, rollback, describeOutageSeconds, invisibleSeconds };
}

function recoveryPointArn(seed: number, index: number): string {
  const hex = (seed * 1_000_003 + index).toString(16).padStart(12, '0').slice(-12);
  return `arn:aws:backup:us-east-1:123456789012:recovery-point:50A50A50-0000-4000-8000-${hex.toUpperCase()}`;
}

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const count = options.count ?? 500;
  const seed = options.seed ?? 1;
  const concurrency = Math.max(1, options.concurrency ?? 6);
  const started = Date.now();
  const aws = await startLocalAws({
    clockScale: options.clockScale ?? 300,
    seed,
    faults: {
      throttleRate: 0.08,
      serverErrorRate: 0.05,
      dependencyFailureRate: 0.02,
      serverErrorAfterStartRate: 0.05,
      hangRate: 0.01,
      latencyRate: 0.2,
      latencyMs: { min: 50, max: 4000 },
    },
  });
  try {
    return await soak(aws, { count, seed, concurrency, started, onLifecycle: options.onLifecycle, beforeClose: options.beforeClose });
  } finally {
    await aws.close();
  }
}

interface SoakRun {
  readonly count: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly started: number;
  readonly onLifecycle?: SoakOptions['onLifecycle'];
  readonly beforeClose?: SoakOptions['beforeClose'];
}

async function soak(aws: LocalAws, o: SoakRun): Promise<SoakReport> {
  const slots = o.concurrency * SLOTS_PER_CONCURRENCY;
  const driver = aws.deploy(stack => {
    for (let s = 0; s < slots; s++) {
      new RestoreJob(stack, `Job${s}`, {
        recoveryPoint: RecoveryPoint.fromArn(recoveryPointArn(o.seed, 0)),
        metadata: RestoreMetadata.fromMap({ 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' }, 'EFS'),
      });
    }
  }, { stackName: `Soak${o.seed}` });
  await driver.prewarm(3);

  // Jobs started per CloudFormation request, attributed through the handler invocation's trace id.
  const jobsPerRequest = new Map<string, number>();
  let unattributedJobs = 0;
  aws.backup.on('jobStarted', (_job: RestoreJobView, info: StartInfo) => {
    if (!info.created) return;
    const requestId = aws.lambda.invocationForTrace(info.traceId)?.requestId;
    if (requestId === undefined) unattributedJobs++;
    else jobsPerRequest.set(requestId, (jobsPerRequest.get(requestId) ?? 0) + 1);
  });

  const results: LifecycleResult[] = [];
  let next = 0;
  let done = 0;
  const worker = async (slot: number) => {
    for (;;) {
      const index = next++;
      if (index >= o.count) return;
      const plan = planLifecycle(o.seed, index);
      const result = await runLifecycle(aws, driver, `Job${slot}`, plan, o.seed);
      results.push(result);
      o.onLifecycle?.(++done, o.count, result);
    }
  };
  await Promise.all(Array.from({ length: slots }, (_, slot) => worker(slot)));

  // Let stragglers (duplicate waiters, retries) finish, bounded, before judging what is left waiting.
  for (let i = 0; i < 100 && (aws.inFlight().executions > 0 || aws.inFlight().requests.length > 0); i++) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  o.beforeClose?.(aws, results);
  const events = results.flatMap(r => r.events);
  const disagreeing = results.flatMap(r => r.events.filter(e => !agree(e)).map(event => ({ plan: r.plan, event })));
  const perRequest = [...jobsPerRequest.values()];
  const stats = aws.backup.stats();
  const surprises = results.flatMap(r => r.surprises.map(s => `lifecycle ${r.plan.index}: ${s}`));
  const mix: Record<string, number> = {};
  for (const r of results) {
    const keys = [
      r.plan.outcome, r.plan.duplicateCreate && 'duplicateCreate', r.plan.crashAfterStart && 'crashAfterStart', r.plan.update && `update:${r.plan.update}`,
      r.plan.rollback && 'rollback', r.plan.describeOutageSeconds > 0 && 'describeOutage', r.plan.invisibleSeconds > 0 && 'notVisibleYet',
    ];
    for (const k of keys) if (k) mix[k] = (mix[k] ?? 0) + 1;
  }
  return {
    seed: o.seed,
    lifecycles: results.length,
    events: events.length,
    eventsWithoutResponse: events.filter(e => e.timedOut || e.responses.length === 0).length,
    eventsWhoseResponsesDisagree: disagreeing.length,
    disagreements: disagreeing.map(({ plan, event }) => describeDisagreement(plan, event)),
    maxJobsStartedPerRequest: perRequest.length ? Math.max(...perRequest) : 0,
    requestsWithMoreThanOneJob: perRequest.filter(n => n > 1).length,
    unattributedJobs,
    lifecyclesLeftWaiting: aws.inFlight().executions + aws.inFlight().requests.length + (o.count - results.length),
    extraJobs: results.reduce((n, r) => n + r.extraJobs, 0),
    failedWhileJobCompleted: results.reduce((n, r) => n + r.failedWhileJobCompleted, 0),
    stacksRollbackFailed: results.filter(r => r.rollbackFailed).length,
    responsesOver4096: events.flatMap(e => e.responses).filter(x => /too long/.test(x.invalid ?? '')).length,
    invocationsKilledByTimeout: aws.lambda.invocations().filter(i => i.outcome === 'timeout').length,
    unexpectedOutcomes: results.filter(r => r.surprises.length > 0).length,
    surprises,
    mix,
    injected: { ...stats.injected, crashes: aws.crashCount() },
    realMs: Date.now() - o.started,
  };
}

async function runLifecycle(
  aws: LocalAws,
  driver: CloudFormationDriver,
  construct: string,
  plan: LifecyclePlan,
  seed: number,
): Promise<LifecycleResult> {
  const arn = recoveryPointArn(seed, plan.index + 1);
  const failing = plan.outcome === 'FAILED' || plan.outcome === 'NO_WAIT_FAILS';
  aws.backup.seedRecoveryPoint({
    recoveryPointArn: arn,
    backupVaultName: 'SoakVault',
    resourceType: 'EFS',
    restore: {
      durationSeconds: plan.durationSeconds,
      outcome: failing ? 'FAILED' : plan.outcome === 'ABORTED' ? 'ABORTED' : 'COMPLETED',
      statusMessage: failing ? FAILED_MESSAGE : plan.outcome === 'ABORTED' ? ABORTED_MESSAGE : undefined,
      invisibleSeconds: plan.invisibleSeconds,
      ...(plan.describeOutageSeconds > 0 ? { describeOutage: { fromSeconds: 10, seconds: plan.describeOutageSeconds } } : {}),
    },
  });
  const base = driver.propertiesOf(construct);
  const noWait = plan.outcome === 'NO_WAIT' || plan.outcome === 'NO_WAIT_FAILS';
  const properties = {
    ...base,
    RecoveryPointArn: arn,
    ...(plan.outcome === 'TIMEOUT' ? { TimeoutSeconds: '60' } : {}),
    ...(noWait ? { WaitForCompletion: 'false' } : {}),
  };
  const events: EventOutcome[] = [];
  const surprises: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) surprises.push(what);
  };
  let rollbackFailed = false;

  const create = await driver.create(construct, {
    properties,
    deliveries: plan.duplicateCreate ? 2 : 1,
    duplicateDelayMs: plan.duplicateCreate ? 5_000 : 0,
    crashAfterStart: plan.crashAfterStart ? 1 : 0,
    rollbackOnFailure: true,
  });
  events.push(create, ...(create.rollback ? [create.rollback] : []));
  rollbackFailed ||= create.stackStatus.endsWith('ROLLBACK_FAILED');
  const r = create.response;
  switch (plan.outcome) {
    case 'COMPLETED':
      expect(r?.Status === 'SUCCESS' && r.Data?.Status === 'COMPLETED' && typeof r.Data?.CreatedResourceArn === 'string', `create: expected COMPLETED, got ${r?.Status} ${r?.Reason ?? ''}`);
      break;
    case 'NO_WAIT':
    case 'NO_WAIT_FAILS':
      // Not waited for: the job id, without Status or CreatedResourceArn (they depend on the moment of asking).
      expect(r?.Status === 'SUCCESS' && typeof r.Data?.RestoreJobId === 'string' && r.Data?.Status === undefined && r.Data?.CreatedResourceArn === undefined,
        `create: expected SUCCESS without waiting, got ${r?.Status} ${JSON.stringify(r?.Data ?? {})} ${r?.Reason ?? ''}`);
      break;
    case 'FAILED':
    case 'ABORTED':
      expect(r?.Status === 'FAILED' && !!r.Reason?.includes(`${plan.outcome}: ${plan.outcome === 'FAILED' ? FAILED_MESSAGE : ABORTED_MESSAGE}`), `create: expected ${plan.outcome}, got ${r?.Status} ${r?.Reason ?? ''}`);
      break;
    case 'TIMEOUT':
      expect(r?.Status === 'FAILED' && /past this RestoreJob's timeout of 60 s/.test(r.Reason ?? ''), `create: expected the timeout message, got ${r?.Status} ${r?.Reason ?? ''}`);
      break;
  }
  if (r?.Status === 'FAILED') expect(create.rollback?.response?.Status === 'SUCCESS', 'create rollback: the Delete failed');

  let neededJobs = 1;
  if (plan.update && driver.state(construct).status === 'CREATE_COMPLETE') {
    if (plan.outcome === 'NO_WAIT_FAILS') {
      // Let the job fail after the create answered; the update then only changes the timeout.
      await aws.clock.sleep((plan.durationSeconds + 60) * 1000);
    }
    const before = driver.state(construct).physicalResourceId;
    const createdData = driver.state(construct).data;
    const updated = plan.update === 'restore-input'
      ? { ...properties, Metadata: { 'file-system-id': 'fs-0fedcba9876543210', 'newFileSystem': 'true' } }
      : { ...properties, TimeoutSeconds: '3000' };
    if (plan.update === 'restore-input') neededJobs++;
    const u = await driver.update(construct, { properties: updated, laterResourceFails: plan.rollback });
    events.push(...[u.update, u.cleanup, u.rollback, u.rollbackCleanup].filter((e): e is EventOutcome => e !== undefined));
    rollbackFailed ||= u.stackStatus.endsWith('ROLLBACK_FAILED');
    expect(u.update.response?.Status === 'SUCCESS', `update: expected SUCCESS, got ${u.update.response?.Status} ${u.update.response?.Reason ?? ''}`);
    const changed = u.update.response?.PhysicalResourceId !== before;
    expect(changed === (plan.update === 'restore-input'), `update (${plan.update}): physical id ${changed ? 'changed' : 'kept'}`);
    if (plan.update === 'no-restore-input') {
      expect(sameData(u.update.response?.Data, createdData), `update (${plan.update}): attributes changed`);
    }
    if (u.cleanup) expect(u.cleanup.response?.Status === 'SUCCESS', 'cleanup delete failed');
    if (plan.rollback) {
      expect(u.stackStatus === 'UPDATE_ROLLBACK_COMPLETE', `rollback: stack ${u.stackStatus} ${u.rollback?.response?.Reason ?? ''}`);
      expect(u.rollback?.response?.PhysicalResourceId !== undefined && jobIdOf(u.rollback.response.PhysicalResourceId) === jobIdOf(before ?? ''),
        'rollback: did not answer the job the resource had before the update');
      expect(sameData(u.rollback?.response?.Data, createdData), 'rollback: attributes differ from those before the update');
    }
  }

  const deleted = await driver.delete(construct);
  events.push(deleted);
  expect(deleted.response?.Status === 'SUCCESS', `delete: expected SUCCESS, got ${deleted.response?.Status} ${deleted.response?.Reason ?? ''}`);

  // Jobs of this lifecycle (its recovery point is its own) beyond what its create and input-changing update need.
  const jobs = aws.backup.listJobs().filter(j => j.recoveryPointArn === arn);
  const extraJobs = Math.max(0, jobs.length - neededJobs);
  if (extraJobs > 0) surprises.push(`${jobs.length} jobs started, ${neededJobs} needed`);
  // A resource answered FAILED although its job completed within the resource's timeout.
  let failedWhileJobCompleted = 0;
  for (const e of events) {
    if (e.event.RequestType === 'Delete') continue;
    for (const response of e.responses.filter(x => x.Status === 'FAILED' && x.PhysicalResourceId)) {
      const job = aws.backup.job(jobIdOf(response.PhysicalResourceId!));
      const timeoutMs = Number(e.event.ResourceProperties.TimeoutSeconds) * 1000;
      if (job && job.finalStatus === 'COMPLETED' && job.endsAt - job.creationDate <= timeoutMs) failedWhileJobCompleted++;
    }
  }
  return { plan, events, surprises, extraJobs, failedWhileJobCompleted, rollbackFailed };
}

/** Attributes compared by name (CloudFormation reads them by name; the order of keys means nothing). */
function sameData(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  return canonicalData(a) === canonicalData(b);
}

function canonicalData(data: Record<string, unknown> | undefined): string {
  return JSON.stringify(Object.entries(data ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** Every response to the event agrees on Status, PhysicalResourceId and Data. */
function agree(e: EventOutcome): boolean {
  const signature = (r: EventOutcome['responses'][number]) => JSON.stringify([r.Status, r.PhysicalResourceId, canonicalData(r.Data)]);
  return e.responses.every(r => signature(r) === signature(e.responses[0]));
}

function describeDisagreement(plan: LifecyclePlan, e: EventOutcome): string {
  const show = (r: EventOutcome['responses'][number]) => `${r.Status} ${r.PhysicalResourceId} ${JSON.stringify(r.Data ?? {})}`;
  return `lifecycle ${plan.index} ${JSON.stringify(plan)} ${e.event.RequestType}: ${e.responses.map(show).join(' | ')}`;
}

/** The report as printed by scripts/soak.ts. */
export function formatSoakReport(report: SoakReport): string {
  return [
    `seed ${report.seed}: ${report.lifecycles} lifecycles, ${report.events} events in ${(report.realMs / 1000).toFixed(1)} s`,
    `  mix: ${Object.entries(report.mix).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  injected: ${Object.entries(report.injected).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `lifecycles run:                          ${report.lifecycles}`,
    `events without a response:               ${report.eventsWithoutResponse}   (must be 0)`,
    `events whose responses disagree:         ${report.eventsWhoseResponsesDisagree}   (must be 0)${report.disagreements.length ? `\n    ${report.disagreements.slice(0, 5).join('\n    ')}` : ''}`,
    `restore jobs started per Create request: max ${report.maxJobsStartedPerRequest}   (must be <= 1; requests with more: ${report.requestsWithMoreThanOneJob}; unattributed jobs: ${report.unattributedJobs})`,
    `lifecycles left waiting:                 ${report.lifecyclesLeftWaiting}   (must be 0)`,
    `jobs beyond what creates/updates need:   ${report.extraJobs}   (must be 0; rollbacks need none)`,
    `resources FAILED while their job COMPLETED: ${report.failedWhileJobCompleted}   (must be 0)`,
    `stacks in *_ROLLBACK_FAILED:             ${report.stacksRollbackFailed}   (must be 0)`,
    `responses over 4096 bytes:               ${report.responsesOver4096}   (must be 0)`,
    `invocations killed by Lambda's timeout:  ${report.invocationsKilledByTimeout}   (must be 0)`,
    `lifecycles with unexpected outcomes:     ${report.unexpectedOutcomes}${report.surprises.length ? `\n    ${report.surprises.slice(0, 10).join('\n    ')}` : ''}`,
  ].join('\n');
}

/** Whether the report satisfies every invariant. */
export function soakPassed(report: SoakReport): boolean {
  return report.eventsWithoutResponse === 0 && report.eventsWhoseResponsesDisagree === 0 && report.maxJobsStartedPerRequest <= 1
    && report.unattributedJobs === 0 && report.lifecyclesLeftWaiting === 0 && report.unexpectedOutcomes === 0
    && report.extraJobs === 0 && report.failedWhileJobCompleted === 0 && report.stacksRollbackFailed === 0
    && report.responsesOver4096 === 0 && report.invocationsKilledByTimeout === 0;
}
