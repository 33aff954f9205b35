/** Limits shared by the construct (synth time) and the handler (deploy time). */

/** A CloudFormation custom resource waits at most 1 hour (ServiceTimeout ≤ 3600 s). */
export const CUSTOM_RESOURCE_MAX_SECONDS = 3600;

/**
 * The longest a RestoreJob may wait for its job: 55 minutes, leaving 5 minutes of the custom resource's
 * hour for starting the job, the last poll and the response, so our clear timeout message reaches
 * CloudFormation before CloudFormation's own timeout does.
 */
export const MAX_WAIT_SECONDS = 55 * 60;

/**
 * The longest a RestoreJob may wait when its restore takes longer than one custom resource can wait: 24 hours,
 * spread over a chain of wait resources of at most {@link MAX_WAIT_SECONDS} each (one resource per 55 minutes).
 * A restore from cold storage takes about 4 hours longer than one from warm storage; 24 hours covers
 * multi-terabyte restores without making a job cost more than 28 resources of the stack's 500.
 */
export const MAX_LONG_WAIT_SECONDS = 24 * 3600;

/**
 * Wait resources (`Custom::BackupRestoreJobWait`) a long wait needs: each waits at most MAX_WAIT_SECONDS, and
 * one more than the division covers the seconds each hand-over costs.
 */
export function waitSegments(timeoutSeconds: number): number {
  return Math.floor(timeoutSeconds / MAX_WAIT_SECONDS) + 1;
}
