/**
 * onEvent handler of Custom::BackupRestoreJob (called by aws-cdk-lib's Provider framework).
 *
 * Create: validate, StartRestoreJob; the physical id names the job (and carries its state: physical-id.ts).
 * Update: decided on the restore input's digest against the jobs the physical id remembers —
 *   - the current job's input: keep it (no call to AWS; isComplete answers the recorded attributes);
 *   - the previous job's input (CloudFormation's rollback of a failed update sends the old properties with the
 *     new physical id; an update back to the previous input looks the same): answer the previous job, start
 *     none. Its restored resource still exists: RestoreJob never deletes what a restore created;
 *   - anything else: start a new job (new physical id; CloudFormation deletes the old one after a successful
 *     update, which retains its resource).
 * Delete: nothing to do: AWS Backup cannot undo a restore, the restored resource stays.
 * The Provider framework then calls the isComplete handler until the job completes.
 */
import { StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { backup, Budget, BudgetExhausted, describeError, InvocationContext, log, withRetries } from './aws-backup';
import { destroys, revertTargetGone } from './destroy';
import { toFailure } from './failure';
import { changedRestoreInput, decideUpdate, decodePhysicalId, encodePhysicalId, JobRecord, restoreInputDigest } from './physical-id';
import { onRecoveryPointSetEvent, RECOVERY_POINT_SET_RESOURCE_TYPE } from './recovery-point-set';
import { resolveRecoveryPointArn, resolveRestore } from './recovery-points';
import { checkTemplate, CustomResourceRequest, idempotencyToken, parseProperties, RestoreAction, validateResolved } from './request';
import { onRestoredResourceEvent, RESTORED_RESOURCE_TYPE } from './restored-resource';
import { onWaitEvent, WAIT_RESOURCE_TYPE } from './wait';

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  /** Epoch ms at which this request began waiting: a job not visible yet, or without CreationDate, counts from it. */
  readonly RestoreStartedAt?: number;
  readonly RestoreAction?: RestoreAction;
}

export async function handler(event: CustomResourceRequest, context?: InvocationContext): Promise<OnEventResponse> {
  const budget = Budget.of(context);
  try {
    return await onEvent(event, budget);
  } catch (error) {
    throw toFailure(error, event, event.RequestType === 'Create' ? undefined : event.PhysicalResourceId);
  }
}

async function onEvent(event: CustomResourceRequest, budget: Budget): Promise<OnEventResponse> {
  if (event.ResourceType === WAIT_RESOURCE_TYPE) return onWaitEvent(event);
  if (event.ResourceType === RESTORED_RESOURCE_TYPE) return onRestoredResourceEvent(event);
  if (event.ResourceType === RECOVERY_POINT_SET_RESOURCE_TYPE) return onRecoveryPointSetEvent(event, budget);
  switch (event.RequestType) {
    case 'Create':
      return startRestore(event, undefined, budget);
    case 'Update':
      return update(event, budget);
    case 'Delete':
      if (destroys(event)) {
        // removalPolicy DESTROY: isComplete deletes what the job created and waits until it is gone (destroy.ts).
        log('info', 'delete: removalPolicy is DESTROY: deleting what the restore job created', { restoreJobId: decodePhysicalId(requirePhysicalId(event)).cur.id });
        return { PhysicalResourceId: requirePhysicalId(event), RestoreStartedAt: Date.now(), RestoreAction: 'destroying' };
      }
      log('info', 'delete: the restored resource is retained. AWS Backup has no API to undo a restore; delete the restored resource yourself if it is no longer needed.', {
        restoreJobId: decodePhysicalId(requirePhysicalId(event)).cur.id,
        createdResourceArn: decodePhysicalId(requirePhysicalId(event)).cur.attributes?.CreatedResourceArn,
      });
      return { PhysicalResourceId: requirePhysicalId(event) };
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

async function update(event: CustomResourceRequest, budget: Budget): Promise<OnEventResponse> {
  const physicalId = requirePhysicalId(event);
  const state = decodePhysicalId(physicalId);
  const digest = restoreInputDigest(event.ResourceProperties);
  const startedAt = Date.now();

  const decision = decideUpdate(state, digest,
    // An id without a digest was written before digests existed: compare the properties CloudFormation sent.
    () => changedRestoreInput(event.OldResourceProperties ?? {}, event.ResourceProperties).length === 0,
    () => restoreInputDigest(event.OldResourceProperties ?? {}));
  if (decision.kind === 'keep') {
    parseProperties(event.ResourceProperties); // still reject a broken template
    log('info', 'no restore input changed: keeping the restore job', { restoreJobId: state.cur.id });
    return { PhysicalResourceId: physicalId, RestoreStartedAt: startedAt, RestoreAction: 'kept' };
  }
  if (decision.kind === 'revert' && await revertTargetGone(event, decision.job, budget)) {
    // removalPolicy DESTROY deleted the previous job's resource (the cleanup of the update that replaced it):
    // answering that job would hand out a resource that no longer exists. Restore again.
    log('info', "the restore input is the previous job's again, but what that job created was destroyed: starting a new restore job", {
      previousRestoreJobId: decision.job.id, replacedRestoreJobId: state.cur.id,
    });
    return startRestore(event, { ...state.cur, digest: state.cur.digest ?? restoreInputDigest(event.OldResourceProperties ?? {}) }, budget);
  }
  if (decision.kind === 'revert') {
    parseProperties(event.ResourceProperties);
    log('info', "the restore input is the previous job's again (a rollback of a failed update, or an update back): answering that job, starting none", {
      restoreJobId: decision.job.id, replacedRestoreJobId: state.cur.id,
    });
    return { PhysicalResourceId: decision.physicalId, RestoreStartedAt: startedAt, RestoreAction: 'reverted' };
  }
  const changed = changedRestoreInput(event.OldResourceProperties ?? {}, event.ResourceProperties);
  log('info', 'restore input changed: starting a new restore job', { changed, previousRestoreJobId: state.cur.id });
  const previous = decision.previous;
  return startRestore(event, previous, budget);
}

async function startRestore(event: CustomResourceRequest, previous: JobRecord | undefined, budget: Budget): Promise<OnEventResponse> {
  checkTemplate(event.ResourceProperties);
  const request = parseProperties(event.ResourceProperties);
  const recoveryPointArn = await resolveRecoveryPointArn(request, Date.now(), budget);
  if (request.latest !== undefined) {
    log('info', 'newest matching recovery point chosen', { recoveryPointArn, backupVaultName: request.backupVaultName });
  }
  const restore = await resolveRestore(request, recoveryPointArn, budget);
  validateResolved(request, restore); // the same rules as at synth time, now on the resolved input
  const token = idempotencyToken(event, request);
  const startedAt = Date.now();
  let restoreJobId: string | undefined;
  try {
    // Every attempt carries the same token: an attempt whose answer was lost cannot start a second job.
    const response = await withRetries('StartRestoreJob', abortSignal => backup.send(new StartRestoreJobCommand({
      RecoveryPointArn: restore.recoveryPointArn,
      Metadata: restore.metadata,
      IamRoleArn: request.iamRoleArn,
      IdempotencyToken: token,
      ResourceType: restore.resourceType,
      CopySourceTagsToRestoredResource: request.copySourceTagsToRestoredResource,
    }), { abortSignal }), budget);
    restoreJobId = response.RestoreJobId;
  } catch (error) {
    if (error instanceof BudgetExhausted) {
      throw new Error(`StartRestoreJob did not succeed for recovery point ${restore.recoveryPointArn} within the handler's time (${error.attempts} attempts): ${describeError(error)}. ` +
        'AWS Backup may have started the job before an answer was lost: check its console before deploying again.');
    }
    throw new Error(`StartRestoreJob failed for recovery point ${restore.recoveryPointArn}: ${describeError(error)}`);
  }
  if (!restoreJobId) throw new Error('StartRestoreJob returned no RestoreJobId.');
  if (previous !== undefined && restoreJobId === previous.id) {
    // A user-chosen idempotencyToken kept across a change of the restore input: AWS Backup answers the job that
    // token started, which restored the OLD input (and, with DESTROY, the cleanup of the old physical id would
    // delete what this resource now answers).
    throw new Error(`The restore input changed, but StartRestoreJob answered restore job ${restoreJobId} again: the idempotencyToken is the one that started it, so AWS Backup took this for a retry and restored nothing new. ` +
      'Fix: change idempotencyToken together with the restore input (or remove it: the default is new for every deploy that restores).');
  }
  // stackId and logicalResourceId let `cdk-backup-restore status` find a job whose resource is still in progress
  // (CloudFormation knows no physical id until the resource answers).
  log('info', 'restore job started', {
    restoreJobId,
    stackId: event.StackId,
    logicalResourceId: event.LogicalResourceId,
    recoveryPointArn: restore.recoveryPointArn,
    resourceType: restore.resourceType,
    metadataKeys: Object.keys(restore.metadata), // keys only: values are sensitive
    waitForCompletion: request.waitForCompletion,
  });
  const physicalId = encodePhysicalId({
    cur: { id: restoreJobId, digest: restoreInputDigest(event.ResourceProperties) },
    prev: previous,
  });
  return { PhysicalResourceId: physicalId, RestoreStartedAt: startedAt, RestoreAction: 'started' };
}

function requirePhysicalId(event: CustomResourceRequest): string {
  if (!event.PhysicalResourceId) throw new Error(`${event.RequestType} request without a PhysicalResourceId.`);
  return event.PhysicalResourceId;
}
