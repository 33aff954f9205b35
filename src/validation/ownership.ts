/**
 * Tags the handler puts on a resource a `removalPolicy: DESTROY` job created (when the job completes, and again
 * before deleting it if they are missing). Delete permissions whose resource name synth does not know are
 * conditioned on them (`aws:ResourceTag/<key>`), so the handler's role can only delete what it tagged as this
 * stack's restore.
 */
export const OWNER_STACK_TAG = 'cdk-backup-restore:stack-id';
export const OWNER_LOGICAL_ID_TAG = 'cdk-backup-restore:logical-id';
