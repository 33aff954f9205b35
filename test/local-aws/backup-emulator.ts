/**
 * AWS Backup emulator: the restJson1 wire protocol of the operations a RestoreJob needs, on a random
 * loopback port. The real `@aws-sdk/client-backup` talks to it through `AWS_ENDPOINT_URL_BACKUP`.
 *
 * Routes, member locations and error shapes follow the SDK's own schemas (test/local-aws/contract.test.ts
 * checks them against the installed client, so drift fails a test). Metadata is sensitive: it is never
 * echoed in an error message, logged, or exposed by the inspection API (only its keys and a digest).
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import * as http from 'http';
import { HarnessClock } from './clock';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';
import { keyedRandom, keyedUuid } from './rng';

export type RestoreJobStatus = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'ABORTED';
export type RestoreOutcome = 'COMPLETED' | 'FAILED' | 'ABORTED';

/** How a restore job behaves. Times are virtual seconds. */
export interface RestoreBehaviour {
  /** From creation to the final status. @default 600 */
  readonly durationSeconds?: number;
  /** Time spent in PENDING before RUNNING. @default min(60, 10% of durationSeconds) */
  readonly pendingSeconds?: number;
  /** @default 'COMPLETED' */
  readonly outcome?: RestoreOutcome;
  /** StatusMessage of a FAILED/ABORTED job. @default a message like AWS's */
  readonly statusMessage?: string;
  /** CreatedResourceArn on completion. @default derived from the resource type */
  readonly createdResourceArn?: string;
  /**
   * Eventual consistency: for this long after its creation, DescribeRestoreJob answers ResourceNotFoundException
   * for the job (a job just started may not be visible yet). @default 0
   */
  readonly invisibleSeconds?: number;
  /**
   * An outage of DescribeRestoreJob for this job: from `fromSeconds` after the job's creation, for `seconds`, every
   * DescribeRestoreJob of it fails with `error` (longer than one invocation's retries). @default none
   */
  readonly describeOutage?: { readonly fromSeconds?: number; readonly seconds: number; readonly error?: InjectableError };
}

/** What an outcome function sees about a job being started (metadata keys only, never values). */
export interface RestoreJobStartContext {
  readonly restoreJobId: string;
  readonly recoveryPointArn: string;
  readonly resourceType: string;
  readonly idempotencyToken?: string;
  readonly metadataKeys: readonly string[];
  /** 0-based index of this job among all jobs the emulator has started. */
  readonly jobIndex: number;
}

export type OutcomeFunction = (context: RestoreJobStartContext) => RestoreBehaviour | undefined;

/**
 * A started job as the restored-resources world model (restored-resources.ts) needs it: the resource it will
 * create and when. The metadata goes to the model only to derive the resource's attributes; it is never logged.
 */
export interface PlannedRestore {
  readonly restoreJobId: string;
  readonly resourceType: string;
  readonly createdResourceArn: string;
  /** Virtual ms: when the job reaches its final status. */
  readonly completesAt: number;
  readonly outcome: RestoreOutcome;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface VaultSeed {
  readonly name: string;
  /** @default the emulator's account */
  readonly accountId?: string;
}

export interface RecoveryPointSeed {
  readonly recoveryPointArn: string;
  readonly backupVaultName: string;
  readonly resourceType: string;
  /** The backed-up resource. @default a fake ARN for the type */
  readonly resourceArn?: string;
  /** Virtual ms since the epoch. @default one day before the harness started */
  readonly creationDate?: number;
  /** @default 'COMPLETED' */
  readonly status?: 'COMPLETED' | 'PARTIAL' | 'DELETING' | 'EXPIRED' | 'AVAILABLE' | 'STOPPED' | 'CREATING';
  /** GetRecoveryPointRestoreMetadata's answer. @default {} */
  readonly restoreMetadata?: Record<string, string>;
  /** @default 1 GiB */
  readonly backupSizeInBytes?: number;
  /** How restores of this recovery point behave (an outcome function, if set, has the last word). */
  readonly restore?: RestoreBehaviour;
}

/** Transient faults, drawn per request from the seeded RNG. Rates are fractions in [0, 1]. */
export interface FaultConfig {
  /** ThrottlingException (HTTP 400), before the request has any effect. */
  readonly throttleRate?: number;
  /** 5xx before the request has any effect: ServiceUnavailableException (503) or InternalFailure (500). */
  readonly serverErrorRate?: number;
  /** StartRestoreJob only: the job is started, then the answer is lost and a 503 is returned instead. */
  readonly serverErrorAfterStartRate?: number;
  /** DependencyFailureException (HTTP 500: a service AWS Backup depends on failed), before the request has any effect. */
  readonly dependencyFailureRate?: number;
  /** Fraction of requests that hang: no answer at all, the connection held open until the client gives up. */
  readonly hangRate?: number;
  /** Fraction of requests delayed by `latencyMs`. @default 1 when latencyMs is set */
  readonly latencyRate?: number;
  /** Added latency, virtual ms: a fixed value or a uniform range. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  /** Operations that get faults. @default all */
  readonly operations?: readonly BackupOperation[];
}

export type BackupOperation =
  | 'StartRestoreJob'
  | 'DescribeRestoreJob'
  | 'GetRecoveryPointRestoreMetadata'
  | 'ListRecoveryPointsByBackupVault'
  | 'ListRecoveryPointsByResource';

/** Errors the emulator can raise on demand (`failNext`). */
export type InjectableError =
  | 'ThrottlingException'
  | 'ServiceUnavailableException'
  | 'InternalFailure'
  | 'DependencyFailureException'
  | 'ResourceNotFoundException'
  | 'InvalidParameterValueException'
  | 'MissingParameterValueException'
  | 'InvalidRequestException';

export interface BackupEmulatorOptions {
  readonly clock: HarnessClock;
  /** Seed of every random decision (fault draws, job ids). */
  readonly seed: number | string;
  readonly accountId?: string;
  readonly region?: string;
  readonly faults?: FaultConfig;
  /** Decides how each started job behaves (overrides the recovery point's `restore`). */
  readonly outcome?: OutcomeFunction;
  /** Emit a 'progress' event for every running job every N virtual seconds. @default off */
  readonly progressIntervalSeconds?: number;
  /** Receives one line per request (operation, status, error code); never metadata. */
  readonly logger?: (line: string) => void;
  /** Told about every new job, so a completed restore's resource comes into existence. */
  readonly restoredResources?: { plan(plan: PlannedRestore): void };
}

/** A job as the inspection API shows it (no metadata values). */
export interface RestoreJobView {
  readonly restoreJobId: string;
  readonly recoveryPointArn: string;
  readonly resourceType: string;
  readonly idempotencyToken?: string;
  readonly iamRoleArn?: string;
  readonly metadataKeys: readonly string[];
  /** sha256 of the canonical metadata JSON: lets a test compare metadata without seeing it. */
  readonly metadataDigest: string;
  readonly creationDate: number;
  readonly status: RestoreJobStatus;
  readonly percentDone: number;
  readonly statusMessage?: string;
  readonly completionDate?: number;
  readonly createdResourceArn?: string;
  /** The X-Amzn-Trace-Id of the request that started the job (the Lambda invocation, when there is one). */
  readonly traceId?: string;
  /** Harness only (AWS shows neither): how the job ends, and when (virtual ms). */
  readonly finalStatus: RestoreOutcome;
  readonly endsAt: number;
}

/** Events: 'jobStarted' (RestoreJobView, StartInfo), 'progress' (RestoreJobView), 'request' (RequestInfo). */
export interface StartInfo {
  /** False when the idempotency token returned an existing job. */
  readonly created: boolean;
  readonly traceId?: string;
}

export interface RequestInfo {
  readonly operation: BackupOperation | 'Unknown';
  readonly status: number;
  readonly errorType?: string;
  readonly traceId?: string;
  readonly virtualStart: number;
  readonly virtualEnd: number;
  /** DescribeRestoreJob: the job asked about. */
  readonly restoreJobId?: string;
}

export interface BackupEmulatorStats {
  readonly callsByOperation: Readonly<Record<string, number>>;
  readonly errorsByType: Readonly<Record<string, number>>;
  readonly injected: {
    readonly throttles: number;
    readonly serverErrors: number;
    readonly serverErrorsAfterStart: number;
    readonly delayed: number;
    readonly dependencyFailures: number;
    readonly hangs: number;
    readonly notVisibleYet: number;
    readonly outageErrors: number;
  };
  /** Jobs actually created per idempotency token (the invariant: ≤ 1). */
  readonly jobsStartedByToken: ReadonlyMap<string, number>;
  /** StartRestoreJob requests (successful or not) per idempotency token. */
  readonly startRequestsByToken: ReadonlyMap<string, number>;
  readonly jobsStarted: number;
}

interface Vault {
  readonly name: string;
  readonly accountId: string;
  readonly arn: string;
}

interface RecoveryPoint extends Required<Omit<RecoveryPointSeed, 'restore' | 'resourceArn'>> {
  readonly resourceArn: string;
  readonly restore: RestoreBehaviour;
}

interface Job {
  readonly id: string;
  readonly recoveryPoint: RecoveryPoint;
  readonly resourceType: string;
  readonly token?: string;
  readonly iamRoleArn: string;
  readonly metadataKeys: string[];
  readonly metadataDigest: string;
  readonly creationDate: number;
  readonly pendingMs: number;
  readonly durationMs: number;
  readonly outcome: RestoreOutcome;
  readonly statusMessage?: string;
  readonly createdResourceArn: string;
  readonly traceId?: string;
  readonly behaviour: RestoreBehaviour;
  lastReported?: string;
  ticker?: NodeJS.Timeout;
}

/** Thrown inside the emulator to answer nothing at all. */
class HangUp extends Error {}

/** An error answered the way AWS answers it. */
export class AwsError extends Error {
  constructor(public readonly code: string, message: string, public readonly status: number, public readonly fault: 'User' | 'Service' = 'User') {
    super(message);
  }
}

/** One route of the emulator, described the way the SDK's schema describes the operation (checked by the contract test). */
export interface RouteSpec {
  readonly operation: BackupOperation;
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** URI template, e.g. `/restore-jobs/{RestoreJobId}`. */
  readonly uri: string;
  /** Query parameter name → input member. */
  readonly query: Readonly<Record<string, string>>;
  /** Input members read from the JSON body. */
  readonly body: readonly string[];
}

export const ROUTES: readonly RouteSpec[] = [
  {
    operation: 'StartRestoreJob',
    method: 'PUT',
    uri: '/restore-jobs',
    query: {},
    body: ['RecoveryPointArn', 'Metadata', 'IamRoleArn', 'IdempotencyToken', 'ResourceType', 'CopySourceTagsToRestoredResource'],
  },
  { operation: 'DescribeRestoreJob', method: 'GET', uri: '/restore-jobs/{RestoreJobId}', query: {}, body: [] },
  {
    operation: 'GetRecoveryPointRestoreMetadata',
    method: 'GET',
    uri: '/backup-vaults/{BackupVaultName}/recovery-points/{RecoveryPointArn}/restore-metadata',
    query: { backupVaultAccountId: 'BackupVaultAccountId' },
    body: [],
  },
  {
    operation: 'ListRecoveryPointsByBackupVault',
    method: 'GET',
    uri: '/backup-vaults/{BackupVaultName}/recovery-points',
    query: {
      backupVaultAccountId: 'BackupVaultAccountId',
      nextToken: 'NextToken',
      maxResults: 'MaxResults',
      resourceArn: 'ByResourceArn',
      resourceType: 'ByResourceType',
      backupPlanId: 'ByBackupPlanId',
      createdBefore: 'ByCreatedBefore',
      createdAfter: 'ByCreatedAfter',
      parentRecoveryPointArn: 'ByParentRecoveryPointArn',
    },
    body: [],
  },
  {
    operation: 'ListRecoveryPointsByResource',
    method: 'GET',
    uri: '/resources/{ResourceArn}/recovery-points',
    query: { nextToken: 'NextToken', maxResults: 'MaxResults', managedByAWSBackupOnly: 'ManagedByAWSBackupOnly' },
    body: [],
  },
];

/** Resource types whose restores cannot copy source tags (AWS Backup developer guide). */
const NO_TAG_COPY_TYPES = new Set(['DynamoDB', 'S3', 'VirtualMachine', 'Timestream']);
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const ANY_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/;

interface CompiledRoute extends RouteSpec {
  readonly pattern: RegExp;
  readonly labels: readonly string[];
}

function compileRoute(route: RouteSpec): CompiledRoute {
  const labels: string[] = [];
  const source = route.uri.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, label: string) => {
    labels.push(label);
    return '([^/]+)';
  });
  // botocore (the AWS CLI, boto3) sends `…/recovery-points/` as its service model writes the URI; the SDK for
  // JavaScript sends it without the slash. AWS serves both, so the emulator does too.
  return { ...route, pattern: new RegExp(`^${source}/?$`), labels };
}

const COMPILED = ROUTES.map(compileRoute);

export class BackupEmulator extends EventEmitter {
  public readonly accountId: string;
  public readonly region: string;
  private readonly clock: HarnessClock;
  private readonly seed: number | string;
  private faults: FaultConfig;
  private outcome?: OutcomeFunction;
  private readonly logger?: (line: string) => void;
  private readonly progressIntervalMs?: number;
  private readonly restoredResources?: { plan(plan: PlannedRestore): void };
  private readonly server: http.Server;
  private port?: number;

  private readonly vaults = new Map<string, Vault>();
  private readonly recoveryPoints = new Map<string, RecoveryPoint>();
  private readonly jobs = new Map<string, Job>();
  private readonly jobByToken = new Map<string, string>();
  private readonly forced = new Map<string, InjectableError[]>();
  private readonly forcedHangs = new Map<string, number>();
  private readonly forgotten = new Set<string>();
  /** Requests held open without an answer (hang faults). */
  private readonly hanging = new Set<http.ServerResponse>();
  private forcedAfterStart = 0;

  private readonly calls: Record<string, number> = {};
  private readonly errors: Record<string, number> = {};
  private readonly injected = {
    throttles: 0, serverErrors: 0, serverErrorsAfterStart: 0, delayed: 0, dependencyFailures: 0, hangs: 0, notVisibleYet: 0, outageErrors: 0,
  };
  private readonly jobsByToken = new Map<string, number>();
  private readonly startsByToken = new Map<string, number>();
  private readonly callCountByKey = new Map<string, number>();
  private requestCounter = 0;

  constructor(options: BackupEmulatorOptions) {
    super();
    this.clock = options.clock;
    this.seed = options.seed;
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.faults = options.faults ?? {};
    this.outcome = options.outcome;
    this.logger = options.logger;
    this.progressIntervalMs = options.progressIntervalSeconds ? options.progressIntervalSeconds * 1000 : undefined;
    this.restoredResources = options.restoredResources;
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
    this.server.keepAliveTimeout = 60_000;
  }

  /** Start listening on a random loopback port. */
  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_BACKUP. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error('BackupEmulator not started');
    return `http://${LOOPBACK}:${this.port}`;
  }

  public async close(): Promise<void> {
    for (const job of this.jobs.values()) if (job.ticker) this.clock.clearTimeout(job.ticker);
    await closeServer(this.server);
  }

  // ---------------------------------------------------------------- seeding and configuration

  public seedVault(seed: VaultSeed): void {
    const accountId = seed.accountId ?? this.accountId;
    this.vaults.set(seed.name, { name: seed.name, accountId, arn: `arn:aws:backup:${this.region}:${accountId}:backup-vault:${seed.name}` });
  }

  public seedRecoveryPoint(seed: RecoveryPointSeed): void {
    if (!this.vaults.has(seed.backupVaultName)) this.seedVault({ name: seed.backupVaultName });
    this.recoveryPoints.set(seed.recoveryPointArn, {
      recoveryPointArn: seed.recoveryPointArn,
      backupVaultName: seed.backupVaultName,
      resourceType: seed.resourceType,
      resourceArn: seed.resourceArn ?? `arn:aws:backup-emulator:${this.region}:${this.accountId}:source/${seed.resourceType}/${shortHash(seed.recoveryPointArn)}`,
      creationDate: seed.creationDate ?? this.clock.now() - 86_400_000,
      status: seed.status ?? 'COMPLETED',
      restoreMetadata: { ...(seed.restoreMetadata ?? {}) },
      backupSizeInBytes: seed.backupSizeInBytes ?? 1024 ** 3,
      restore: seed.restore ?? {},
    });
  }

  /** Change how restores of a recovery point behave (for jobs started from now on). */
  public setRestoreBehaviour(recoveryPointArn: string, restore: RestoreBehaviour): void {
    const rp = this.recoveryPoints.get(recoveryPointArn);
    if (!rp) throw new Error(`no recovery point ${recoveryPointArn}`);
    this.recoveryPoints.set(recoveryPointArn, { ...rp, restore });
  }

  public setOutcome(outcome: OutcomeFunction | undefined): void {
    this.outcome = outcome;
  }

  public setFaults(faults: FaultConfig): void {
    this.faults = faults;
  }

  /** The next `count` StartRestoreJob requests start (or find) their job, then answer 503 instead of the job id. */
  public failNextAfterStart(count = 1): void {
    this.forcedAfterStart += count;
  }

  /** AWS Backup stops describing a job (old jobs age out of DescribeRestoreJob): it answers ResourceNotFoundException. */
  public forgetJob(restoreJobId: string): void {
    const job = this.jobs.get(restoreJobId);
    if (job?.ticker) this.clock.clearTimeout(job.ticker);
    this.forgotten.add(restoreJobId);
  }

  /** The next `count` requests of `operation` get no answer at all (a hung connection). */
  public hangNext(operation: BackupOperation, count = 1): void {
    this.forcedHangs.set(operation, (this.forcedHangs.get(operation) ?? 0) + count);
  }

  /** The next `count` requests of `operation` fail with `error` (before having any effect). */
  public failNext(operation: BackupOperation, error: InjectableError, count = 1): void {
    const queue = this.forced.get(operation) ?? [];
    for (let i = 0; i < count; i++) queue.push(error);
    this.forced.set(operation, queue);
  }

  // ---------------------------------------------------------------- inspection

  public stats(): BackupEmulatorStats {
    return {
      callsByOperation: { ...this.calls },
      errorsByType: { ...this.errors },
      injected: { ...this.injected },
      jobsStartedByToken: new Map(this.jobsByToken),
      startRequestsByToken: new Map(this.startsByToken),
      jobsStarted: this.jobs.size,
    };
  }

  public job(restoreJobId: string): RestoreJobView | undefined {
    const job = this.jobs.get(restoreJobId);
    return job && this.view(job);
  }

  public listJobs(): RestoreJobView[] {
    return [...this.jobs.values()].map(job => this.view(job));
  }

  public jobForToken(token: string): RestoreJobView | undefined {
    const id = this.jobByToken.get(token);
    return id === undefined ? undefined : this.job(id);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const virtualStart = this.clock.now();
    const traceId = header(req, 'x-amzn-trace-id');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = this.route(req.method ?? 'GET', url.pathname);
    const operation: BackupOperation | 'Unknown' = match?.route.operation ?? 'Unknown';
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const requestId = keyedUuid(this.seed, `request-${++this.requestCounter}`).toLowerCase();

    const send = (status: number, body: unknown, errorType?: string) => {
      if (errorType) this.errors[errorType] = (this.errors[errorType] ?? 0) + 1;
      const text = JSON.stringify(body ?? {});
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
        'date': this.clock.date().toUTCString(),
      };
      if (errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/coral/com.amazonaws.cryo/`;
      res.sendDate = false;
      if (!res.destroyed) {
        res.writeHead(status, headers);
        res.end(text);
      }
      this.logger?.(`backup ${operation} ${status}${errorType ? ` ${errorType}` : ''}`);
      const restoreJobId = operation === 'DescribeRestoreJob' ? match?.labels.RestoreJobId : undefined;
      this.emit('request', { operation, status, errorType, traceId, virtualStart, virtualEnd: this.clock.now(), restoreJobId } satisfies RequestInfo);
    };
    const sendError = (error: AwsError) => send(error.status, errorBody(error), error.code);

    try {
      const raw = await readBody(req);
      if (!match) {
        throw new AwsError('UnknownOperationException', `No operation matches ${req.method} ${url.pathname}`, 404);
      }
      const input = parseInput(match.route, match.labels, url, raw);
      await this.maybeInjectFault(match.route.operation, input);
      const output = await this.dispatch(match.route.operation, input, traceId);
      send(200, output);
    } catch (error) {
      if (error instanceof HangUp) return this.hang(req, res, operation);
      if (error instanceof AwsError) return sendError(error);
      throw error;
    }
  }

  /** Answer nothing: hold the connection until the client gives up on it (or the emulator closes). */
  private hang(req: http.IncomingMessage, res: http.ServerResponse, operation: string): void {
    this.logger?.(`backup ${operation} hung (no answer)`);
    this.hanging.add(res);
    const release = () => this.hanging.delete(res);
    req.socket.once('close', release);
    res.once('close', release);
  }

  private route(method: string, path: string): { route: CompiledRoute; labels: Record<string, string> } | undefined {
    for (const route of COMPILED) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const labels: Record<string, string> = {};
      route.labels.forEach((name, i) => {
        labels[name] = decodeURIComponent(m[i + 1]);
      });
      return { route, labels };
    }
    return undefined;
  }

  private async maybeInjectFault(operation: BackupOperation, input: Record<string, unknown>): Promise<void> {
    const hangs = this.forcedHangs.get(operation) ?? 0;
    if (hangs > 0) {
      this.forcedHangs.set(operation, hangs - 1);
      this.injected.hangs++;
      throw new HangUp();
    }
    const forced = this.forced.get(operation)?.shift();
    if (forced) throw injectedError(forced);
    if (operation === 'StartRestoreJob' && this.forcedAfterStart > 0) {
      this.forcedAfterStart--;
      input.__failAfterStart = true;
      return;
    }

    const f = this.faults;
    if (f.operations && !f.operations.includes(operation)) return;
    // Key the draw on which request this is, so concurrency does not change the decision.
    const subject = operation === 'StartRestoreJob'
      ? `token:${String(input.IdempotencyToken ?? input.RecoveryPointArn)}`
      : operation === 'DescribeRestoreJob' ? `job:${String(input.RestoreJobId)}` : 'other';
    const key = `${operation}|${subject}`;
    const n = (this.callCountByKey.get(key) ?? 0) + 1;
    this.callCountByKey.set(key, n);
    const draw = (what: string) => keyedRandom(this.seed, `${key}|${n}|${what}`);

    if (f.latencyMs !== undefined && draw('latency?') < (f.latencyRate ?? 1)) {
      const ms = typeof f.latencyMs === 'number' ? f.latencyMs : f.latencyMs.min + draw('latency') * (f.latencyMs.max - f.latencyMs.min);
      this.injected.delayed++;
      await this.clock.sleep(ms);
    }
    if (f.hangRate && draw('hang') < f.hangRate) {
      this.injected.hangs++;
      throw new HangUp();
    }
    if (f.throttleRate && draw('throttle') < f.throttleRate) {
      this.injected.throttles++;
      throw injectedError('ThrottlingException');
    }
    if (f.dependencyFailureRate && draw('dependency') < f.dependencyFailureRate) {
      this.injected.dependencyFailures++;
      throw injectedError('DependencyFailureException');
    }
    if (f.serverErrorRate && draw('5xx') < f.serverErrorRate) {
      this.injected.serverErrors++;
      throw injectedError(draw('5xx-kind') < 0.5 ? 'ServiceUnavailableException' : 'InternalFailure');
    }
    if (operation === 'StartRestoreJob' && f.serverErrorAfterStartRate && draw('5xx-after') < f.serverErrorAfterStartRate) {
      input.__failAfterStart = true;
    }
  }

  private async dispatch(operation: BackupOperation, input: Record<string, unknown>, traceId?: string): Promise<unknown> {
    switch (operation) {
      case 'StartRestoreJob': return this.startRestoreJob(input, traceId);
      case 'DescribeRestoreJob': return this.describeRestoreJob(input);
      case 'GetRecoveryPointRestoreMetadata': return this.getRestoreMetadata(input);
      case 'ListRecoveryPointsByBackupVault': return this.listByVault(input);
      case 'ListRecoveryPointsByResource': return this.listByResource(input);
    }
  }

  // ---------------------------------------------------------------- operations

  private startRestoreJob(input: Record<string, unknown>, traceId?: string): unknown {
    const recoveryPointArn = requireString(input, 'RecoveryPointArn');
    if (input.Metadata === undefined || input.Metadata === null) {
      throw new AwsError('MissingParameterValueException', 'Metadata is required.', 400);
    }
    const metadata = requireStringMap(input.Metadata, 'Metadata');
    const iamRoleArn = optionalString(input, 'IamRoleArn');
    const token = optionalString(input, 'IdempotencyToken');
    const resourceType = optionalString(input, 'ResourceType');
    const copyTags = input.CopySourceTagsToRestoredResource;
    if (copyTags !== undefined && typeof copyTags !== 'boolean') {
      throw new AwsError('InvalidParameterValueException', 'CopySourceTagsToRestoredResource must be a boolean.', 400);
    }
    if (!ANY_ARN.test(recoveryPointArn)) {
      throw new AwsError('InvalidParameterValueException', 'Invalid ARN: RecoveryPointArn is not a valid ARN.', 400);
    }
    if (iamRoleArn !== undefined && !ROLE_ARN.test(iamRoleArn)) {
      throw new AwsError('InvalidParameterValueException', 'IamRoleArn is not a valid IAM role ARN.', 400);
    }
    if (token !== undefined) this.startsByToken.set(token, (this.startsByToken.get(token) ?? 0) + 1);

    // "Retrying a successful request with the same idempotency token results in a success message with no action taken."
    if (token !== undefined && this.jobByToken.has(token)) {
      const existing = this.jobs.get(this.jobByToken.get(token)!)!;
      this.emit('jobStarted', this.view(existing), { created: false, traceId } satisfies StartInfo);
      return this.afterStart(input, { RestoreJobId: existing.id });
    }

    const rp = this.recoveryPoints.get(recoveryPointArn);
    if (!rp) throw new AwsError('ResourceNotFoundException', `Recovery point ${recoveryPointArn} was not found.`, 400);
    if (rp.status !== 'COMPLETED' && rp.status !== 'AVAILABLE') {
      throw new AwsError('InvalidRequestException', `Recovery point ${recoveryPointArn} is ${rp.status} and cannot be restored.`, 400);
    }
    const effectiveType = resourceType ?? rp.resourceType;
    if (copyTags === true && NO_TAG_COPY_TYPES.has(effectiveType)) {
      throw new AwsError('InvalidParameterValueException', `CopySourceTagsToRestoredResource is not supported for resource type ${effectiveType}.`, 400);
    }
    if (Buffer.byteLength(JSON.stringify(metadata)) > 200 * 1024) {
      throw new AwsError('InvalidParameterValueException', 'Metadata exceeds the maximum size of 200 KB.', 400);
    }

    const jobIndex = this.jobs.size;
    const id = keyedUuid(this.seed, `job|${token ?? `untokened-${jobIndex}`}|${recoveryPointArn}`);
    const context: RestoreJobStartContext = {
      restoreJobId: id, recoveryPointArn, resourceType: effectiveType, idempotencyToken: token, metadataKeys: Object.keys(metadata), jobIndex,
    };
    const behaviour: RestoreBehaviour = { ...rp.restore, ...(this.outcome?.(context) ?? {}) };
    const durationMs = Math.max(0, (behaviour.durationSeconds ?? 600) * 1000);
    const outcome = behaviour.outcome ?? 'COMPLETED';
    const job: Job = {
      id,
      recoveryPoint: rp,
      resourceType: effectiveType,
      token,
      iamRoleArn: iamRoleArn ?? `arn:aws:iam::${this.accountId}:role/service-role/AWSBackupDefaultServiceRole`,
      metadataKeys: Object.keys(metadata).sort(),
      metadataDigest: metadataDigest(metadata),
      creationDate: this.clock.now(),
      pendingMs: Math.min(durationMs, (behaviour.pendingSeconds ?? Math.min(60, (durationMs / 1000) * 0.1)) * 1000),
      durationMs,
      outcome,
      statusMessage: outcome === 'COMPLETED' ? undefined : behaviour.statusMessage ?? defaultStatusMessage(outcome),
      createdResourceArn: behaviour.createdResourceArn ?? this.createdArn(effectiveType, id, metadata),
      traceId,
      behaviour,
    };
    this.jobs.set(id, job);
    if (token !== undefined) {
      this.jobByToken.set(token, id);
      this.jobsByToken.set(token, (this.jobsByToken.get(token) ?? 0) + 1);
    }
    this.restoredResources?.plan({
      restoreJobId: id,
      resourceType: effectiveType,
      createdResourceArn: job.createdResourceArn,
      completesAt: job.creationDate + durationMs,
      outcome,
      metadata,
    });
    this.logger?.(`backup restore job ${id} started (${effectiveType}, ${job.metadataKeys.length} metadata keys)`);
    this.emit('jobStarted', this.view(job), { created: true, traceId } satisfies StartInfo);
    this.scheduleProgress(job);
    return this.afterStart(input, { RestoreJobId: id });
  }

  private afterStart(input: Record<string, unknown>, output: unknown): unknown {
    if (input.__failAfterStart) {
      this.injected.serverErrorsAfterStart++;
      throw injectedError('ServiceUnavailableException');
    }
    return output;
  }

  private describeRestoreJob(input: Record<string, unknown>): unknown {
    const id = requireString(input, 'RestoreJobId');
    const job = this.jobs.get(id);
    if (!job || this.forgotten.has(id)) throw new AwsError('ResourceNotFoundException', `Restore job ${id} was not found.`, 400);
    const age = this.clock.now() - job.creationDate;
    if (age < (job.behaviour.invisibleSeconds ?? 0) * 1000) {
      this.injected.notVisibleYet++;
      throw new AwsError('ResourceNotFoundException', `Restore job ${id} was not found.`, 400);
    }
    const outage = job.behaviour.describeOutage;
    if (outage && age >= (outage.fromSeconds ?? 0) * 1000 && age < ((outage.fromSeconds ?? 0) + outage.seconds) * 1000) {
      this.injected.outageErrors++;
      throw injectedError(outage.error ?? 'ServiceUnavailableException');
    }
    const view = this.view(job);
    this.reportProgress(job, view);
    const terminal = view.status === 'COMPLETED' || view.status === 'FAILED' || view.status === 'ABORTED';
    return dropUndefined({
      AccountId: this.accountId,
      RestoreJobId: job.id,
      RecoveryPointArn: job.recoveryPoint.recoveryPointArn,
      SourceResourceArn: job.recoveryPoint.resourceArn,
      BackupVaultArn: this.vaults.get(job.recoveryPoint.backupVaultName)?.arn,
      CreationDate: epochSeconds(job.creationDate),
      CompletionDate: terminal ? epochSeconds(view.completionDate!) : undefined,
      Status: view.status,
      StatusMessage: view.statusMessage,
      PercentDone: view.percentDone.toFixed(2),
      BackupSizeInBytes: job.recoveryPoint.backupSizeInBytes,
      IamRoleArn: job.iamRoleArn,
      ExpectedCompletionTimeMinutes: terminal ? undefined : Math.ceil(job.durationMs / 60_000),
      CreatedResourceArn: view.status === 'COMPLETED' ? job.createdResourceArn : undefined,
      ResourceType: job.resourceType,
      RecoveryPointCreationDate: epochSeconds(job.recoveryPoint.creationDate),
      IsParent: false,
    });
  }

  private getRestoreMetadata(input: Record<string, unknown>): unknown {
    const vault = this.requireVault(input);
    const arn = requireString(input, 'RecoveryPointArn');
    const rp = this.recoveryPoints.get(arn);
    if (!rp || rp.backupVaultName !== vault.name) {
      throw new AwsError('ResourceNotFoundException', `Recovery point ${arn} was not found in backup vault ${vault.name}.`, 400);
    }
    return { BackupVaultArn: vault.arn, RecoveryPointArn: arn, RestoreMetadata: { ...rp.restoreMetadata }, ResourceType: rp.resourceType };
  }

  private listByVault(input: Record<string, unknown>): unknown {
    const vault = this.requireVault(input);
    const before = input.ByCreatedBefore as number | undefined;
    const after = input.ByCreatedAfter as number | undefined;
    const items = [...this.recoveryPoints.values()]
      .filter(rp => rp.backupVaultName === vault.name)
      .filter(rp => input.ByResourceArn === undefined || rp.resourceArn === input.ByResourceArn)
      .filter(rp => input.ByResourceType === undefined || rp.resourceType === input.ByResourceType)
      .filter(rp => before === undefined || rp.creationDate < before * 1000)
      .filter(rp => after === undefined || rp.creationDate > after * 1000)
      .filter(() => input.ByParentRecoveryPointArn === undefined) // no composite recovery points are seeded
      .filter(() => input.ByBackupPlanId === undefined); // seeded recovery points belong to no plan
    return paginate(items, input, rp => dropUndefined({
      RecoveryPointArn: rp.recoveryPointArn,
      BackupVaultName: vault.name,
      BackupVaultArn: vault.arn,
      ResourceArn: rp.resourceArn,
      ResourceType: rp.resourceType,
      Status: rp.status,
      CreationDate: epochSeconds(rp.creationDate),
      CompletionDate: epochSeconds(rp.creationDate + 600_000),
      BackupSizeInBytes: rp.backupSizeInBytes,
      IsEncrypted: true,
      IsParent: false,
      VaultType: 'BACKUP_VAULT',
    }));
  }

  private listByResource(input: Record<string, unknown>): unknown {
    const resourceArn = requireString(input, 'ResourceArn');
    if (!ANY_ARN.test(resourceArn)) throw new AwsError('InvalidParameterValueException', 'ResourceArn is not a valid ARN.', 400);
    const items = [...this.recoveryPoints.values()].filter(rp => rp.resourceArn === resourceArn);
    return paginate(items, input, rp => ({
      RecoveryPointArn: rp.recoveryPointArn,
      CreationDate: epochSeconds(rp.creationDate),
      Status: rp.status,
      BackupSizeBytes: rp.backupSizeInBytes,
      BackupVaultName: rp.backupVaultName,
      IsParent: false,
      VaultType: 'BACKUP_VAULT',
    }));
  }

  private requireVault(input: Record<string, unknown>): Vault {
    const name = requireString(input, 'BackupVaultName');
    const vault = this.vaults.get(name);
    const account = input.BackupVaultAccountId;
    if (!vault || (account !== undefined && account !== vault.accountId)) {
      throw new AwsError('ResourceNotFoundException', `Backup vault ${name} was not found.`, 400);
    }
    return vault;
  }

  // ---------------------------------------------------------------- job state

  private view(job: Job): RestoreJobView {
    const elapsed = this.clock.now() - job.creationDate;
    let status: RestoreJobStatus;
    let percent: number;
    if (elapsed >= job.durationMs) {
      status = job.outcome;
      percent = job.outcome === 'COMPLETED' ? 100 : Math.min(99, progress(job, job.durationMs));
    } else if (elapsed < job.pendingMs) {
      status = 'PENDING';
      percent = 0;
    } else {
      status = 'RUNNING';
      percent = progress(job, elapsed);
    }
    const terminal = status !== 'PENDING' && status !== 'RUNNING';
    return {
      restoreJobId: job.id,
      recoveryPointArn: job.recoveryPoint.recoveryPointArn,
      resourceType: job.resourceType,
      idempotencyToken: job.token,
      iamRoleArn: job.iamRoleArn,
      metadataKeys: job.metadataKeys,
      metadataDigest: job.metadataDigest,
      creationDate: job.creationDate,
      status,
      percentDone: percent,
      statusMessage: terminal ? job.statusMessage : undefined,
      completionDate: terminal ? job.creationDate + job.durationMs : undefined,
      createdResourceArn: status === 'COMPLETED' ? job.createdResourceArn : undefined,
      traceId: job.traceId,
      finalStatus: job.outcome,
      endsAt: job.creationDate + job.durationMs,
    };
  }

  private reportProgress(job: Job, view: RestoreJobView = this.view(job)): void {
    const key = `${view.status}:${view.percentDone.toFixed(0)}`;
    if (job.lastReported === key) return;
    job.lastReported = key;
    this.emit('progress', view);
  }

  private scheduleProgress(job: Job): void {
    const interval = this.progressIntervalMs;
    if (!interval) return;
    const tick = () => {
      const view = this.view(job);
      this.reportProgress(job, view);
      job.ticker = view.status === 'PENDING' || view.status === 'RUNNING' ? this.clock.setTimeout(tick, interval) : undefined;
    };
    job.ticker = this.clock.setTimeout(tick, Math.min(interval, job.durationMs));
  }

  private createdArn(type: string, jobId: string, metadata: Record<string, string>): string {
    const r = this.region;
    const a = this.accountId;
    const hex = shortHash(jobId);
    switch (type) {
      case 'EFS': return `arn:aws:elasticfilesystem:${r}:${a}:file-system/fs-${hex.slice(0, 17)}`;
      case 'DynamoDB': return `arn:aws:dynamodb:${r}:${a}:table/${metadata.targetTableName ?? `restored-${hex.slice(0, 8)}`}`;
      case 'EBS': return `arn:aws:ec2:${r}:${a}:volume/vol-${hex.slice(0, 17)}`;
      case 'EC2': return `arn:aws:ec2:${r}:${a}:instance/i-${hex.slice(0, 17)}`;
      // RDS stores DB instance and cluster identifiers in lowercase (CreateDBInstance/CreateDBCluster API reference).
      case 'RDS': return `arn:aws:rds:${r}:${a}:db:${(metadata.DBInstanceIdentifier ?? `restored-${hex.slice(0, 8)}`).toLowerCase()}`;
      case 'Aurora':
      case 'DocumentDB':
      case 'Neptune': {
        const id = metadata.DBClusterIdentifier ?? metadata.dbClusterIdentifier ?? `restored-${hex.slice(0, 8)}`;
        return `arn:aws:rds:${r}:${a}:cluster:${id.toLowerCase()}`;
      }
      case 'Redshift': return `arn:aws:redshift:${r}:${a}:cluster:${(metadata.ClusterIdentifier ?? `restored-${hex.slice(0, 8)}`).toLowerCase()}`;
      case 'FSx': return `arn:aws:fsx:${r}:${a}:file-system/fs-${hex.slice(0, 17)}`;
      case 'S3': return `arn:aws:s3:::${metadata.DestinationBucketName ?? `restored-${hex.slice(0, 8)}`}`;
      default: return `arn:aws:backup-emulator:${r}:${a}:restored/${type}/${hex}`;
    }
  }
}

// ------------------------------------------------------------------ helpers

function progress(job: Job, elapsed: number): number {
  const running = job.durationMs - job.pendingMs;
  if (running <= 0) return 0;
  return Math.max(0, Math.min(99, Math.floor(((elapsed - job.pendingMs) / running) * 100)));
}

function defaultStatusMessage(outcome: RestoreOutcome): string {
  return outcome === 'FAILED'
    ? 'Access denied: the restore role is not authorized to perform elasticfilesystem:CreateFilesystem.'
    : 'Restore job was aborted.';
}

function injectedError(code: InjectableError): AwsError {
  switch (code) {
    case 'ThrottlingException': return new AwsError(code, 'Rate exceeded', 400, 'User');
    case 'ServiceUnavailableException': return new AwsError(code, 'The request failed due to a temporary failure of the server.', 503, 'Service');
    case 'InternalFailure': return new AwsError(code, 'The request processing has failed because of an unknown error, exception or failure.', 500, 'Service');
    case 'DependencyFailureException': return new AwsError(code, 'A dependent AWS service or resource returned an error to the AWS Backup service, and the action cannot be completed.', 500, 'Service');
    default: return new AwsError(code, `Injected ${code}.`, 400, 'User');
  }
}

/** Backup's exceptions carry Code, Message, Type and Context; throttling and InternalFailure carry `message`. */
function errorBody(error: AwsError): Record<string, string> {
  if (error.code === 'ThrottlingException' || error.code === 'InternalFailure' || error.code === 'UnknownOperationException' || error.code === 'SerializationException') {
    return { message: error.message };
  }
  return { Code: error.code, Message: error.message, Type: error.fault, Context: '' };
}

function parseInput(route: CompiledRoute, labels: Record<string, string>, url: URL, raw: Buffer): Record<string, unknown> {
  const input: Record<string, unknown> = { ...labels };
  for (const [name, member] of Object.entries(route.query)) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    if (member === 'MaxResults') {
      if (!/^\d+$/.test(value)) throw new AwsError('InvalidParameterValueException', 'MaxResults must be an integer.', 400);
      input[member] = Number(value);
    } else if (member === 'ByCreatedBefore' || member === 'ByCreatedAfter') {
      const ms = Date.parse(value);
      if (Number.isNaN(ms)) throw new AwsError('InvalidParameterValueException', `${member} must be a timestamp.`, 400);
      input[member] = ms / 1000;
    } else if (member === 'ManagedByAWSBackupOnly') {
      if (value !== 'true' && value !== 'false') throw new AwsError('InvalidParameterValueException', `${member} must be a boolean.`, 400);
      input[member] = value === 'true';
    } else {
      input[member] = value;
    }
  }
  if (route.body.length > 0) {
    let body: unknown;
    try {
      body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AwsError('SerializationException', 'Request body is not valid JSON.', 400);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new AwsError('SerializationException', 'Request body must be a JSON object.', 400);
    }
    for (const member of route.body) {
      const value = (body as Record<string, unknown>)[member];
      if (value !== undefined) input[member] = value;
    }
  }
  return input;
}

function requireString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (value === undefined || value === null || value === '') {
    throw new AwsError('MissingParameterValueException', `${name} is required.`, 400);
  }
  if (typeof value !== 'string') throw new AwsError('InvalidParameterValueException', `${name} must be a string.`, 400);
  return value;
}

function optionalString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AwsError('InvalidParameterValueException', `${name} must be a string.`, 400);
  return value;
}

/** A string → string map. Messages name keys, never values (Metadata is sensitive). */
function requireStringMap(value: unknown, name: string): Record<string, string> {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new AwsError('InvalidParameterValueException', `${name} must be a map of strings to strings.`, 400);
  }
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') {
      throw new AwsError('InvalidParameterValueException', `${name} value for key '${key}' must be a string.`, 400);
    }
    result[key] = v;
  }
  return result;
}

function paginate<T>(items: T[], input: Record<string, unknown>, render: (item: T) => unknown): unknown {
  const max = input.MaxResults as number | undefined;
  if (max !== undefined && (max < 1 || max > 1000)) {
    throw new AwsError('InvalidParameterValueException', 'MaxResults must be between 1 and 1000.', 400);
  }
  let offset = 0;
  if (input.NextToken !== undefined) {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
    if (!decoded) throw new AwsError('InvalidParameterValueException', 'NextToken is invalid.', 400);
    offset = Number(decoded[1]);
  }
  const page = items.slice(offset, offset + (max ?? 1000));
  const next = offset + page.length < items.length ? Buffer.from(`o:${offset + page.length}`).toString('base64') : undefined;
  return dropUndefined({ NextToken: next, RecoveryPoints: page.map(render) });
}

function epochSeconds(ms: number): number {
  return ms / 1000;
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function metadataDigest(metadata: Record<string, string>): string {
  const canonical = JSON.stringify(Object.keys(metadata).sort().map(k => [k, metadata[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}

/** The digest the emulator records for a metadata map (to compare without exposing values). */
export function digestOfMetadata(metadata: Record<string, string>): string {
  return metadataDigest(metadata);
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
