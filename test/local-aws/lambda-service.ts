/**
 * Lambda stand-in: the `Invoke` and `GetFunction` REST endpoints on a loopback port (reached by the real
 * `@aws-sdk/client-lambda` through AWS_ENDPOINT_URL_LAMBDA), and a runtime that executes each function in
 * worker-thread sandboxes (see sandbox-bootstrap.js). A sandbox runs one invocation at a time and is reused
 * while warm; a crash or timeout terminates it, so a crashed invocation really stops executing.
 */
import { randomUUID } from 'crypto';
import { EventEmitter } from 'events';
import * as http from 'http';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { ActivityTracker, requestIdOf } from './activity';
import { HarnessClock } from './clock';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';

export interface LambdaFunctionSpec {
  readonly name: string;
  readonly arn: string;
  /** Folder holding the function code (the unzipped asset). */
  readonly codeDir: string;
  /** `<file>.<export>`, as in AWS::Lambda::Function Handler. */
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Virtual seconds. */
  readonly timeoutSeconds: number;
  readonly runtime?: string;
  /** For the Provider framework: the loopback port its CloudFormation responses go to. */
  readonly responsePort?: number;
  /**
   * LoggingConfig.ApplicationLogLevel with LogFormat JSON: console output below it never reaches the logs,
   * as in Lambda (the Provider framework's functions use FATAL, so its request dumps are dropped).
   */
  readonly applicationLogLevel?: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';
}

const LEVEL_RANK: Record<string, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };
const CONSOLE_LEVEL: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR' };

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export interface InvokeResult {
  readonly invocationId: string;
  /** The JSON payload the function returned, or the error document when it failed. */
  readonly payload: string;
  /** Set when the function failed ('Unhandled', as Lambda's X-Amz-Function-Error). */
  readonly functionError?: FunctionError;
}

export interface InvocationRecord {
  readonly invocationId: string;
  readonly functionName: string;
  readonly traceId: string;
  /** The invocation whose code called this one (through the Invoke API), when known. */
  readonly parentInvocationId?: string;
  /** The CloudFormation RequestId in the payload, when there is one. */
  readonly requestId?: string;
  readonly coldStart: boolean;
  readonly virtualStart: number;
  virtualEnd?: number;
  outcome?: 'success' | 'error' | 'crash' | 'timeout';
  error?: FunctionError;
}

export interface LogLine {
  readonly functionName: string;
  readonly invocationId?: string;
  readonly level: string;
  readonly text: string;
  /** Virtual ms. */
  readonly at: number;
}

export interface InvokeOptions {
  /** X-Amzn-Trace-Id of the caller (links the invocation to its parent). */
  readonly callerTraceId?: string;
}

interface Sandbox {
  readonly id: number;
  readonly fn: LambdaFunctionSpec;
  readonly worker: Worker;
  readonly ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  current?: Pending;
}

interface Pending {
  readonly record: InvocationRecord;
  readonly resolve: (result: InvokeResult) => void;
  readonly sandbox: Sandbox;
  timer?: NodeJS.Timeout;
  done: () => void;
}

const BOOTSTRAP = path.join(__dirname, 'sandbox-bootstrap.js');

export interface LambdaServiceOptions {
  readonly clock: HarnessClock;
  readonly activity: ActivityTracker;
  /** Environment every sandbox gets (region, credentials, endpoints). */
  readonly baseEnvironment: () => Record<string, string>;
  /** Real-time floor of a function timeout, so a heavily scaled clock does not time out ordinary work. @default 10000 */
  readonly minRealTimeoutMs?: number;
  /** Keep at most this many log lines. @default 20000 */
  readonly maxLogLines?: number;
}

/** Events: 'invocationStart' (InvocationRecord), 'invocationEnd' (InvocationRecord), 'log' (LogLine). */
export class LambdaService extends EventEmitter {
  private readonly clock: HarnessClock;
  private readonly activity: ActivityTracker;
  private readonly options: LambdaServiceOptions;
  private readonly functions = new Map<string, LambdaFunctionSpec>();
  private readonly sandboxes = new Map<string, Sandbox[]>();
  private readonly pending = new Map<string, Pending>();
  private readonly byTraceRoot = new Map<string, string>();
  private readonly server: http.Server;
  private readonly logs: LogLine[] = [];
  private readonly records: InvocationRecord[] = [];
  private port?: number;
  private sandboxCounter = 0;
  private closed = false;

  constructor(options: LambdaServiceOptions) {
    super();
    this.options = options;
    this.clock = options.clock;
    this.activity = options.activity;
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_LAMBDA. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error('LambdaService not started');
    return `http://${LOOPBACK}:${this.port}`;
  }

  public register(fn: LambdaFunctionSpec): void {
    this.functions.set(fn.name, fn);
  }

  public functionNames(): string[] {
    return [...this.functions.keys()];
  }

  /** Find a function by name, ARN or qualified ARN. */
  public find(nameOrArn: string): LambdaFunctionSpec | undefined {
    const direct = this.functions.get(nameOrArn);
    if (direct) return direct;
    const name = /^arn:[^:]+:lambda:[^:]*:\d*:function:([^:]+)(:[^:]+)?$/.exec(nameOrArn)?.[1];
    return name === undefined ? undefined : this.functions.get(name);
  }

  /** Captured log lines (all functions). */
  public logLines(): readonly LogLine[] {
    return this.logs;
  }

  public invocations(): readonly InvocationRecord[] {
    return this.records;
  }

  public invocation(invocationId: string): InvocationRecord | undefined {
    return this.pending.get(invocationId)?.record ?? this.records.find(r => r.invocationId === invocationId);
  }

  /** The invocation a request came from, given its X-Amzn-Trace-Id header. */
  public invocationForTrace(traceId: string | undefined): InvocationRecord | undefined {
    const root = traceRoot(traceId);
    const id = root && this.byTraceRoot.get(root);
    return id ? this.invocation(id) : undefined;
  }

  /** Sandboxes currently alive (warm or busy). */
  public sandboxCount(): number {
    let n = 0;
    for (const list of this.sandboxes.values()) n += list.length;
    return n;
  }

  /**
   * Start `count` warm sandboxes for a function ahead of use (like provisioned concurrency), so a test or
   * a benchmark does not pay cold starts, which the clock scale would stretch into minutes of virtual time.
   */
  public async prewarm(nameOrArn: string, count = 1): Promise<void> {
    const fn = this.find(nameOrArn);
    if (!fn) throw new Error(`Function not found: ${nameOrArn}`);
    const list = this.sandboxes.get(fn.name) ?? [];
    this.sandboxes.set(fn.name, list);
    const missing = count - list.filter(s => !s.dead).length;
    const spawned: Sandbox[] = [];
    for (let i = 0; i < missing; i++) spawned.push(this.spawn(fn));
    list.push(...spawned);
    await Promise.all(spawned.map(s => s.ready));
  }

  /** Run a function synchronously (RequestResponse). */
  public async invoke(nameOrArn: string, payload: string, options: InvokeOptions = {}): Promise<InvokeResult> {
    if (this.closed) throw new Error('LambdaService is closed');
    const fn = this.find(nameOrArn);
    if (!fn) throw new Error(`Function not found: ${nameOrArn}`);
    const parent = this.invocationForTrace(options.callerTraceId);
    const { sandbox, cold } = await this.acquire(fn);
    const invocationId = randomUUID();
    const traceId = newTraceId();
    const record: InvocationRecord = {
      invocationId,
      functionName: fn.name,
      traceId,
      parentInvocationId: parent?.invocationId,
      requestId: requestIdOf(payload),
      coldStart: cold,
      virtualStart: this.clock.now(),
    };
    this.byTraceRoot.set(traceRoot(traceId)!, invocationId);
    const done = this.activity.begin(record.requestId);
    return new Promise<InvokeResult>(resolve => {
      const p: Pending = { record, resolve, sandbox, done };
      sandbox.current = p;
      this.pending.set(invocationId, p);
      this.emit('invocationStart', record);
      const realTimeout = Math.max(this.options.minRealTimeoutMs ?? 10_000, this.clock.toRealMs(fn.timeoutSeconds * 1000));
      p.timer = setTimeout(() => this.kill(invocationId, 'timeout'), realTimeout);
      // The sandbox's getRemainingTimeInMillis counts down to this same kill, so a handler that budgets its time
      // from it (as ours does) sees the deadline the stand-in enforces, floor included.
      sandbox.worker.postMessage({ type: 'invoke', invocationId, traceId, payload, realTimeoutMs: realTimeout });
    });
  }

  /**
   * Kill the sandbox running an invocation, as if its process died: the invocation ends with
   * Runtime.ExitError and the sandbox is discarded. Returns false if the invocation already ended.
   */
  public crash(invocationId: string): boolean {
    return this.kill(invocationId, 'crash');
  }

  public async close(): Promise<void> {
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.kill(id, 'crash');
    const all = [...this.sandboxes.values()].flat();
    this.sandboxes.clear();
    await Promise.all(all.map(s => s.worker.terminate().catch(() => undefined)));
    await closeServer(this.server);
  }

  // ---------------------------------------------------------------- sandboxes

  private async acquire(fn: LambdaFunctionSpec): Promise<{ sandbox: Sandbox; cold: boolean }> {
    const list = this.sandboxes.get(fn.name) ?? [];
    this.sandboxes.set(fn.name, list);
    const idle = list.find(s => !s.busy && !s.dead);
    if (idle) {
      idle.busy = true;
      return { sandbox: idle, cold: false };
    }
    const sandbox = this.spawn(fn);
    sandbox.busy = true;
    list.push(sandbox);
    try {
      await sandbox.ready;
    } catch (error) {
      this.discard(sandbox);
      throw error;
    }
    return { sandbox, cold: true };
  }

  private spawn(fn: LambdaFunctionSpec): Sandbox {
    const env: Record<string, string> = {
      ...this.options.baseEnvironment(),
      ...fn.environment,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime ?? 'nodejs22.x'}`,
      LAMBDA_TASK_ROOT: fn.codeDir,
      // Lambda's Node.js runtime provides the AWS SDK on NODE_PATH; the framework code relies on it.
      NODE_PATH: nodePath(),
    };
    const worker = new Worker(BOOTSTRAP, {
      workerData: {
        clock: this.clock.params,
        codeDir: fn.codeDir,
        handler: fn.handler,
        functionName: fn.name,
        functionArn: fn.arn,
        timeoutSeconds: fn.timeoutSeconds,
        responsePort: fn.responsePort,
      },
      env,
      stdout: true,
      stderr: true,
    });
    let markReady!: () => void;
    let markFailed!: (e: Error) => void;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    ready.catch(() => undefined);
    const sandbox: Sandbox = { id: ++this.sandboxCounter, fn, worker, ready, busy: false, dead: false };
    const sink = (level: string) => (chunk: Buffer) => this.log({ functionName: fn.name, invocationId: sandbox.current?.record.invocationId, level, text: chunk.toString('utf8').trimEnd(), at: this.clock.now() });
    worker.stdout.on('data', sink('stdout'));
    worker.stderr.on('data', sink('stderr'));
    worker.on('message', (msg: { type: string; invocationId?: string; payload?: string; error?: FunctionError; level?: string; text?: string; at?: number }) => {
      switch (msg.type) {
        case 'ready': return markReady();
        case 'initError': return markFailed(new Error(msg.error?.errorMessage ?? 'sandbox init failed'));
        case 'log': {
          const level = CONSOLE_LEVEL[msg.level!] ?? 'INFO';
          if (fn.applicationLogLevel && LEVEL_RANK[level] < LEVEL_RANK[fn.applicationLogLevel]) return undefined;
          return this.log({ functionName: fn.name, invocationId: msg.invocationId, level, text: msg.text!, at: msg.at! });
        }
        case 'result': return this.finish(msg.invocationId!, msg.error ? 'error' : 'success', msg.payload, msg.error);
      }
    });
    worker.on('error', error => {
      // An uncaught exception kills a Node.js Lambda runtime: the invocation fails, the sandbox goes.
      markFailed(error);
      const current = sandbox.current?.record.invocationId;
      if (current) this.finish(current, 'crash', undefined, { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${current} Error: Runtime exited with error: ${error.message}` });
      this.discard(sandbox);
    });
    worker.on('exit', () => {
      sandbox.dead = true;
      markFailed(new Error('sandbox exited during init'));
    });
    return sandbox;
  }

  private discard(sandbox: Sandbox): void {
    sandbox.dead = true;
    const list = this.sandboxes.get(sandbox.fn.name);
    if (list) this.sandboxes.set(sandbox.fn.name, list.filter(s => s !== sandbox));
    void sandbox.worker.terminate().catch(() => undefined);
  }

  private kill(invocationId: string, why: 'crash' | 'timeout'): boolean {
    const p = this.pending.get(invocationId);
    if (!p) return false;
    const seconds = p.sandbox.fn.timeoutSeconds.toFixed(2);
    const error: FunctionError = why === 'timeout'
      ? { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${invocationId} Error: Task timed out after ${seconds} seconds` }
      : { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${invocationId} Error: Runtime exited with error: signal: killed` };
    this.discard(p.sandbox);
    this.finish(invocationId, why, undefined, error);
    return true;
  }

  private finish(invocationId: string, outcome: 'success' | 'error' | 'crash' | 'timeout', payload: string | undefined, error?: FunctionError): void {
    const p = this.pending.get(invocationId);
    if (!p) return;
    this.pending.delete(invocationId);
    if (p.timer) clearTimeout(p.timer);
    p.record.virtualEnd = this.clock.now();
    p.record.outcome = outcome;
    p.record.error = error;
    this.records.push(p.record);
    p.sandbox.current = undefined;
    if (!p.sandbox.dead) p.sandbox.busy = false;
    this.emit('invocationEnd', p.record);
    p.resolve({
      invocationId,
      payload: error ? JSON.stringify(error) : payload ?? 'null',
      functionError: error,
    });
    p.done();
  }

  private log(line: LogLine): void {
    this.logs.push(line);
    const max = this.options.maxLogLines ?? 20_000;
    if (this.logs.length > max) this.logs.splice(0, this.logs.length - max);
    this.emit('log', line);
  }

  // ---------------------------------------------------------------- HTTP (the Lambda API)

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const invokeMatch = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(url.pathname);
    const getMatch = /^\/2015-03-31\/functions\/([^/]+)$/.exec(url.pathname);
    const send = (status: number, text: string, headers: http.OutgoingHttpHeaders = {}) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers });
      res.end(text);
    };
    const notFound = (name: string) => send(404, JSON.stringify({ Type: 'User', Message: `Function not found: ${name}` }), { 'x-amzn-errortype': 'ResourceNotFoundException' });

    if (req.method === 'POST' && invokeMatch) {
      const name = decodeURIComponent(invokeMatch[1]);
      const fn = this.find(name);
      if (!fn) return notFound(name);
      const type = (req.headers['x-amz-invocation-type'] as string | undefined) ?? 'RequestResponse';
      const callerTraceId = req.headers['x-amzn-trace-id'] as string | undefined;
      if (type === 'DryRun') return send(204, '');
      if (type === 'Event') {
        send(202, '');
        void this.invoke(fn.name, body.toString('utf8'), { callerTraceId }).catch(() => undefined);
        return;
      }
      const result = await this.invoke(fn.name, body.toString('utf8'), { callerTraceId });
      const headers: http.OutgoingHttpHeaders = { 'x-amz-executed-version': '$LATEST' };
      if (result.functionError) headers['x-amz-function-error'] = 'Unhandled';
      return send(200, result.payload, headers);
    }
    if (req.method === 'GET' && getMatch) {
      const name = decodeURIComponent(getMatch[1]);
      const fn = this.find(name);
      if (!fn) return notFound(name);
      return send(200, JSON.stringify({
        Configuration: {
          FunctionName: fn.name,
          FunctionArn: fn.arn,
          Runtime: fn.runtime ?? 'nodejs22.x',
          Handler: fn.handler,
          Timeout: fn.timeoutSeconds,
          State: 'Active',
          LastUpdateStatus: 'Successful',
          Version: '$LATEST',
          PackageType: 'Zip',
        },
        Code: { RepositoryType: 'S3' },
      }));
    }
    send(404, JSON.stringify({ message: `No route for ${req.method} ${url.pathname}` }), { 'x-amzn-errortype': 'UnknownOperationException' });
  }
}

function newTraceId(): string {
  const hex = randomUUID().replace(/-/g, '');
  const epoch = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return `Root=1-${epoch}-${hex.slice(0, 24)};Parent=${hex.slice(16, 32)};Sampled=0`;
}

function traceRoot(traceId: string | undefined): string | undefined {
  return traceId ? /Root=([^;]+)/.exec(traceId)?.[1] : undefined;
}

let cachedNodePath: string | undefined;
/** node_modules folder holding @aws-sdk/client-lambda (what Lambda's runtime would provide). */
function nodePath(): string {
  if (cachedNodePath === undefined) {
    const entry = require.resolve('@aws-sdk/client-lambda');
    const marker = `${path.sep}node_modules${path.sep}`;
    cachedNodePath = entry.slice(0, entry.lastIndexOf(marker) + marker.length - 1);
  }
  return cachedNodePath;
}
