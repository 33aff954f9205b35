/**
 * Step Functions stand-in: `StartExecution` (awsJson1_0, reached through AWS_ENDPOINT_URL_SFN) and an
 * interpreter for the subset of the Amazon States Language the Provider framework's waiter uses — Task
 * states invoking Lambda functions, with Retry (ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate,
 * MaxDelaySeconds, JitterStrategy) and Catch (ErrorEquals, Next, ResultPath) — plus Pass, Wait, Succeed
 * and Fail. The definition comes from the synthesized template, not from a copy of our settings; waits
 * run on the harness clock.
 */
import { randomUUID } from 'crypto';
import { EventEmitter } from 'events';
import * as http from 'http';
import { ActivityTracker, requestIdOf } from './activity';
import { HarnessClock } from './clock';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';
import { LambdaService } from './lambda-service';
import { Rng } from './rng';

interface Retrier {
  readonly ErrorEquals: string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

interface Catcher {
  readonly ErrorEquals: string[];
  readonly Next: string;
  readonly ResultPath?: string | null;
}

interface State {
  readonly Type: 'Task' | 'Pass' | 'Wait' | 'Succeed' | 'Fail';
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Retry?: Retrier[];
  readonly Catch?: Catcher[];
  readonly ResultPath?: string | null;
  readonly Result?: unknown;
  readonly Seconds?: number;
  readonly Error?: string;
  readonly Cause?: string;
}

export interface StateMachineDefinition {
  readonly StartAt: string;
  readonly States: Record<string, State>;
  readonly TimeoutSeconds?: number;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly requestId?: string;
  readonly virtualStart: number;
  virtualEnd?: number;
  status: ExecutionStatus;
  /** Task attempts made, all states together. */
  taskAttempts: number;
  /** Task attempts per state (for the waiter: isComplete polls). */
  readonly attemptsByState: Record<string, number>;
  /** Names of the states entered, in order (repeats collapsed). */
  readonly path: string[];
  error?: string;
  cause?: string;
}

class StatesError extends Error {
  constructor(public readonly error: string, public readonly cause: string) {
    super(`${error}: ${cause}`);
  }
}

export interface SfnServiceOptions {
  readonly clock: HarnessClock;
  readonly lambda: LambdaService;
  readonly activity: ActivityTracker;
  readonly seed: number | string;
}

/** Events: 'executionStart' (ExecutionRecord), 'executionEnd' (ExecutionRecord), 'taskAttempt' (ExecutionRecord, state name). */
export class SfnService extends EventEmitter {
  private readonly machines = new Map<string, StateMachineDefinition>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly server: http.Server;
  private readonly rng: Rng;
  private port?: number;
  private closed = false;

  constructor(private readonly options: SfnServiceOptions) {
    super();
    this.rng = new Rng(`sfn|${options.seed}`);
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_SFN. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error('SfnService not started');
    return `http://${LOOPBACK}:${this.port}`;
  }

  public register(stateMachineArn: string, definition: StateMachineDefinition): void {
    if (!definition.States?.[definition.StartAt]) throw new Error(`state machine ${stateMachineArn}: StartAt state missing`);
    this.machines.set(stateMachineArn, definition);
  }

  public definition(stateMachineArn: string): StateMachineDefinition | undefined {
    return this.machines.get(stateMachineArn);
  }

  public listExecutions(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  public running(): ExecutionRecord[] {
    return this.listExecutions().filter(e => e.status === 'RUNNING');
  }

  /** Start an execution (what the StartExecution API does). */
  public startExecution(stateMachineArn: string, input: string, name?: string): ExecutionRecord {
    const definition = this.machines.get(stateMachineArn);
    if (!definition) throw new StatesError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    const machineName = stateMachineArn.split(':').pop();
    const record: ExecutionRecord = {
      executionArn: stateMachineArn.replace(':stateMachine:', ':execution:').replace(/[^:]+$/, `${machineName}:${name ?? randomUUID()}`),
      stateMachineArn,
      requestId: requestIdOf(input),
      virtualStart: this.options.clock.now(),
      status: 'RUNNING',
      taskAttempts: 0,
      attemptsByState: {},
      path: [],
    };
    this.executions.set(record.executionArn, record);
    const done = this.options.activity.begin(record.requestId);
    this.emit('executionStart', record);
    void this.run(definition, record, input).finally(done);
    return record;
  }

  public async close(): Promise<void> {
    this.closed = true;
    await closeServer(this.server);
  }

  // ---------------------------------------------------------------- interpreter

  private async run(definition: StateMachineDefinition, record: ExecutionRecord, inputText: string): Promise<void> {
    let input: unknown = JSON.parse(inputText);
    let name = definition.StartAt;
    try {
      for (;;) {
        if (this.closed) throw new StatesError('States.Runtime', 'harness closed');
        const state = definition.States[name];
        if (!state) throw new StatesError('States.Runtime', `state ${name} not found`);
        if (record.path[record.path.length - 1] !== name) record.path.push(name);
        let output: unknown;
        switch (state.Type) {
          case 'Task': {
            const step = await this.runTask(state, name, input, record);
            if (step.next) {
              input = step.output;
              name = step.next;
              continue;
            }
            output = step.output;
            break;
          }
          case 'Pass':
            output = applyResultPath(input, state.Result ?? input, state.ResultPath);
            break;
          case 'Wait':
            await this.options.clock.sleep((state.Seconds ?? 0) * 1000);
            output = input;
            break;
          case 'Succeed':
            return this.end(record, 'SUCCEEDED');
          case 'Fail':
            throw new StatesError(state.Error ?? 'States.Fail', state.Cause ?? '');
          default:
            throw new StatesError('States.Runtime', `unsupported state type ${(state as State).Type}`);
        }
        if (state.End) return this.end(record, 'SUCCEEDED');
        input = output;
        name = state.Next!;
      }
    } catch (error) {
      const e = error instanceof StatesError ? error : new StatesError('States.Runtime', (error as Error).message);
      record.error = e.error;
      record.cause = e.cause;
      this.end(record, this.closed ? 'ABORTED' : 'FAILED');
    }
  }

  /** One Task state, with its retriers; returns the output, or where a catcher sends the error. */
  private async runTask(state: State, name: string, input: unknown, record: ExecutionRecord): Promise<{ output: unknown; next?: string }> {
    const attempts = new Map<Retrier, number>();
    for (;;) {
      record.taskAttempts++;
      record.attemptsByState[name] = (record.attemptsByState[name] ?? 0) + 1;
      this.emit('taskAttempt', record, name);
      try {
        const result = await this.invokeResource(state, input);
        return { output: applyResultPath(input, result, state.ResultPath) };
      } catch (error) {
        if (this.closed) throw error;
        const e = error instanceof StatesError ? error : new StatesError('States.TaskFailed', (error as Error).message);
        const retrier = (state.Retry ?? []).find(r => matches(r.ErrorEquals, e.error));
        if (retrier) {
          const made = attempts.get(retrier) ?? 0;
          const max = retrier.MaxAttempts ?? 3;
          if (made < max) {
            attempts.set(retrier, made + 1);
            let delay = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, made);
            if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
            if (retrier.JitterStrategy === 'FULL') delay = this.rng.next() * delay;
            await this.options.clock.sleep(delay * 1000);
            continue;
          }
        }
        const catcher = (state.Catch ?? []).find(c => matches(c.ErrorEquals, e.error));
        if (catcher) {
          return { output: applyResultPath(input, { Error: e.error, Cause: e.cause }, catcher.ResultPath), next: catcher.Next };
        }
        throw e;
      }
    }
  }

  private async invokeResource(state: State, input: unknown): Promise<unknown> {
    let functionName = state.Resource ?? '';
    let payload = input;
    if (/^arn:[^:]+:states:::lambda:invoke$/.test(functionName)) {
      const params = state.Parameters ?? {};
      functionName = String(params.FunctionName ?? '');
      payload = params['Payload.$'] === '$' || params.Payload === undefined ? input : params.Payload;
    }
    if (!this.options.lambda.find(functionName)) {
      throw new StatesError('Lambda.ResourceNotFoundException', `Function not found: ${functionName}`);
    }
    const result = await this.options.lambda.invoke(functionName, JSON.stringify(payload));
    if (result.functionError) {
      // A Lambda task's error name is the function's errorType; the cause is the error document.
      throw new StatesError(result.functionError.errorType, result.payload);
    }
    return JSON.parse(result.payload);
  }

  private end(record: ExecutionRecord, status: ExecutionStatus): void {
    record.status = status;
    record.virtualEnd = this.options.clock.now();
    this.emit('executionEnd', record);
  }

  // ---------------------------------------------------------------- HTTP (awsJson1_0)

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const send = (status: number, value: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(value));
    };
    if (req.method !== 'POST' || target !== 'AWSStepFunctions.StartExecution') {
      return send(400, { __type: 'com.amazonaws.sfn#UnknownOperationException', message: `Unsupported operation ${target}` });
    }
    let request: { stateMachineArn?: unknown; input?: unknown; name?: unknown };
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return send(400, { __type: 'com.amazonaws.sfn#SerializationException', message: 'Invalid JSON' });
    }
    if (typeof request.stateMachineArn !== 'string') {
      return send(400, { __type: 'com.amazonaws.sfn#ValidationException', message: 'stateMachineArn is required' });
    }
    const input = typeof request.input === 'string' ? request.input : '{}';
    try {
      JSON.parse(input);
    } catch {
      return send(400, { __type: 'com.amazonaws.sfn#InvalidExecutionInput', message: 'Invalid JSON input' });
    }
    if (Buffer.byteLength(input) > 256 * 1024) {
      return send(400, { __type: 'com.amazonaws.sfn#InvalidExecutionInput', message: 'Input exceeds 262144 bytes' });
    }
    try {
      const record = this.startExecution(request.stateMachineArn, input, typeof request.name === 'string' ? request.name : undefined);
      send(200, { executionArn: record.executionArn, startDate: record.virtualStart / 1000 });
    } catch (error) {
      const e = error as StatesError;
      send(400, { __type: `com.amazonaws.sfn#${e.error ?? 'InternalFailure'}`, message: e.cause ?? e.message });
    }
  }
}

function matches(errorEquals: readonly string[], error: string): boolean {
  return errorEquals.some(e => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'));
}

/** ResultPath: `$` (default) replaces the input, `null` keeps it, `$.a.b` nests the result. */
function applyResultPath(input: unknown, result: unknown, resultPath: string | null | undefined): unknown {
  if (resultPath === null) return input;
  if (resultPath === undefined || resultPath === '$') return result;
  const keys = resultPath.replace(/^\$\.?/, '').split('.');
  const root = (typeof input === 'object' && input !== null ? structuredClone(input) : {}) as Record<string, unknown>;
  let cursor = root;
  keys.slice(0, -1).forEach(k => {
    cursor[k] = typeof cursor[k] === 'object' && cursor[k] !== null ? cursor[k] : {};
    cursor = cursor[k] as Record<string, unknown>;
  });
  cursor[keys[keys.length - 1]] = result;
  return root;
}
