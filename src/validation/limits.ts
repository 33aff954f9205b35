/** Limits shared by the construct (synth time) and the handler (deploy time). */

/** A CloudFormation custom resource waits at most 1 hour (ServiceTimeout ≤ 3600 s). */
export const CUSTOM_RESOURCE_MAX_SECONDS = 3600;

/**
 * The longest a RestoreJob may wait for its job: 55 minutes, leaving 5 minutes of the custom resource's
 * hour for starting the job, the last poll and the response, so our clear timeout message reaches
 * CloudFormation before CloudFormation's own timeout does.
 */
export const MAX_WAIT_SECONDS = 55 * 60;
