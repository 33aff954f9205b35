/**
 * CloudFormation driver: synthesizes a CDK app in-process, deploys its Lambda functions and state machines
 * into the local stand-ins (code taken from the cloud assembly through the stack's asset manifest), and
 * sends custom-resource events shaped like CloudFormation's, collecting the responses on a loopback
 * response server. It keeps each custom resource's state the way CloudFormation does (physical id,
 * current properties) so Create → Update → Delete sequences read naturally.
 */
import { randomBytes, randomUUID } from 'crypto';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';
import type { LambdaFunctionSpec } from './lambda-service';
import type { LocalAws } from './local-aws';
import { keyedUuid } from './rng';

// ------------------------------------------------------------------ synthesis

export interface SynthesizeOptions {
  /** @default 'LocalAwsStack' */
  readonly stackName?: string;
  readonly accountId?: string;
  readonly region?: string;
  /** Where the cloud assembly goes. @default a fresh temporary folder (removed by LocalAws.close()) */
  readonly outdir?: string;
}

/** A synthesized stack: its template and where each Lambda asset's code is. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly outdir: string;
  readonly template: CfnTemplate;
  /** Asset S3 object key (`<hash>.zip`) → absolute folder with the asset's files. */
  readonly assetDirs: ReadonlyMap<string, string>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly [key: string]: unknown;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

/** Synthesize a CDK app with one stack built by `build`, and read its template and asset manifest. */
export function synthesizeStack(build: (stack: Stack) => void, options: SynthesizeOptions = {}): SynthesizedStack {
  const stackName = options.stackName ?? 'LocalAwsStack';
  const outdir = options.outdir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-cdk-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, stackName, { env: { account: options.accountId ?? '123456789012', region: options.region ?? 'us-east-1' } });
  build(stack);
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const template = artifact.template as CfnTemplate;

  // The asset manifest maps each file asset's S3 object key to its folder in the cloud assembly.
  const assetDirs = new Map<string, string>();
  const manifestArtifact = artifact.dependencies.find(d => d.manifest.type === 'cdk:asset-manifest');
  const manifestFile = (manifestArtifact?.manifest.properties as { file?: string } | undefined)?.file ?? `${artifact.stackName}.assets.json`;
  const manifest = JSON.parse(fs.readFileSync(path.resolve(assembly.directory, manifestFile), 'utf8')) as {
    files?: Record<string, { source: { path: string; packaging?: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  for (const asset of Object.values(manifest.files ?? {})) {
    for (const destination of Object.values(asset.destinations)) {
      assetDirs.set(destination.objectKey, path.resolve(assembly.directory, asset.source.path));
    }
  }
  return { stackName: artifact.stackName, outdir: assembly.directory, template, assetDirs };
}

// ------------------------------------------------------------------ template resolution

/** Resolves intrinsic functions against fake physical ids and ARNs (consistent within a stack). */
export class TemplateResolver {
  constructor(
    private readonly template: CfnTemplate,
    private readonly stackName: string,
    private readonly stackId: string,
    private readonly accountId: string,
    private readonly region: string,
    /** A deployed custom resource's physical id and attributes (its response's Data), for Ref and Fn::GetAtt. */
    private readonly customResource?: (logicalId: string) => { physicalResourceId?: string; data?: Record<string, unknown> } | undefined,
  ) {}

  /** What `Ref` returns for a resource. */
  public ref(logicalId: string): string {
    const type = this.type(logicalId);
    if (type.startsWith('Custom::') && this.customResource) {
      const physicalId = this.customResource(logicalId)?.physicalResourceId;
      if (physicalId === undefined) throw new Error(`local-aws: Ref ${logicalId}: the custom resource has no physical id yet`);
      return physicalId;
    }
    switch (type) {
      case 'AWS::StepFunctions::StateMachine': return this.arn(logicalId);
      case 'AWS::Logs::LogGroup': return `/aws/${this.stackName}/${logicalId}`;
      default: return this.physicalName(logicalId);
    }
  }

  /** A physical name like CloudFormation's `<stack>-<logicalId>-<suffix>` (64 characters at most). */
  public physicalName(logicalId: string): string {
    return `${this.stackName}-${logicalId}`.slice(0, 64);
  }

  public arn(logicalId: string): string {
    const type = this.type(logicalId);
    const name = this.physicalName(logicalId);
    const { region: r, accountId: a } = this;
    switch (type) {
      case 'AWS::Lambda::Function': return `arn:aws:lambda:${r}:${a}:function:${name}`;
      case 'AWS::IAM::Role': return `arn:aws:iam::${a}:role/${name}`;
      case 'AWS::StepFunctions::StateMachine': return `arn:aws:states:${r}:${a}:stateMachine:${name}`;
      case 'AWS::Logs::LogGroup': return `arn:aws:logs:${r}:${a}:log-group:${this.ref(logicalId)}:*`;
      case 'AWS::KMS::Key': return `arn:aws:kms:${r}:${a}:key/${keyedUuid(this.stackId, logicalId).toLowerCase()}`;
      default: {
        const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
        return `arn:aws:${service}:${r}:${a}:${name}`;
      }
    }
  }

  public getAtt(logicalId: string, attribute: string): string {
    if (this.type(logicalId).startsWith('Custom::') && this.customResource) {
      // CloudFormation: "CustomResource attribute error: Vendor response doesn't contain <attribute> key".
      const data = this.customResource(logicalId)?.data;
      if (data === undefined || !(attribute in data)) {
        throw new Error(`local-aws: Fn::GetAtt ${logicalId}.${attribute}: the custom resource's response has no attribute ${attribute}`);
      }
      return String(data[attribute]);
    }
    if (attribute === 'Arn') return this.arn(logicalId);
    if (attribute === 'Name') return this.physicalName(logicalId);
    if (attribute === 'RoleId' || attribute === 'KeyId') return keyedUuid(this.stackId, `${logicalId}.${attribute}`);
    // A security group's id (AWS::EC2::SecurityGroup GroupId), e.g. in a restored database's VpcSecurityGroupIds.
    if (attribute === 'GroupId') return `sg-${keyedUuid(this.stackId, `${logicalId}.GroupId`).replace(/-/g, '').toLowerCase().slice(0, 17)}`;
    throw new Error(`local-aws: Fn::GetAtt ${logicalId}.${attribute} is not supported (type ${this.type(logicalId)})`);
  }

  public resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(v => this.resolve(v));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [key, arg] = entries[0];
      switch (key) {
        case 'Ref': return this.pseudo(String(arg)) ?? this.ref(String(arg));
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(arg) ? arg as string[] : String(arg).split(/\.(.+)/);
          return this.getAtt(id, String(this.resolve(attr)));
        }
        case 'Fn::Join': {
          const [sep, list] = arg as [string, unknown[]];
          return (this.resolve(list) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, unknown];
          return String(this.resolve(text)).split(sep);
        }
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(arg) ? arg as [string, Record<string, unknown>] : [String(arg), {}];
          return text.replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            if (name.includes('.')) {
              const [id, attr] = name.split(/\.(.+)/);
              return this.getAtt(id, attr);
            }
            return this.pseudo(name) ?? this.ref(name);
          });
        }
        case 'Fn::Base64': return Buffer.from(String(this.resolve(arg))).toString('base64');
        default:
          if (key.startsWith('Fn::')) throw new Error(`local-aws: intrinsic ${key} is not supported`);
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  private pseudo(name: string): string | undefined {
    switch (name) {
      case 'AWS::Region': return this.region;
      case 'AWS::AccountId': return this.accountId;
      case 'AWS::Partition': return 'aws';
      case 'AWS::URLSuffix': return 'amazonaws.com';
      case 'AWS::StackName': return this.stackName;
      case 'AWS::StackId': return this.stackId;
      case 'AWS::NoValue': return undefined;
      default: return undefined;
    }
  }

  private type(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    if (!resource) {
      const parameter = (this.template.Parameters as Record<string, unknown> | undefined)?.[logicalId];
      if (parameter) return 'Parameter';
      throw new Error(`local-aws: unknown logical id ${logicalId}`);
    }
    return resource.Type;
  }
}

/** CloudFormation delivers every scalar property of a custom resource as a string. */
export function cfnStringify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cfnStringify);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, cfnStringify(v)]));
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value;
}

// ------------------------------------------------------------------ response server

export interface CfnResponse {
  readonly Status: string;
  readonly Reason?: string;
  readonly PhysicalResourceId?: string;
  readonly StackId?: string;
  readonly RequestId?: string;
  readonly LogicalResourceId?: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, unknown>;
  /** Virtual ms at which the response arrived. */
  readonly receivedAt: number;
  /** Why CloudFormation would reject this response (too long, bad status, …), if it would. */
  readonly invalid?: string;
}

/** Events: 'response' (CfnResponse). */
export class ResponseServer extends EventEmitter {
  private readonly server: http.Server;
  private readonly responses = new Map<string, CfnResponse[]>();
  private readonly waiters = new Map<string, Array<(r: CfnResponse) => void>>();
  private readonly toLose = new Map<string, number>();
  private port?: number;

  constructor(private readonly now: () => number) {
    super();
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
  }

  public async start(): Promise<number> {
    this.port = await listen(this.server);
    return this.port;
  }

  public get listeningPort(): number {
    if (this.port === undefined) throw new Error('ResponseServer not started');
    return this.port;
  }

  /** A pre-signed-S3-like URL on the loopback server for one request. */
  public urlFor(stackId: string, logicalId: string, requestId: string, region: string): string {
    const key = encodeURIComponent(`${stackId}|${logicalId}|${requestId}`);
    const signature = randomBytes(32).toString('hex');
    return `http://${LOOPBACK}:${this.listeningPort}/cloudformation-custom-resource-response-${region.replace(/-/g, '')}/${key}` +
      `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=7200&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
  }

  /** Lose the next `count` responses for a logical id (accepted, never delivered): CloudFormation then waits out ServiceTimeout. */
  public loseNext(logicalId: string, count = 1): void {
    this.toLose.set(logicalId, (this.toLose.get(logicalId) ?? 0) + count);
  }

  public responsesFor(requestId: string): CfnResponse[] {
    return [...(this.responses.get(requestId) ?? [])];
  }

  /** The first response for `requestId` (resolves when it arrives); `cancel` drops the wait. */
  public first(requestId: string): { readonly response: Promise<CfnResponse>; readonly cancel: () => void } {
    const existing = this.responses.get(requestId);
    if (existing?.length) return { response: Promise.resolve(existing[0]), cancel: () => undefined };
    let waiter!: (r: CfnResponse) => void;
    const response = new Promise<CfnResponse>(resolve => {
      waiter = resolve;
    });
    const list = this.waiters.get(requestId) ?? [];
    list.push(waiter);
    this.waiters.set(requestId, list);
    const cancel = () => {
      const rest = (this.waiters.get(requestId) ?? []).filter(w => w !== waiter);
      if (rest.length) this.waiters.set(requestId, rest);
      else this.waiters.delete(requestId);
    };
    return { response, cancel };
  }

  public close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const key = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    const [, logicalId, requestId] = key.split('|');
    if (req.method !== 'PUT' || !requestId) {
      res.writeHead(400).end();
      return;
    }
    const lose = this.toLose.get(logicalId) ?? 0;
    if (lose > 0) {
      this.toLose.set(logicalId, lose - 1);
      res.writeHead(200).end();
      return;
    }
    let parsed: Partial<CfnResponse> = {};
    let invalid: string | undefined;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      invalid = 'response body is not JSON';
    }
    if (body.length > 4096) invalid = `Response object is too long (${body.length} bytes; the limit is 4096).`;
    else if (parsed.Status !== 'SUCCESS' && parsed.Status !== 'FAILED') invalid ??= `invalid Status ${String(parsed.Status)}`;
    else if (parsed.PhysicalResourceId !== undefined && Buffer.byteLength(String(parsed.PhysicalResourceId)) > 1024) invalid = 'PhysicalResourceId is longer than 1 KB';
    const response: CfnResponse = { ...parsed, Status: String(parsed.Status), receivedAt: this.now(), invalid };
    const list = this.responses.get(requestId) ?? [];
    list.push(response);
    this.responses.set(requestId, list);
    res.writeHead(200).end();
    const waiters = this.waiters.get(requestId) ?? [];
    this.waiters.delete(requestId);
    for (const w of waiters) w(response);
    this.emit('response', response, requestId);
  }
}

// ------------------------------------------------------------------ the driver

export type RequestType = 'Create' | 'Update' | 'Delete';

export interface CloudFormationEvent {
  readonly RequestType: RequestType;
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
}

/** What an event may carry beyond the resource's state. */
export interface EventExtras {
  readonly requestId?: string;
  readonly properties?: Record<string, unknown>;
  readonly oldProperties?: Record<string, unknown>;
  readonly physicalResourceId?: string;
}

export interface SendOptions {
  /** How many times CloudFormation delivers the same event (same RequestId). @default 1 */
  readonly deliveries?: number;
  /** Virtual ms between duplicate deliveries. @default 0 (concurrent) */
  readonly duplicateDelayMs?: number;
  /** Kill the handler's sandbox (and the framework invocation above it) right after StartRestoreJob succeeds, this many times. */
  readonly crashAfterStart?: number;
}

export interface EventOutcome {
  readonly event: CloudFormationEvent;
  /** The response CloudFormation acts on: the first valid one; undefined if none arrived in time. */
  readonly response?: CfnResponse;
  /** Every response received for the request, once the request went quiet. */
  readonly responses: readonly CfnResponse[];
  /** Whether every response agrees (Status, PhysicalResourceId, Data). */
  readonly agree: boolean;
  /** No response within the resource's ServiceTimeout. */
  readonly timedOut: boolean;
  /** Lambda async retries after a crash or a function error. */
  readonly asyncRetries: number;
  readonly virtualMs: number;
  readonly realMs: number;
}

export interface ResourceState {
  readonly logicalId: string;
  properties: Record<string, unknown>;
  physicalResourceId?: string;
  data?: Record<string, unknown>;
  status: 'NOT_CREATED' | 'CREATE_COMPLETE' | 'CREATE_FAILED' | 'UPDATE_COMPLETE' | 'UPDATE_FAILED' | 'DELETE_COMPLETE' | 'DELETE_FAILED'
  | 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED' | 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED'
  | 'CREATE_IN_PROGRESS' | 'UPDATE_IN_PROGRESS' | 'DELETE_IN_PROGRESS';
  /** Virtual ms of the last status change. */
  updatedAt?: number;
  /** The stack's status after the last operation on this resource (it is the only resource the driver deploys). */
  stackStatus?: StackStatus;
}

/** Stack statuses the driver reaches. A `*_ROLLBACK_FAILED` stack needs a human: the outcome to avoid. */
export type StackStatus =
  | 'CREATE_COMPLETE' | 'ROLLBACK_COMPLETE' | 'ROLLBACK_FAILED'
  | 'UPDATE_COMPLETE' | 'UPDATE_FAILED' | 'UPDATE_ROLLBACK_COMPLETE' | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_COMPLETE' | 'DELETE_FAILED';

export interface UpdateOptions extends SendOptions {
  /** New properties (template values, resolved by the driver): from another synthesis of the same stack… */
  readonly from?: SynthesizedStack;
  /** …or given directly (already resolved). */
  readonly properties?: Record<string, unknown>;
  readonly requestId?: string;
  /**
   * Another resource of the same stack update fails after this one succeeded, so CloudFormation rolls this one
   * back too. @default false
   */
  readonly laterResourceFails?: boolean;
}

export interface UpdateOutcome {
  readonly update: EventOutcome;
  /** The Delete CloudFormation sends for the old physical id when an update replaced the resource. */
  readonly cleanup?: EventOutcome;
  /** The rollback Update (old properties, the physical id the failed update left), when the stack update failed. */
  readonly rollback?: EventOutcome;
  /** The Delete of the physical id the rollback moved away from (rollback cleanup). */
  readonly rollbackCleanup?: EventOutcome;
  readonly stackStatus: StackStatus;
}

export interface StackResourceView {
  readonly logicalId: string;
  readonly type: string;
  /** CloudFormation's resource status (CREATE_IN_PROGRESS, CREATE_COMPLETE, …). */
  readonly status: string;
  /** Unknown while a custom resource's create is in progress. */
  readonly physicalResourceId?: string;
  readonly cdkPath?: string;
  /** Virtual ms. */
  readonly updatedAt: number;
}

/** A stack as CloudFormation's read APIs show it. */
export interface StackView {
  readonly stackName: string;
  readonly stackId: string;
  readonly status: string;
  readonly updatedAt: number;
  readonly template: CfnTemplate;
  readonly resources: readonly StackResourceView[];
}

/** What a stack operation did: its final status and every event, in order. */
export interface StackOutcome {
  readonly stackStatus: StackStatus;
  readonly events: ReadonlyArray<{ readonly logicalId: string; readonly outcome: EventOutcome }>;
}

export interface CreateOptions extends SendOptions {
  readonly requestId?: string;
  readonly properties?: Record<string, unknown>;
  /**
   * When the create fails, roll back as CloudFormation does: a Delete with the physical id of the failure response
   * (the Provider framework answers a marker id when onEvent itself failed). @default false (the caller decides)
   */
  readonly rollbackOnFailure?: boolean;
}

export interface CreateOutcome extends EventOutcome {
  /** The rollback Delete of a failed create (with `rollbackOnFailure`). */
  readonly rollback?: EventOutcome;
  readonly stackStatus: StackStatus;
}

/**
 * Whether the harness runs a Lambda function: the provider's (asset code). An application's function with inline
 * code (a drill's smoke test) is part of the template but not of what the harness exercises; its properties may
 * reference custom resources' attributes, which only exist once those are created.
 */
function runsHere(resource: CfnResource): boolean {
  return (resource.Properties as { Code?: { ZipFile?: unknown } } | undefined)?.Code?.ZipFile === undefined;
}

function succeeded(r: CfnResponse | undefined): boolean {
  return r !== undefined && r.Status === 'SUCCESS' && !r.invalid;
}

/** Lambda's retry delays for a failed asynchronous invocation (virtual). */
const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000];

export class CloudFormationDriver {
  public readonly stackId: string;
  public readonly resolver: TemplateResolver;
  private readonly resources = new Map<string, ResourceState>();
  private requestCounter = 0;

  /** The template CloudFormation holds for the stack (changes with a successful updateStack). */
  public template: SynthesizedStack;
  private stackStatusValue: string = 'CREATE_COMPLETE';
  /** The template an update in progress deploys. */
  private pending?: SynthesizedStack;
  private stackUpdatedAt: number;

  constructor(private readonly aws: LocalAws, public readonly stack: SynthesizedStack) {
    this.stackId = `arn:aws:cloudformation:${aws.region}:${aws.accountId}:stack/${stack.stackName}/${keyedUuid(aws.seed, `stack|${stack.stackName}`).toLowerCase()}`;
    this.resolver = this.resolverFor(stack);
    this.template = stack;
    this.stackUpdatedAt = aws.clock.now();
  }

  private resolverFor(stack: SynthesizedStack): TemplateResolver {
    return new TemplateResolver(stack.template, stack.stackName, this.stackId, this.aws.accountId, this.aws.region,
      logicalId => this.resources.get(logicalId));
  }

  /** Register the stack's Lambda functions and state machines with the stand-ins. */
  public deploy(): this {
    for (const [logicalId, resource] of Object.entries(this.stack.template.Resources)) {
      if (resource.Type === 'AWS::Lambda::Function' && runsHere(resource)) this.deployFunction(logicalId, resource);
    }
    for (const [logicalId, resource] of Object.entries(this.stack.template.Resources)) {
      if (resource.Type === 'AWS::StepFunctions::StateMachine') {
        const props = resource.Properties ?? {};
        const text = props.DefinitionString !== undefined
          ? String(this.resolver.resolve(props.DefinitionString))
          : JSON.stringify(this.resolver.resolve(props.Definition));
        this.aws.sfn.register(this.resolver.arn(logicalId), JSON.parse(text));
      }
    }
    return this;
  }

  /** Start `count` warm sandboxes for each of the stack's functions (avoids cold starts in timings). */
  public async prewarm(count = 1): Promise<this> {
    const names = Object.entries(this.stack.template.Resources)
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && runsHere(r))
      .map(([id]) => this.resolver.physicalName(id));
    await Promise.all(names.map(name => this.aws.lambda.prewarm(name, count)));
    return this;
  }

  /** Logical ids of the stack's resources of a type (e.g. 'Custom::BackupRestoreJob'). */
  public logicalIdsOfType(type: string): string[] {
    return Object.entries(this.stack.template.Resources).filter(([, r]) => r.Type === type).map(([id]) => id);
  }

  /**
   * The logical id of a resource given either its logical id or its construct path below the stack
   * (e.g. 'Restore' for `new RestoreJob(stack, 'Restore', …)`).
   */
  public logicalId(resource: string): string {
    const resources = this.stack.template.Resources;
    if (resources[resource]) return resource;
    const wanted = new Set([`${this.stack.stackName}/${resource}`, `${this.stack.stackName}/${resource}/Resource`, `${this.stack.stackName}/${resource}/Resource/Default`]);
    const found = Object.entries(resources).find(([, r]) => wanted.has(String(r.Metadata?.['aws:cdk:path'])));
    if (!found) throw new Error(`local-aws: no resource '${resource}' in stack ${this.stack.stackName}`);
    return found[0];
  }

  /** The resolved properties CloudFormation would send for a resource of `stack` (default: the deployed one). */
  public propertiesOf(resource: string, stack: SynthesizedStack = this.stack): Record<string, unknown> {
    const logicalId = this.logicalId(resource);
    const r = stack.template.Resources[logicalId];
    if (!r) throw new Error(`local-aws: ${logicalId} is not in stack ${stack.stackName}`);
    const resolver = stack === this.stack
      ? this.resolver
      : new TemplateResolver(stack.template, stack.stackName, this.stackId, this.aws.accountId, this.aws.region);
    return cfnStringify(resolver.resolve(r.Properties ?? {})) as Record<string, unknown>;
  }

  public state(resource: string): ResourceState {
    const existing = this.resources.get(resource);
    if (existing) return existing;
    let logicalId: string;
    try {
      logicalId = this.logicalId(resource);
    } catch (error) {
      // A logical id that only a later template has (a resource an update adds) starts with no properties.
      if (!/^[A-Za-z0-9]+$/.test(resource)) throw error;
      const state: ResourceState = { logicalId: resource, properties: {}, status: 'NOT_CREATED' };
      this.resources.set(resource, state);
      return state;
    }
    let state = this.resources.get(logicalId);
    if (!state) {
      state = { logicalId, properties: this.propertiesOf(logicalId), status: 'NOT_CREATED' };
      this.resources.set(logicalId, state);
    }
    return state;
  }

  /** Create a custom resource (CloudFormation CREATE). */
  public async create(resource: string, options: CreateOptions = {}): Promise<CreateOutcome> {
    const state = this.state(resource);
    if (options.properties) state.properties = options.properties;
    const outcome = await this.send(this.event('Create', state, { requestId: options.requestId }), options);
    const r = outcome.response;
    if (succeeded(r)) {
      Object.assign(state, { physicalResourceId: r!.PhysicalResourceId, data: r!.Data, status: 'CREATE_COMPLETE', stackStatus: 'CREATE_COMPLETE' });
      return { ...outcome, stackStatus: 'CREATE_COMPLETE' };
    }
    Object.assign(state, { physicalResourceId: r?.PhysicalResourceId, data: undefined, status: 'CREATE_FAILED' });
    if (!options.rollbackOnFailure) return { ...outcome, stackStatus: 'ROLLBACK_COMPLETE' };
    // A failed create rolls back with a Delete carrying the failure's physical id (no response at all: CloudFormation
    // has no physical id and deletes nothing).
    if (r?.PhysicalResourceId === undefined) {
      state.stackStatus = 'ROLLBACK_COMPLETE';
      return { ...outcome, stackStatus: 'ROLLBACK_COMPLETE' };
    }
    const rollback = await this.send(this.event('Delete', state, { physicalResourceId: r.PhysicalResourceId }), {});
    const stackStatus: StackStatus = succeeded(rollback.response) ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED';
    Object.assign(state, { status: stackStatus, stackStatus });
    return { ...outcome, rollback, stackStatus };
  }

  /**
   * Update a custom resource as CloudFormation does (AWS::CloudFormation::CustomResource, "Replacing a custom
   * resource during an update"; aws/aws-cdk#29581 and #17040 for rollbacks):
   * - success, same physical id: done; a new physical id: a cleanup Delete of the old one, after the stack update;
   * - the update failed, or a later resource failed (`laterResourceFails`): the stack rolls back. This resource gets
   *   an Update back to its old properties (`OldResourceProperties` = the new ones) with the physical id the failed
   *   update left — the new one if the update answered one, else the old — and no cleanup Delete of the old id
   *   ever comes (that happens only after a successful update). If the rollback answers another physical id than
   *   the one it was sent, the one it moved away from is deleted in the rollback cleanup. A failed rollback step
   *   leaves the stack in UPDATE_ROLLBACK_FAILED.
   */
  public async update(resource: string, options: UpdateOptions): Promise<UpdateOutcome> {
    const state = this.state(resource);
    const properties = options.properties ?? (options.from ? this.propertiesOf(state.logicalId, options.from) : undefined);
    if (!properties) throw new Error('update needs `from` or `properties`');
    const old = { ...state };
    const event = this.event('Update', state, { requestId: options.requestId, properties, oldProperties: state.properties, physicalResourceId: state.physicalResourceId });
    const update = await this.send(event, options);
    const r = update.response;
    if (succeeded(r) && !options.laterResourceFails) {
      Object.assign(state, { properties, physicalResourceId: r!.PhysicalResourceId, data: r!.Data, status: 'UPDATE_COMPLETE', stackStatus: 'UPDATE_COMPLETE' });
      if (r!.PhysicalResourceId === old.physicalResourceId) return { update, stackStatus: 'UPDATE_COMPLETE' };
      const cleanup = await this.send(this.event('Delete', old as ResourceState, { physicalResourceId: old.physicalResourceId }), {});
      return { update, cleanup, stackStatus: 'UPDATE_COMPLETE' };
    }

    // The stack update failed: roll this resource back.
    const leftPhysicalId = r?.PhysicalResourceId ?? old.physicalResourceId;
    const rollback = await this.send(this.event('Update', state, {
      properties: old.properties, oldProperties: properties, physicalResourceId: leftPhysicalId,
    }), {});
    const rb = rollback.response;
    if (!succeeded(rb)) {
      Object.assign(state, { physicalResourceId: leftPhysicalId, status: 'UPDATE_ROLLBACK_FAILED', stackStatus: 'UPDATE_ROLLBACK_FAILED' });
      return { update, rollback, stackStatus: 'UPDATE_ROLLBACK_FAILED' };
    }
    Object.assign(state, { properties: old.properties, physicalResourceId: rb!.PhysicalResourceId, data: rb!.Data, status: 'UPDATE_ROLLBACK_COMPLETE' });
    let rollbackCleanup: EventOutcome | undefined;
    if (rb!.PhysicalResourceId !== leftPhysicalId) {
      rollbackCleanup = await this.send(this.event('Delete', state, { physicalResourceId: leftPhysicalId }), {});
    }
    const stackStatus: StackStatus = rollbackCleanup && !succeeded(rollbackCleanup.response) ? 'UPDATE_ROLLBACK_FAILED' : 'UPDATE_ROLLBACK_COMPLETE';
    state.stackStatus = stackStatus;
    return { update, rollback, rollbackCleanup, stackStatus };
  }

  /** Delete a custom resource (CloudFormation DELETE, or the rollback of a failed CREATE). */
  public async delete(resource: string, options: SendOptions & { requestId?: string } = {}): Promise<EventOutcome> {
    const state = this.state(resource);
    const outcome = await this.send(this.event('Delete', state, { requestId: options.requestId, physicalResourceId: state.physicalResourceId }), options);
    state.status = succeeded(outcome.response) ? 'DELETE_COMPLETE' : 'DELETE_FAILED';
    state.stackStatus = state.status;
    return outcome;
  }

  // ---------------------------------------------------------------- the whole stack

  /**
   * The stack as CloudFormation's read APIs show it (DescribeStacks, ListStackResources, GetTemplate): every
   * resource of the template, the custom resources with their current status and physical id.
   */
  public describe(): StackView {
    const resources: StackResourceView[] = Object.entries(this.template.template.Resources).map(([logicalId, r]) => {
      const state = this.resources.get(logicalId);
      const custom = r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource';
      return {
        logicalId,
        type: r.Type,
        status: custom ? (state?.status === 'NOT_CREATED' || !state ? 'NOT_CREATED' : state.status) : 'CREATE_COMPLETE',
        physicalResourceId: custom ? state?.physicalResourceId : this.resolver.ref(logicalId),
        cdkPath: r.Metadata?.['aws:cdk:path'] as string | undefined,
        updatedAt: state?.updatedAt ?? this.stackUpdatedAt,
      };
    }).filter(r => r.status !== 'NOT_CREATED' && r.status !== 'DELETE_COMPLETE');
    return {
      stackName: this.stack.stackName,
      stackId: this.stackId,
      status: this.stackStatusValue,
      updatedAt: this.stackUpdatedAt,
      template: this.template.template,
      resources,
    };
  }

  /** The custom resources of a template in an order that honours DependsOn, Ref and Fn::GetAtt between them. */
  public customResourceOrder(stack: SynthesizedStack = this.template): string[] {
    const resources = stack.template.Resources;
    const custom = Object.keys(resources).filter(id => resources[id].Type.startsWith('Custom::'));
    const deps = (id: string): string[] => {
      const found = new Set<string>([resources[id].DependsOn ?? []].flat());
      const walk = (v: unknown) => {
        if (Array.isArray(v)) return v.forEach(walk);
        if (v === null || typeof v !== 'object') return;
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          if (k === 'Ref' && typeof x === 'string') found.add(x);
          else if (k === 'Fn::GetAtt') found.add(Array.isArray(x) ? String(x[0]) : String(x).split('.')[0]);
          else walk(x);
        }
      };
      walk(resources[id].Properties);
      return [...found].filter(d => custom.includes(d));
    };
    const order: string[] = [];
    const visit = (id: string, seen: string[]) => {
      if (order.includes(id)) return;
      if (seen.includes(id)) throw new Error(`local-aws: dependency cycle ${[...seen, id].join(' -> ')}`);
      for (const d of deps(id)) visit(d, [...seen, id]);
      order.push(id);
    };
    for (const id of custom) visit(id, []);
    return order;
  }

  /**
   * Create every custom resource of the stack in dependency order (properties resolved against those already
   * created). A failure rolls the stack back: the failed resource and those created are deleted in reverse order.
   */
  public async createStack(options: { readonly onEvent?: (logicalId: string, outcome: EventOutcome) => void } = {}): Promise<StackOutcome> {
    this.setStackStatus('CREATE_IN_PROGRESS');
    const events: Array<{ logicalId: string; outcome: EventOutcome }> = [];
    const created: string[] = [];
    for (const logicalId of this.customResourceOrder()) {
      const state = this.state(logicalId);
      state.properties = this.propertiesOf(logicalId);
      const out = await this.create(logicalId);
      events.push({ logicalId, outcome: out });
      options.onEvent?.(logicalId, out);
      if (out.stackStatus === 'CREATE_COMPLETE') {
        created.push(logicalId);
        continue;
      }
      // Roll back: the failed resource (with the physical id its failure answered, if any), then the created ones.
      this.setStackStatus('ROLLBACK_IN_PROGRESS');
      let ok = true;
      for (const id of [...(state.physicalResourceId ? [logicalId] : []), ...created.reverse()]) {
        const del = await this.delete(id);
        events.push({ logicalId: id, outcome: del });
        options.onEvent?.(id, del);
        ok &&= succeeded(del.response);
      }
      return this.finish(ok ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', events);
    }
    return this.finish('CREATE_COMPLETE', events);
  }

  /**
   * Update the stack to another synthesis of it: custom resources whose resolved properties changed get an
   * Update, new ones a Create, in dependency order; removed ones and replaced physical ids are deleted in the
   * cleanup after success. A failure rolls back: updated resources get an Update back to their old properties
   * (in reverse order; a physical id the rollback moves away from is deleted), created ones are deleted.
   */
  public async updateStack(from: SynthesizedStack, options: {
    readonly onEvent?: (logicalId: string, outcome: EventOutcome) => void;
    /** A resource outside the custom resources fails after they were updated (forces a rollback). */
    readonly laterResourceFails?: boolean;
  } = {}): Promise<StackOutcome> {
    this.setStackStatus('UPDATE_IN_PROGRESS');
    this.pending = from;
    const previousTemplate = this.template;
    const events: Array<{ logicalId: string; outcome: EventOutcome }> = [];
    const record = (logicalId: string, outcome: EventOutcome) => {
      events.push({ logicalId, outcome });
      options.onEvent?.(logicalId, outcome);
    };
    const done: Array<{ logicalId: string; kind: 'created' | 'updated'; before: { properties: Record<string, unknown>; physicalResourceId?: string; data?: Record<string, unknown> } }> = [];
    const newResolver = this.resolverFor(from);
    let failed = false;
    for (const logicalId of this.customResourceOrder(from)) {
      const properties = cfnStringify(newResolver.resolve(from.template.Resources[logicalId].Properties ?? {})) as Record<string, unknown>;
      const state = this.state(logicalId);
      const before = { properties: state.properties, physicalResourceId: state.physicalResourceId, data: state.data };
      if (state.status === 'NOT_CREATED' || state.status === 'DELETE_COMPLETE') {
        state.properties = properties;
        const out = await this.create(logicalId, { properties });
        record(logicalId, out);
        if (out.stackStatus !== 'CREATE_COMPLETE') {
          if (state.physicalResourceId) done.push({ logicalId, kind: 'created', before });
          failed = true;
          break;
        }
        done.push({ logicalId, kind: 'created', before });
        continue;
      }
      if (JSON.stringify(properties) === JSON.stringify(state.properties)) continue;
      const out = await this.send(this.event('Update', state, { properties, oldProperties: state.properties, physicalResourceId: state.physicalResourceId }), {});
      record(logicalId, out);
      done.push({ logicalId, kind: 'updated', before });
      if (!succeeded(out.response)) {
        // CloudFormation keeps the physical id the failure answered, if any, for the rollback Update.
        state.physicalResourceId = out.response?.PhysicalResourceId ?? state.physicalResourceId;
        state.properties = properties;
        this.mark(state, 'UPDATE_FAILED');
        failed = true;
        break;
      }
      Object.assign(state, { properties, physicalResourceId: out.response!.PhysicalResourceId, data: out.response!.Data });
      this.mark(state, 'UPDATE_COMPLETE');
    }

    if (failed || options.laterResourceFails) {
      this.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
      let ok = true;
      for (const { logicalId, kind, before } of done.reverse()) {
        const state = this.state(logicalId);
        if (kind === 'created') {
          const del = await this.delete(logicalId);
          record(logicalId, del);
          ok &&= succeeded(del.response);
          continue;
        }
        const left = state.physicalResourceId;
        const rb = await this.send(this.event('Update', state, { properties: before.properties, oldProperties: state.properties, physicalResourceId: left }), {});
        record(logicalId, rb);
        if (!succeeded(rb.response)) {
          ok = false;
          this.mark(state, 'UPDATE_ROLLBACK_FAILED');
          break;
        }
        Object.assign(state, { properties: before.properties, physicalResourceId: rb.response!.PhysicalResourceId, data: rb.response!.Data });
        this.mark(state, 'UPDATE_COMPLETE');
        if (rb.response!.PhysicalResourceId !== left) {
          const cleanup = await this.send(this.event('Delete', state, { physicalResourceId: left }), {});
          record(logicalId, cleanup);
          ok &&= succeeded(cleanup.response);
        }
      }
      return this.finish(ok ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_FAILED', events);
    }

    // Cleanup after success: replaced physical ids, then resources the new template no longer has.
    this.template = from;
    this.setStackStatus('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    let ok = true;
    for (const { logicalId, kind, before } of [...done].reverse()) {
      const state = this.state(logicalId);
      if (kind !== 'updated' || before.physicalResourceId === state.physicalResourceId) continue;
      const cleanup = await this.send(this.event('Delete', { ...state, properties: before.properties }, { physicalResourceId: before.physicalResourceId }), {});
      record(logicalId, cleanup);
      ok &&= succeeded(cleanup.response);
    }
    const kept = new Set(this.customResourceOrder(from));
    for (const logicalId of [...this.customResourceOrder(previousTemplate)].reverse()) {
      if (kept.has(logicalId)) continue;
      const state = this.resources.get(logicalId);
      if (!state || !state.physicalResourceId) continue;
      const del = await this.delete(logicalId);
      record(logicalId, del);
      ok &&= succeeded(del.response);
    }
    return this.finish(ok ? 'UPDATE_COMPLETE' : 'UPDATE_FAILED', events);
  }

  /** Delete every custom resource of the stack, dependents first. */
  public async deleteStack(options: { readonly onEvent?: (logicalId: string, outcome: EventOutcome) => void } = {}): Promise<StackOutcome> {
    this.setStackStatus('DELETE_IN_PROGRESS');
    const events: Array<{ logicalId: string; outcome: EventOutcome }> = [];
    let ok = true;
    for (const logicalId of [...this.customResourceOrder()].reverse()) {
      const state = this.resources.get(logicalId);
      if (!state || state.status === 'NOT_CREATED' || state.status === 'DELETE_COMPLETE' || !state.physicalResourceId) continue;
      const out = await this.delete(logicalId);
      events.push({ logicalId, outcome: out });
      options.onEvent?.(logicalId, out);
      ok &&= succeeded(out.response);
    }
    return this.finish(ok ? 'DELETE_COMPLETE' : 'DELETE_FAILED', events);
  }

  private finish(status: StackStatus, events: Array<{ logicalId: string; outcome: EventOutcome }>): StackOutcome {
    this.pending = undefined;
    this.setStackStatus(status);
    return { stackStatus: status, events };
  }

  /** Set the stack's status, for a script that drives the resources one by one (as `createStack` would set it). */
  public markStack(status: string): void {
    this.setStackStatus(status);
  }

  private setStackStatus(status: string): void {
    this.stackStatusValue = status;
    this.stackUpdatedAt = this.aws.clock.now();
  }

  private mark(state: ResourceState, status: ResourceState['status']): void {
    state.status = status;
    state.updatedAt = this.aws.clock.now();
  }

  /** Build an event for a resource, as CloudFormation shapes it. */
  public event(type: RequestType, state: ResourceState, extra: EventExtras = {}): CloudFormationEvent {
    const properties = extra.properties ?? state.properties;
    const requestId = extra.requestId ?? keyedUuid(this.aws.seed, `request|${this.stackId}|${++this.requestCounter}|${randomUUID()}`).toLowerCase();
    const resource = [this.pending, this.template, this.stack].map(t => t?.template.Resources[state.logicalId]).find(r => r !== undefined)!;
    return {
      RequestType: type,
      ServiceToken: String(properties.ServiceToken),
      ResponseURL: this.aws.responses.urlFor(this.stackId, state.logicalId, requestId, this.aws.region),
      StackId: this.stackId,
      RequestId: requestId,
      LogicalResourceId: state.logicalId,
      ResourceType: resource.Type,
      ResourceProperties: properties,
      ...(type === 'Update' ? { OldResourceProperties: extra.oldProperties ?? state.properties } : {}),
      ...(type !== 'Create' ? { PhysicalResourceId: extra.physicalResourceId ?? state.physicalResourceId } : {}),
    };
  }

  /**
   * Deliver an event to its ServiceToken function (asynchronously, with Lambda's retries), wait for the
   * first response or the resource's ServiceTimeout, then for the request to go quiet, and report.
   */
  public async send(event: CloudFormationEvent, options: SendOptions = {}): Promise<EventOutcome> {
    const started = { virtual: this.aws.clock.now(), real: Date.now() };
    const tracked = this.resources.get(event.LogicalResourceId);
    if (tracked) this.mark(tracked, `${event.RequestType.toUpperCase()}_IN_PROGRESS` as ResourceState['status']);
    const fn = this.aws.lambda.find(event.ServiceToken);
    if (!fn) throw new Error(`local-aws: ServiceToken ${event.ServiceToken} is not a deployed function`);
    if (options.crashAfterStart) this.aws.planCrashes(event.RequestId, options.crashAfterStart);
    let asyncRetries = 0;
    const payload = JSON.stringify(event);
    const deliver = async () => {
      const done = this.aws.activity.begin(event.RequestId);
      try {
        for (let attempt = 0; ; attempt++) {
          const result = await this.aws.lambda.invoke(fn.name, payload);
          if (!result.functionError || attempt >= ASYNC_RETRY_DELAYS_MS.length) return;
          asyncRetries++;
          await this.aws.clock.sleep(ASYNC_RETRY_DELAYS_MS[attempt]);
        }
      } catch {
        // harness closing
      } finally {
        done();
      }
    };
    const deliveries: Promise<void>[] = [];
    for (let i = 0; i < (options.deliveries ?? 1); i++) {
      if (i > 0 && options.duplicateDelayMs) await this.aws.clock.sleep(options.duplicateDelayMs);
      deliveries.push(deliver());
    }

    const serviceTimeoutMs = Number(event.ResourceProperties.ServiceTimeout ?? 3600) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>(resolve => {
      timer = this.aws.clock.setTimeout(() => resolve(undefined), serviceTimeoutMs);
    });
    const wait = this.aws.responses.first(event.RequestId);
    const first = await Promise.race([wait.response, timeout]);
    wait.cancel();
    // Wait for the request to go quiet (duplicates, retries, waiters), bounded by the same timeout.
    await Promise.race([Promise.all(deliveries).then(() => this.aws.activity.whenIdle(event.RequestId)), timeout]);
    if (timer) this.aws.clock.clearTimeout(timer);
    this.aws.cancelCrashes(event.RequestId);

    const responses = this.aws.responses.responsesFor(event.RequestId);
    const signature = (r: CfnResponse) => JSON.stringify([r.Status, r.PhysicalResourceId, r.Data ?? null]);
    return {
      event,
      response: responses.find(r => !r.invalid) ?? (first as CfnResponse | undefined),
      responses,
      agree: responses.every(r => signature(r) === signature(responses[0])),
      timedOut: first === undefined,
      asyncRetries,
      virtualMs: this.aws.clock.now() - started.virtual,
      realMs: Date.now() - started.real,
    };
  }

  private deployFunction(logicalId: string, resource: CfnResource): void {
    const props = this.resolver.resolve(resource.Properties ?? {}) as {
      Code?: { S3Key?: string; ZipFile?: string };
      Handler?: string;
      Environment?: { Variables?: Record<string, string> };
      Timeout?: number;
      Runtime?: string;
      LoggingConfig?: { LogFormat?: string; ApplicationLogLevel?: string };
    };
    const key = props.Code?.S3Key;
    const codeDir = key ? this.stack.assetDirs.get(key) : undefined;
    if (!codeDir) throw new Error(`local-aws: no asset for function ${logicalId} (S3Key ${key ?? 'none'}); inline code is not supported`);
    const isFramework = fs.existsSync(path.join(codeDir, 'outbound.js')) && fs.existsSync(path.join(codeDir, 'cfn-response.js'));
    this.aws.lambda.register({
      name: this.resolver.physicalName(logicalId),
      arn: this.resolver.arn(logicalId),
      codeDir,
      handler: props.Handler ?? 'index.handler',
      environment: Object.fromEntries(Object.entries(props.Environment?.Variables ?? {}).map(([k, v]) => [k, String(v)])),
      timeoutSeconds: Number(props.Timeout ?? 3),
      runtime: props.Runtime,
      responsePort: isFramework ? this.aws.responses.listeningPort : undefined,
      applicationLogLevel: props.LoggingConfig?.LogFormat === 'JSON'
        ? (props.LoggingConfig.ApplicationLogLevel ?? 'INFO') as LambdaFunctionSpec['applicationLogLevel']
        : undefined,
    });
  }
}
