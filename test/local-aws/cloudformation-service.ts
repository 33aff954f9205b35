/**
 * CloudFormation stand-in: the read side of the CloudFormation API (awsQuery protocol: `POST /` with a
 * form-encoded body `Action=…&Version=2010-05-15`, XML answers in the 2010-05-15 namespace) over the stacks the
 * harness deploys. `DescribeStacks`, `ListStackResources` (paged with NextToken), `DescribeStackResources` and
 * `GetTemplate`; the data is each CloudFormationDriver's `describe()` at the moment of the request, so a stack
 * whose create is still running shows its custom resources CREATE_IN_PROGRESS without a physical id.
 * Reached by the real `@aws-sdk/client-cloudformation` through AWS_ENDPOINT_URL_CLOUDFORMATION.
 */
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { StackView } from './cfn-driver';
import { closeServer, listen, LOOPBACK, readBody, safeHandler } from './http-util';

export const CLOUDFORMATION_NAMESPACE = 'https://cloudformation.amazonaws.com/doc/2010-05-15/';
const API_VERSION = '2010-05-15';

/** A stack the stand-in serves: its current view and when it was created (virtual ms). */
export interface ServedStack {
  readonly creationTime: number;
  readonly view: () => StackView;
}

export interface CloudFormationServiceOptions {
  /** The stacks, newest last (a name deployed twice resolves to the newest). */
  readonly stacks: () => readonly ServedStack[];
  /** ListStackResources page size. @default 100 (CloudFormation's) */
  readonly pageSize?: number;
}

/** Operations served, by Action. */
export const CLOUDFORMATION_OPERATIONS = ['DescribeStacks', 'ListStackResources', 'DescribeStackResources', 'GetTemplate'] as const;

class QueryError extends Error {
  constructor(public readonly code: string, message: string, public readonly status = 400, public readonly type: 'Sender' | 'Receiver' = 'Sender') {
    super(message);
  }
}

/** An XML element tree: a value is text (escaped), a list of `<member>`s, or nested elements. Undefined is left out. */
export type XmlValue = string | number | boolean | Date | undefined | XmlValue[] | { readonly [name: string]: XmlValue };

export class CloudFormationService {
  private readonly server: http.Server;
  private port?: number;
  private readonly calls: Record<string, number> = {};

  constructor(private readonly options: CloudFormationServiceOptions) {
    this.server = http.createServer(safeHandler((req, res) => this.handle(req, res)));
  }

  public async start(): Promise<string> {
    this.port = await listen(this.server);
    return this.endpoint;
  }

  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_CLOUDFORMATION. */
  public get endpoint(): string {
    if (this.port === undefined) throw new Error('CloudFormationService not started');
    return `http://${LOOPBACK}:${this.port}`;
  }

  /** Requests per Action (errors included). */
  public stats(): Readonly<Record<string, number>> {
    return { ...this.calls };
  }

  public close(): Promise<void> {
    return closeServer(this.server);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    const requestId = randomUUID();
    const send = (status: number, xml: string) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(xml);
    };
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method !== 'POST' || url.pathname !== '/') throw new QueryError('InvalidAction', `Could not find operation ${req.method} ${url.pathname}`);
      const contentType = String(req.headers['content-type'] ?? '');
      if (!contentType.startsWith('application/x-www-form-urlencoded')) {
        throw new QueryError('InvalidParameterValue', `Unsupported content type ${contentType || '(none)'}`);
      }
      const params = new URLSearchParams(body);
      const action = params.get('Action') ?? '';
      this.calls[action] = (this.calls[action] ?? 0) + 1;
      if (params.get('Version') !== API_VERSION) throw new QueryError('InvalidParameterValue', `Unsupported Version ${params.get('Version') ?? '(none)'}; this service speaks ${API_VERSION}`);
      const result = this.dispatch(action, params);
      send(200, `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${CLOUDFORMATION_NAMESPACE}">` +
        `${xmlElement(`${action}Result`, result)}${xmlElement('ResponseMetadata', { RequestId: requestId })}</${action}Response>\n`);
    } catch (error) {
      const e = error instanceof QueryError ? error : new QueryError('InternalFailure', `harness error: ${(error as Error).message}`, 500, 'Receiver');
      send(e.status, `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${CLOUDFORMATION_NAMESPACE}">` +
        `${xmlElement('Error', { Type: e.type, Code: e.code, Message: e.message })}${xmlElement('RequestId', requestId)}</ErrorResponse>\n`);
    }
  }

  private dispatch(action: string, params: URLSearchParams): { readonly [name: string]: XmlValue } {
    switch (action) {
      case 'DescribeStacks': {
        const name = params.get('StackName');
        const stacks = name ? [this.find(name)] : this.options.stacks().filter(s => s.view().status !== 'DELETE_COMPLETE');
        return { Stacks: stacks.map(s => stackXml(s)) };
      }
      case 'ListStackResources': {
        const stack = this.find(required(params, 'StackName'));
        const view = stack.view();
        const all = view.resources;
        const pageSize = this.options.pageSize ?? 100;
        const token = params.get('NextToken');
        let offset = 0;
        if (token) {
          const decoded = decodeToken(token);
          if (!decoded || decoded.stackId !== view.stackId) throw new QueryError('ValidationError', 'Invalid NextToken');
          offset = decoded.offset;
        }
        const page = all.slice(offset, offset + pageSize);
        const next = offset + pageSize < all.length ? encodeToken({ stackId: view.stackId, offset: offset + pageSize }) : undefined;
        return {
          StackResourceSummaries: page.map(r => ({
            LogicalResourceId: r.logicalId,
            PhysicalResourceId: r.physicalResourceId,
            ResourceType: r.type,
            LastUpdatedTimestamp: new Date(r.updatedAt),
            ResourceStatus: r.status,
            DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
          })),
          NextToken: next,
        };
      }
      case 'DescribeStackResources': {
        const stackName = params.get('StackName');
        if (!stackName) throw new QueryError('ValidationError', 'StackName is required (this stand-in does not look stacks up by PhysicalResourceId)');
        const view = this.find(stackName).view();
        const logicalId = params.get('LogicalResourceId');
        return {
          StackResources: view.resources.filter(r => !logicalId || r.logicalId === logicalId).map(r => ({
            StackName: view.stackName,
            StackId: view.stackId,
            LogicalResourceId: r.logicalId,
            PhysicalResourceId: r.physicalResourceId,
            ResourceType: r.type,
            Timestamp: new Date(r.updatedAt),
            ResourceStatus: r.status,
            DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
          })),
        };
      }
      case 'GetTemplate': {
        if (params.get('ChangeSetName')) throw new QueryError('ValidationError', 'ChangeSetName is not supported by this stand-in');
        const view = this.find(required(params, 'StackName')).view();
        // The template as submitted (the CDK's JSON): Original and Processed are the same without transforms.
        return { TemplateBody: JSON.stringify(view.template, undefined, 1), StagesAvailable: ['Original', 'Processed'] };
      }
      default:
        throw new QueryError('InvalidAction', `Could not find operation ${action || '(no Action)'} for version ${API_VERSION}`);
    }
  }

  /** A stack by name (the newest not deleted) or by stack id (deleted ones included), as CloudFormation does. */
  private find(nameOrId: string): ServedStack {
    const stacks = [...this.options.stacks()].reverse();
    const found = nameOrId.startsWith('arn:')
      ? stacks.find(s => s.view().stackId === nameOrId)
      : stacks.find(s => s.view().stackName === nameOrId && s.view().status !== 'DELETE_COMPLETE');
    if (!found) throw new QueryError('ValidationError', `Stack with id ${nameOrId} does not exist`);
    return found;
  }
}

function stackXml(stack: ServedStack): { readonly [name: string]: XmlValue } {
  const view = stack.view();
  return {
    StackId: view.stackId,
    StackName: view.stackName,
    CreationTime: new Date(stack.creationTime),
    LastUpdatedTime: view.updatedAt > stack.creationTime ? new Date(view.updatedAt) : undefined,
    StackStatus: view.status,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: ['CAPABILITY_IAM'],
    Tags: [],
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new QueryError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

function encodeToken(token: { stackId: string; offset: number }): string {
  return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeToken(text: string): { stackId: string; offset: number } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    return typeof parsed?.stackId === 'string' && Number.isInteger(parsed.offset) && parsed.offset >= 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `<name>value</name>`; lists become `<member>`s, Dates ISO 8601, undefined nothing. */
export function xmlElement(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  return `<${name}>${xmlContent(value)}</${name}>`;
}

function xmlContent(value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map(v => xmlElement('member', v)).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => xmlElement(k, v)).join('');
  return escapeXml(String(value));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!));
}
