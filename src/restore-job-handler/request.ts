/**
 * Parsing and checking of the custom resource request. CloudFormation delivers every scalar as a string:
 * each property is parsed explicitly here, and the restore input is re-validated by the same module the
 * construct used at synth time.
 */
import { createHash } from 'crypto';
import type { LatestRecoveryPointProperties, RestoreInputProperty, RestoreJobResourceProperties } from './contract';
import { formatErrors, validateRestoreInput } from '../validation';

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
}

const RESTORE_INPUT: readonly RestoreInputProperty[] = [
  'RecoveryPointArn', 'LatestRecoveryPoint', 'BackupVaultName', 'BackupVaultAccountId', 'UseRecordedMetadata',
  'Metadata', 'ResourceType', 'IamRoleArn', 'IdempotencyToken', 'CopySourceTagsToRestoredResource',
];

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
  const problems = formatErrors(validateRestoreInput({
    recoveryPointArn: resolved.recoveryPointArn,
    resourceType: resolved.resourceType,
    metadata: resolved.metadata,
    copySourceTagsToRestoredResource: request.copySourceTagsToRestoredResource,
  }, { source: key => resolved.sources?.[key] }));
  if (problems !== undefined) throw new Error(problems);
}

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

/** The restore-input properties that differ between two property sets (order of metadata keys ignored). */
export function changedRestoreInput(oldProps: Record<string, unknown>, newProps: Record<string, unknown>): RestoreInputProperty[] {
  return RESTORE_INPUT.filter(name => canonical(oldProps[name]) !== canonical(newProps[name]));
}

function canonical(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return JSON.stringify(entries);
  }
  return String(value);
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
