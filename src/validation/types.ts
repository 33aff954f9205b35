/**
 * Types of the pure validation module. Nothing here imports aws-cdk-lib: the same code runs in the
 * construct at synth time and in the Lambda handler at deploy time.
 */

/** How bad a finding is. */
export type Severity = 'error' | 'warning';

/** One finding about a restore input. */
export interface Finding {
  /** Stable id, e.g. `cdk-backup-restore:efs-kms-requires-encryption` (warnings can be acknowledged with it). */
  readonly id: string;
  readonly severity: Severity;
  /** The metadata key (or input field) the finding is about, when there is one. */
  readonly key?: string;
  /** Full sentence: names the key, shows the value, says the fix. */
  readonly message: string;
}

/** Everything the validator looks at for one restore. */
export interface RestoreInput {
  readonly recoveryPointArn?: string;
  readonly resourceType?: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** StartRestoreJob `CopySourceTagsToRestoredResource`, when set. */
  readonly copySourceTagsToRestoredResource?: boolean;
  /**
   * True when the restored resource is deleted with the stack (`removalPolicy: DESTROY`): the restore must be one
   * whose created resource can be deleted safely ({@link RemovalRules}).
   */
  readonly destroy?: boolean;
}

/** Options of {@link validateRestoreInput}. */
export interface ValidateOptions {
  /**
   * True for a value that is not known yet (a CDK token at synth time). Such values are never rejected.
   * The handler sees resolved values only and leaves this unset.
   */
  readonly isUnresolved?: (value: string) => boolean;
  /**
   * Where a metadata value comes from, for messages ('set in the stack', 'recorded in the backup' …). With
   * `redactValues` it is all a message says about the value.
   */
  readonly source?: (key: string) => string | undefined;
  /**
   * Keep every metadata value (typed, additional or recorded by AWS Backup) out of the finding messages: a
   * message names the key, the problem, the fix and where the value came from (`source`), never the value.
   * The handler sets it at deploy time, where messages reach CloudFormation events and logs and AWS marks
   * `Metadata` as sensitive. Unset at synth time, where messages show the value to the developer.
   * (The recovery point ARN and the ResourceType are not metadata and are still named.)
   *
   * @default false
   */
  readonly redactValues?: boolean;
  /**
   * The metadata holds only overrides, to be applied on top of the metadata AWS Backup recorded for the
   * recovery point (known at deploy time only). Required keys and cross-key rules are skipped: they run at
   * deploy time on the merged map. Value formats and the general rules still apply.
   */
  readonly partial?: boolean;
}

/** The shape of a metadata value AWS Backup expects. */
export type ValueKind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'json-array'
  | 'json-object'
  | 'enum'
  | 'timestamp';

/** What is known of one metadata key. */
export interface KeySpec {
  readonly kind: ValueKind;
  /** Allowed values for `enum`. */
  readonly values?: readonly string[];
  /** For `integer`: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** For `json-array`: inclusive bounds on the number of items. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /**
   * AWS documents the key as information only and ignores it: warn when it is set. AWS Backup records such
   * keys in a recovery point's metadata; {@link informationOnlyKeys} lists them so the handler can drop them.
   */
  readonly ignoredByAws?: boolean;
  /**
   * StartRestoreJob does not take the key for this type (AWS lists the keys it accepts, and this is not one):
   * setting it is an error whose message ends with this fix. Recorded metadata holding it is cleaned by
   * {@link informationOnlyKeys}.
   */
  readonly notAccepted?: string;
  /**
   * Other spellings of the same key that AWS's pages use (differing in letter case only), accepted without the
   * `key-spelling` warning: e.g. the Aurora page lists `dbClusterIdentifier` and its example uses
   * `DBClusterIdentifier`.
   */
  readonly spellings?: readonly string[];
  /** Whether a rule about this key is stated by AWS (error) or only inferred (warning). Default stated. */
  readonly inferred?: boolean;
}

/** Access to one restore's metadata for cross-key rules. */
export interface RuleContext {
  readonly resourceType: string;
  readonly recoveryPointArn?: string;
  /** True when messages must not contain metadata values (`ValidateOptions.redactValues`). */
  readonly redactValues: boolean;
  /** The canonical key name as present in the metadata (case-insensitive match), or undefined. */
  has(key: string): boolean;
  /** The resolved value of a key (case-insensitive), or undefined when absent or unresolved. */
  value(key: string): string | undefined;
  /** True when the key is present but its value is an unresolved token. */
  isUnresolved(key: string): boolean;
  /** Lower-cased boolean value, or undefined when absent, unresolved or not a boolean. */
  bool(key: string): boolean | undefined;
  /** The key as the user spelled it (for messages). */
  spelling(key: string): string;
  /**
   * ` (value: '…')` suffix with the value quoted (shortened), and its source when known. With
   * `redactValues`: only ` (<source>; value not shown)`, or nothing when the source is unknown.
   */
  show(key: string): string;
  /**
   * A part of a value (a list item, a member of a JSON object) for a message: its JSON text, or, with
   * `redactValues`, the given description of where it is (`'item 2'`).
   */
  showPart(part: unknown, where: string): string;
  error(id: string, key: string | undefined, message: string): void;
  warn(id: string, key: string | undefined, message: string): void;
}

/** Rules for one StartRestoreJob `ResourceType`. */
export interface ResourceTypeRules {
  /** The `ResourceType` value as AWS spells it (`EFS`, `DynamoDB`, `Storage Gateway` …). */
  readonly resourceType: string;
  /** Known keys, spelled as AWS documents them. */
  readonly keys: Readonly<Record<string, KeySpec>>;
  /** Keys AWS states are required (missing → error). */
  readonly required?: readonly string[];
  /** Keys inferred to be required (missing → warning). */
  readonly requiredInferred?: readonly string[];
  /**
   * Whether keys outside `keys` are accepted silently (e.g. RDS takes any RestoreDBInstanceFromDBSnapshot
   * parameter). When false, an unknown key is a warning (it may be a typo AWS would ignore).
   */
  readonly openKeySet?: boolean;
  /**
   * AWS states (or its own examples show) that this type's keys are read case-insensitively, so a key that
   * differs from the documented one only in case is a spelling warning. Elsewhere such a key set in the stack
   * is an error: it is not stated that AWS reads it, and a dropped `newFileSystem` restores in place.
   */
  readonly caseInsensitiveKeys?: boolean;
  /** Cross-key rules. */
  readonly check?: (ctx: RuleContext) => void;
  /**
   * Keys AWS Backup may record in a recovery point's metadata that StartRestoreJob does not take back, beyond
   * those marked `ignoredByAws` / `notAccepted`: exact names, or prefixes ending in `*` (`InformationalOnly:*`).
   */
  readonly recordedOnly?: readonly string[];
  /** Whether a restore of this type can be deleted with the stack. Absent: it cannot (not verified). */
  readonly removal?: RemovalRules;
}

/**
 * What `removalPolicy: DESTROY` knows of a resource type: whether the restore creates a resource of its own (one
 * the handler may delete without touching anything else) and what names it.
 */
export interface RemovalRules {
  /**
   * Why this restore's created resource must not be deleted (restored in place, into an existing resource, or a
   * resource this library cannot delete safely), or undefined when it may be. Called with the metadata.
   */
  readonly unsupported: (ctx: RuleContext) => string | undefined;
  /** The metadata key that names the created resource, when the type has one (scopes the delete permissions). */
  readonly nameKey?: string;
}
