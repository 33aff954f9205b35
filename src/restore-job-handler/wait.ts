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
import { MAX_LONG_WAIT_SECONDS, MAX_WAIT_SECONDS } from '../validation/limits';

/** The CloudFormation type of a wait link. */
export const WAIT_RESOURCE_TYPE = 'Custom::BackupRestoreJobWait';

/** A link hands over this long before its 55 minutes are up, so its answer always beats the Provider's hour. */
const HANDOVER_MARGIN_MS = 60_000;

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

/**
 * How long to wait after a look at a job before the next one: every poll in its first 5 minutes (short restores
 * and early failures are seen within one poll), then a sixth of the time AWS expects to remain, between 1 and
 * 5 minutes (completion is seen within 5 minutes, a failure within 5; a 12-hour restore costs under 200 looks).
 */
export function describeInterval(observation: Observation): number {
  const age = observation.creationDate === undefined ? 0 : observation.at - observation.creationDate;
  if (age < 5 * 60_000) return 0;
  const expected = observation.expectedCompletionTimeMinutes;
  if (expected === undefined || !Number.isFinite(expected)) return 5 * 60_000;
  const remaining = expected * 60_000 - age;
  return Math.min(5 * 60_000, Math.max(60_000, remaining / 6));
}

/** isComplete of a link. */
export async function checkWait(event: IsCompleteRequest, budget: Budget): Promise<WaitIsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const physicalId = event.PhysicalResourceId!;
  const state = decodePhysicalId(physicalId);
  const request = parseWaitProperties(event.ResourceProperties, false);
  const restoreJobId = state.cur.id;
  const data = (attributes: RestoreJobWaitAttributes) => ({ RestoreJobId: restoreJobId, ...attributes });

  // An update or rollback that keeps the link: what it answered before.
  const recorded = state.cur.attributes as RestoreJobWaitAttributes | undefined;
  if (recorded?.Status !== undefined) return { IsComplete: true, PhysicalResourceId: physicalId, Data: data(recorded) };
  // The link before saw the job complete: the same answer, at once.
  if (request.previous?.Status === 'COMPLETED') return answer(state, request.previous);

  const now = Date.now();
  const startedAt = typeof event.RestoreStartedAt === 'number' ? event.RestoreStartedAt : now;
  const handOverAt = startedAt + MAX_WAIT_SECONDS * 1000 - HANDOVER_MARGIN_MS;
  const last = lastSeen.get(restoreJobId);
  if (last !== undefined && now - last.at < describeInterval(last) && now < handOverAt) return { IsComplete: false };

  const job = await describeJob(restoreJobId,
    { startedHere: request.segment === 1, sinceStartMs: now - startedAt, timeoutSeconds: request.timeoutSeconds }, budget);
  if (job === undefined) return handOver(state, request, now, handOverAt, undefined);
  lastSeen.set(restoreJobId, {
    at: now, creationDate: job.CreationDate?.getTime(), expectedCompletionTimeMinutes: job.ExpectedCompletionTimeMinutes,
  });
  const status = job.Status ?? 'UNKNOWN';
  if (status === 'FAILED' || status === 'ABORTED') throw jobEndedError(restoreJobId, job);
  if (status === 'COMPLETED') {
    lastSeen.delete(restoreJobId);
    log('info', 'restore job completed', { restoreJobId, createdResourceArn: job.CreatedResourceArn, segment: request.segment });
    return answer(state, {
      Status: 'COMPLETED',
      CreatedResourceArn: job.CreatedResourceArn ?? '',
      CompletionDate: job.CompletionDate?.toISOString() ?? '',
    });
  }
  const elapsedSeconds = Math.floor((now - (job.CreationDate?.getTime() ?? startedAt)) / 1000);
  logProgress(restoreJobId, job, elapsedSeconds, request.timeoutSeconds, { segment: request.segment, segments: request.segments });
  if (elapsedSeconds >= request.timeoutSeconds) throw stillRunningError(restoreJobId, job, elapsedSeconds, request.timeoutSeconds);
  return handOver(state, request, now, handOverAt, job);
}

/** Past this link's 55 minutes: the next link takes over (IN_PROGRESS), or, for the last one, the wait has timed out. */
function handOver(
  state: PhysicalState, request: WaitRequest, now: number, handOverAt: number, job: DescribeRestoreJobCommandOutput | undefined,
): WaitIsCompleteResponse {
  if (now < handOverAt) return { IsComplete: false };
  if (request.segment < request.segments) {
    log('info', 'wait link handing over to the next', { restoreJobId: state.cur.id, segment: request.segment, segments: request.segments });
    return answer(state, { Status: 'IN_PROGRESS', CreatedResourceArn: '', CompletionDate: '' });
  }
  const elapsedSeconds = job?.CreationDate ? Math.floor((now - job.CreationDate.getTime()) / 1000) : request.timeoutSeconds;
  throw stillRunningError(state.cur.id, job, elapsedSeconds, request.timeoutSeconds);
}

function answer(state: PhysicalState, attributes: RestoreJobWaitAttributes): WaitIsCompleteResponse {
  const physicalId = encodePhysicalId({ cur: { ...state.cur, attributes }, prev: state.prev });
  return { IsComplete: true, PhysicalResourceId: physicalId, Data: { RestoreJobId: state.cur.id, ...attributes } };
}
