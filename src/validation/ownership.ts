/**
 * Tags the handler puts on a resource a `removalPolicy: DESTROY` job created (when the job completes, and again
 * before deleting it if they are missing). Delete permissions whose resource name synth does not know are
 * conditioned on them (`aws:ResourceTag/<key>`), and tagging is limited to these keys with this job's values,
 * never over another owner's: one job's role cannot delete what another job (of this or another stack) owns. It
 * is not a boundary against the handler role itself for a resource of that type nobody tagged: a name the
 * metadata fixes scopes the permission to that name instead.
 */
export const OWNER_STACK_TAG = 'cdk-backup-restore:stack-id';
export const OWNER_LOGICAL_ID_TAG = 'cdk-backup-restore:logical-id';
