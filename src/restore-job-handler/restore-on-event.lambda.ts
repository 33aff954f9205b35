/**
 * onEvent handler of Custom::BackupRestoreJob (called by aws-cdk-lib's Provider framework).
 *
 * Create: validate, StartRestoreJob, PhysicalResourceId = RestoreJobId.
 * Update: a change of any restore input starts a new job (new physical id; CloudFormation then sends a
 *         Delete for the old one); otherwise the job is kept.
 * Delete: nothing to do: AWS Backup cannot undo a restore, the restored resource stays.
 * The Provider framework then calls the isComplete handler until the job completes.
 */
import { StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { backup, describeError, log, withRetries } from './aws-backup';
import { resolveRecoveryPointArn, resolveRestore } from './recovery-points';
import { CustomResourceRequest, changedRestoreInput, idempotencyToken, parseProperties, validateResolved } from './request';

export interface OnEventResponse {
  readonly PhysicalResourceId: string;
}

export async function handler(event: CustomResourceRequest): Promise<OnEventResponse> {
  switch (event.RequestType) {
    case 'Create':
      return startRestore(event);
    case 'Update': {
      const changed = changedRestoreInput(event.OldResourceProperties ?? {}, event.ResourceProperties);
      if (changed.length === 0) {
        parseProperties(event.ResourceProperties); // still reject a broken template
        log('info', 'no restore input changed: keeping the restore job', { restoreJobId: event.PhysicalResourceId });
        return { PhysicalResourceId: requirePhysicalId(event) };
      }
      log('info', 'restore input changed: starting a new restore job', { changed, previousRestoreJobId: event.PhysicalResourceId });
      return startRestore(event);
    }
    case 'Delete':
      log('info', 'delete: the restored resource is retained. AWS Backup has no API to undo a restore; delete the restored resource yourself if it is no longer needed.', {
        restoreJobId: event.PhysicalResourceId,
        createdResourceArn: event.Data?.CreatedResourceArn,
      });
      return { PhysicalResourceId: requirePhysicalId(event) };
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

async function startRestore(event: CustomResourceRequest): Promise<OnEventResponse> {
  const request = parseProperties(event.ResourceProperties);
  const recoveryPointArn = await resolveRecoveryPointArn(request);
  if (request.latest !== undefined) {
    log('info', 'newest matching recovery point chosen', { recoveryPointArn, backupVaultName: request.backupVaultName });
  }
  const restore = await resolveRestore(request, recoveryPointArn);
  validateResolved(request, restore); // the same rules as at synth time, now on the resolved input
  const token = idempotencyToken(event, request);
  let restoreJobId: string | undefined;
  try {
    const response = await withRetries('StartRestoreJob', () => backup.send(new StartRestoreJobCommand({
      RecoveryPointArn: restore.recoveryPointArn,
      Metadata: restore.metadata,
      IamRoleArn: request.iamRoleArn,
      IdempotencyToken: token,
      ResourceType: restore.resourceType,
      CopySourceTagsToRestoredResource: request.copySourceTagsToRestoredResource,
    })));
    restoreJobId = response.RestoreJobId;
  } catch (error) {
    throw new Error(`StartRestoreJob failed for recovery point ${restore.recoveryPointArn}: ${describeError(error)}`);
  }
  if (!restoreJobId) throw new Error('StartRestoreJob returned no RestoreJobId.');
  log('info', 'restore job started', {
    restoreJobId,
    recoveryPointArn: restore.recoveryPointArn,
    resourceType: restore.resourceType,
    metadataKeys: Object.keys(restore.metadata), // keys only: values are sensitive
    waitForCompletion: request.waitForCompletion,
  });
  return { PhysicalResourceId: restoreJobId };
}

function requirePhysicalId(event: CustomResourceRequest): string {
  if (!event.PhysicalResourceId) throw new Error(`${event.RequestType} request without a PhysicalResourceId.`);
  return event.PhysicalResourceId;
}
