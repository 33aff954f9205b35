/**
 * The wire layer the restored-resource stand-ins share: a loopback server per service, request counting and
 * seeded faults through the world model, and the four protocols' envelopes — awsQuery (RDS, Redshift), ec2Query
 * (EC2), awsJson1_0/1_1 (DynamoDB, FSx) and restJson1 (EFS). Element and member names follow the installed SDKs'
 * schemas; test/local-aws/resource-services.test.ts parses every answer with the real clients and checks that no
 * element or member is one the schema lacks.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import { HarnessClock } from './clock';
import { escapeXml } from './cloudformation-service';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';
import { InjectedFault, ResourceFault, RestoredResources, ServiceError } from './restored-resources';

// ------------------------------------------------------------------ XML

/** A list rendered as repeated `<itemName>` children (RDS `<DBInstance>`, EC2 `<item>`, …). */
export class XmlList {
  constructor(public readonly itemName: string, public readonly items: readonly XmlValue[]) {}
}

export type XmlValue = string | number | boolean | Date | undefined | XmlList | { readonly [name: string]: XmlValue };

export function xmlList(itemName: string, items: readonly XmlValue[]): XmlList {
  return new XmlList(itemName, items);
}

/** `<name>value</name>`; undefined renders nothing; Dates as ISO 8601 (what the query protocols send). */
export function xml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  return `<${name}>${xmlContent(value)}</${name}>`;
}

function xmlContent(value: XmlValue): string {
  if (value === undefined) return '';
  if (value instanceof XmlList) return value.items.map(v => xml(value.itemName, v)).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => xml(k, v)).join('');
  return escapeXml(String(value));
}

// ------------------------------------------------------------------ query-protocol input

/** The values of `prefix.1`, `prefix.2`, … in index order. */
export function indexed(params: URLSearchParams, prefix: string): string[] {
  const found: Array<[number, string]> = [];
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`);
  for (const [key, value] of params) {
    const m = pattern.exec(key);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Structures `prefix.N.Field` in index order (fields as given; nested lists read separately). */
export function indexedStructs(params: URLSearchParams, prefix: string): Array<{ index: number; fields: Record<string, string> }> {
  const byIndex = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(\\w+)$`);
  for (const [key, value] of params) {
    const m = pattern.exec(key);
    if (!m) continue;
    const fields = byIndex.get(Number(m[1])) ?? {};
    fields[m[2]] = value;
    byIndex.set(Number(m[1]), fields);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, fields]) => ({ index, fields }));
}

/** Filters: `Filters.Filter.N.Name` + `Filters.Filter.N.Values.Value.M` (awsQuery) or `Filter.N.Name` + `Filter.N.Value.M` (ec2Query). */
export function queryFilters(params: URLSearchParams, prefix: string, valuesPrefix: string): Array<{ name: string; values: string[] }> {
  const indices = new Set<number>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.`);
  for (const key of params.keys()) {
    const m = pattern.exec(key);
    if (m) indices.add(Number(m[1]));
  }
  return [...indices].sort((a, b) => a - b).map(i => ({
    name: params.get(`${prefix}.${i}.Name`) ?? '',
    values: indexed(params, `${prefix}.${i}.${valuesPrefix}`),
  }));
}

export function tagsFromQuery(params: URLSearchParams, prefix: string): Array<{ Key?: string; Value?: string }> {
  return indexedStructs(params, prefix).map(({ fields }) => ({ Key: fields.Key, Value: fields.Value }));
}

// ------------------------------------------------------------------ pagination

/** One page from an opaque offset token. `max` outside [min, max] is the caller's to refuse. */
export function page<T>(items: readonly T[], token: string | undefined, size: number, invalid: () => Error): { items: T[]; next?: string } {
  let offset = 0;
  if (token) {
    const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m) throw invalid();
    offset = Number(m[1]);
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + slice.length < items.length ? Buffer.from(`o:${offset + slice.length}`).toString('base64') : undefined;
  return { items: slice, next };
}

// ------------------------------------------------------------------ servers

/** What a stand-in answers: status, headers, body. */
export interface WireAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** A loopback server for one service. Subclasses parse their protocol and render their envelopes. */
export abstract class ResourceService {
  private readonly server: http.Server;
  private port?: number;

  constructor(protected readonly model: RestoredResources, protected readonly clock: HarnessClock, private readonly serviceName: string) {
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
    this.server.keepAliveTimeout = 60_000;
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for this service's AWS_ENDPOINT_URL_* variable. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error(`${this.serviceName} stand-in not started`);
    return `http://${LOOPBACK}:${this.port}`;
  }

  public close(): Promise<void> {
    return closeServer(this.server);
  }

  /** The error a fault becomes in this service. */
  protected abstract faultError(fault: ResourceFault): ServiceError;
  /** Parse a request into an operation (IAM action name), the subject of its fault draws, and the work to do. */
  protected abstract parse(req: http.IncomingMessage, body: Buffer, url: URL): ParsedRequest;

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const virtualStart = this.clock.now();
    const requestId = randomUUID();
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    let parsed: ParsedRequest;
    let answer: WireAnswer;
    let errorType: string | undefined;
    let operation = 'unknown';
    try {
      parsed = this.parse(req, body, url);
      operation = parsed.operation;
      try {
        await this.model.beginRequest(parsed.operation, parsed.subject);
        answer = await parsed.run(requestId);
      } catch (error) {
        const e = error instanceof InjectedFault ? this.faultError(error.fault) : error;
        if (!(e instanceof ServiceError)) throw e;
        errorType = e.code;
        answer = parsed.error(e, requestId);
      }
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      errorType = error.error.code;
      answer = error.render(error.error, requestId);
    }
    this.model.endRequest({ operation, status: answer.status, errorType, virtualStart, virtualEnd: this.clock.now() });
    if (res.destroyed) return;
    res.sendDate = false;
    res.writeHead(answer.status, {
      ...answer.headers,
      'content-length': String(Buffer.byteLength(answer.body)),
      'date': this.clock.date().toUTCString(),
    });
    res.end(answer.body);
  }
}

export interface ParsedRequest {
  readonly operation: string;
  readonly subject: string;
  readonly run: (requestId: string) => Promise<WireAnswer> | WireAnswer;
  readonly error: (error: ServiceError, requestId: string) => WireAnswer;
}

/** A request refused before it reached an operation (unknown action, bad envelope); not counted as a call. */
export class RequestRefused extends Error {
  constructor(public readonly error: ServiceError, public readonly render: (error: ServiceError, requestId: string) => WireAnswer) {
    super(error.message);
  }
}

// ------------------------------------------------------------------ awsQuery (RDS, Redshift)

/** `POST /` with `Action=…&Version=…`; XML answers `<ActionResponse><ActionResult>…` and `<ErrorResponse>`. */
export abstract class QueryService extends ResourceService {
  protected abstract readonly version: string;
  protected abstract readonly namespace: string;
  /** IAM prefix of the operations (`rds`, `redshift`). */
  protected abstract readonly iamPrefix: string;
  /** Actions served → handler returning the Result's members (undefined: no Result element, a Unit output). */
  protected abstract readonly actions: Readonly<Record<string, (params: URLSearchParams) => { [name: string]: XmlValue } | undefined>>;
  /** The request parameter a fault draw is keyed on. */
  protected abstract subjectOf(action: string, params: URLSearchParams): string;

  protected faultError(fault: ResourceFault): ServiceError {
    // `Throttling` is the awsQuery services' throttling code (and one the SDK's retry strategy recognises).
    if (fault === 'throttle') return new ServiceError('Throttling', 'Rate exceeded', 400);
    if (fault === 'unavailable') return new ServiceError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503);
    return new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500);
  }

  protected parse(req: http.IncomingMessage, body: Buffer, url: URL): ParsedRequest {
    const render = (e: ServiceError, requestId: string) => this.renderError(e, requestId);
    if (req.method !== 'POST' || url.pathname !== '/') throw new RequestRefused(new ServiceError('InvalidAction', `Could not find operation ${req.method} ${url.pathname}`), render);
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const handler = this.actions[action];
    if (!handler) throw new RequestRefused(new ServiceError('InvalidAction', `Could not find operation ${action || '(no Action)'} for version ${this.version}`), render);
    if (params.get('Version') !== this.version) {
      throw new RequestRefused(new ServiceError('InvalidParameterValue', `Unsupported Version; this stand-in speaks ${this.version}`), render);
    }
    return {
      operation: `${this.iamPrefix}:${action}`,
      subject: this.subjectOf(action, params),
      run: requestId => {
        const result = handler(params);
        return {
          status: 200,
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
          body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${this.namespace}">` +
            `${result === undefined ? '' : xml(`${action}Result`, result)}${xml('ResponseMetadata', { RequestId: requestId })}</${action}Response>\n`,
        };
      },
      error: render,
    };
  }

  private renderError(e: ServiceError, requestId: string): WireAnswer {
    return {
      status: e.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${this.namespace}">` +
        `${xml('Error', { Type: e.status >= 500 ? 'Receiver' : 'Sender', Code: e.code, Message: e.message })}${xml('RequestId', requestId)}</ErrorResponse>\n`,
    };
  }
}

// ------------------------------------------------------------------ ec2Query (EC2)

/** `POST /` with `Action=…&Version=2016-11-15`; answers `<ActionResponse><requestId/>…` and `<Response><Errors>`. */
export abstract class Ec2QueryService extends ResourceService {
  protected abstract readonly actions: Readonly<Record<string, (params: URLSearchParams) => { [name: string]: XmlValue }>>;
  protected abstract subjectOf(action: string, params: URLSearchParams): string;

  protected faultError(fault: ResourceFault): ServiceError {
    // EC2 throttles with RequestLimitExceeded (HTTP 503); its server errors are InternalError and Unavailable.
    if (fault === 'throttle') return new ServiceError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    if (fault === 'unavailable') return new ServiceError('Unavailable', 'The server is overloaded and can\'t handle the request.', 503);
    return new ServiceError('InternalError', 'An internal error has occurred.', 500);
  }

  protected parse(req: http.IncomingMessage, body: Buffer, url: URL): ParsedRequest {
    const render = (e: ServiceError, requestId: string) => this.renderError(e, requestId);
    if (req.method !== 'POST' || url.pathname !== '/') throw new RequestRefused(new ServiceError('InvalidAction', `The action ${req.method} ${url.pathname} is not valid for this web service.`), render);
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const handler = this.actions[action];
    if (!handler) throw new RequestRefused(new ServiceError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`), render);
    if (params.get('Version') !== EC2_VERSION) {
      throw new RequestRefused(new ServiceError('InvalidParameterValue', `Unsupported Version; this stand-in speaks ${EC2_VERSION}`), render);
    }
    return {
      operation: `ec2:${action}`,
      subject: this.subjectOf(action, params),
      run: requestId => ({
        status: 200,
        headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_VERSION}/">` +
          `${xml('requestId', requestId)}${xmlContent(handler(params))}</${action}Response>`,
      }),
      error: render,
    };
  }

  private renderError(e: ServiceError, requestId: string): WireAnswer {
    return {
      status: e.status,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${xml('Errors', xmlList('Error', [{ Code: e.code, Message: e.message }]))}${xml('RequestID', requestId)}</Response>`,
    };
  }
}

export const EC2_VERSION = '2016-11-15';

// ------------------------------------------------------------------ awsJson (DynamoDB 1.0, FSx 1.1)

/** `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body; errors carry `__type`. */
export abstract class JsonService extends ResourceService {
  protected abstract readonly targetPrefix: string;
  protected abstract readonly contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  protected abstract readonly iamPrefix: string;
  protected abstract readonly operations: Readonly<Record<string, (input: Record<string, unknown>) => Record<string, unknown>>>;
  /** The error body for a code: `__type` plus the service's message member (and any members the error declares). */
  protected abstract errorBody(e: ServiceError): Record<string, unknown>;
  protected abstract subjectOf(operation: string, input: Record<string, unknown>): string;

  protected parse(req: http.IncomingMessage, body: Buffer, url: URL): ParsedRequest {
    const render = (e: ServiceError, requestId: string) => this.renderError(e, requestId);
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith(`${this.targetPrefix}.`) ? target.slice(this.targetPrefix.length + 1) : '';
    if (req.method !== 'POST' || url.pathname !== '/' || !this.operations[name]) {
      throw new RequestRefused(new ServiceError('UnknownOperationException', `Unknown operation ${target || `${req.method} ${url.pathname}`}`), render);
    }
    let input: Record<string, unknown>;
    try {
      const parsed = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      input = parsed;
    } catch {
      throw new RequestRefused(new ServiceError('SerializationException', 'Request body is not a JSON object.'), render);
    }
    return {
      operation: `${this.iamPrefix}:${name}`,
      subject: this.subjectOf(name, input),
      run: requestId => ({
        status: 200,
        headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
        body: JSON.stringify(this.operations[name](input)),
      }),
      error: render,
    };
  }

  private renderError(e: ServiceError, requestId: string): WireAnswer {
    return {
      status: e.status,
      headers: { 'content-type': this.contentType, 'x-amzn-requestid': requestId },
      body: JSON.stringify(this.errorBody(e)),
    };
  }
}

/** A required string member of a JSON input. */
export function requiredString(input: Record<string, unknown>, name: string, error: (message: string) => ServiceError): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') throw error(`${name} is required and must be a non-empty string.`);
  return value;
}

export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Drop undefined members (JSON protocols leave unset members out). */
export function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
