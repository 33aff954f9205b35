/**
 * `Custom::BackupRecoveryPointSet`: one recovery point per resource, all from the same moment (the choice:
 * recovery-point-set-choice.ts), served by the RestoreJob provider's two handlers.
 *
 * onEvent chooses, once: Create lists the vault's recovery points of each resource
 * (ListRecoveryPointsByBackupVault with ByResourceArn, every page) and records the choice in the physical id. An
 * Update decides on a digest of the choice input, like a RestoreJob does on its restore input (physical-id.ts):
 *   - the current choice's input: keep it (no call to AWS). A redeploy never moves the set to newer backups, or
 *     every RestoreJob fed by it would restore again;
 *   - the previous choice's input (CloudFormation's rollback of a failed update sends the old properties): answer
 *     the previous choice;
 *   - anything else: choose again (a new physical id; the old one's Delete does nothing).
 * isComplete answers the attributes the physical id records, without AWS. Delete has nothing to undo.
 */
import { createHash } from 'crypto';
import { deflateRawSync, inflateRawSync } from 'zlib';
import { Budget, describeError, log } from './aws-backup';
import type { RecoveryPointSetAttributes, RecoveryPointSetResourceProperties } from './contract';
import { chooseSet, ResourcePoints, ResourceSummary } from './recovery-point-set-choice';
import { effectiveCreatedAfter, listRecoveryPoints } from './recovery-points';
import { CustomResourceRequest, IsCompleteRequest, RestoreInputError } from './request';
import { MAX_RECOVERY_POINT_SET_RESOURCES } from '../validation/limits';

/** The CloudFormation type of a RecoveryPointSet. Permanent once released. */
export const RECOVERY_POINT_SET_RESOURCE_TYPE = 'Custom::BackupRecoveryPointSet';

/** The most bytes CloudFormation accepts in a physical resource id. */
const MAX_PHYSICAL_ID_BYTES = 1024;
const SEPARATOR = '|';
const VERSION = 's1';

/** A set's properties after parsing. */
export interface SetRequest {
  readonly backupVaultName: string;
  readonly backupVaultAccountId?: string;
  readonly resourceArns: readonly string[];
  readonly maxSkewSeconds: number;
  readonly createdAfter?: Date;
  readonly maxAgeSeconds?: number;
}

/** One choice as the physical id records it. */
export interface RecordedChoice {
  /** Digest of the choice input it was made for. */
  readonly digest: string;
  /** The chosen recovery point ARNs, in the order of ResourceArns. */
  readonly recoveryPointArns: readonly string[];
  /** Epoch ms of the oldest and the newest chosen point. */
  readonly oldest: number;
  readonly newest: number;
}

export interface SetState {
  readonly cur: RecordedChoice;
  readonly prev?: RecordedChoice;
}

const INPUT: readonly (keyof RecoveryPointSetResourceProperties)[] = [
  'BackupVaultName', 'BackupVaultAccountId', 'ResourceArns', 'MaxSkewSeconds', 'CreatedAfter', 'MaxAgeSeconds',
];
const KNOWN = new Set<string>(['ServiceToken', 'ServiceTimeout', ...INPUT]);

/** Parse a set's properties; throws naming each property at fault (these hold ARNs and numbers, never metadata). */
export function parseSetProperties(raw: Record<string, unknown>, strict: boolean): SetRequest {
  const props = raw as Partial<Record<keyof RecoveryPointSetResourceProperties, unknown>>;
  const problems: string[] = [];
  if (strict) {
    for (const name of Object.keys(raw)) {
      if (!KNOWN.has(name)) problems.push(`Property ${name} is not one this version of cdk-backup-restore renders for ${RECOVERY_POINT_SET_RESOURCE_TYPE}.`);
    }
  }
  const text = (name: keyof RecoveryPointSetResourceProperties, required: boolean): string | undefined => {
    const v = props[name];
    if (v === undefined || v === null || v === '') {
      if (required) problems.push(`Property ${name} is required and must be a non-empty string.`);
      return undefined;
    }
    if (typeof v !== 'string') { problems.push(`Property ${name} must be a string.`); return undefined; }
    return v;
  };
  const seconds = (name: keyof RecoveryPointSetResourceProperties, required: boolean, min: number): number | undefined => {
    const v = text(name, required);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < min) { problems.push(`Property ${name} must be a whole number of seconds, at least ${min}.`); return undefined; }
    return Number(v);
  };
  const backupVaultName = text('BackupVaultName', true);
  const backupVaultAccountId = text('BackupVaultAccountId', false);
  const maxSkewSeconds = seconds('MaxSkewSeconds', true, 0);
  const maxAgeSeconds = seconds('MaxAgeSeconds', false, 1);
  const createdAfterText = text('CreatedAfter', false);
  const createdAfter = createdAfterText === undefined ? undefined : new Date(createdAfterText);
  if (createdAfter !== undefined && Number.isNaN(createdAfter.getTime())) problems.push('Property CreatedAfter must be an ISO-8601 date.');
  const arns = props.ResourceArns;
  let resourceArns: string[] = [];
  if (!Array.isArray(arns) || arns.length === 0 || arns.some(a => typeof a !== 'string' || a === '')) {
    problems.push('Property ResourceArns is required and must be a non-empty list of non-empty strings.');
  } else {
    resourceArns = arns as string[];
    if (resourceArns.length > MAX_RECOVERY_POINT_SET_RESOURCES) {
      problems.push(`Property ResourceArns lists ${resourceArns.length} resources; a set chooses for at most ${MAX_RECOVERY_POINT_SET_RESOURCES}.`);
    }
    const duplicates = resourceArns.filter((a, i) => resourceArns.indexOf(a) !== i);
    if (duplicates.length > 0) problems.push(`Property ResourceArns lists ${[...new Set(duplicates)].join(', ')} more than once.`);
  }
  if (problems.length > 0) throw new RestoreInputError(problems);
  return { backupVaultName: backupVaultName!, backupVaultAccountId, resourceArns, maxSkewSeconds: maxSkewSeconds!, createdAfter, maxAgeSeconds };
}

/** A digest of the choice input (absent and empty are the same; the order of ResourceArns matters: attributes are by index). */
export function setInputDigest(props: Record<string, unknown>): string {
  const canonical = INPUT.map(name => {
    const v = props[name];
    return [name, v === undefined || v === null ? '' : Array.isArray(v) ? v.map(String) : String(v)];
  });
  return createHash('sha256').update(JSON.stringify(canonical)).digest('base64url').slice(0, 16);
}

// ------------------------------------------------------------------ physical id

interface EncodedChoice {
  readonly d: string;
  readonly a: string[];
  readonly o: number;
  readonly n: number;
}

/**
 * `rpset-<digest of the chosen ARNs>|s1|<base64url(deflate(JSON))>`: the current choice and, when it fits in
 * CloudFormation's 1 KB, the previous one (without it, a rollback of the update that replaced it chooses again).
 */
export function encodeSetPhysicalId(state: SetState): string {
  const id = `rpset-${createHash('sha256').update(state.cur.recoveryPointArns.join('\n')).digest('hex').slice(0, 16)}`;
  const body = (s: SetState) => ({ ...encodeChoice(s.cur), ...(s.prev ? { p: encodeChoice(s.prev) } : {}) });
  for (const candidate of [state, ...(state.prev ? [{ cur: state.cur }] : [])]) {
    const blob = deflateRawSync(Buffer.from(JSON.stringify(body(candidate)), 'utf8')).toString('base64url');
    const physicalId = `${id}${SEPARATOR}${VERSION}${SEPARATOR}${blob}`;
    if (Buffer.byteLength(physicalId, 'utf8') <= MAX_PHYSICAL_ID_BYTES) {
      if (candidate !== state) log('warn', 'the previous recovery point set does not fit in the physical id any more: a rollback of this update chooses again');
      return physicalId;
    }
  }
  throw new Error(`The chosen recovery point ARNs are too long to record in the physical id (CloudFormation allows ${MAX_PHYSICAL_ID_BYTES} bytes). ` +
    'Fix: split the resources over two RecoveryPointSets.');
}

function encodeChoice(choice: RecordedChoice): EncodedChoice {
  return { d: choice.digest, a: [...choice.recoveryPointArns], o: choice.oldest, n: choice.newest };
}

/** The state a set's physical id records; undefined for anything else (a damaged id, the framework's failure marker). */
export function decodeSetPhysicalId(physicalId: string | undefined): SetState | undefined {
  const [, version, blob] = (physicalId ?? '').split(SEPARATOR);
  if (version !== VERSION || blob === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(inflateRawSync(Buffer.from(blob, 'base64url')).toString('utf8'));
  } catch {
    return undefined;
  }
  const cur = decodeChoice(body);
  if (cur === undefined) return undefined;
  const prev = decodeChoice((body as { p?: unknown }).p);
  return prev === undefined ? { cur } : { cur, prev };
}

function decodeChoice(value: unknown): RecordedChoice | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const c = value as Partial<Record<keyof EncodedChoice, unknown>>;
  if (typeof c.d !== 'string' || !Array.isArray(c.a) || c.a.some(a => typeof a !== 'string') || typeof c.o !== 'number' || typeof c.n !== 'number') return undefined;
  return { digest: c.d, recoveryPointArns: c.a as string[], oldest: c.o, newest: c.n };
}

/** The attributes of a recorded choice. */
export function setAttributes(choice: RecordedChoice): RecoveryPointSetAttributes {
  const attributes: Record<string, string> = {};
  choice.recoveryPointArns.forEach((arn, i) => { attributes[`RecoveryPointArn${i}`] = arn; });
  return {
    ...attributes,
    SpreadSeconds: String(Math.floor((choice.newest - choice.oldest) / 1000)),
    OldestCreationDate: new Date(choice.oldest).toISOString(),
    NewestCreationDate: new Date(choice.newest).toISOString(),
  } as RecoveryPointSetAttributes;
}

// ------------------------------------------------------------------ handlers

export interface SetOnEventResponse {
  readonly PhysicalResourceId: string;
}

/** onEvent of a set: choose on Create and on an Update that changes the choice input; otherwise answer a recorded choice. */
export async function onRecoveryPointSetEvent(event: CustomResourceRequest, budget: Budget): Promise<SetOnEventResponse> {
  switch (event.RequestType) {
    case 'Create': {
      const request = parseSetProperties(event.ResourceProperties, true);
      const cur = await chooseRecoveryPointSet(request, setInputDigest(event.ResourceProperties), Date.now(), budget);
      return { PhysicalResourceId: encodeSetPhysicalId({ cur }) };
    }
    case 'Update': {
      const physicalId = event.PhysicalResourceId ?? '';
      const state = decodeSetPhysicalId(physicalId);
      const digest = setInputDigest(event.ResourceProperties);
      if (state !== undefined && state.cur.digest === digest) {
        parseSetProperties(event.ResourceProperties, false); // still reject a broken template
        log('info', 'recovery point set: the choice input is unchanged; keeping the recorded choice (AWS Backup not asked)', {
          recoveryPointArns: state.cur.recoveryPointArns,
        });
        return { PhysicalResourceId: physicalId };
      }
      if (state?.prev !== undefined && state.prev.digest === digest) {
        parseSetProperties(event.ResourceProperties, false);
        log('info', "recovery point set: the choice input is the previous choice's again (a rollback, or an update back); answering that choice", {
          recoveryPointArns: state.prev.recoveryPointArns,
        });
        return { PhysicalResourceId: encodeSetPhysicalId({ cur: state.prev }) };
      }
      const request = parseSetProperties(event.ResourceProperties, true);
      const cur = await chooseRecoveryPointSet(request, digest, Date.now(), budget);
      return { PhysicalResourceId: encodeSetPhysicalId({ cur, prev: state?.cur }) };
    }
    case 'Delete':
      // Nothing was created: a choice has nothing to undo.
      return { PhysicalResourceId: event.PhysicalResourceId ?? '' };
    default:
      throw new Error(`Unknown request type '${(event as { RequestType?: unknown }).RequestType}'.`);
  }
}

export interface SetIsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: RecoveryPointSetAttributes;
}

/** isComplete of a set: the recorded choice's attributes, at once. */
export function checkRecoveryPointSet(event: IsCompleteRequest): SetIsCompleteResponse {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const state = decodeSetPhysicalId(event.PhysicalResourceId);
  if (state === undefined) {
    throw new Error(`${RECOVERY_POINT_SET_RESOURCE_TYPE}: the physical id records no choice (it was not written by this version of cdk-backup-restore, or it was damaged). ` +
      'Fix: change a property of the RecoveryPointSet (for example createdAfter) so that it chooses again.');
  }
  return { IsComplete: true, Data: setAttributes(state.cur) };
}

/** List each resource's recovery points and choose; fails naming each resource's newest usable point when no moment fits. */
export async function chooseRecoveryPointSet(request: SetRequest, digest: string, now: number, budget?: Budget): Promise<RecordedChoice> {
  const createdAfter = effectiveCreatedAfter({ createdAfter: request.createdAfter, maxAgeSeconds: request.maxAgeSeconds }, now);
  const resources: ResourcePoints[] = [];
  for (const resourceArn of request.resourceArns) {
    try {
      resources.push({ resourceArn, points: await listRecoveryPoints(request, { byResourceArn: resourceArn }, createdAfter, budget) });
    } catch (error) {
      throw new Error(`ListRecoveryPointsByBackupVault failed for backup vault '${request.backupVaultName}' and resource ${resourceArn}: ${describeError(error)}`);
    }
  }
  const choice = chooseSet(resources, { maxSkewMs: request.maxSkewSeconds * 1000, createdAfter });
  if (choice.kind === 'none') throw new Error(noMomentMessage(request, createdAfter, choice.resources));
  log('info', 'recovery point set chosen', {
    backupVaultName: request.backupVaultName,
    points: choice.points.map(p => ({
      resourceArn: p.resourceArn, recoveryPointArn: p.recoveryPointArn, creationDate: p.creationDate.toISOString(),
    })),
    spreadSeconds: Math.floor(choice.spreadMs / 1000),
  });
  return { digest, recoveryPointArns: choice.points.map(p => p.recoveryPointArn), oldest: choice.oldest.getTime(), newest: choice.newest.getTime() };
}

function noMomentMessage(request: SetRequest, createdAfter: Date | undefined, resources: readonly ResourceSummary[]): string {
  const filters = [
    `backup vault '${request.backupVaultName}'${request.backupVaultAccountId ? ` of account ${request.backupVaultAccountId}` : ''}`,
    'status COMPLETED or AVAILABLE, not a composite parent',
    ...(createdAfter ? [`created after ${createdAfter.toISOString()}${request.maxAgeSeconds !== undefined ? ` (max age ${request.maxAgeSeconds} s)` : ''}`] : []),
  ].join('; ');
  const each = resources.map(r => (r.newest
    ? `${r.resourceArn}: ${r.newest.recoveryPointArn} created ${r.newest.creationDate.toISOString()}`
    : `${r.resourceArn}: none (listed ${r.listed}: ${r.notCompleted} neither COMPLETED nor AVAILABLE, ${r.compositeParents} composite parents, ${r.tooOld} too old)`));
  return `No moment has a usable recovery point of every resource within maxSkew ${request.maxSkewSeconds} s (${filters}). ` +
    `Newest usable point of each resource: ${each.join(' | ')}. ` +
    'Fix: back these resources up at the same time (one backup plan rule for all of them), widen maxSkew, or wait for their next backups.';
}
