/**
 * EC2 stand-in (ec2Query) over the restored-resources world model: DescribeVolumes, DescribeInstances, DeleteVolume,
 * TerminateInstances, CreateTags. Reached by the real `@aws-sdk/client-ec2` through AWS_ENDPOINT_URL_EC2.
 *
 * Error codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html. Rules relied on
 * (EC2 API reference, TerminateInstances and the Describe* actions):
 * - Asking for an id that does not exist fails the whole request: InvalidVolume.NotFound /
 *   InvalidInstanceID.NotFound (ids of the wrong shape: InvalidVolumeID.Malformed / InvalidInstanceID.Malformed);
 *   "If you specify multiple instances and the request fails (…), none of the instances are terminated".
 * - TerminateInstances is idempotent; a terminated instance stays visible (state `terminated`) for about an hour.
 * - An instance with DisableApiTermination cannot be terminated (OperationNotPermitted).
 * Volume and instance state names and codes: pending 0, running 16, shutting-down 32, terminated 48.
 * Filters: the subset below; any other filter name is refused, not guessed at. DeleteVolume of a volume already
 * being deleted succeeds (not verified against AWS).
 */
import { HarnessClock } from './clock';
import { indexed, page, queryFilters, tagsFromQuery, Ec2QueryService, xmlList, XmlValue } from './resource-wire';
import { InstanceDetails, RestoredResources, RestoredResourceView, ServiceError, VolumeDetails } from './restored-resources';

const VOLUME_ID = /^vol-[0-9a-f]{8,17}$/;
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

const INSTANCE_STATES = {
  creating: { code: 0, name: 'pending' },
  available: { code: 16, name: 'running' },
  deleting: { code: 32, name: 'shutting-down' },
  gone: { code: 48, name: 'terminated' },
} as const;

export class Ec2Service extends Ec2QueryService {
  protected readonly actions = {
    DescribeVolumes: (p: URLSearchParams) => this.describeVolumes(p),
    DescribeInstances: (p: URLSearchParams) => this.describeInstances(p),
    DeleteVolume: (p: URLSearchParams) => this.deleteVolume(p),
    TerminateInstances: (p: URLSearchParams) => this.terminateInstances(p),
    CreateTags: (p: URLSearchParams) => this.createTags(p),
  };

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'EC2');
  }

  protected subjectOf(_action: string, params: URLSearchParams): string {
    return params.get('VolumeId') ?? ([...indexed(params, 'VolumeId'), ...indexed(params, 'InstanceId'), ...indexed(params, 'ResourceId')].join(',') || 'all');
  }

  private describeVolumes(params: URLSearchParams): { [name: string]: XmlValue } {
    const ids = indexed(params, 'VolumeId');
    let rows = this.model.visible(['ebs-volume']);
    if (ids.length > 0) {
      for (const id of ids) {
        if (!VOLUME_ID.test(id)) throw new ServiceError('InvalidVolumeID.Malformed', `Invalid id: "${id}" (expecting "vol-...")`);
        if (!rows.some(r => volume(r).volumeId === id)) throw volumeNotFound(id);
      }
      rows = rows.filter(r => ids.includes(volume(r).volumeId));
    }
    rows = this.filter(rows, params, {
      'volume-id': r => [volume(r).volumeId],
      'status': r => [volumeState(r)],
      'availability-zone': r => [volume(r).availabilityZone],
    });
    const { items, next } = this.page(rows, params, ids.length > 0);
    return { volumeSet: xmlList('item', items.map(r => this.volumeXml(r))), nextToken: next };
  }

  private describeInstances(params: URLSearchParams): { [name: string]: XmlValue } {
    const ids = indexed(params, 'InstanceId');
    let rows = this.model.visible(['ec2-instance']);
    if (ids.length > 0) {
      this.requireInstances(rows, ids);
      rows = rows.filter(r => ids.includes(instance(r).instanceId));
    }
    rows = this.filter(rows, params, {
      'instance-id': r => [instance(r).instanceId],
      'instance-state-name': r => [INSTANCE_STATES[r.phase].name],
      'availability-zone': r => [instance(r).availabilityZone],
    });
    const { items, next } = this.page(rows, params, ids.length > 0);
    return {
      reservationSet: xmlList('item', items.map(r => ({
        reservationId: `r-${instance(r).instanceId.slice(2)}`,
        ownerId: this.model.accountId,
        groupSet: xmlList('item', []),
        instancesSet: xmlList('item', [this.instanceXml(r)]),
      }))),
      nextToken: next,
    };
  }

  private deleteVolume(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = params.get('VolumeId');
    if (!id) throw new ServiceError('MissingParameter', 'The request must contain the parameter VolumeId');
    if (!VOLUME_ID.test(id)) throw new ServiceError('InvalidVolumeID.Malformed', `Invalid id: "${id}" (expecting "vol-...")`);
    const r = this.model.visible(['ebs-volume']).find(v => volume(v).volumeId === id);
    if (!r) throw volumeNotFound(id);
    this.model.deleteByApi(r.arn);
    return { return: true };
  }

  private terminateInstances(params: URLSearchParams): { [name: string]: XmlValue } {
    const ids = indexed(params, 'InstanceId');
    if (ids.length === 0) throw new ServiceError('MissingParameter', 'The request must contain the parameter InstanceId');
    const rows = this.model.visible(['ec2-instance']);
    this.requireInstances(rows, ids);
    const targets = ids.map(id => rows.find(r => instance(r).instanceId === id)!);
    const protectedOne = targets.find(r => instance(r).disableApiTermination && r.phase !== 'gone');
    if (protectedOne) {
      throw new ServiceError('OperationNotPermitted',
        `The instance '${instance(protectedOne).instanceId}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`);
    }
    return {
      instancesSet: xmlList('item', targets.map(r => {
        const previous = INSTANCE_STATES[r.phase];
        const after = r.phase === 'gone' ? r : this.model.deleteByApi(r.arn);
        const current = INSTANCE_STATES[after.phase];
        return {
          instanceId: instance(r).instanceId,
          currentState: { code: current.code, name: current.name },
          previousState: { code: previous.code, name: previous.name },
        };
      })),
    };
  }

  private createTags(params: URLSearchParams): { [name: string]: XmlValue } {
    const ids = indexed(params, 'ResourceId');
    if (ids.length === 0) throw new ServiceError('MissingParameter', 'The request must contain the parameter ResourceId');
    const tags = tagsFromQuery(params, 'Tag');
    const targets = ids.map(id => {
      if (id.startsWith('vol-')) {
        const r = this.model.visible(['ebs-volume']).find(v => volume(v).volumeId === id);
        if (!r) throw volumeNotFound(id);
        return r;
      }
      if (id.startsWith('i-')) {
        const r = this.model.visible(['ec2-instance']).find(v => instance(v).instanceId === id);
        if (!r) throw instanceNotFound(id);
        return r;
      }
      throw new ServiceError('InvalidID', `The ID '${id}' is not valid`);
    });
    for (const r of targets) this.model.addTags(r.arn, tags);
    return { return: true };
  }

  private requireInstances(rows: readonly RestoredResourceView[], ids: readonly string[]): void {
    for (const id of ids) {
      if (!INSTANCE_ID.test(id)) throw new ServiceError('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    }
    const missing = ids.filter(id => !rows.some(r => instance(r).instanceId === id));
    if (missing.length === 1) throw instanceNotFound(missing[0]);
    if (missing.length > 1) throw new ServiceError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
  }

  private filter(
    rows: RestoredResourceView[], params: URLSearchParams, known: Record<string, (r: RestoredResourceView) => string[]>,
  ): RestoredResourceView[] {
    for (const filter of queryFilters(params, 'Filter', 'Value')) {
      if (filter.name.startsWith('tag:')) {
        const key = filter.name.slice(4);
        rows = rows.filter(r => r.tags[key] !== undefined && filter.values.includes(r.tags[key]));
      } else if (filter.name === 'tag-key') {
        rows = rows.filter(r => filter.values.some(k => r.tags[k] !== undefined));
      } else if (known[filter.name]) {
        rows = rows.filter(r => known[filter.name](r).some(v => filter.values.includes(v)));
      } else {
        throw new ServiceError('InvalidParameterValue', `The filter '${filter.name}' is invalid (this stand-in serves ${[...Object.keys(known), 'tag:<key>', 'tag-key'].join(', ')}).`);
      }
    }
    return rows;
  }

  private page(rows: RestoredResourceView[], params: URLSearchParams, byId: boolean): { items: RestoredResourceView[]; next?: string } {
    const max = params.get('MaxResults');
    if (max !== null && byId) throw new ServiceError('InvalidParameterCombination', 'The parameter MaxResults cannot be used with the parameter VolumeId or InstanceId');
    const size = max === null ? 1000 : Number(max);
    if (!Number.isInteger(size) || size < 5 || size > 1000) throw new ServiceError('InvalidParameterValue', 'MaxResults must be between 5 and 1000.');
    return page(rows, params.get('NextToken') ?? undefined, size, () => new ServiceError('InvalidPaginationToken', 'The pagination token is invalid.'));
  }

  private volumeXml(r: RestoredResourceView): { [name: string]: XmlValue } {
    const d = volume(r);
    return {
      volumeId: d.volumeId,
      size: d.size,
      snapshotId: '',
      availabilityZone: d.availabilityZone,
      status: volumeState(r),
      createTime: new Date(r.createdAt),
      attachmentSet: xmlList('item', []),
      tagSet: tagSet(r),
      volumeType: d.volumeType,
      encrypted: d.encrypted,
      iops: d.volumeType === 'gp3' ? 3000 : undefined,
      throughput: d.volumeType === 'gp3' ? 125 : undefined,
      multiAttachEnabled: false,
    };
  }

  private instanceXml(r: RestoredResourceView): { [name: string]: XmlValue } {
    const d = instance(r);
    const state = INSTANCE_STATES[r.phase];
    const terminated = r.phase === 'gone';
    return {
      instanceId: d.instanceId,
      imageId: d.imageId,
      instanceState: { code: state.code, name: state.name },
      // A terminated instance has given up its network interface: no private address any more.
      privateDnsName: terminated ? '' : d.privateDnsName,
      dnsName: '',
      reason: terminated || r.phase === 'deleting' ? `User initiated (${new Date(r.deleteStartedAt ?? r.createdAt).toISOString().replace('T', ' ').slice(0, 19)} GMT)` : '',
      amiLaunchIndex: 0,
      productCodes: xmlList('item', []),
      instanceType: d.instanceType,
      launchTime: new Date(r.createdAt),
      placement: { availabilityZone: d.availabilityZone, groupName: '', tenancy: 'default' },
      monitoring: { state: 'disabled' },
      subnetId: terminated ? undefined : d.subnetId,
      vpcId: terminated ? undefined : d.vpcId,
      privateIpAddress: terminated ? undefined : d.privateIpAddress,
      groupSet: xmlList('item', []),
      architecture: 'x86_64',
      rootDeviceType: 'ebs',
      rootDeviceName: '/dev/xvda',
      blockDeviceMapping: xmlList('item', []),
      virtualizationType: 'hvm',
      tagSet: tagSet(r),
      hypervisor: 'xen',
      ebsOptimized: false,
    };
  }
}

function volume(r: RestoredResourceView): VolumeDetails {
  return r.details as VolumeDetails;
}

function instance(r: RestoredResourceView): InstanceDetails {
  return r.details as InstanceDetails;
}

function volumeState(r: RestoredResourceView): string {
  return r.phase === 'gone' ? 'deleted' : r.phase;
}

function tagSet(r: RestoredResourceView): XmlValue {
  return xmlList('item', Object.entries(r.tags).map(([key, value]) => ({ key, value })));
}

function volumeNotFound(id: string): ServiceError {
  return new ServiceError('InvalidVolume.NotFound', `The volume '${id}' does not exist.`);
}

function instanceNotFound(id: string): ServiceError {
  return new ServiceError('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
}
