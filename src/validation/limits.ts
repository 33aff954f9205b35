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
 * spread over a chain of wait resources of at most {@link MAX_WAIT_SECONDS} each (see waitSegments).
 * A restore from cold storage takes about 4 hours longer than one from warm storage; 24 hours covers
 * multi-terabyte restores without making a job cost more than 29 resources of the stack's 500.
 */
export const MAX_LONG_WAIT_SECONDS = 24 * 3600;

/** A wait link hands the wait on this long before its MAX_WAIT_SECONDS are up (so it always beats the hour). */
export const WAIT_LINK_HANDOVER_MARGIN_SECONDS = 60;

/**
 * The job time one wait link covers for sure: it waits MAX_WAIT_SECONDS less its hand-over margin, and up to a
 * minute goes by between one link's answer and the next link's start.
 */
export const WAIT_LINK_COVERS_SECONDS = MAX_WAIT_SECONDS - WAIT_LINK_HANDOVER_MARGIN_SECONDS - 60;

/**
 * Wait resources (`Custom::BackupRestoreJobWait`) a long wait needs so that the links never run out before the
 * timeout: one per WAIT_LINK_COVERS_SECONDS of it, and one more.
 */
export function waitSegments(timeoutSeconds: number): number {
  return Math.floor(timeoutSeconds / WAIT_LINK_COVERS_SECONDS) + 1;
}

/**
 * The most resources one RecoveryPointSet chooses for. Its choice (one recovery point ARN per resource, for the
 * current and the previous choice) is recorded in its physical id, which CloudFormation limits to 1 KB, and is
 * answered as attributes within the response's 4 KB: twenty AWS Backup recovery point ARNs (ten resources, two
 * choices) of the longest partition and Region names take about 830 bytes of the physical id.
 */
export const MAX_RECOVERY_POINT_SET_RESOURCES = 10;

/** A RecoveryPointSet's default maxSkew: its points are at most an hour apart. */
export const DEFAULT_MAX_SKEW_SECONDS = 3600;
