/**
 * Parsing and checking of the custom resource request. CloudFormation delivers every scalar as a string:
 * each property is parsed explicitly here, and the restore input is re-validated by the same module the
 * construct used at synth time.
 */
import { createHash } from 'crypto';
import type { LatestRecoveryPointProperties, RestoreJobResourceProperties } from './contract';
import { RECORDED_SOURCE, validateRestoreInput } from '../resource-types/validate';
import { MAX_LONG_WAIT_SECONDS, MAX_WAIT_SECONDS } from '../validation/limits';

/** The CloudFormation custom resource request, as the Provider framework passes it on. */
export interface CustomResourceRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly RequestId: string;
  readonly StackId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly Data?: Record<string, unknown>;
}

/** What onEvent did; travels to isComplete inside the waiter's event (the framework passes onEvent's answer on). */
/** What onEvent did: started, kept or reverted to a job; `destroying`: a DESTROY resource's Delete. */
export type RestoreAction = 'started' | 'kept' | 'reverted' | 'destroying';

/** The waiter's event: the CloudFormation request plus what onEvent answered. */
export interface IsCompleteRequest extends CustomResourceRequest {
  /** Epoch ms at which this request began waiting. */
  readonly RestoreStartedAt?: number;
  readonly RestoreAction?: RestoreAction;
}

/** Filters of a recovery point chosen at deploy time, after parsing. */
export interface LatestFilters {
  readonly byResourceArn?: string;
  readonly byResourceType?: string;
  readonly createdAfter?: Date;
  readonly maxAgeSeconds?: number;
}

/** The properties after parsing. */
export interface RestoreRequest {
  /** Absent when `latest` chooses the recovery point. */
  readonly recoveryPointArn?: string;
  readonly latest?: LatestFilters;
  readonly backupVaultName?: string;
  readonly backupVaultAccountId?: string;
  readonly useRecordedMetadata: boolean;
  readonly metadata: Record<string, string>;
  readonly resourceType?: string;
  readonly iamRoleArn?: string;
  readonly idempotencyToken?: string;
  readonly copySourceTagsToRestoredResource?: boolean;
  readonly waitForCompletion: boolean;
  readonly timeoutSeconds: number;
  /** Wait links wait for this job: answer every attribute the first link reads. */
  readonly waitInLinks: boolean;
  /** `RemovalPolicy: 'Destroy'`: delete what the job created when this resource is deleted. */
  readonly destroy: boolean;
}

/** An input problem found at deploy time: one message per problem, none quoting a metadata value. */
export class RestoreInputError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems: ${problems.join(' | ')}`);
    this.name = 'RestoreInputError';
  }
}

/** Every top-level property the construct renders (and the two CloudFormation adds). */
const KNOWN_PROPERTIES: ReadonlySet<string> = new Set<keyof RestoreJobResourceProperties | 'ServiceToken' | 'ServiceTimeout'>([
  'ServiceToken', 'ServiceTimeout', 'RecoveryPointArn', 'LatestRecoveryPoint', 'BackupVaultName', 'BackupVaultAccountId',
  'UseRecordedMetadata', 'Metadata', 'ResourceType', 'IamRoleArn', 'IdempotencyToken', 'CopySourceTagsToRestoredResource',
  'WaitForCompletion', 'TimeoutSeconds', 'WaitInLinks', 'RemovalPolicy',
]);

/** A CDK token that reached the template as text (`${Token[…]}`, `#{Token[…]}`): the value never resolved. */
const LITERAL_TOKEN = /[$#]\{Token\[/;

/**
 * Checks of a template that is about to start a restore job, beyond what parsing rejects: properties this
 * version does not know, CDK tokens that never resolved, a timeout outside what a custom resource can wait.
 * Paths that start no job (keeping or reverting to a job) skip them, so a rollback Update carrying a newer or
 * older version's properties still succeeds. Messages name properties, never values.
 */
export function checkTemplate(raw: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const name of Object.keys(raw)) {
    if (!KNOWN_PROPERTIES.has(name)) {
      problems.push(`Property ${name} is not one this version of cdk-backup-restore renders. Fix: deploy the template with the same library version as its handler, or remove the property (escape hatches must not add it).`);
    }
  }
  for (const path of literalTokenPaths(raw, '')) {
    problems.push(`Property ${path} holds an unresolved CDK token as text ('\${Token[...]}'), so AWS would get the token instead of its value. Fix: pass the value through a construct prop rather than a string built from a token (e.g. use Token.asString only where CDK resolves it), then synthesize again.`);
  }
  // A resource that waits can wait at most 55 minutes; one that only starts the job (a long wait's links wait
  // for it) carries the whole timeout, at most 24 hours.
  const timeout = Number(raw.TimeoutSeconds);
  const max = raw.WaitForCompletion === 'false' ? MAX_LONG_WAIT_SECONDS : MAX_WAIT_SECONDS;
  if (Number.isInteger(timeout) && (timeout < 1 || timeout > max)) {
    problems.push(`Property TimeoutSeconds is ${timeout}, outside 1..${max} (a custom resource waits at most 1 hour; longer waits are chained). Fix: choose a timeout of at most ${max / 60} minutes.`);
  }
  if (problems.length > 0) throw new RestoreInputError(problems);
}

function literalTokenPaths(value: unknown, path: string): string[] {
  if (typeof value === 'string') return LITERAL_TOKEN.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalTokenPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
      // A metadata key is not secret, but a token in it means the key never resolved: name the key's position only.
      const here = path === '' ? k : `${path}.${LITERAL_TOKEN.test(k) ? '<key>' : k}`;
      return [...(LITERAL_TOKEN.test(k) ? [here] : []), ...literalTokenPaths(v, here)];
    });
  }
  return [];
}

/** Parse the resource properties (no AWS calls); throws one error naming the problem. */
export function parseProperties(raw: Record<string, unknown>): RestoreRequest {
  const props = raw as Partial<Record<keyof RestoreJobResourceProperties, unknown>>;
  const latest = parseLatest(props.LatestRecoveryPoint);
  const recoveryPointArn = latest === undefined ? requiredString(props.RecoveryPointArn, 'RecoveryPointArn') : undefined;
  if (latest !== undefined && props.RecoveryPointArn !== undefined) {
    throw new Error('Properties RecoveryPointArn and LatestRecoveryPoint exclude each other: give one.');
  }
  const backupVaultName = optionalString(props.BackupVaultName, 'BackupVaultName');
  const useRecordedMetadata = optionalBoolean(props.UseRecordedMetadata, 'UseRecordedMetadata') ?? false;
  if ((latest !== undefined || useRecordedMetadata) && backupVaultName === undefined) {
    throw new Error('Property BackupVaultName is required with LatestRecoveryPoint or UseRecordedMetadata.');
  }
  const request: RestoreRequest = {
    recoveryPointArn,
    latest,
    backupVaultName,
    backupVaultAccountId: optionalString(props.BackupVaultAccountId, 'BackupVaultAccountId'),
    useRecordedMetadata,
    metadata: parseMetadata(props.Metadata),
    resourceType: optionalString(props.ResourceType, 'ResourceType'),
    iamRoleArn: optionalString(props.IamRoleArn, 'IamRoleArn'),
    idempotencyToken: optionalString(props.IdempotencyToken, 'IdempotencyToken'),
    copySourceTagsToRestoredResource: optionalBoolean(props.CopySourceTagsToRestoredResource, 'CopySourceTagsToRestoredResource'),
    waitForCompletion: optionalBoolean(props.WaitForCompletion, 'WaitForCompletion') ?? true,
    timeoutSeconds: parseTimeout(props.TimeoutSeconds),
    waitInLinks: optionalBoolean(props.WaitInLinks, 'WaitInLinks') ?? false,
    destroy: parseRemovalPolicy(props.RemovalPolicy),
  };
  return request;
}

/** The restore input once the recovery point and the metadata are resolved. */
export interface ResolvedRestore {
  readonly recoveryPointArn: string;
  readonly resourceType?: string;
  readonly metadata: Record<string, string>;
  /** Where each metadata key's value came from, for messages. */
  readonly sources?: Record<string, string>;
}

/**
 * Validate the resolved restore input with the same module the construct used at synth time; throws one
 * error naming every problem (each naming its key and, when known, where its value came from).
 */
export function validateResolved(request: RestoreRequest, resolved: ResolvedRestore): void {
  const errors = validateRestoreInput({
    recoveryPointArn: resolved.recoveryPointArn,
    resourceType: resolved.resourceType,
    metadata: resolved.metadata,
    copySourceTagsToRestoredResource: request.copySourceTagsToRestoredResource,
    destroy: request.destroy,
  }, {
    // Deploy time: messages reach CloudFormation events and CloudWatch Logs, so they never carry a value.
    redactValues: true,
    source: key => resolved.sources?.[key] ?? SET_IN_STACK,
  }).filter(f => f.severity === 'error');
  if (errors.length > 0) throw new RestoreInputError(errors.map(e => e.message));
}

/** Where a metadata value came from, for deploy-time messages. */
export const RECORDED = RECORDED_SOURCE;
export const SET_IN_STACK = 'set in the stack';

/**
 * The idempotency token: the user's, or one derived from stack, logical id and request id. CloudFormation
 * keeps the request id when it retries a request, so a retried or duplicated Create never starts a
 * second job, while every new Create/Update (new request id) does start one.
 */
export function idempotencyToken(request: CustomResourceRequest, parsed: RestoreRequest): string {
  if (parsed.idempotencyToken !== undefined) return parsed.idempotencyToken;
  const digest = createHash('sha256')
    .update(`${request.StackId}\n${request.LogicalResourceId}\n${request.RequestId}`)
    .digest('hex');
  return `cfn-${digest.slice(0, 48)}`;
}

/** `RemovalPolicy`: absent (retain) or `'Destroy'`. */
function parseRemovalPolicy(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (value === 'Destroy') return true;
  throw new Error(`Property RemovalPolicy must be 'Destroy' or absent (got ${describe(value)}).`);
}

function parseLatest(value: unknown): LatestFilters | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`Property LatestRecoveryPoint must be an object (got ${describe(value)}).`);
  const props = value as Partial<Record<keyof LatestRecoveryPointProperties, unknown>>;
  const createdAfterText = optionalString(props.CreatedAfter, 'LatestRecoveryPoint.CreatedAfter');
  const createdAfter = createdAfterText === undefined ? undefined : new Date(createdAfterText);
  if (createdAfter !== undefined && Number.isNaN(createdAfter.getTime())) {
    throw new Error(`Property LatestRecoveryPoint.CreatedAfter must be an ISO-8601 date (got '${createdAfterText}').`);
  }
  const maxAgeText = optionalString(props.MaxAgeSeconds, 'LatestRecoveryPoint.MaxAgeSeconds');
  if (maxAgeText !== undefined && !/^\d+$/.test(maxAgeText)) {
    throw new Error(`Property LatestRecoveryPoint.MaxAgeSeconds must be a whole number of seconds (got '${maxAgeText}').`);
  }
  return {
    byResourceArn: optionalString(props.ByResourceArn, 'LatestRecoveryPoint.ByResourceArn'),
    byResourceType: optionalString(props.ByResourceType, 'LatestRecoveryPoint.ByResourceType'),
    createdAfter,
    maxAgeSeconds: maxAgeText === undefined ? undefined : Number(maxAgeText),
  };
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Property ${name} is required and must be a non-empty string (got ${describe(value)}).`);
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Property ${name} must be a string (got ${describe(value)}).`);
  return value;
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Property ${name} must be 'true' or 'false' (got ${describe(value)}).`);
}

function parseTimeout(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text) || Number(text) <= 0) {
    throw new Error(`Property TimeoutSeconds must be a positive whole number of seconds (got ${describe(value)}).`);
  }
  return Number(text);
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`Property Metadata must be a map of string keys to string values (got ${Array.isArray(value) ? 'a list' : typeof value}).`);
  }
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // CloudFormation turns numbers and booleans into strings; anything else is a template mistake.
    if (typeof v === 'string') result[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') result[key] = String(v);
    else throw new Error(`Metadata value of key '${key}' must be a string (got ${Array.isArray(v) ? 'a list' : typeof v}). Lists and objects are passed as JSON strings.`);
  }
  return result;
}

// Never echoes the value itself: a malformed property could be a metadata value.
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  return Array.isArray(value) ? 'a list' : typeof value;
}
