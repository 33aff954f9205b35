/**
 * `Custom::BackupRestoreJobWait`: one link of the chain that waits for a restore longer than one custom resource
 * may wait (an hour). The RestoreJob resource starts the job without waiting; link 1 waits up to 55 minutes, then,
 * if the job is still running, answers IN_PROGRESS and link 2 (which depends on it) takes over, and so on; the
 * last link fails at the RestoreJob's timeout. A FAILED or ABORTED job fails the link that sees it, at its next
 * look. Once a link sees the job COMPLETED, every later link answers the same at once, without AWS.
 *
 * A link's physical id records its job and answer (physical-id.ts) like the RestoreJob's, so a rollback or an
 * update that keeps the job answers as before. Looks at the job are spaced by its progress (`describeInterval`).
 */
import { createHash } from 'crypto';
import { DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { Budget, log } from './aws-backup';
import type { RestoreJobWaitAttributes, RestoreJobWaitResourceProperties } from './contract';
import { describeJob, jobEndedError, logProgress, stillRunningError } from './describe-job';
import { decideUpdate, decodePhysicalId, encodePhysicalId, PhysicalState } from './physical-id';
import { CustomResourceRequest, IsCompleteRequest, RestoreAction, RestoreInputError } from './request';
import { MAX_LONG_WAIT_SECONDS, MAX_WAIT_SECONDS, WAIT_LINK_HANDOVER_MARGIN_SECONDS } from '../validation/limits';

/** The CloudFormation type of a wait link. */
export const WAIT_RESOURCE_TYPE = 'Custom::BackupRestoreJobWait';

interface WaitRequest {
  readonly restoreJobId: string;
  readonly segment: number;
  readonly segments: number;
  readonly timeoutSeconds: number;
  readonly previous?: RestoreJobWaitAttributes;
}

export interface WaitOnEventResponse {
  readonly PhysicalResourceId: string;
  readonly RestoreStartedAt: number;
  readonly RestoreAction: RestoreAction;
}

export interface WaitIsCompleteResponse {
  readonly IsComplete: boolean;
  readonly PhysicalResourceId?: string;
  readonly Data?: RestoreJobWaitAttributes & { readonly RestoreJobId: string };
}

const KNOWN = new Set(['ServiceToken', 'ServiceTimeout', 'RestoreJobId', 'Segment', 'Segments', 'TimeoutSeconds', 'Previous']);

/** Parse a link's properties; throws naming the property (values of these are ids and numbers, not metadata). */
export function parseWaitProperties(raw: Record<string, unknown>, strict: boolean): WaitRequest {
  const props = raw as Partial<Record<keyof RestoreJobWaitResourceProperties, unknown>>;
  const problems: string[] = [];
  if (strict) {
    for (const name of Object.keys(raw)) {
      if (!KNOWN.has(name)) problems.push(`Property ${name} is not one this version of cdk-backup-restore renders for ${WAIT_RESOURCE_TYPE}.`);
    }
  }
  const restoreJobId = typeof props.RestoreJobId === 'string' && props.RestoreJobId !== '' ? props.RestoreJobId : undefined;
  if (restoreJobId === undefined) problems.push('Property RestoreJobId is required and must be a non-empty string.');
  const int = (name: keyof RestoreJobWaitResourceProperties, min: number, max: number): number => {
    const text = String(props[name] ?? '');
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) problems.push(`Property ${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
  const segments = int('Segments', 1, 1000);
  const segment = int('Segment', 1, Number.isFinite(segments) ? segments : 1000);
  const timeoutSeconds = int('TimeoutSeconds', 1, MAX_LONG_WAIT_SECONDS);
  const previous = props.Previous;
  if (previous !== undefined && (previous === null || typeof previous !== 'object' || Array.isArray(previous))) {
    problems.push('Property Previous must be an object of the previous link\'s attributes.');
  }
  if (problems.length > 0) throw new RestoreInputError(problems);
  return { restoreJobId: restoreJobId!, segment, segments, timeoutSeconds, previous: previous as RestoreJobWaitAttributes | undefined };
}

/** The input that decides a link's update: which job, and which link of the chain it is. */
function waitDigest(raw: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify([raw.RestoreJobId ?? '', raw.Segment ?? ''])).digest('base64url').slice(0, 16);
}

/** onEvent of a link: no AWS call; the physical id names the job it waits for. */
export function onWaitEvent(event: CustomResourceRequest): WaitOnEventResponse {
  const startedAt = Date.now();
  switch (event.RequestType) {
    case 'Create': {
      const request = parseWaitProperties(event.ResourceProperties, true);
      const physicalId = encodePhysicalId({ cur: { id: request.restoreJobId, digest: waitDigest(event.ResourceProperties) } });
      return { PhysicalResourceId: physicalId, RestoreStartedAt: startedAt, RestoreAction: 'started' };
    }
    case 'Update': {
      const physicalId = event.PhysicalResourceId!;
      const state = decodePhysicalId(physicalId);
      const decision = decideUpdate(state, waitDigest(event.ResourceProperties), () => false, () => waitDigest(event.OldResourceProperties ?? {}));
      if (decision.kind === 'keep') {
        parseWaitProperties(event.ResourceProperties, false);
        return { PhysicalResourceId: physicalId, RestoreStartedAt: startedAt, RestoreAction: 'kept' };
      }
      if (decision.kind === 'revert') {
        parseWaitProperties(event.ResourceProperties, false);
        log('info', 'wait link: back to the job it waited for before (rollback or update back)', {
          restoreJobId: decision.job.id, segment: event.ResourceProperties.Segment,
        });
        return { PhysicalResourceId: decision.physicalId, RestoreStartedAt: startedAt, RestoreAction: 'reverted' };
      }
      const request = parseWaitProperties(event.ResourceProperties, true);
      return {
        PhysicalResourceId: encodePhysicalId({
          cur: { id: request.restoreJobId, digest: waitDigest(event.ResourceProperties) }, prev: decision.previous,
        }),
        RestoreStartedAt: startedAt,
        RestoreAction: 'started',
      };
    }
    case 'Delete':
      return { PhysicalResourceId: event.PhysicalResourceId!, RestoreStartedAt: startedAt, RestoreAction: 'kept' };
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

/** What this sandbox last saw of each job (Lambda reuses warm sandboxes): spaces the looks, never decides an answer. */
const lastSeen = new Map<string, Observation>();

interface Observation {
  readonly at: number;
  readonly creationDate?: number;
  readonly expectedCompletionTimeMinutes?: number;
}

/** The longest gap between two looks at a running job: completion is answered within 5 minutes. */
const MAX_LOOK_INTERVAL_MS = 4.5 * 60_000;

/**
 * How long to wait after a look at a job before the next one: every poll in its first 2 minutes (short restores
 * and early failures are seen within one poll), then a sixth of the time between now and when AWS expects it to
 * complete (before or after that moment), or, without an estimate, a twelfth of its age; always between 1 and 4.5
 * minutes. A 12-hour restore
 * costs under 200 looks, completion is seen within 5 minutes, a failure too.
 */
export function describeInterval(observation: Observation): number {
  const age = observation.creationDate === undefined ? 0 : observation.at - observation.creationDate;
  if (age < 2 * 60_000) return 0;
  const expected = observation.expectedCompletionTimeMinutes;
  const remaining = expected !== undefined && Number.isFinite(expected) ? expected * 60_000 - age : undefined;
  // Near the estimate (either side of it) look often; the further from it, the less: a job just past its estimate
  // is likely about to complete, one long past it (a low estimate) is not.
  const wanted = remaining !== undefined ? Math.abs(remaining) / 6 : age / 12;
  return Math.min(MAX_LOOK_INTERVAL_MS, Math.max(60_000, wanted));
}

/** The link before's answer with every key a string (a hand-written template may give less, or other types). */
function previousAnswer(previous: RestoreJobWaitAttributes | undefined): RestoreJobWaitAttributes {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    Status: text(previous?.Status),
    CreatedResourceArn: text(previous?.CreatedResourceArn),
    CompletionDate: text(previous?.CompletionDate),
    CreationDate: text(previous?.CreationDate),
  };
}

/** isComplete of a link. */
export async function checkWait(event: IsCompleteRequest, budget: Budget): Promise<WaitIsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const physicalId = event.PhysicalResourceId!;
  const state = decodePhysicalId(physicalId);
  const request = parseWaitProperties(event.ResourceProperties, false);
  const restoreJobId = state.cur.id;

  // An update or rollback that keeps the link: what it answered before.
  const recorded = state.cur.attributes as RestoreJobWaitAttributes | undefined;
  if (recorded?.Status !== undefined) {
    return { IsComplete: true, PhysicalResourceId: physicalId, Data: { RestoreJobId: restoreJobId, ...previousAnswer(recorded) } };
  }
  // The resource before saw the job complete: the same answer, at once.
  const previous = previousAnswer(request.previous);
  if (previous.Status === 'COMPLETED') return answer(state, previous);

  const now = Date.now();
  const startedAt = typeof event.RestoreStartedAt === 'number' ? event.RestoreStartedAt : now;
  const handOverAt = startedAt + (MAX_WAIT_SECONDS - WAIT_LINK_HANDOVER_MARGIN_SECONDS) * 1000;
  const last = lastSeen.get(restoreJobId);
  const previousCreation = previous.CreationDate ? Date.parse(previous.CreationDate) : NaN;
  const creation = last?.creationDate ?? (Number.isFinite(previousCreation) ? previousCreation : undefined);
  const pastTimeout = creation !== undefined && now - creation >= request.timeoutSeconds * 1000;
  if (last !== undefined && now - last.at < describeInterval({ ...last, at: now }) && now < handOverAt && !pastTimeout) return { IsComplete: false };

  const job = await describeJob(restoreJobId, {
    startedHere: request.segment === 1,
    sinceStartMs: now - startedAt,
    // The job's age when known (it dates the timeout), else how long this link has waited.
    elapsedMs: creation !== undefined ? now - creation : undefined,
    timeoutSeconds: request.timeoutSeconds,
  }, budget);
  if (job === undefined) {
    // No look this time (faults, or not visible yet): space the next try like a look, and hand over in time.
    lastSeen.set(restoreJobId, { at: now, creationDate: creation, expectedCompletionTimeMinutes: last?.expectedCompletionTimeMinutes });
    return handOver(state, request, now, handOverAt, undefined, creation, previous);
  }
  lastSeen.set(restoreJobId, {
    at: now, creationDate: job.CreationDate?.getTime() ?? creation, expectedCompletionTimeMinutes: job.ExpectedCompletionTimeMinutes,
  });
  const creationDate = job.CreationDate?.toISOString() ?? previous.CreationDate;
  const status = job.Status ?? 'UNKNOWN';
  if (status === 'FAILED' || status === 'ABORTED') throw jobEndedError(restoreJobId, job);
  if (status === 'COMPLETED') {
    lastSeen.delete(restoreJobId);
    log('info', 'restore job completed', { restoreJobId, createdResourceArn: job.CreatedResourceArn, segment: request.segment });
    return answer(state, {
      Status: 'COMPLETED',
      CreatedResourceArn: job.CreatedResourceArn ?? '',
      CompletionDate: job.CompletionDate?.toISOString() ?? '',
      CreationDate: creationDate,
    });
  }
  const jobCreation = job.CreationDate?.getTime() ?? creation;
  const elapsedSeconds = Math.floor((now - (jobCreation ?? startedAt)) / 1000);
  logProgress(restoreJobId, job, elapsedSeconds, request.timeoutSeconds, { segment: request.segment, segments: request.segments });
  if (elapsedSeconds >= request.timeoutSeconds) throw stillRunningError(restoreJobId, job, elapsedSeconds, request.timeoutSeconds);
  return handOver(state, request, now, handOverAt, job, jobCreation, { ...previous, CreationDate: creationDate });
}

/** Near this link's 55 minutes: the next link takes over (IN_PROGRESS), or, for the last one, the wait ends. */
function handOver(
  state: PhysicalState, request: WaitRequest, now: number, handOverAt: number, job: DescribeRestoreJobCommandOutput | undefined,
  creation: number | undefined, previous: RestoreJobWaitAttributes,
): WaitIsCompleteResponse {
  if (now < handOverAt) return { IsComplete: false };
  if (request.segment < request.segments) {
    log('info', 'wait link handing over to the next', { restoreJobId: state.cur.id, segment: request.segment, segments: request.segments });
    return answer(state, { Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '', CreationDate: previous.CreationDate });
  }
  const elapsedSeconds = creation !== undefined ? Math.floor((now - creation) / 1000) : undefined;
  if (elapsedSeconds !== undefined && elapsedSeconds >= request.timeoutSeconds) {
    throw stillRunningError(state.cur.id, job, elapsedSeconds, request.timeoutSeconds);
  }
  throw new Error(
    `Restore job ${state.cur.id} is not complete, and this RestoreJob's last wait link ended ` +
    `${elapsedSeconds !== undefined ? `after ${elapsedSeconds} s of the job, before` : 'without a look at the job (AWS Backup kept failing), at about'} ` +
    `its timeout of ${request.timeoutSeconds} s: a link waits at most ${MAX_WAIT_SECONDS / 60} minutes. ` +
    'The job goes on in AWS Backup. Fix: deploy again (the job is kept, and new links wait for it), or follow it with `npx cdk-backup-restore status`.');
}

function answer(state: PhysicalState, attributes: RestoreJobWaitAttributes): WaitIsCompleteResponse {
  const physicalId = encodePhysicalId({ cur: { ...state.cur, attributes }, prev: state.prev });
  return { IsComplete: true, PhysicalResourceId: physicalId, Data: { RestoreJobId: state.cur.id, ...attributes } };
}
