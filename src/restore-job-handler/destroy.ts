/**
 * `removalPolicy: DESTROY` (RemovalPolicy 'Destroy'): when a RestoreJob resource is deleted — stack delete, the
 * cleanup after an update replaced the job, the cleanup after a failed create — delete what its job created (the
 * job's CreatedResourceArn, as AWS Backup reports it; nothing else) and wait until it is gone.
 *
 * Which job: the one the physical id names (`cur`). CloudFormation only deletes a physical id it no longer uses: a
 * kept update never changes the id, and a rollback answers the previous job's id, so the Delete that follows names
 * the job the rollback left — never the one still in use.
 *
 * onEvent answers at once; isComplete does the work, one step per poll, each step safe to repeat (retries,
 * duplicate deliveries, the next poll): the job still running → wait for it (bounded); FAILED/ABORTED → nothing was
 * created; gone → done; else tag (ownership: what the delete permission is conditioned on) and delete.
 */
import { DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { Budget, BudgetExhausted, describeError, errorName, log } from './aws-backup';
import { describeJob } from './describe-job';
import { decodePhysicalId, JobRecord } from './physical-id';
import { CustomResourceRequest, IsCompleteRequest } from './request';
import { deleteAdapterForArn, DeleteAdapter, DeletionRefused } from '../resource-types/runtime';
import { OWNER_LOGICAL_ID_TAG, OWNER_STACK_TAG } from '../validation/ownership';

/** How long a Delete waits for a job that is still running before it fails (the custom resource waits at most 1 hour). */
export const DESTROY_JOB_WAIT_MS = 50 * 60 * 1000;

/** Whether this resource's restored resource is deleted with it. */
export function destroys(event: Pick<CustomResourceRequest, 'ResourceProperties'>): boolean {
  return (event.ResourceProperties as { RemovalPolicy?: unknown } | undefined)?.RemovalPolicy === 'Destroy';
}

/** The ownership tags of the resource a job of this stack's resource created. */
export function ownerTags(event: Pick<CustomResourceRequest, 'StackId' | 'LogicalResourceId'>): Record<string, string> {
  return { [OWNER_STACK_TAG]: event.StackId, [OWNER_LOGICAL_ID_TAG]: event.LogicalResourceId };
}

/** The answer of one isComplete poll of a Delete. */
export interface DestroyStep {
  readonly IsComplete: boolean;
}

/** One step of deleting what the job of a DESTROY resource created. */
export async function destroyStep(event: IsCompleteRequest, budget: Budget): Promise<DestroyStep> {
  const physicalId = event.PhysicalResourceId;
  if (!physicalId) throw new Error('Delete without a PhysicalResourceId: no restore job to destroy.');
  const job = decodePhysicalId(physicalId).cur;
  const startedAt = typeof event.RestoreStartedAt === 'number' ? event.RestoreStartedAt : Date.now();

  const arn = await createdResourceOf(job, startedAt, budget);
  if (arn === 'waiting') return { IsComplete: false };
  if (arn === undefined) return { IsComplete: true };

  const adapter = deleteAdapterForArn(arn);
  if (adapter === undefined) {
    throw new Error(`Restore job ${job.id} created ${arn}, which this version cannot delete, so removalPolicy DESTROY cannot be honoured. ` +
      'Fix: delete that resource yourself, then update the RestoreJob to removalPolicy RETAIN (or remove it from the stack) and retry the delete.');
  }
  try {
    if (await adapter.isGone(arn, budget)) {
      log('info', 'destroy: the restored resource is gone', { restoreJobId: job.id, createdResourceArn: arn });
      return { IsComplete: true };
    }
    await tagOwned(adapter, arn, event, budget);
    const progress = await adapter.remove(arn, { budget });
    log('info', 'destroy: deleting the restored resource', { restoreJobId: job.id, createdResourceArn: arn, progress });
  } catch (error) {
    if (error instanceof BudgetExhausted && Date.now() - startedAt < DESTROY_JOB_WAIT_MS) {
      // Throttling or 5xx longer than this invocation's retries: ask again at the next poll, as describes do.
      log('warn', 'destroy: the service kept failing with retryable errors in this invocation; trying again at the next poll', {
        createdResourceArn: arn, error: errorName(error), attempts: error.attempts,
      });
      return { IsComplete: false };
    }
    if (error instanceof DeletionRefused) {
      // The adapter's message names the resource, the reason and the fix; nothing is turned off or deleted for the user.
      throw new Error(`${error.message} (Restore job ${job.id} created it. ${keepIt(event)})`);
    }
    throw new Error(`Deleting ${arn}, which restore job ${job.id} created, failed: ${describeError(error)}. The delete can be retried. ${keepIt(event)}`);
  }
  return { IsComplete: false };
}

/** How to keep the resource instead of deleting it, for a failure message. */
function keepIt(event: Pick<CustomResourceRequest, 'LogicalResourceId'>): string {
  return `To keep the resource instead: retry the stack delete retaining ${event.LogicalResourceId} (aws cloudformation delete-stack --retain-resources ${event.LogicalResourceId}), ` +
    'or set removalPolicy RETAIN on the RestoreJob in a stack update first.';
}

/**
 * The ARN the job created: recorded in the physical id when the deploy waited for the job, else from AWS Backup.
 * `'waiting'` while the job still runs (bounded by {@link DESTROY_JOB_WAIT_MS}); undefined when it created nothing.
 */
async function createdResourceOf(job: JobRecord, startedAt: number, budget: Budget): Promise<string | undefined | 'waiting'> {
  const recorded = job.attributes?.CreatedResourceArn;
  if (recorded) return recorded;
  let described: DescribeRestoreJobCommandOutput | undefined;
  try {
    const context = { startedHere: false, sinceStartMs: Date.now() - startedAt, timeoutSeconds: DESTROY_JOB_WAIT_MS / 1000 };
    described = await describeJob(job.id, context, budget);
  } catch (error) {
    if ((error as { awsErrorName?: string }).awsErrorName === 'ResourceNotFoundException') {
      throw new Error(`removalPolicy is DESTROY, but AWS Backup no longer describes restore job ${job.id}, and its created resource was never recorded, so what to delete is unknown. ` +
        'Nothing was deleted. Fix: delete the restored resource yourself, then update the RestoreJob to removalPolicy RETAIN (or remove it from the stack) and retry.');
    }
    throw error;
  }
  if (described === undefined) return 'waiting'; // transient: ask again at the next poll
  const status = described.Status ?? 'UNKNOWN';
  if (status === 'COMPLETED') {
    if (!described.CreatedResourceArn) {
      log('warn', 'destroy: the restore job completed without a CreatedResourceArn; nothing to delete', { restoreJobId: job.id });
      return undefined;
    }
    return described.CreatedResourceArn;
  }
  if (status === 'FAILED' || status === 'ABORTED') {
    log('info', 'destroy: the restore job did not complete; it created no resource to delete', { restoreJobId: job.id, status });
    return undefined;
  }
  if (Date.now() - startedAt >= DESTROY_JOB_WAIT_MS) {
    throw new Error(`removalPolicy is DESTROY, and restore job ${job.id} is still ${status} after ${Math.round(DESTROY_JOB_WAIT_MS / 60000)} minutes of this delete: ` +
      'what it creates can only be deleted once it ends. Nothing was deleted. Fix: retry the stack delete after the job ends (follow it with `npx cdk-backup-restore status <stack>`).');
  }
  log('info', 'destroy: waiting for the restore job to end before deleting what it created', { restoreJobId: job.id, status });
  return 'waiting';
}

/**
 * Put the ownership tags on the resource (the delete permission is conditioned on them when synth did not know its
 * name). A resource already being deleted may refuse tags: that is no reason to stop; a refused delete says why.
 */
async function tagOwned(adapter: DeleteAdapter, arn: string, event: IsCompleteRequest, budget: Budget): Promise<void> {
  try {
    await adapter.tag(arn, ownerTags(event), budget);
  } catch (error) {
    log('warn', 'destroy: could not tag the restored resource before deleting it', { createdResourceArn: arn, error: errorName(error) });
  }
}

/**
 * When a job of a DESTROY resource completes: tag what it created as this stack's (best effort: a later delete tags
 * it again if this failed).
 */
export async function tagCompleted(event: CustomResourceRequest, createdResourceArn: string | undefined, budget: Budget): Promise<void> {
  if (!createdResourceArn || !destroys(event)) return;
  const adapter = deleteAdapterForArn(createdResourceArn);
  if (adapter === undefined) return;
  try {
    await adapter.tag(createdResourceArn, ownerTags(event), budget);
  } catch (error) {
    log('warn', 'could not tag the restored resource as this stack\'s (it is tagged again before a delete)', { createdResourceArn, error: errorName(error) });
  }
}

/**
 * A revert (rollback, or an update back to the previous input) answers the previous job. With DESTROY its resource
 * may be gone (a successful update's cleanup deleted it): then it must not be answered. True when it is gone.
 */
export async function revertTargetGone(event: CustomResourceRequest, previous: JobRecord, budget: Budget): Promise<boolean> {
  if (!destroys(event)) return false;
  let arn = previous.attributes?.CreatedResourceArn;
  if (!arn) {
    const described = await describeJob(previous.id, { startedHere: false, sinceStartMs: 0, timeoutSeconds: 3600 }, budget)
      .catch(error => {
        // Unknown: answer the previous job as before (a rollback must not fail on a read).
        log('warn', 'could not describe the previous restore job; answering it', { restoreJobId: previous.id, error: errorName(error) });
        return undefined;
      });
    if (described === undefined) return false; // unknown: answer the previous job as before
    if (described.Status !== 'COMPLETED') return false;
    arn = described.CreatedResourceArn;
  }
  if (!arn) return false;
  const adapter = deleteAdapterForArn(arn);
  if (adapter === undefined) return false;
  try {
    return await adapter.isGone(arn, budget);
  } catch (error) {
    // Unknown: answer the previous job as before (a rollback must not fail on a read; its resource exists then).
    log('warn', 'could not check whether the previous job\'s resource still exists; answering that job', { createdResourceArn: arn, error: errorName(error) });
    return false;
  }
}
