/**
 * What every deploy-time adapter (`<type>/runtime.ts`) shares: the adapter shapes, the named errors the handler
 * tells apart, ARN parsing, and `call`, which sends one SDK command through the handlers' retry policy.
 *
 * Handler bundle only (the construct never imports a runtime file). It imports the retry machinery of
 * `restore-job-handler/aws-backup.ts`, a leaf module (it imports nothing of this project), so no import cycle
 * appears: runtime code sits on the handler's floor, whatever folder it lives in.
 */
import { Budget, describeError, errorName, withRetries } from '../restore-job-handler/aws-backup';
import type { RestoredResourceAttributes, RestoredResourceKind } from '../restore-job-handler/contract';

export { Budget } from '../restore-job-handler/aws-backup';

/** What one read of a restored resource found. */
export type Described<A extends RestoredResourceAttributes = RestoredResourceAttributes> =
  | { readonly ready: true; readonly attributes: A }
  /** The resource exists but cannot answer yet (being created, no endpoint yet): ask again at the next poll. */
  | { readonly ready: false; readonly status: string };

/** Reads one kind of restored resource for `Custom::BackupRestoredResource`. */
export interface ReadAdapter<A extends RestoredResourceAttributes = RestoredResourceAttributes> {
  readonly kind: RestoredResourceKind;
  /** What the resource is called in messages ("DB instance", "EBS volume"). */
  readonly noun: string;
  /** The identifier in the ARN (`db-1`, `vol-0123…`); throws {@link InvalidResourceArn} for an ARN of another shape. */
  identifier(arn: string): string;
  /**
   * Read the resource: its attributes (every key present, strings), or "not ready yet". Throws
   * {@link RestoredResourceNotFound} when AWS does not describe it (or describes it as deleted or being deleted),
   * {@link RestoredResourceUnusable} when it is in a state it will not leave by itself, a `BudgetExhausted` when the
   * service kept failing with retryable errors, and the AWS error for anything else.
   */
  describe(arn: string, budget: Budget): Promise<Described<A>>;
}

/** AWS does not describe the resource, or describes it as deleted or being deleted. */
export class RestoredResourceNotFound extends Error {
  public readonly name = 'RestoredResourceNotFound';
  constructor(
    public readonly noun: string,
    public readonly identifier: string,
    public readonly arn: string,
    /** The state AWS still reported (`deleting`, `terminated`, …); absent when AWS does not know the resource. */
    public readonly state?: string,
    /** The AWS error that said so, when one did. */
    public readonly awsErrorName?: string,
  ) {
    super(state === undefined
      ? `the ${noun} ${identifier} (${arn}) does not exist${awsErrorName ? ` (${awsErrorName})` : ''}`
      : `the ${noun} ${identifier} (${arn}) is ${state}`);
  }
}

/** The resource is in a state it will not leave by itself (failed, incompatible-restore, error, …). */
export class RestoredResourceUnusable extends Error {
  public readonly name = 'RestoredResourceUnusable';
  constructor(
    public readonly noun: string,
    public readonly identifier: string,
    public readonly arn: string,
    public readonly state: string,
    /** What AWS said about the failure, when it said anything. */
    public readonly detail?: string,
    /** The fix, when it is not "look at the resource and restore again". */
    public readonly fix?: string,
  ) {
    super(`the ${noun} ${identifier} (${arn}) is ${state}${detail ? `: ${detail}` : ''}`);
  }
}

/** How far a delete got: `deleting` (the service is deleting it, or it is gone: poll isGone), or `waiting` (an earlier step is still under way: call remove again at the next poll). */
export type RemoveProgress = 'deleting' | 'waiting';

export interface RemoveContext {
  readonly budget: Budget;
}

/**
 * Deletes exactly the resource an ARN names (a restore's created resource, for `removalPolicy: DESTROY`), and tags
 * it (the tags that scope the delete permission). Every method is safe to repeat: a retry, a duplicate delivery
 * or the next poll finds the work done, and a resource already gone is success.
 */
export interface DeleteAdapter {
  /** What the resource is called in messages. */
  readonly noun: string;
  /** The identifier in the ARN; throws {@link InvalidResourceArn} for an ARN this adapter does not delete. */
  identifier(arn: string): string;
  /**
   * Start or continue the delete. Throws {@link DeletionRefused} when the resource protects itself (deletion
   * protection), a `BudgetExhausted` when the service kept failing with retryable errors, the AWS error otherwise.
   */
  remove(arn: string, context: RemoveContext): Promise<RemoveProgress>;
  /** Whether the resource is gone (not described any more, or described as deleted / terminated). */
  isGone(arn: string, budget: Budget): Promise<boolean>;
  /** Put tags on the resource (added to or overwriting keys it has). */
  tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void>;
}

/** The resource refuses deletion (deletion protection on): the handler does not turn protection off for the user. */
export class DeletionRefused extends Error {
  public readonly name = 'DeletionRefused';
}

/** Tags as the SDKs take them. */
export function tagList(tags: Readonly<Record<string, string>>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** An ARN that is not of the shape the kind reads. */
export class InvalidResourceArn extends Error {
  public readonly name = 'InvalidResourceArn';
}

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** What follows the resource prefix (`db:`, `volume/`, …). */
  readonly id: string;
}

/**
 * Parse an ARN of one service and resource prefix (`rds` + `db:`, `ec2` + `volume/`); throws
 * {@link InvalidResourceArn} naming the shape expected.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function parseArn(arn: string, service: string, resourcePrefix: string, noun: string): ParsedArn {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== service || !resource.startsWith(resourcePrefix)
    || resource.length === resourcePrefix.length || resource.slice(resourcePrefix.length).includes('/')) {
    throw new InvalidResourceArn(`'${arn}' is not the ARN of ${article(noun)} ${noun}: expected arn:<partition>:${service}:<region>:<account>:${resourcePrefix}<id>.`);
  }
  return { partition: parts[1], service, region: parts[3], account: parts[4], id: resource.slice(resourcePrefix.length) };
}

/** `a` or `an` before a noun as it is read aloud (an RDS…, an EBS…, a Redshift…). */
function article(noun: string): string {
  return /^(A|E|I|O|U|RDS|FSx)/.test(noun) ? 'an' : 'a';
}

/**
 * Send one command with the handlers' retry policy (throttling, 5xx, timeouts retried within the invocation's
 * budget; a hung attempt abandoned). The operation name is what log lines and messages show.
 */
export function call<Out>(operation: string, send: (abortSignal: AbortSignal) => Promise<Out>, budget: Budget): Promise<Out> {
  return withRetries(operation, send, budget);
}

/** Whether an error is one of the AWS error names given (also through a BudgetExhausted: never, those are retryable). */
export function isAwsError(error: unknown, names: readonly string[]): boolean {
  const name = errorName(error);
  return name !== undefined && names.includes(name);
}

/** `Name: message` of an AWS error, for messages. */
export { describeError };

/** A value as an attribute: AWS's string or number as a string, empty when AWS gave none. */
export function text(value: string | number | undefined | null): string {
  return value === undefined || value === null ? '' : String(value);
}
