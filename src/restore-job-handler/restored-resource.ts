/**
 * `Custom::BackupRestoredResource`: reads the resource a completed restore created with its service's own read API
 * (DescribeDBInstances, DescribeVolumes, …), for attributes only deploy time knows (a database endpoint, a volume's
 * Availability Zone). Served by the same two handlers as `Custom::BackupRestoreJob`, dispatched on ResourceType.
 *
 * - onEvent: Create and Update answer the created resource's ARN as the physical id (no AWS call; an Update that
 *   names another ARN is a replacement, and CloudFormation's Delete of the old id does nothing). A rollback Update
 *   carries the old properties: it reads the old ARN again. Delete does nothing: the resource belongs to the
 *   RestoreJob's restore, not to this reader.
 * - isComplete: describe the resource. Ready: its attributes. Not ready yet (being created, no endpoint yet) or a
 *   service that kept failing with retryable errors: "not complete", asked again at the next poll, until
 *   {@link READY_TIMEOUT_SECONDS}. Not found: tolerated for {@link NOT_FOUND_GRACE_MS} from the request's start
 *   (a resource just created may not be visible to every read yet), then a failure that says what happened.
 */
import { Budget, BudgetExhausted, describeError, errorName, log } from './aws-backup';
import type { RestoredResourceAttributes, RestoredResourceProperties } from './contract';
import { VISIBILITY_GRACE_MS } from './describe-job';
import { CustomResourceRequest, IsCompleteRequest, RestoreInputError } from './request';
import { readAdapterFor, RESTORED_RESOURCE_KINDS } from '../resource-types/runtime';
import { InvalidResourceArn, ReadAdapter, RestoredResourceNotFound, RestoredResourceUnusable } from '../resource-types/runtime-support';
import { MAX_WAIT_SECONDS } from '../validation/limits';

/** The CloudFormation type of a restored-resource reader. */
export const RESTORED_RESOURCE_TYPE = 'Custom::BackupRestoredResource';

/** How long after the request began a resource AWS does not describe counts as "not visible yet". */
export const NOT_FOUND_GRACE_MS = VISIBILITY_GRACE_MS;

/**
 * How long the reader waits for the resource to be ready, or for its service to stop failing, from the request's
 * start: as long as a RestoreJob waits in one custom resource, so the clear message beats CloudFormation's hour.
 */
export const READY_TIMEOUT_SECONDS = MAX_WAIT_SECONDS;

export interface RestoredResourceOnEventResponse {
  readonly PhysicalResourceId: string;
  /** Epoch ms at which this request began (the grace and the timeout count from it). */
  readonly RestoreStartedAt: number;
}

export interface RestoredResourceIsCompleteResponse {
  readonly IsComplete: boolean;
  /**
   * The kind's attributes, typed also as strings by name (what CloudFormation receives), so the isComplete
   * handler's union of answers stays readable by key.
   */
  readonly Data?: RestoredResourceAttributes & Readonly<Record<string, string>>;
}

interface RestoredResourceRequest {
  readonly arn: string;
  readonly adapter: ReadAdapter;
  readonly identifier: string;
  readonly restoreJobId: string;
}

const KNOWN = new Set<keyof RestoredResourceProperties | 'ServiceToken' | 'ServiceTimeout'>([
  'ServiceToken', 'ServiceTimeout', 'CreatedResourceArn', 'Kind', 'RestoreJobId',
]);

/**
 * Parse the properties; throws a RestoreInputError naming every problem and its fix. `strict` (a Create, or an
 * Update to new properties) also rejects properties this version does not render. Values here are ARNs, ids and
 * kinds, never restore metadata, so messages may show them.
 */
export function parseRestoredResourceProperties(raw: Record<string, unknown>, strict: boolean): RestoredResourceRequest {
  const props = raw as Partial<Record<keyof RestoredResourceProperties, unknown>>;
  const problems: string[] = [];
  if (strict) {
    for (const name of Object.keys(raw)) {
      if (!KNOWN.has(name as keyof RestoredResourceProperties)) {
        problems.push(`Property ${name} is not one this version of cdk-backup-restore renders for ${RESTORED_RESOURCE_TYPE}. Fix: deploy the template with the same library version as its handler.`);
      }
    }
  }
  const kind = props.Kind;
  const adapter = typeof kind === 'string' ? readAdapterFor(kind) : undefined;
  if (adapter === undefined) {
    problems.push(`Property Kind is ${typeof kind === 'string' ? (kind === '' ? 'empty' : `'${kind}'`) : 'missing'}, not a kind this version reads (${RESTORED_RESOURCE_KINDS.join(', ')}). ` +
      'Fix: deploy the template with the same library version as its handler, and create the reader with the restored-resource accessor (asDatabaseInstance(), asVolume(), …), not by hand.');
  }
  const restoreJobId = typeof props.RestoreJobId === 'string' ? props.RestoreJobId : '';
  if (restoreJobId === '') {
    problems.push('Property RestoreJobId is required and must be a non-empty string (Fn::GetAtt RestoreJobId of the RestoreJob). Fix: create the reader with the restored-resource accessor.');
  }
  const arn = typeof props.CreatedResourceArn === 'string' ? props.CreatedResourceArn : '';
  let identifier = '';
  if (arn === '') {
    problems.push(`Property CreatedResourceArn is ${props.CreatedResourceArn === undefined ? 'missing' : 'empty'}: the RestoreJob${restoreJobId ? ` (restore job ${restoreJobId})` : ''} answered no created resource, ` +
      'which happens when it does not wait for its job. Fix: keep waitForCompletion true (the default) on a RestoreJob whose restored resource is read.');
  } else if (adapter !== undefined) {
    try {
      identifier = adapter.identifier(arn);
    } catch (error) {
      if (!(error instanceof InvalidResourceArn)) throw error;
      problems.push(`Property CreatedResourceArn: ${error.message} Its restore created another kind of resource than Kind '${adapter.kind}' reads. ` +
        'Fix: read the restored resource with the accessor that matches the RestoreJob\'s resource type.');
    }
  }
  if (problems.length > 0) throw new RestoreInputError(problems);
  return { arn, adapter: adapter!, identifier, restoreJobId };
}

/** onEvent of a reader: no AWS call; the physical id is the created resource's ARN. */
export function onRestoredResourceEvent(event: CustomResourceRequest): RestoredResourceOnEventResponse {
  const startedAt = Date.now();
  switch (event.RequestType) {
    case 'Create':
    case 'Update': {
      // An Update reads what it needs leniently (a rollback carries properties another version may have rendered).
      const request = parseRestoredResourceProperties(event.ResourceProperties, event.RequestType === 'Create');
      return { PhysicalResourceId: request.arn, RestoreStartedAt: startedAt };
    }
    case 'Delete':
      // The reader owns nothing: the restored resource stays (or is deleted by its RestoreJob's removal policy).
      return { PhysicalResourceId: event.PhysicalResourceId ?? '', RestoreStartedAt: startedAt };
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

/** isComplete of a reader. */
export async function checkRestoredResource(event: IsCompleteRequest, budget: Budget): Promise<RestoredResourceIsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const request = parseRestoredResourceProperties(event.ResourceProperties, false);
  const { adapter, arn, identifier, restoreJobId } = request;
  const sinceStartMs = typeof event.RestoreStartedAt === 'number' ? Date.now() - event.RestoreStartedAt : undefined;
  const pastTimeout = sinceStartMs !== undefined && sinceStartMs >= READY_TIMEOUT_SECONDS * 1000;
  const what = `the restored ${adapter.noun} ${identifier} (${arn})`;

  let described;
  try {
    described = await adapter.describe(arn, budget);
  } catch (error) {
    if (error instanceof BudgetExhausted) {
      if (pastTimeout) {
        throw new Error(`Reading ${what} kept failing until this reader's timeout of ${READY_TIMEOUT_SECONDS} s: ${describeError(error)}. ` +
          `The resource restore job ${restoreJobId} created is not affected. Fix: deploy again once the service answers.`);
      }
      log('warn', 'reading the restored resource kept failing with retryable errors in this invocation; asking again at the next poll', {
        kind: adapter.kind, createdResourceArn: arn, restoreJobId, error: errorName(error), attempts: error.attempts,
      });
      return { IsComplete: false };
    }
    if (error instanceof RestoredResourceNotFound) {
      if (error.state === undefined && sinceStartMs !== undefined && sinceStartMs < NOT_FOUND_GRACE_MS) {
        log('info', 'restored resource not visible yet (eventual consistency); asking again at the next poll', {
          kind: adapter.kind, createdResourceArn: arn, restoreJobId, sinceStartSeconds: Math.floor(sinceStartMs / 1000),
        });
        return { IsComplete: false };
      }
      throw new Error(notFoundMessage(error, what, restoreJobId, adapter.noun, sinceStartMs));
    }
    if (error instanceof RestoredResourceUnusable) {
      throw new Error(`${capitalize(what)} is ${error.state}${error.detail ? ` (${error.detail})` : ''}, so its attributes are not answered. ` +
        (error.fix ?? `Restore job ${restoreJobId} completed, but the resource it created is not usable. ` +
          `Fix: check the ${adapter.noun} in its service's console; restore again (change the RestoreJob's idempotencyToken) once the cause is fixed.`));
    }
    throw new Error(`Reading ${what} failed: ${describeError(error)}. ` +
      (errorName(error) === 'AccessDeniedException' || errorName(error) === 'AccessDenied' || errorName(error) === 'UnauthorizedOperation'
        ? 'Fix: the handler role needs the describe permission the restored-resource accessor grants; create the reader with the accessor, not by hand.'
        : 'Fix: see the error; deploy again once it is resolved.'));
  }

  if (!described.ready) {
    const elapsedSeconds = sinceStartMs === undefined ? undefined : Math.floor(sinceStartMs / 1000);
    if (pastTimeout) {
      throw new Error(`${capitalize(what)} is still ${described.status} after ${elapsedSeconds} s, past this reader's timeout of ${READY_TIMEOUT_SECONDS} s, ` +
        `so its attributes are not answered. Restore job ${restoreJobId} completed; the resource may still become ready. ` +
        `Fix: deploy again once the ${adapter.noun} is ready (check it in its service's console).`);
    }
    log('info', 'restored resource not ready yet; asking again at the next poll', {
      kind: adapter.kind, createdResourceArn: arn, restoreJobId, status: described.status, elapsedSeconds,
    });
    return { IsComplete: false };
  }
  log('info', 'restored resource read', { kind: adapter.kind, createdResourceArn: arn, restoreJobId, attributes: Object.keys(described.attributes) });
  // Every attribute is a string (the adapters' contract): the cast only adds the index signature.
  return { IsComplete: true, Data: described.attributes as RestoredResourceAttributes & Readonly<Record<string, string>> };
}

function notFoundMessage(
  error: RestoredResourceNotFound, what: string, restoreJobId: string, noun: string, sinceStartMs: number | undefined,
): string {
  const fix = `Fix: restore again (change the RestoreJob's idempotencyToken, or its recovery point, so a new job creates a new ${noun}), ` +
    'or stop reading the restored resource in this stack.';
  if (error.state !== undefined) {
    return `${capitalize(what)} is ${error.state}: it is being or was deleted after restore job ${restoreJobId} completed, so its attributes cannot be read. ${fix}`;
  }
  const seen = sinceStartMs === undefined ? '' : ` ${Math.floor(sinceStartMs / 1000)} s after this request began`;
  return `${capitalize(what)} no longer exists: its service does not describe it${error.awsErrorName ? ` (${error.awsErrorName})` : ''}${seen}. ` +
    `It was deleted after restore job ${restoreJobId} completed (or the ARN names another account or Region than this stack's). ${fix}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
