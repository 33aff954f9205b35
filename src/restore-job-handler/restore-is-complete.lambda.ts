/**
 * isComplete handler of Custom::BackupRestoreJob: the Provider framework's waiter calls it every
 * query interval until it returns IsComplete: true or throws.
 *
 * Any error thrown here fails the resource at once (the waiter retries only "not complete yet"). So:
 * - a job whose attributes the physical id already records (an update or rollback that kept or reverted to it)
 *   is answered from the record, whatever AWS Backup says about the job now, without asking it;
 * - a retryable fault that outlasts one invocation's retries answers "not complete yet", and the waiter asks
 *   again; only a fault that lasts until this RestoreJob's own timeout fails the deploy;
 * - a job AWS Backup does not know yet (ResourceNotFoundException) in the first minutes after its start is
 *   "not visible yet" (eventual consistency).
 */
import { DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { Budget, InvocationContext, log } from './aws-backup';
import type { RestoreJobAttributes } from './contract';
import { describeJob, jobEndedError, logProgress, stillRunningError } from './describe-job';
import { destroys, destroyStep, tagCompleted } from './destroy';
import { toFailure } from './failure';
import { decodePhysicalId, encodePhysicalId, PhysicalState, StoredAttributes } from './physical-id';
import { checkRecoveryPointSet, RECOVERY_POINT_SET_RESOURCE_TYPE, SetIsCompleteResponse } from './recovery-point-set';
import { IsCompleteRequest, parseProperties, RestoreRequest } from './request';
import { checkRestoredResource, RESTORED_RESOURCE_TYPE, RestoredResourceIsCompleteResponse } from './restored-resource';
import { checkWait, WAIT_RESOURCE_TYPE, WaitIsCompleteResponse } from './wait';

export { VISIBILITY_GRACE_MS } from './describe-job';

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  /** The final physical id, recording the job's attributes (the framework answers it to CloudFormation). */
  readonly PhysicalResourceId?: string;
  readonly Data?: RestoreJobAttributes | WaitIsCompleteResponse['Data'] | SetIsCompleteResponse['Data']
    | RestoredResourceIsCompleteResponse['Data'];
}

export async function handler(event: IsCompleteRequest, context?: InvocationContext): Promise<IsCompleteResponse> {
  const budget = Budget.of(context);
  try {
    return await isComplete(event, budget);
  } catch (error) {
    throw toFailure(error, event, event.PhysicalResourceId);
  }
}

async function isComplete(event: IsCompleteRequest, budget: Budget): Promise<IsCompleteResponse> {
  if (event.ResourceType === WAIT_RESOURCE_TYPE) return checkWait(event, budget);
  if (event.ResourceType === RESTORED_RESOURCE_TYPE) return checkRestoredResource(event, budget);
  if (event.ResourceType === RECOVERY_POINT_SET_RESOURCE_TYPE) return checkRecoveryPointSet(event);
  switch (event.RequestType) {
    case 'Delete':
      // removalPolicy DESTROY: delete what the job created, one step per poll (destroy.ts).
      return destroys(event) ? destroyStep(event, budget) : { IsComplete: true };
    case 'Create':
    case 'Update':
      return checkRestoreJob(event, budget);
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

async function checkRestoreJob(event: IsCompleteRequest, budget: Budget): Promise<IsCompleteResponse> {
  const physicalId = event.PhysicalResourceId;
  if (!physicalId) throw new Error('isComplete called without a PhysicalResourceId (the restore job id).');
  const state = decodePhysicalId(physicalId);
  const request = parseProperties(event.ResourceProperties);
  const restoreJobId = state.cur.id;

  const recorded = state.cur.attributes;
  if (recorded !== undefined && answers(recorded, request)) {
    log('info', 'answering the attributes recorded for the restore job (AWS Backup not asked)', { restoreJobId, action: event.RestoreAction });
    const data = forLinks(withRecoveryPoint({ RestoreJobId: restoreJobId, ...recorded } as RestoreJobAttributes, request), request);
    return { IsComplete: true, PhysicalResourceId: physicalId, Data: data };
  }

  const startedAt = typeof event.RestoreStartedAt === 'number' ? event.RestoreStartedAt : undefined;
  // A Create always starts its job; an Update says what it did (kept, reverted to or started one).
  const startedHere = event.RestoreAction === 'started' || (event.RestoreAction === undefined && event.RequestType === 'Create');
  // Only a request that started its job records new attributes in the physical id: one that kept or reverted to a
  // job answers with the physical id it has, or CloudFormation would take the update for a replacement and delete
  // the "old" id, which names the same job.
  const answer = (attributes: RestoreJobAttributes): IsCompleteResponse => (startedHere
    ? answerStarted(state, attributes, request)
    : { IsComplete: true, PhysicalResourceId: physicalId, Data: forLinks(attributes, request) });
  const sinceStartMs = startedAt === undefined ? undefined : Date.now() - startedAt;
  let job: DescribeRestoreJobCommandOutput | undefined;
  try {
    job = await describeJob(restoreJobId, { startedHere, sinceStartMs, timeoutSeconds: request.timeoutSeconds }, budget);
  } catch (error) {
    if (!startedHere && (error as { awsErrorName?: string }).awsErrorName === 'ResourceNotFoundException') {
      // A kept job whose physical id records no attributes (written by an older version, or completion asked for
      // by this update) and that AWS Backup no longer describes.
      if (!request.waitForCompletion) {
        return answer({ RestoreJobId: restoreJobId, RecoveryPointArn: request.recoveryPointArn ?? '', ...(request.resourceType ? { ResourceType: request.resourceType } : {}) });
      }
      throw new Error(`Restore job ${restoreJobId} is kept by this update, but its completion was never recorded and AWS Backup no longer describes it, so its created resource cannot be answered. ` +
        'Fix: keep waitForCompletion (and a timeout over 55 minutes, if it had one) as it was for this job, or change idempotencyToken to restore again.');
    }
    throw error;
  }
  if (job === undefined) return { IsComplete: false };
  const status = job.Status ?? 'UNKNOWN';

  if (status === 'FAILED' || status === 'ABORTED') {
    if (!request.waitForCompletion && !startedHere) {
      // A job kept by this update was answered as started when it began; its later fate does not fail the update.
      log('warn', 'the kept restore job has ended without completing; answering its start attributes', { restoreJobId, status });
      return answer(startedAttributes(restoreJobId, request, job));
    }
    throw jobEndedError(restoreJobId, job);
  }
  if (!request.waitForCompletion) {
    // Only what is fixed for the job's life: a retried or duplicated request answers the same, whenever it asks.
    log('info', 'restore job started; not waiting for it (waitForCompletion is false)', { restoreJobId, status });
    return answer(startedAttributes(restoreJobId, request, job));
  }
  if (status === 'COMPLETED') {
    log('info', 'restore job completed', { restoreJobId, createdResourceArn: job.CreatedResourceArn });
    // removalPolicy DESTROY: mark what the job created as this stack's (what the delete permission checks).
    if (startedHere) await tagCompleted(event, job.CreatedResourceArn, budget);
    return answer(completedAttributes(restoreJobId, request, job));
  }

  // A job without CreationDate (AWS did not say) counts from when this request started waiting.
  const elapsedMs = job.CreationDate ? Date.now() - job.CreationDate.getTime() : sinceStartMs;
  const elapsedSeconds = elapsedMs === undefined ? undefined : Math.floor(elapsedMs / 1000);
  logProgress(restoreJobId, job, elapsedSeconds, request.timeoutSeconds);
  if (elapsedSeconds !== undefined && elapsedSeconds >= request.timeoutSeconds) {
    throw stillRunningError(restoreJobId, job, elapsedSeconds, request.timeoutSeconds);
  }
  return { IsComplete: false };
}

/** Whether recorded attributes answer what the properties ask: a completed job, or any started one when not waiting. */
function answers(recorded: StoredAttributes, request: RestoreRequest): boolean {
  // (A wait link's record always has a Status; a RestoreJob's has one only once the job completed.)
  return request.waitForCompletion ? recorded.Status === 'COMPLETED' : true;
}

/**
 * The answer for a job this request started: its attributes, recorded in the physical id so later updates and
 * rollbacks can answer them. The recovery point is left out when the properties name it (it is read back from
 * them), so long ARNs leave room in CloudFormation's 1 KB for the job this one replaced.
 */
function answerStarted(state: PhysicalState, attributes: RestoreJobAttributes, request: RestoreRequest): IsCompleteResponse {
  const { RestoreJobId: _id, ...stored } = attributes;
  const record = request.recoveryPointArn !== undefined && stored.RecoveryPointArn === request.recoveryPointArn
    ? (({ RecoveryPointArn: _rp, ...rest }) => rest)(stored)
    : stored;
  const physicalId = encodePhysicalId({ cur: { ...state.cur, attributes: record as StoredAttributes }, prev: state.prev });
  return { IsComplete: true, PhysicalResourceId: physicalId, Data: forLinks(attributes, request) };
}

/**
 * A job its wait links wait for answers every attribute the first link reads with Fn::GetAtt, empty when not
 * known (CloudFormation fails a GetAtt of an attribute the answer lacks). A job kept from a short wait that
 * completed answers its completion, and the first link then answers at once.
 */
function forLinks(attributes: RestoreJobAttributes, request: RestoreRequest): RestoreJobAttributes {
  if (!request.waitInLinks) return attributes;
  return {
    ...attributes,
    Status: attributes.Status ?? '',
    CreatedResourceArn: attributes.CreatedResourceArn ?? '',
    CompletionDate: attributes.CompletionDate ?? '',
    CreationDate: attributes.CreationDate ?? '',
  };
}

/** Recorded attributes leave out a recovery point the properties name: put it back. */
function withRecoveryPoint(attributes: RestoreJobAttributes, request: RestoreRequest): RestoreJobAttributes {
  return attributes.RecoveryPointArn === undefined && request.recoveryPointArn !== undefined
    ? { ...attributes, RecoveryPointArn: request.recoveryPointArn }
    : attributes;
}

/** Attributes of a job that has started: the same whenever they are read. */
function startedAttributes(restoreJobId: string, request: RestoreRequest, job: DescribeRestoreJobCommandOutput): RestoreJobAttributes {
  return {
    RestoreJobId: restoreJobId,
    RecoveryPointArn: job.RecoveryPointArn ?? request.recoveryPointArn ?? '',
    ...(job.ResourceType ? { ResourceType: job.ResourceType } : {}),
    ...(job.CreationDate ? { CreationDate: job.CreationDate.toISOString() } : {}),
  };
}

/** Attributes of a completed job. */
function completedAttributes(restoreJobId: string, request: RestoreRequest, job: DescribeRestoreJobCommandOutput): RestoreJobAttributes {
  return {
    ...startedAttributes(restoreJobId, request, job),
    Status: 'COMPLETED',
    ...(job.CreatedResourceArn ? { CreatedResourceArn: job.CreatedResourceArn } : {}),
    ...(job.CompletionDate ? { CompletionDate: job.CompletionDate.toISOString() } : {}),
  };
}
