/**
 * EFS stand-in (restJson1) over the restored-resources world model: DescribeFileSystems, DescribeMountTargets,
 * DeleteMountTarget, DeleteFileSystem, TagResource. Reached by the real `@aws-sdk/client-efs` through
 * AWS_ENDPOINT_URL_EFS. Routes are the SDK schema's (checked by resource-services.test.ts).
 *
 * Rules relied on (https://docs.aws.amazon.com/efs/latest/ug/API_DeleteFileSystem.html): a file system with mount
 * targets cannot be deleted (FileSystemInUse, HTTP 409) — delete them first; DeleteFileSystem returns while the file
 * system is still `deleting`, and afterwards DescribeFileSystems of its id answers 404 FileSystemNotFound.
 * A mount target being deleted still counts until it is gone. Errors carry `x-amzn-errortype` and the
 * `ErrorCode`/`Message` body EFS's exceptions declare. DescribeMountTargets takes exactly one of FileSystemId,
 * MountTargetId and AccessPointId (BadRequest otherwise); access points are not modelled.
 */
import * as http from 'http';
import { HarnessClock } from './clock';
import { defined, epochSeconds, page, ParsedRequest, RequestRefused, ResourceService, WireAnswer } from './resource-wire';
import { EfsDetails, ResourceFault, RestoredResources, RestoredResourceView, ServiceError } from './restored-resources';

const PREFIX = '/2015-02-01';

interface Route {
  readonly operation: string;
  readonly method: string;
  readonly pattern: RegExp;
  /** HTTP status of a success (the schema's). */
  readonly status: number;
  readonly run: (label: string | undefined, url: URL, body: Record<string, unknown>) => unknown;
}

/** The routes, as the SDK schema writes them (checked by the contract test). */
export const EFS_ROUTES: ReadonlyArray<{ operation: string; method: string; uri: string; status: number }> = [
  { operation: 'DescribeFileSystems', method: 'GET', uri: `${PREFIX}/file-systems`, status: 200 },
  { operation: 'DescribeMountTargets', method: 'GET', uri: `${PREFIX}/mount-targets`, status: 200 },
  { operation: 'DeleteMountTarget', method: 'DELETE', uri: `${PREFIX}/mount-targets/{MountTargetId}`, status: 204 },
  { operation: 'DeleteFileSystem', method: 'DELETE', uri: `${PREFIX}/file-systems/{FileSystemId}`, status: 204 },
  { operation: 'TagResource', method: 'POST', uri: `${PREFIX}/resource-tags/{ResourceId}`, status: 200 },
];

export class EfsService extends ResourceService {
  private readonly routes: Route[];

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'EFS');
    const handlers: Record<string, Route['run']> = {
      DescribeFileSystems: (_l, url) => this.describeFileSystems(url),
      DescribeMountTargets: (_l, url) => this.describeMountTargets(url),
      DeleteMountTarget: label => this.deleteMountTarget(label!),
      DeleteFileSystem: label => this.deleteFileSystem(label!),
      TagResource: (label, _u, body) => this.tagResource(label!, body),
    };
    this.routes = EFS_ROUTES.map(r => ({
      operation: r.operation,
      method: r.method,
      status: r.status,
      pattern: new RegExp(`^${r.uri.replace(/\{\w+\}/, '([^/]+)')}/?$`),
      run: handlers[r.operation],
    }));
  }

  protected faultError(fault: ResourceFault): ServiceError {
    if (fault === 'throttle') return new ServiceError('ThrottlingException', 'Rate exceeded', 429);
    if (fault === 'unavailable') return new ServiceError('ServiceUnavailableException', 'The service is unavailable. Try again later.', 503);
    return new ServiceError('InternalServerError', 'An internal error occurred.', 500);
  }

  protected parse(req: http.IncomingMessage, raw: Buffer, url: URL): ParsedRequest {
    const render = (e: ServiceError, requestId: string) => errorAnswer(e, requestId);
    let label: string | undefined;
    const route = this.routes.find(r => {
      if (r.method !== req.method) return false;
      const m = r.pattern.exec(url.pathname);
      if (m) label = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
      return m !== null;
    });
    if (!route) throw new RequestRefused(new ServiceError('BadRequest', `No operation matches ${req.method} ${url.pathname}`, 404), render);
    let body: Record<string, unknown> = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new RequestRefused(new ServiceError('BadRequest', 'The request body is not valid JSON.'), render);
      }
    }
    return {
      operation: `elasticfilesystem:${route.operation}`,
      subject: label ?? url.searchParams.get('FileSystemId') ?? url.searchParams.get('MountTargetId') ?? 'all',
      run: (requestId): WireAnswer => {
        const output = route.run(label, url, body);
        return {
          status: route.status,
          headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId },
          body: route.status === 204 ? '' : JSON.stringify(output ?? {}),
        };
      },
      error: render,
    };
  }

  private describeFileSystems(url: URL): unknown {
    const id = url.searchParams.get('FileSystemId');
    const token = url.searchParams.get('CreationToken');
    if (id && token) throw new ServiceError('BadRequest', 'Specify at most one of FileSystemId and CreationToken.');
    let rows = this.model.visible(['efs-file-system']);
    if (id) {
      rows = rows.filter(r => r.arn === id || efs(r).fileSystemId === id);
      if (rows.length === 0) throw fileSystemNotFound(id);
    }
    if (token) rows = rows.filter(r => efs(r).creationToken === token);
    const max = url.searchParams.get('MaxItems');
    const size = max === null ? 100 : Number(max);
    if (!Number.isInteger(size) || size < 1) throw new ServiceError('BadRequest', 'MaxItems must be a positive integer.');
    const marker = url.searchParams.get('Marker') ?? undefined;
    const { items, next } = page(rows, marker, size, () => new ServiceError('BadRequest', 'The marker is not valid.'));
    return defined({ Marker: marker, FileSystems: items.map(r => this.fileSystemJson(r)), NextMarker: next });
  }

  private describeMountTargets(url: URL): unknown {
    const fileSystemId = url.searchParams.get('FileSystemId');
    const mountTargetId = url.searchParams.get('MountTargetId');
    const accessPointId = url.searchParams.get('AccessPointId');
    if ([fileSystemId, mountTargetId, accessPointId].filter(v => v !== null).length !== 1) {
      throw new ServiceError('BadRequest', 'Specify exactly one of FileSystemId, MountTargetId and AccessPointId.');
    }
    if (accessPointId) throw new ServiceError('AccessPointNotFound', `Access point '${accessPointId}' does not exist.`, 404);
    const fileSystems = this.model.visible(['efs-file-system']);
    let targets: Array<RestoredResourceView['mountTargets'][number]>;
    if (fileSystemId) {
      const fs = fileSystems.find(r => r.arn === fileSystemId || efs(r).fileSystemId === fileSystemId);
      if (!fs) throw fileSystemNotFound(fileSystemId);
      targets = [...fs.mountTargets];
    } else {
      targets = fileSystems.flatMap(r => r.mountTargets).filter(m => m.mountTargetId === mountTargetId);
      if (targets.length === 0) throw mountTargetNotFound(mountTargetId!);
    }
    return {
      MountTargets: targets.map(m => ({
        OwnerId: this.model.accountId,
        MountTargetId: m.mountTargetId,
        FileSystemId: m.fileSystemId,
        SubnetId: m.subnetId,
        LifeCycleState: m.phase,
        IpAddress: m.ipAddress,
        NetworkInterfaceId: m.networkInterfaceId,
        AvailabilityZoneName: m.availabilityZoneName,
        VpcId: `vpc-${m.subnetId.slice(7, 24)}`,
      })),
    };
  }

  private deleteMountTarget(id: string): undefined {
    if (!this.model.deleteMountTarget(id)) throw mountTargetNotFound(id);
    return undefined;
  }

  private deleteFileSystem(id: string): undefined {
    const fs = this.model.visible(['efs-file-system']).find(r => r.arn === id || efs(r).fileSystemId === id);
    if (!fs) throw fileSystemNotFound(id);
    if (fs.mountTargets.length > 0) {
      throw new ServiceError('FileSystemInUse', `File system '${efs(fs).fileSystemId}' has mount targets; delete them before deleting the file system.`, 409);
    }
    this.model.deleteByApi(fs.arn);
    return undefined;
  }

  private tagResource(id: string, body: Record<string, unknown>): undefined {
    const fs = this.model.visible(['efs-file-system']).find(r => r.arn === id || efs(r).fileSystemId === id);
    if (!fs) throw fileSystemNotFound(id);
    if (!Array.isArray(body.Tags)) throw new ServiceError('BadRequest', 'Tags is required.');
    this.model.addTags(fs.arn, body.Tags as Array<{ Key?: string; Value?: string }>);
    return undefined;
  }

  private fileSystemJson(r: RestoredResourceView): Record<string, unknown> {
    const d = efs(r);
    return defined({
      OwnerId: this.model.accountId,
      CreationToken: d.creationToken,
      FileSystemId: d.fileSystemId,
      FileSystemArn: r.arn,
      CreationTime: epochSeconds(r.createdAt),
      LifeCycleState: r.phase,
      Name: r.tags.Name,
      NumberOfMountTargets: r.mountTargets.length,
      SizeInBytes: { Value: 6144, ValueInIA: 0, ValueInStandard: 6144, ValueInArchive: 0 },
      PerformanceMode: d.performanceMode,
      Encrypted: d.encrypted,
      ThroughputMode: 'bursting',
      AvailabilityZoneName: d.availabilityZoneName,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
      FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
    });
  }
}

function efs(r: RestoredResourceView): EfsDetails {
  return r.details as EfsDetails;
}

function errorAnswer(e: ServiceError, requestId: string): WireAnswer {
  return {
    status: e.status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, 'x-amzn-errortype': e.code },
    body: JSON.stringify({ ErrorCode: e.code, Message: e.message }),
  };
}

function fileSystemNotFound(id: string): ServiceError {
  return new ServiceError('FileSystemNotFound', `File system '${id}' does not exist.`, 404);
}

function mountTargetNotFound(id: string): ServiceError {
  return new ServiceError('MountTargetNotFound', `Mount target '${id}' does not exist.`, 404);
}
