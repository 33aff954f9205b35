/**
 * isComplete handler of Custom::BackupRestoreJob: the Provider framework's waiter calls it every
 * query interval until it returns IsComplete: true or throws.
 */
import { DescribeRestoreJobCommand, DescribeRestoreJobCommandOutput } from '@aws-sdk/client-backup';
import { backup, describeError, log, withRetries } from './aws-backup';
import type { RestoreJobAttributes } from './contract';
import { CustomResourceRequest, parseProperties } from './request';
import { MAX_WAIT_SECONDS } from '../validation/limits';

export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: RestoreJobAttributes;
}

export async function handler(event: CustomResourceRequest): Promise<IsCompleteResponse> {
  switch (event.RequestType) {
    case 'Delete':
      return { IsComplete: true };
    case 'Create':
    case 'Update':
      return checkRestoreJob(event);
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

async function checkRestoreJob(event: CustomResourceRequest): Promise<IsCompleteResponse> {
  const request = parseProperties(event.ResourceProperties);
  const restoreJobId = event.PhysicalResourceId;
  if (!restoreJobId) throw new Error('isComplete called without a PhysicalResourceId (the restore job id).');

  let job: DescribeRestoreJobCommandOutput;
  try {
    job = await withRetries('DescribeRestoreJob', () => backup.send(new DescribeRestoreJobCommand({ RestoreJobId: restoreJobId })));
  } catch (error) {
    throw new Error(`DescribeRestoreJob failed for restore job ${restoreJobId}: ${describeError(error)}`);
  }
  const status = job.Status ?? 'UNKNOWN';

  if (status === 'FAILED' || status === 'ABORTED') {
    log('error', 'restore job did not complete', { restoreJobId, status, statusMessage: job.StatusMessage });
    throw new Error(`Restore job ${restoreJobId} ${status}: ${job.StatusMessage ?? '(AWS Backup gave no status message)'}`);
  }
  if (!request.waitForCompletion) {
    // Only what is fixed for the job's life: a retried or duplicated request answers the same, whenever it
    // asks (the status and the created resource depend on the moment).
    log('info', 'restore job started; not waiting for it (waitForCompletion is false)', { restoreJobId, status });
    return { IsComplete: true, Data: startedAttributes(restoreJobId, request.recoveryPointArn, job) };
  }
  if (status === 'COMPLETED') {
    log('info', 'restore job completed', { restoreJobId, createdResourceArn: job.CreatedResourceArn });
    return { IsComplete: true, Data: completedAttributes(restoreJobId, request.recoveryPointArn, job) };
  }

  const elapsedSeconds = job.CreationDate ? Math.floor((Date.now() - job.CreationDate.getTime()) / 1000) : 0;
  log('info', 'restore job in progress', {
    restoreJobId,
    status,
    percentDone: job.PercentDone,
    expectedCompletionTimeMinutes: job.ExpectedCompletionTimeMinutes,
    elapsedSeconds,
    timeoutSeconds: request.timeoutSeconds,
  });
  if (elapsedSeconds >= request.timeoutSeconds) {
    throw new Error(
      `Restore job ${restoreJobId} is still ${status} (${job.PercentDone ?? '?'}% done) after ${elapsedSeconds} s, past this RestoreJob's timeout of ${request.timeoutSeconds} s. ` +
      'The job goes on in AWS Backup and its resource appears when it completes, but this deploy stops waiting. ' +
      `Fix: raise \`timeout\` (at most ${MAX_WAIT_SECONDS / 60} minutes: a custom resource can wait at most 1 hour), or set \`waitForCompletion: false\` for restores that take longer, and check the job in the AWS Backup console.`);
  }
  return { IsComplete: false };
}

/** Attributes of a job that has started: the same whenever they are read. */
function startedAttributes(restoreJobId: string, recoveryPointArn: string | undefined, job: DescribeRestoreJobCommandOutput): RestoreJobAttributes {
  return {
    RestoreJobId: restoreJobId,
    RecoveryPointArn: job.RecoveryPointArn ?? recoveryPointArn ?? '',
    ...(job.ResourceType ? { ResourceType: job.ResourceType } : {}),
    ...(job.CreationDate ? { CreationDate: job.CreationDate.toISOString() } : {}),
  };
}

/** Attributes of a completed job. */
function completedAttributes(restoreJobId: string, recoveryPointArn: string | undefined, job: DescribeRestoreJobCommandOutput): RestoreJobAttributes {
  return {
    ...startedAttributes(restoreJobId, recoveryPointArn, job),
    Status: 'COMPLETED',
    ...(job.CreatedResourceArn ? { CreatedResourceArn: job.CreatedResourceArn } : {}),
    ...(job.CompletionDate ? { CompletionDate: job.CompletionDate.toISOString() } : {}),
  };
}
