/**
 * The one validator of restore input. The construct runs it at synth time (with `Token.isUnresolved`),
 * the Lambda handler runs it again at deploy time on the resolved values, so the two never disagree.
 * Pure: no aws-cdk-lib imports.
 */
import { rulesFor } from './index';
import { parseJson } from '../validation/json';
import { analyseRecoveryPointArn } from '../validation/recovery-point-arn';
import { Finding, KeySpec, ResourceTypeRules, RestoreInput, RuleContext, ValidateOptions } from '../validation/types';

/** The `source` label of a value AWS Backup recorded for the recovery point (the handler's useRecordedMetadata). */
export const RECORDED_SOURCE = 'recorded in the backup';

/** Prefix of every finding id. */
export const FINDING_PREFIX = 'cdk-backup-restore';

/** `ResourceType` values StartRestoreJob documents (not regex-checked: `Storage Gateway` has a space). */
export const KNOWN_RESOURCE_TYPES: readonly string[] = [
  'Aurora', 'CloudFormation', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'EKS', 'FSx', 'Neptune', 'RDS',
  'Redshift', 'S3', 'Storage Gateway', 'Timestream', 'VirtualMachine',
];

/** The whole metadata map should stay under 200 KB (AWS states it on the EFS page; applied to every type). */
export const MAX_METADATA_BYTES = 200 * 1024;

/**
 * Resource types that accept `aws:backup:request-id`: each one's restore page lists it (EFS, DynamoDB,
 * CloudFormation, EBS "Restore an Amazon EBS volume", EC2 "Restore an Amazon EC2 instance", FSx "Restore an FSx
 * file system", Timestream "Restore an Amazon Timestream table"; docs.aws.amazon.com/aws-backup/latest/devguide/).
 */
export const REQUEST_ID_KEY = 'aws:backup:request-id';
export const REQUEST_ID_TYPES: readonly string[] = ['EFS', 'DynamoDB', 'CloudFormation', 'EBS', 'EC2', 'FSx', 'Timestream'];

/** Resource types for which AWS states CopySourceTagsToRestoredResource does not apply. */
const NO_COPY_TAGS_TYPES = ['DynamoDB', 'S3', 'SAP HANA on Amazon EC2', 'VirtualMachine', 'Timestream'];

/** Shown values are cut to this many characters: messages must stay readable (and short in CloudFormation). */
const SHOW_MAX = 80;

export function findingId(name: string): string {
  return `${FINDING_PREFIX}:${name}`;
}

/** Quote a value for a message. */
export function quote(value: string): string {
  const v = value.length > SHOW_MAX ? `${value.slice(0, SHOW_MAX)}…(${value.length} chars)` : value;
  return `'${v}'`;
}

/**
 * Validate one restore: the recovery point ARN, the resource type, and the metadata (general rules and the
 * rules of the resource type). Returns every finding; the caller decides how to surface them.
 */
export function validateRestoreInput(input: RestoreInput, options: ValidateOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const isUnresolved = options.isUnresolved ?? (() => false);
  const redact = options.redactValues ?? false;
  const resourceType = input.resourceType !== undefined && !isUnresolved(input.resourceType) ? input.resourceType : undefined;
  const label = `${resourceType ?? 'Restore'} metadata`;
  const add = (severity: Finding['severity'], id: string, key: string | undefined, message: string) =>
    findings.push({ id: findingId(id), severity, key, message: `${label}: ${message}` });

  // ---- keys: case-insensitive on AWS's side ------------------------------------------------------
  const byLower = new Map<string, string>();
  for (const key of Object.keys(input.metadata)) {
    if (isUnresolved(key)) continue;
    if (key.trim() === '') {
      add('error', 'empty-key', key, "a metadata key is empty. Fix: remove it or give it AWS's key name.");
      continue;
    }
    const lower = key.toLowerCase();
    const seen = byLower.get(lower);
    if (seen !== undefined) {
      add('error', 'duplicate-key', key,
        `keys '${seen}' and '${key}' differ only in case, and AWS Backup reads keys case-insensitively, so one would silently replace the other. Fix: keep one of them.`);
      continue;
    }
    byLower.set(lower, key);
  }

  const valueOf = (key: string): string | undefined => {
    const actual = byLower.get(key.toLowerCase());
    return actual === undefined ? undefined : input.metadata[actual];
  };
  const show = (key: string): string => {
    const actual = byLower.get(key.toLowerCase()) ?? key;
    const v = input.metadata[actual];
    if (v === undefined) return '';
    const src = options.source?.(actual);
    // Deploy time: the value never reaches a message (AWS marks Metadata sensitive); say where it came from.
    if (redact) return src ? ` (${src}; value not shown)` : '';
    return ` (value: ${isUnresolved(v) ? '<unresolved token>' : quote(v)}${src ? `, ${src}` : ''})`;
  };

  // ---- size --------------------------------------------------------------------------------------
  const bytes = metadataBytes(input.metadata);
  if (bytes > MAX_METADATA_BYTES) {
    add('error', 'metadata-too-large', undefined,
      `the metadata map is ${bytes} bytes; AWS Backup accepts at most ${MAX_METADATA_BYTES} bytes (200 KB). Fix: remove keys or shorten values (for example ItemsToRestore lists).`);
  }

  // ---- resource type -------------------------------------------------------------------------------
  if (resourceType !== undefined && !KNOWN_RESOURCE_TYPES.includes(resourceType)) {
    const near = KNOWN_RESOURCE_TYPES.find(t => t.toLowerCase() === resourceType.toLowerCase());
    add(near ? 'error' : 'warning', 'unknown-resource-type', undefined,
      near
        ? `ResourceType ${quote(resourceType)} is spelled differently from AWS's '${near}'. Fix: use '${near}'.`
        : `ResourceType ${quote(resourceType)} is not one AWS Backup documents (${KNOWN_RESOURCE_TYPES.join(', ')}). Check the spelling; it is passed to AWS unchanged.`);
  }

  // ---- recovery point ARN ------------------------------------------------------------------------
  const arn = input.recoveryPointArn;
  if (arn !== undefined && !isUnresolved(arn)) {
    const info = analyseRecoveryPointArn(arn);
    if (!info.isArn) {
      add('error', 'recovery-point-arn', undefined,
        `RecoveryPointArn ${quote(arn)} is not an ARN. Fix: pass the recovery point's ARN as AWS Backup lists it, e.g. 'arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45'.`);
    } else if (info.resourceTypes === undefined && info.service !== 'backup') {
      add('warning', 'recovery-point-arn-shape', undefined, `RecoveryPointArn ${quote(arn)} is ${info.shape}. Check that it is the recovery point's ARN.`);
    } else if (resourceType !== undefined && info.resourceTypes !== undefined && !info.resourceTypes.includes(resourceType)) {
      add(info.stated ? 'error' : 'warning', 'resource-type-mismatch', undefined,
        `RecoveryPointArn ${quote(arn)} is ${info.shape}, which restores as ${info.resourceTypes.join(' or ')}, not ${resourceType}. Fix: use the ${resourceType} metadata factory that matches the backup, or the recovery point of a ${resourceType} backup.`);
    }
  }

  if (input.copySourceTagsToRestoredResource === true && resourceType !== undefined && NO_COPY_TAGS_TYPES.includes(resourceType)) {
    add('error', 'copy-tags-unsupported', undefined,
      `CopySourceTagsToRestoredResource is true, but AWS Backup does not copy source tags for ${resourceType} restores. Fix: remove copySourceTagsToRestoredResource and tag the restored resource yourself.`);
  }

  // ---- resource-type rules -----------------------------------------------------------------------
  const rules = resourceType !== undefined ? rulesFor(resourceType) : undefined;
  const ctx: RuleContext = {
    resourceType: resourceType ?? 'unknown',
    recoveryPointArn: arn !== undefined && !isUnresolved(arn) ? arn : undefined,
    has: key => byLower.has(key.toLowerCase()),
    value: key => {
      const v = valueOf(key);
      return v === undefined || isUnresolved(v) ? undefined : v;
    },
    isUnresolved: key => {
      const v = valueOf(key);
      return v !== undefined && isUnresolved(v);
    },
    bool: key => {
      const v = ctx.value(key)?.toLowerCase();
      return v === 'true' ? true : v === 'false' ? false : undefined;
    },
    spelling: key => byLower.get(key.toLowerCase()) ?? key,
    show,
    redactValues: redact,
    showPart: (part, where) => redact ? where : shortJson(part),
    error: (id, key, message) => add('error', id, key, message),
    warn: (id, key, message) => add('warning', id, key, message),
  };

  const requestId = byLower.get(REQUEST_ID_KEY);
  if (requestId !== undefined && resourceType !== undefined && !REQUEST_ID_TYPES.includes(resourceType)) {
    add('warning', 'request-id-unsupported', requestId,
      `'${REQUEST_ID_KEY}' is accepted for ${REQUEST_ID_TYPES.join(', ')} only; AWS Backup may reject or ignore it for ${resourceType}. Fix: remove it.`);
  }

  if (input.destroy === true) checkRemoval(rules, ctx, resourceType, options.partial ?? false);

  if (rules !== undefined) {
    checkKeys(rules, ctx, byLower, input.metadata, isUnresolved, options.partial ?? false, key => options.source?.(key) === RECORDED_SOURCE);
    if (!options.partial) rules.check?.(ctx);
  }
  return findings;
}

/**
 * `removalPolicy: DESTROY`: the handler deletes what the restore created, so the restore must create a resource of
 * its own. Anything else (in place, into an existing resource, a type this library cannot delete safely, or a type
 * not known) is an error. With recorded metadata (`partial`) a deciding key the stack leaves out is read from the
 * backup at deploy time, where this runs again on the merged map.
 */
function checkRemoval(rules: ResourceTypeRules | undefined, ctx: RuleContext, resourceType: string | undefined, partial: boolean): void {
  const fix = 'Fix: remove removalPolicy (the default RETAIN keeps what the restore created), or restore into a new resource of a type listed in the README\'s "Destroy what a drill restored".';
  if (resourceType === undefined) {
    ctx.error('destroy-unsupported', undefined,
      'removalPolicy is DESTROY, but the resource type is not known, so what the restore creates cannot be verified as safe to delete. Fix: name the resource type (a typed RestoreMetadata factory, or RestoreMetadata.fromMap(map, type)).');
    return;
  }
  const removal = rules?.removal;
  const reason = removal === undefined
    ? `this library does not delete ${resourceType} restores (it cannot verify what such a restore creates, or how to delete it without touching anything else)`
    // With recorded metadata a key the stack leaves out comes from the backup: not known yet.
    : removal.unsupported(partial ? { ...ctx, isUnresolved: key => ctx.isUnresolved(key) || !ctx.has(key) } : ctx);
  if (reason !== undefined) {
    ctx.error('destroy-unsupported', undefined, `removalPolicy is DESTROY, but ${reason}. ${fix}`);
  }
}

/**
 * The name of the resource a restore creates, when its metadata fixes it (DynamoDB `targetTableName`, RDS
 * `DBInstanceIdentifier` …): the construct scopes delete permissions to it. Undefined when unknown or a token.
 */
export function restoredResourceName(resourceType: string | undefined, metadata: Readonly<Record<string, string>>,
  isUnresolved: (value: string) => boolean = () => false): string | undefined {
  const key = resourceType === undefined ? undefined : rulesFor(resourceType)?.removal?.nameKey;
  if (key === undefined) return undefined;
  const actual = Object.keys(metadata).find(k => !isUnresolved(k) && k.toLowerCase() === key.toLowerCase());
  const value = actual === undefined ? undefined : metadata[actual];
  return value === undefined || isUnresolved(value) ? undefined : value;
}

/** A part of a value as JSON text for a message, shortened like {@link quote}. */
function shortJson(part: unknown): string {
  const text = JSON.stringify(part) ?? String(part);
  return text.length > SHOW_MAX ? `${text.slice(0, SHOW_MAX)}…(${text.length} chars)` : text;
}

/** UTF-8 size of the metadata as it travels in the StartRestoreJob request body. */
export function metadataBytes(metadata: Readonly<Record<string, string>>): number {
  return Buffer.byteLength(JSON.stringify(metadata), 'utf8');
}

function checkKeys(
  rules: ResourceTypeRules,
  ctx: RuleContext,
  byLower: Map<string, string>,
  metadata: Readonly<Record<string, string>>,
  isUnresolved: (v: string) => boolean,
  partial: boolean,
  recorded: (key: string) => boolean,
): void {
  const known = new Map(Object.keys(rules.keys).map(k => [k.toLowerCase(), k]));
  const spellings = new Map(Object.entries(rules.keys).map(([k, spec]) => [k, new Set(spec.spellings ?? [])]));
  // What a misspelt key is compared with: the documented keys, and the request id where the type takes it.
  const candidates = [...Object.keys(rules.keys)];
  if (REQUEST_ID_TYPES.includes(rules.resourceType) && !known.has(REQUEST_ID_KEY)) candidates.push(REQUEST_ID_KEY);
  for (const key of partial ? [] : rules.required ?? []) {
    if (!ctx.has(key)) {
      ctx.error('missing-required-key', key, `'${key}' is required for ${rules.resourceType} restores and is missing. Fix: set it.`);
    }
  }
  for (const key of partial ? [] : rules.requiredInferred ?? []) {
    if (!ctx.has(key)) {
      ctx.warn('missing-key', key, `'${key}' is missing; ${rules.resourceType} restores are expected to need it. Fix: set it, or acknowledge this warning if the restore does not need it.`);
    }
  }
  for (const [lower, actual] of byLower) {
    const canonical = known.get(lower);
    if (canonical === undefined) {
      if (lower === REQUEST_ID_KEY) continue; // reported by the general rule where the type does not take it
      const near = nearMisses(actual, candidates);
      if (near.length > 0) {
        // AWS Backup ignores keys it does not know: a misspelt key silently drops the setting (a misspelt
        // newFileSystem restores in place). One small edit from a documented key is a typo, not a new key.
        ctx.error('near-miss-key', actual,
          `'${actual}' is not a key AWS documents for ${rules.resourceType} restores, but it is one small edit from ${near.map(k => `'${k}'`).join(' and ')}; AWS Backup ignores keys it does not know, so this setting would be dropped without a word. Fix: did you mean '${near[0]}'? Rename the key.`);
      } else if (!rules.openKeySet) {
        ctx.warn('unknown-key', actual,
          `'${actual}' is not a key AWS documents for ${rules.resourceType} restores, and AWS Backup ignores keys it does not know. Fix: check the spelling; did you mean ${closest(actual, candidates).map(k => `'${k}'`).join(', ')}? (Known keys: ${candidates.join(', ')}.)`);
      }
      continue;
    }
    const spec = rules.keys[canonical];
    if (spec.notAccepted !== undefined) {
      ctx.error('key-not-accepted', actual,
        `'${actual}' is not a key StartRestoreJob takes for ${rules.resourceType} restores: AWS Backup would ignore it. Fix: ${spec.notAccepted}`);
      continue;
    }
    if (canonical !== actual && !spellings.get(canonical)?.has(actual)) {
      if (rules.caseInsensitiveKeys || recorded(actual)) {
        // AWS states it reads this type's keys case-insensitively, or AWS Backup recorded the key itself.
        ctx.warn('key-spelling', actual, `'${actual}' is spelled '${canonical}' in AWS's documentation. AWS reads these keys case-insensitively, but the documented spelling avoids surprises. Fix: write '${canonical}'.`);
      } else {
        ctx.error('key-case', actual,
          `'${actual}' differs from the documented key '${canonical}' only in letter case; AWS does not state that it reads ${rules.resourceType} keys case-insensitively, and a key it does not know is dropped without a word. Fix: did you mean '${canonical}'? Write it as documented.`);
      }
    }
    const value = metadata[actual];
    if (isUnresolved(value)) continue;
    checkValue(rules.resourceType, canonical, spec, value, ctx);
  }
}

/**
 * The largest edit distance at which a key counts as a misspelling of a documented key. Keys of 8 characters
 * or more: 2 (a transposition plus a slip, `targetTabelName`, `RestoreTime` for `restoreToTime`); 4 to 7: 1
 * (`Port`/`Ports`), because two edits on a short key reach other real keys (`Iops` → `Ips`, `Port` → `Part`);
 * under 4: none. Measured case-insensitively (AWS reads keys case-insensitively; a case-only difference is the
 * `key-spelling` warning, not a near miss).
 */
export function nearMissDistance(knownKey: string): number {
  return knownKey.length >= 8 ? 2 : knownKey.length >= 4 ? 1 : 0;
}

/** The documented keys a key is a near miss of, nearest first (empty when it is far from all of them). */
export function nearMisses(key: string, knownKeys: readonly string[]): string[] {
  return knownKeys
    .map(k => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d > 0 && d <= nearMissDistance(k))
    .sort((a, b) => a.d - b.d)
    .map(({ k }) => k);
}

/** The three documented keys nearest to a key (for the "did you mean" list of an unknown key). */
function closest(key: string, knownKeys: readonly string[]): string[] {
  return knownKeys
    .map(k => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map(({ k }) => k);
}

/** Damerau–Levenshtein distance (optimal string alignment: insert, delete, substitute, swap neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The keys of a metadata map that StartRestoreJob does not take back for the resource type: keys AWS documents
 * as information only (`ignoredByAws`, e.g. RDS `EngineVersion`, `KmsKeyId`, `Encrypted`, `vpcId`; EC2
 * `vpcId`), keys it does not accept (`notAccepted`), keys AWS Backup records but no restore page lists
 * (`recordedOnly`, e.g. RDS `DBSnapshotIdentifier`, `InformationalOnly:*`), and `aws:backup:request-id` for types
 * whose page does not list it. Matched case-insensitively; returned as spelled in the map. The deploy-time
 * handler drops them from the metadata AWS Backup recorded (and logs their names, never their values).
 */
export function informationOnlyKeys(resourceType: string, metadata: Readonly<Record<string, string>>): string[] {
  const rules = rulesFor(resourceType);
  if (rules === undefined) return [];
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const [key, spec] of Object.entries(rules.keys)) {
    if (spec.ignoredByAws || spec.notAccepted !== undefined) exact.add(key.toLowerCase());
  }
  for (const entry of rules.recordedOnly ?? []) {
    if (entry.endsWith('*')) prefixes.push(entry.slice(0, -1).toLowerCase());
    else exact.add(entry.toLowerCase());
  }
  if (!REQUEST_ID_TYPES.includes(resourceType)) exact.add(REQUEST_ID_KEY);
  return Object.keys(metadata).filter(k => {
    const lower = k.toLowerCase();
    return exact.has(lower) || prefixes.some(p => lower.startsWith(p));
  });
}

function checkValue(resourceType: string, key: string, spec: KeySpec, value: string, ctx: RuleContext): void {
  const report = (id: string, message: string) =>
    (spec.inferred ? ctx.warn : ctx.error)(id, key, `'${key}'${ctx.show(key)} ${message}`);
  if (spec.ignoredByAws) {
    ctx.warn('ignored-key', key, `'${key}'${ctx.show(key)} is information only for ${resourceType} restores: AWS Backup ignores it. Fix: remove it, or acknowledge this warning.`);
  }
  switch (spec.kind) {
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') {
        report('boolean', 'must be \'true\' or \'false\'. Any other value may be read as false by AWS. Fix: pass a boolean to the typed factory, or the string \'true\'/\'false\'.');
      } else if (lower !== value) {
        ctx.warn('boolean-case', key, ctx.redactValues
          ? `'${key}'${ctx.show(key)} should be lower-case. Fix: write 'true' or 'false' in lower case.`
          : `'${key}'${ctx.show(key)} should be lower-case '${lower}'. Fix: write '${lower}'.`);
      }
      return;
    }
    case 'integer': {
      if (!/^-?\d+$/.test(value)) {
        report('integer', 'must be a whole number written as a string, e.g. \'5432\'. Fix: pass a number to the typed factory.');
        return;
      }
      const n = Number(value);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        report('integer-range', `must be between ${spec.min ?? '-∞'} and ${spec.max ?? '∞'}. Fix: choose a value in that range.`);
      }
      return;
    }
    case 'enum': {
      const values = spec.values ?? [];
      if (!values.includes(value)) {
        const near = values.find(v => v.toLowerCase() === value.toLowerCase());
        const allowed = values.map(v => `'${v}'`).join(', ');
        report('enum', near
          // With redactValues, naming the one near value would tell the value: list them all instead.
          ? ctx.redactValues
            ? `differs only in letter case from one of ${allowed}. Fix: write that value exactly as listed.`
            : `must be spelled '${near}'. Fix: write '${near}'.`
          : `must be one of ${allowed}. Fix: use one of those values (the typed factory's enum does).`);
      }
      return;
    }
    case 'json-array': {
      const parsed = parseJson(value);
      if (!Array.isArray(parsed)) {
        const hint = value.includes(',') && !value.trim().startsWith('[') ? ' A comma-joined list is a common mistake.' : '';
        report('json-array', `must be a JSON array written as a string, e.g. '["a","b"]'.${hint} Fix: pass a list to the typed factory, or JSON.stringify the list.`);
        return;
      }
      if (spec.minItems !== undefined && parsed.length < spec.minItems) {
        report('json-array-size', `has ${parsed.length} items; at least ${spec.minItems} required. Fix: list at least ${spec.minItems}.`);
      }
      if (spec.maxItems !== undefined && parsed.length > spec.maxItems) {
        report('json-array-size', `has ${parsed.length} items; AWS Backup accepts at most ${spec.maxItems}. Fix: list at most ${spec.maxItems} (restore the parent folder instead of each item).`);
      }
      return;
    }
    case 'json-object': {
      const parsed = parseJson(value);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        report('json-object', 'must be a JSON object written as a string, e.g. \'{"key":"value"}\'. Fix: pass an object to the typed factory, or JSON.stringify it.');
      }
      return;
    }
    case 'timestamp': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
        report('timestamp', "must be an ISO-8601 UTC timestamp such as '2021-11-27T03:30:27Z'. Fix: write the time in UTC with a trailing Z.");
      }
      return;
    }
    case 'string':
      return;
  }
}

/** One message for all errors among the findings (or undefined when there are none). */
export function formatErrors(findings: readonly Finding[]): string | undefined {
  const errors = findings.filter(f => f.severity === 'error');
  if (errors.length === 0) return undefined;
  return errors.length === 1 ? errors[0].message : `${errors.length} problems:\n${errors.map(e => `- ${e.message}`).join('\n')}`;
}
