/**
 * CloudWatch Logs stand-in: `FilterLogEvents` (awsJson1_1: `POST /` with `X-Amz-Target: Logs_20140328.FilterLogEvents`)
 * over what the Lambda stand-in captured (`aws.lambda.logLines()`). Each line goes to its function's log group: the
 * function's `LoggingConfig.LogGroup` in the template (resolved like the rest of the template), else
 * `/aws/lambda/<function name>`. Messages look like Lambda's: `<time>\t<request id>\t<LEVEL>\t<text>` for the Text
 * log format, a JSON object with `message` for the JSON format; raw stdout/stderr stays raw.
 *
 * Filter patterns: the term subset — bare words and "quoted phrases", all of which must occur (case-sensitive);
 * anything else (JSON or space-delimited patterns, `?`/`-` terms) is refused, not guessed at.
 * The stand-in adds nothing to what the functions wrote (the handlers never log metadata values).
 * Reached by the real `@aws-sdk/client-cloudwatch-logs` through AWS_ENDPOINT_URL_CLOUDWATCH_LOGS.
 */
import { createHash, randomUUID } from 'crypto';
import * as http from 'http';
import type { CloudFormationDriver } from './cfn-driver';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';
import type { LogLine } from './lambda-service';

const TARGET_PREFIX = 'Logs_20140328.';
const MAX_LIMIT = 10_000;
const DEFAULT_PAGE = 10_000;

/** Where a function's logs go, and in which format. */
export interface FunctionLogConfig {
  readonly logGroupName: string;
  readonly format: 'Text' | 'JSON';
}

export interface LogsServiceOptions {
  /** Every captured line (the Lambda stand-in's `logLines()`). */
  readonly lines: () => readonly LogLine[];
  /** Function name → its log group; functions not listed log to `/aws/lambda/<name>` in the Text format. */
  readonly functions: () => ReadonlyMap<string, FunctionLogConfig>;
  /** Log groups that exist even without a line (the stacks' AWS::Logs::LogGroup resources). */
  readonly groups: () => readonly string[];
  /** Events per FilterLogEvents page (before `limit`). @default 10000 */
  readonly pageSize?: number;
}

export interface FilteredEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly eventId: string;
}

class LogsError extends Error {
  constructor(public readonly code: string, message: string, public readonly status = 400) {
    super(message);
  }
}

/** The log groups and formats of a deployed stack's functions, from its template. */
export function functionLogConfigs(driver: CloudFormationDriver): Map<string, FunctionLogConfig> {
  const configs = new Map<string, FunctionLogConfig>();
  for (const [logicalId, resource] of Object.entries(driver.template.template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = driver.resolver.physicalName(logicalId);
    const logging = resource.Properties?.LoggingConfig as { LogGroup?: unknown; LogFormat?: string } | undefined;
    const group = logging?.LogGroup === undefined ? `/aws/lambda/${name}` : String(driver.resolver.resolve(logging.LogGroup));
    configs.set(name, { logGroupName: group, format: logging?.LogFormat === 'JSON' ? 'JSON' : 'Text' });
  }
  return configs;
}

/** The names of a deployed stack's AWS::Logs::LogGroup resources. */
export function logGroupNames(driver: CloudFormationDriver): string[] {
  return Object.entries(driver.template.template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Logs::LogGroup')
    .map(([logicalId]) => driver.resolver.ref(logicalId));
}

export class LogsService {
  private readonly server: http.Server;
  private port?: number;
  private readonly calls: Record<string, number> = {};

  constructor(private readonly options: LogsServiceOptions) {
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_CLOUDWATCH_LOGS. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error('LogsService not started');
    return `http://${LOOPBACK}:${this.port}`;
  }

  /** Requests per operation (errors included). */
  public stats(): Readonly<Record<string, number>> {
    return { ...this.calls };
  }

  public close(): Promise<void> {
    return closeServer(this.server);
  }

  /** Every event of a log group, oldest first, as FilterLogEvents shows them (for tests). */
  public events(logGroupName: string): FilteredEvent[] {
    const functions = this.options.functions();
    const events: FilteredEvent[] = [];
    for (const [index, line] of this.options.lines().entries()) {
      const config = functions.get(line.functionName) ?? { logGroupName: `/aws/lambda/${line.functionName}`, format: 'Text' as const };
      if (config.logGroupName !== logGroupName) continue;
      events.push({
        logStreamName: streamName(line),
        timestamp: line.at,
        message: formatMessage(line, config.format),
        ingestionTime: line.at,
        eventId: createHash('sha256').update(`${logGroupName}|${index}|${line.at}`).digest('hex').slice(0, 56),
      });
    }
    return events.sort((a, b) => a.timestamp - b.timestamp);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const send = (status: number, payload: unknown, errorType?: string) => {
      if (res.destroyed) return;
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      res.end(JSON.stringify(payload));
    };
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) throw new LogsError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`);
      const operation = target.slice(TARGET_PREFIX.length);
      this.calls[operation] = (this.calls[operation] ?? 0) + 1;
      let input: Record<string, unknown>;
      try {
        input = body ? JSON.parse(body) : {};
      } catch {
        throw new LogsError('SerializationException', 'The request body is not JSON');
      }
      if (operation !== 'FilterLogEvents') throw new LogsError('UnknownOperationException', `Operation ${operation} is not supported by this stand-in`);
      send(200, this.filterLogEvents(input));
    } catch (error) {
      const e = error instanceof LogsError ? error : new LogsError('ServiceUnavailableException', `harness error: ${(error as Error).message}`, 500);
      send(e.status, { __type: e.code, message: e.message }, e.code);
    }
  }

  private filterLogEvents(input: Record<string, unknown>): { events: FilteredEvent[]; searchedLogStreams: unknown[]; nextToken?: string } {
    const group = this.groupOf(input);
    const known = new Set([...this.options.groups(), ...[...this.options.functions().values()].map(f => f.logGroupName)]);
    const events = this.events(group);
    if (!known.has(group) && events.length === 0) throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw new LogsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive');
    }
    const terms = parseFilterPattern(input.filterPattern);
    const startTime = optionalNumber(input, 'startTime');
    const endTime = optionalNumber(input, 'endTime');
    const limit = optionalNumber(input, 'limit');
    if (limit !== undefined && (limit < 1 || limit > MAX_LIMIT)) throw new LogsError('InvalidParameterException', `limit must be between 1 and ${MAX_LIMIT}`);
    const streams = Array.isArray(input.logStreamNames) ? new Set(input.logStreamNames.map(String)) : undefined;
    const prefix = typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : undefined;
    const matching = events.filter(e =>
      (startTime === undefined || e.timestamp >= startTime)
      && (endTime === undefined || e.timestamp <= endTime)
      && (!streams || streams.has(e.logStreamName))
      && (prefix === undefined || e.logStreamName.startsWith(prefix))
      && terms.every(t => e.message.includes(t)));
    let offset = 0;
    if (typeof input.nextToken === 'string') {
      const decoded = decodeToken(input.nextToken);
      if (!decoded || decoded.group !== group) throw new LogsError('InvalidParameterException', 'The specified nextToken is invalid.');
      offset = decoded.offset;
    }
    const size = Math.min(limit ?? MAX_LIMIT, this.options.pageSize ?? DEFAULT_PAGE);
    const page = matching.slice(offset, offset + size);
    const nextToken = offset + size < matching.length ? encodeToken({ group, offset: offset + size }) : undefined;
    return { events: page, searchedLogStreams: [], ...(nextToken ? { nextToken } : {}) };
  }

  private groupOf(input: Record<string, unknown>): string {
    const name = input.logGroupName;
    const identifier = input.logGroupIdentifier;
    if (name !== undefined && identifier !== undefined) throw new LogsError('InvalidParameterException', 'logGroupName and logGroupIdentifier are mutually exclusive');
    if (typeof name === 'string' && name) return name;
    if (typeof identifier === 'string' && identifier) {
      // An ARN (arn:aws:logs:<region>:<account>:log-group:<name>[:*]) or a name.
      const arn = /^arn:[^:]+:logs:[^:]*:\d*:log-group:(.+?)(:\*)?$/.exec(identifier);
      return arn ? arn[1] : identifier;
    }
    throw new LogsError('InvalidParameterException', 'logGroupName or logGroupIdentifier is required');
  }
}

/** The terms of a filter pattern: bare words and "quoted phrases"; every one must occur. */
export function parseFilterPattern(pattern: unknown): string[] {
  if (pattern === undefined || pattern === null || pattern === '') return [];
  if (typeof pattern !== 'string') throw new LogsError('InvalidParameterException', 'filterPattern must be a string');
  const terms: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = re.exec(pattern)) !== null) {
    end = re.lastIndex;
    if (match[1] !== undefined) {
      terms.push(match[1].replace(/\\(.)/g, '$1'));
      continue;
    }
    const word = match[2];
    if (/^[{[?-]/.test(word) || word.includes('%')) {
      throw new LogsError('InvalidParameterException', `local-aws: filter pattern syntax beyond terms and "quoted phrases" is not supported: ${word}`);
    }
    terms.push(word);
  }
  if (pattern.slice(end).trim() !== '') throw new LogsError('InvalidParameterException', 'Invalid filter pattern (unbalanced quotes)');
  return terms;
}

function optionalNumber(input: Record<string, unknown>, key: string): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new LogsError('InvalidParameterException', `${key} must be a number`);
  return value;
}

/** Lambda names a stream per execution environment; here one per invocation: `YYYY/MM/DD/[$LATEST]<32 hex>`. */
function streamName(line: LogLine): string {
  const day = new Date(line.at).toISOString().slice(0, 10).replace(/-/g, '/');
  const id = createHash('sha256').update(`${line.functionName}|${line.invocationId ?? 'init'}`).digest('hex').slice(0, 32);
  return `${day}/[$LATEST]${id}`;
}

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);

/** A console line as Lambda's runtime writes it; raw process output as it was. */
function formatMessage(line: LogLine, format: 'Text' | 'JSON'): string {
  if (!LEVELS.has(line.level)) return line.text;
  const time = new Date(line.at).toISOString();
  if (format === 'JSON') return JSON.stringify({ timestamp: time, level: line.level, requestId: line.invocationId, message: line.text });
  return `${time}\t${line.invocationId ?? 'undefined'}\t${line.level}\t${line.text}\n`;
}

function encodeToken(token: { group: string; offset: number }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeToken(text: string): { group: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    return typeof parsed?.group === 'string' && Number.isInteger(parsed.offset) && parsed.offset >= 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}
