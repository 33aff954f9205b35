/**
 * The restored-resources world model: what an AWS Backup restore leaves behind. When the Backup emulator's
 * restore job COMPLETES, the resource it names as CreatedResourceArn comes into existence (at the job's
 * CompletionDate, on the harness clock) with attributes derived from the job's resource type and Metadata, the way
 * the service would fill them in. It exists until deleted: through the service stand-ins (resource-services.ts), or
 * out of band with `delete(arn)`. Deleting takes virtual time (status `deleting` → gone).
 *
 * Metadata is sensitive: the model keeps only the attributes AWS itself would show for the resource (identifier,
 * port, Availability Zone, engine, table name, …), never the metadata map, and logs nothing.
 *
 * Facts relied on (cited where used):
 * - Aurora, DocumentDB and Neptune restores create the cluster only, with no DB instance
 *   (https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-aur.html: "AWS Backup restores your Aurora
 *   cluster; it does not create or attach an Amazon RDS instance to your cluster"; restoring-docdb.html and
 *   restoring-nep.html say the same of their clusters).
 * - Terminated EC2 instances "remain visible after termination (for approximately one hour)"
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TerminateInstances.html, older revisions).
 */
import { createHash } from 'crypto';
import { EventEmitter } from 'events';
import type { PlannedRestore } from './backup-emulator';
import { HarnessClock } from './clock';
import { keyedRandom, keyedUuid } from './rng';
import type { RestoredResourceKind } from '../../src/restore-job-handler/contract';

/** What the model holds: the kinds the handler reads (contract.ts), and DynamoDB tables (deleted in drills). */
export type ModelledResourceKind = RestoredResourceKind | 'dynamodb-table';

/** Lifecycle of a resource, service-neutral (each stand-in renders it in its service's words). */
export type ResourcePhase = 'creating' | 'available' | 'deleting' | 'gone';

/** How restored resources behave. Times are virtual seconds. */
export interface ResourceBehaviour {
  /** After the job completes, the resource is still `creating` (RDS `creating`, EC2 `pending`, …) for this long. @default 0 */
  readonly notReadyForSeconds?: number;
  /** Eventual consistency: after the job completes, describes answer not-found for this long. @default 0 */
  readonly invisibleSeconds?: number;
  /** How long a delete takes (status `deleting`, then gone). @default per kind (DEFAULT_DELETE_SECONDS) */
  readonly deleteSeconds?: number;
}

/** Transient faults of the service stand-ins, drawn per request from the seeded RNG (like the Backup emulator's). */
export interface ResourceFaultConfig {
  /** The service's throttling error (RDS/Redshift `Throttling`, EC2 `RequestLimitExceeded`, JSON services `ThrottlingException`). */
  readonly throttleRate?: number;
  /** The service's 5xx (500 or 503), before the request has any effect. */
  readonly serverErrorRate?: number;
  /** Fraction of requests delayed by `latencyMs`. @default 1 when latencyMs is set */
  readonly latencyRate?: number;
  /** Added latency, virtual ms: a fixed value or a uniform range. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  /** Operations (IAM action names, e.g. `rds:DeleteDBInstance`) that get faults. @default all */
  readonly operations?: readonly string[];
}

/** A fault to inject once (`failNext`): each service answers it with its own error code. */
export type ResourceFault = 'throttle' | 'server-error' | 'unavailable';

/** Default deletion times (virtual seconds), roughly what each service takes for an empty resource. */
export const DEFAULT_DELETE_SECONDS: Readonly<Record<ModelledResourceKind | 'efs-mount-target', number>> = {
  'rds-instance': 300,
  'rds-cluster': 120,
  'docdb-cluster': 120,
  'neptune-cluster': 120,
  'redshift-cluster': 300,
  'ebs-volume': 10,
  'ec2-instance': 60,
  'fsx-file-system': 600,
  'efs-file-system': 30,
  'efs-mount-target': 60,
  'dynamodb-table': 30,
};

/** Terminated EC2 instances stay visible (state `terminated`) this long after termination. */
export const TERMINATED_INSTANCE_VISIBLE_MS = 3_600_000;

// ------------------------------------------------------------------ attributes per kind

export interface DbInstanceDetails {
  readonly kind: 'rds-instance';
  readonly identifier: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly address: string;
  readonly port: number;
  readonly dbiResourceId: string;
  readonly availabilityZone: string;
  readonly multiAz: boolean;
  readonly allocatedStorage: number;
  readonly storageType: string;
  readonly deletionProtection: boolean;
  readonly iamDatabaseAuthentication: boolean;
  /** Set for an instance that belongs to a cluster (added with `addClusterInstance`). */
  readonly clusterIdentifier?: string;
  readonly isClusterWriter?: boolean;
}

export interface DbClusterDetails {
  readonly kind: 'rds-cluster' | 'docdb-cluster' | 'neptune-cluster';
  readonly identifier: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly endpoint: string;
  readonly readerEndpoint: string;
  readonly port: number;
  readonly resourceId: string;
  readonly availabilityZones: readonly string[];
  readonly deletionProtection: boolean;
  readonly iamDatabaseAuthentication: boolean;
}

export interface RedshiftClusterDetails {
  readonly kind: 'redshift-cluster';
  readonly identifier: string;
  readonly nodeType: string;
  readonly numberOfNodes: number;
  readonly address: string;
  readonly port: number;
  readonly availabilityZone: string;
}

export interface VolumeDetails {
  readonly kind: 'ebs-volume';
  readonly volumeId: string;
  readonly availabilityZone: string;
  readonly size: number;
  readonly volumeType: string;
  readonly encrypted: boolean;
}

export interface InstanceDetails {
  readonly kind: 'ec2-instance';
  readonly instanceId: string;
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly privateIpAddress: string;
  readonly privateDnsName: string;
  readonly subnetId: string;
  readonly vpcId: string;
  readonly imageId: string;
  readonly disableApiTermination: boolean;
}

export interface EfsDetails {
  readonly kind: 'efs-file-system';
  readonly fileSystemId: string;
  readonly creationToken: string;
  readonly performanceMode: string;
  readonly encrypted: boolean;
  /** One Zone file systems only. */
  readonly availabilityZoneName?: string;
}

export interface FsxDetails {
  readonly kind: 'fsx-file-system';
  readonly fileSystemId: string;
  readonly fileSystemType: 'LUSTRE' | 'WINDOWS' | 'ONTAP' | 'OPENZFS';
  /** Absent for ONTAP (its endpoints carry the DNS names). */
  readonly dnsName?: string;
  /** Lustre only. */
  readonly lustreMountName?: string;
  readonly storageCapacity: number;
  readonly storageType: string;
  readonly subnetIds: readonly string[];
  readonly vpcId: string;
}

export interface TableDetails {
  readonly kind: 'dynamodb-table';
  readonly tableName: string;
  readonly tableId: string;
  readonly deletionProtection: boolean;
}

export type ResourceDetails =
  | DbInstanceDetails | DbClusterDetails | RedshiftClusterDetails | VolumeDetails | InstanceDetails | EfsDetails | FsxDetails | TableDetails;

/** An EFS mount target (added with `addMountTarget`: AWS Backup restores none). */
export interface MountTargetView {
  readonly mountTargetId: string;
  readonly fileSystemId: string;
  readonly subnetId: string;
  readonly availabilityZoneName: string;
  readonly ipAddress: string;
  readonly networkInterfaceId: string;
  readonly phase: ResourcePhase;
}

/** A resource as the inspection API shows it. */
export interface RestoredResourceView {
  readonly arn: string;
  readonly kind: ModelledResourceKind;
  /** The Backup resource type of the restore that created it (`RDS`, `Aurora`, `EBS`, …), or `harness` for added ones. */
  readonly resourceType: string;
  readonly restoreJobId?: string;
  readonly phase: ResourcePhase;
  /** Virtual ms: when it came into existence (the job's completion). */
  readonly createdAt: number;
  readonly readyAt: number;
  readonly visibleAt: number;
  /** Virtual ms: when its deletion started / ends. */
  readonly deleteStartedAt?: number;
  readonly goneAt?: number;
  /** Who started the deletion: an API call (`api`) or the test (`out-of-band`). */
  readonly deletedBy?: 'api' | 'out-of-band';
  /** The final snapshot the deleting call asked for (RDS, Redshift), if any. */
  readonly finalSnapshotIdentifier?: string;
  readonly details: ResourceDetails;
  readonly tags: Readonly<Record<string, string>>;
  /** Clusters: the member instances' ARNs (none after a restore). */
  readonly memberArns: readonly string[];
  /** EFS: its mount targets (none after a restore). */
  readonly mountTargets: readonly MountTargetView[];
}

export interface RestoredResourcesStats {
  /** Requests per operation (IAM action names: `rds:DescribeDBInstances`, `ec2:TerminateInstances`, …), errors included. */
  readonly callsByOperation: Readonly<Record<string, number>>;
  /** Error answers by error code. */
  readonly errorsByType: Readonly<Record<string, number>>;
  readonly injected: { readonly throttles: number; readonly serverErrors: number; readonly delayed: number };
  /** Resources that came into existence from restore jobs. */
  readonly created: number;
  /** Deletions started, by whom. */
  readonly deletesStarted: { readonly api: number; readonly outOfBand: number };
  /** Restores whose CreatedResourceArn named a resource that still existed (AWS would have failed the restore). */
  readonly collisions: number;
}

/** Events: 'created' (view), 'deleteStarted' (view), 'request' (ResourceRequestInfo). */
export interface ResourceRequestInfo {
  readonly operation: string;
  readonly status: number;
  readonly errorType?: string;
  readonly virtualStart: number;
  readonly virtualEnd: number;
}

export interface RestoredResourcesOptions {
  readonly clock: HarnessClock;
  readonly seed: number | string;
  readonly accountId: string;
  readonly region: string;
  readonly faults?: ResourceFaultConfig;
}

interface MountTarget {
  readonly view: Omit<MountTargetView, 'phase'>;
  readonly createdAt: number;
  deleteStartedAt?: number;
  goneAt?: number;
}

interface Resource {
  readonly arn: string;
  readonly kind: ModelledResourceKind;
  readonly resourceType: string;
  readonly restoreJobId?: string;
  readonly createdAt: number;
  readonly readyAt: number;
  readonly visibleAt: number;
  readonly deleteSeconds: number;
  readonly details: ResourceDetails;
  readonly tags: Map<string, string>;
  readonly members: string[];
  readonly mountTargets: MountTarget[];
  deleteStartedAt?: number;
  goneAt?: number;
  deletedBy?: 'api' | 'out-of-band';
  finalSnapshotIdentifier?: string;
}

interface Pending {
  readonly plan: PlannedRestore;
  /** Derived when the job started; undefined for an ARN the model cannot place (e.g. an unknown resource type). */
  readonly built?: { readonly kind: ModelledResourceKind; readonly details: ResourceDetails };
}

/** Thrown by the model for a request that cannot be served; each stand-in renders it in its protocol. */
export class ServiceError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
    /** Members the error declares besides its message (FSx ResourceNotFound: ResourceARN). */
    public readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A fault drawn for a request; each stand-in maps it to its service's error. */
export class InjectedFault extends Error {
  constructor(public readonly fault: ResourceFault) {
    super(`injected ${fault}`);
  }
}

export class RestoredResources extends EventEmitter {
  public readonly accountId: string;
  public readonly region: string;
  private readonly clock: HarnessClock;
  private readonly seed: number | string;
  private faults: ResourceFaultConfig;
  private readonly behaviours = new Map<string, ResourceBehaviour>();
  private readonly pending: Pending[] = [];
  /** Every resource ever created, by ARN (the newest with that ARN). */
  private readonly resources = new Map<string, Resource>();
  private readonly forced = new Map<string, ResourceFault[]>();
  private readonly callCountByKey = new Map<string, number>();
  private readonly calls: Record<string, number> = {};
  private readonly errors: Record<string, number> = {};
  private readonly injected = { throttles: 0, serverErrors: 0, delayed: 0 };
  private readonly deletes = { api: 0, outOfBand: 0 };
  private createdCount = 0;
  private collisions = 0;
  private mountTargetCounter = 0;

  constructor(options: RestoredResourcesOptions) {
    super();
    this.clock = options.clock;
    this.seed = options.seed;
    this.accountId = options.accountId;
    this.region = options.region;
    this.faults = options.faults ?? {};
  }

  // ---------------------------------------------------------------- from the Backup emulator

  /** A restore job was started: its resource comes into existence when (and if) the job completes. */
  public plan(plan: PlannedRestore): void {
    if (plan.outcome !== 'COMPLETED') return;
    // Derive the attributes now and keep only them (never the metadata map).
    this.pending.push({ plan, built: deriveResource(plan, this.accountId, this.region) });
  }

  // ---------------------------------------------------------------- configuration

  /** How resources of a Backup resource type (or '*': every type) behave, for resources created from now on. */
  public setBehaviour(resourceType: string, behaviour: ResourceBehaviour): void {
    this.behaviours.set(resourceType, behaviour);
  }

  public setFaults(faults: ResourceFaultConfig): void {
    this.faults = faults;
  }

  /** The next `count` requests of `operation` (e.g. `rds:DeleteDBInstance`) fail with `fault`, before having any effect. */
  public failNext(operation: string, fault: ResourceFault, count = 1): void {
    const queue = this.forced.get(operation) ?? [];
    for (let i = 0; i < count; i++) queue.push(fault);
    this.forced.set(operation, queue);
  }

  // ---------------------------------------------------------------- inspection and test API

  /** Every resource that exists or existed (the newest per ARN), cluster member instances included. */
  public list(): RestoredResourceView[] {
    this.sync();
    return [...this.resources.values()].map(r => this.view(r));
  }

  public get(arn: string): RestoredResourceView | undefined {
    this.sync();
    const r = this.resources.get(arn);
    return r && this.view(r);
  }

  /** True while the resource exists (creating, available or deleting); false once gone or never created. */
  public exists(arn: string): boolean {
    this.sync();
    const r = this.resources.get(arn);
    return r !== undefined && this.phaseOf(r) !== 'gone';
  }

  /**
   * Delete a resource out of band (someone deleted it in the console): it goes `deleting`, then is gone after
   * `seconds` (default: the kind's deletion time; 0 = at once). Throws if it does not exist.
   */
  public delete(arn: string, options: { readonly seconds?: number } = {}): RestoredResourceView {
    this.sync();
    const r = this.resources.get(arn);
    if (!r || this.phaseOf(r) === 'gone') throw new Error(`no resource ${arn}`);
    this.startDelete(r, 'out-of-band', options.seconds);
    return this.view(r);
  }

  /**
   * Add a DB instance to a restored cluster (as a user would after the restore: AWS Backup restores the cluster
   * without instances). Deleting the cluster then fails until the instance is deleting. Returns the instance ARN.
   */
  public addClusterInstance(clusterArn: string, options: { readonly identifier?: string; readonly writer?: boolean } = {}): string {
    this.sync();
    const cluster = this.resources.get(clusterArn);
    if (!cluster || !isCluster(cluster.details) || this.phaseOf(cluster) === 'gone') throw new Error(`no DB cluster ${clusterArn}`);
    const c = cluster.details;
    const identifier = (options.identifier ?? `${c.identifier}-instance-${cluster.members.length + 1}`).toLowerCase();
    const arn = `arn:aws:rds:${this.region}:${this.accountId}:db:${identifier}`;
    const now = this.clock.now();
    const details: DbInstanceDetails = {
      kind: 'rds-instance',
      identifier,
      engine: c.engine,
      engineVersion: c.engineVersion,
      instanceClass: 'db.r6g.large',
      address: `${identifier}.${endpointSuffix(this.accountId, this.region, engineDomain(c.engine))}`,
      port: c.port,
      dbiResourceId: `db-${base32(`${arn}|dbi`, 26)}`,
      availabilityZone: c.availabilityZones[cluster.members.length % c.availabilityZones.length],
      multiAz: false,
      allocatedStorage: 1,
      storageType: 'aurora',
      deletionProtection: false,
      iamDatabaseAuthentication: c.iamDatabaseAuthentication,
      clusterIdentifier: c.identifier,
      isClusterWriter: options.writer ?? cluster.members.length === 0,
    };
    this.resources.set(arn, {
      arn,
      kind: 'rds-instance',
      resourceType: 'harness',
      createdAt: now,
      readyAt: now,
      visibleAt: now,
      deleteSeconds: DEFAULT_DELETE_SECONDS['rds-instance'],
      details,
      tags: new Map(),
      members: [],
      mountTargets: [],
    });
    cluster.members.push(arn);
    return arn;
  }

  /** Add a mount target to a restored EFS file system (AWS Backup restores none). Returns its id. */
  public addMountTarget(fileSystemArn: string, options: { readonly subnetId?: string; readonly availabilityZoneName?: string } = {}): string {
    this.sync();
    const fs = this.resources.get(fileSystemArn);
    if (!fs || fs.details.kind !== 'efs-file-system' || this.phaseOf(fs) === 'gone') throw new Error(`no EFS file system ${fileSystemArn}`);
    const n = ++this.mountTargetCounter;
    const mountTargetId = `fsmt-${hex(`${fileSystemArn}|mt|${n}`, 17)}`;
    fs.mountTargets.push({
      createdAt: this.clock.now(),
      view: {
        mountTargetId,
        fileSystemId: fs.details.fileSystemId,
        subnetId: options.subnetId ?? `subnet-${hex(`${mountTargetId}|subnet`, 17)}`,
        availabilityZoneName: options.availabilityZoneName ?? `${this.region}${'abc'[(n - 1) % 3]}`,
        ipAddress: privateIp(mountTargetId),
        networkInterfaceId: `eni-${hex(`${mountTargetId}|eni`, 17)}`,
      },
    });
    return mountTargetId;
  }

  public stats(): RestoredResourcesStats {
    return {
      callsByOperation: { ...this.calls },
      errorsByType: { ...this.errors },
      injected: { ...this.injected },
      created: this.createdCount,
      deletesStarted: { api: this.deletes.api, outOfBand: this.deletes.outOfBand },
      collisions: this.collisions,
    };
  }

  // ---------------------------------------------------------------- for the service stand-ins

  /** Count a request, then decide whether a fault answers it (latency is slept here). Throws InjectedFault. */
  public async beginRequest(operation: string, subject: string): Promise<void> {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const forced = this.forced.get(operation)?.shift();
    if (forced) {
      this.countInjected(forced);
      throw new InjectedFault(forced);
    }
    const f = this.faults;
    if (f.operations && !f.operations.includes(operation)) return;
    const key = `${operation}|${subject}`;
    const n = (this.callCountByKey.get(key) ?? 0) + 1;
    this.callCountByKey.set(key, n);
    const draw = (what: string) => keyedRandom(this.seed, `resources|${key}|${n}|${what}`);
    if (f.latencyMs !== undefined && draw('latency?') < (f.latencyRate ?? 1)) {
      const ms = typeof f.latencyMs === 'number' ? f.latencyMs : f.latencyMs.min + draw('latency') * (f.latencyMs.max - f.latencyMs.min);
      this.injected.delayed++;
      await this.clock.sleep(ms);
    }
    if (f.throttleRate && draw('throttle') < f.throttleRate) {
      this.countInjected('throttle');
      throw new InjectedFault('throttle');
    }
    if (f.serverErrorRate && draw('5xx') < f.serverErrorRate) {
      const fault = draw('5xx-kind') < 0.5 ? 'server-error' : 'unavailable';
      this.countInjected(fault);
      throw new InjectedFault(fault);
    }
  }

  /** Record how a request ended (for stats and the 'request' event). */
  public endRequest(info: ResourceRequestInfo): void {
    if (info.errorType) this.errors[info.errorType] = (this.errors[info.errorType] ?? 0) + 1;
    this.emit('request', info);
  }

  /** The resources of a kind that describes can see now (invisible and gone ones left out; EC2 terminated ones kept an hour). */
  public visible(kinds: readonly ModelledResourceKind[]): RestoredResourceView[] {
    this.sync();
    const now = this.clock.now();
    return [...this.resources.values()]
      .filter(r => kinds.includes(r.kind) && now >= r.visibleAt && this.isListed(r, now))
      .map(r => this.view(r));
  }

  /** One visible resource by ARN, or undefined. */
  public find(arn: string): RestoredResourceView | undefined {
    this.sync();
    const r = this.resources.get(arn);
    const now = this.clock.now();
    return r && now >= r.visibleAt && this.isListed(r, now) ? this.view(r) : undefined;
  }

  /** Start deleting through an API call (the stand-in has checked the preconditions). */
  public deleteByApi(arn: string, options: { readonly finalSnapshotIdentifier?: string } = {}): RestoredResourceView {
    const r = this.resources.get(arn);
    if (!r) throw new Error(`no resource ${arn}`);
    if (r.deleteStartedAt === undefined) r.finalSnapshotIdentifier = options.finalSnapshotIdentifier;
    this.startDelete(r, 'api');
    return this.view(r);
  }

  public addTags(arn: string, tags: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }>): void {
    const r = this.resources.get(arn);
    if (!r) throw new Error(`no resource ${arn}`);
    for (const tag of tags) if (tag.Key !== undefined) r.tags.set(tag.Key, tag.Value ?? '');
  }

  /** Start deleting a mount target (DeleteMountTarget); returns false if there is no such (live) mount target. */
  public deleteMountTarget(mountTargetId: string): boolean {
    const now = this.clock.now();
    for (const r of this.resources.values()) {
      const mt = r.mountTargets.find(m => m.view.mountTargetId === mountTargetId);
      if (!mt || mountTargetPhase(mt, now) === 'gone') continue;
      if (mt.deleteStartedAt === undefined) {
        mt.deleteStartedAt = now;
        mt.goneAt = now + DEFAULT_DELETE_SECONDS['efs-mount-target'] * 1000;
      }
      return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- internals

  /** Bring every completed job's resource into existence (at the job's completion time). */
  private sync(): void {
    const now = this.clock.now();
    for (let i = 0; i < this.pending.length;) {
      const p = this.pending[i];
      if (p.plan.completesAt > now) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      this.materialize(p);
    }
  }

  private materialize(p: Pending): void {
    const built = p.built;
    if (!built) return;
    const existing = this.resources.get(p.plan.createdResourceArn);
    if (existing && this.phaseOf(existing, p.plan.completesAt) !== 'gone') {
      this.collisions++;
      return;
    }
    const behaviour = { ...this.behaviours.get('*'), ...this.behaviours.get(p.plan.resourceType) };
    const at = p.plan.completesAt;
    const resource: Resource = {
      arn: p.plan.createdResourceArn,
      kind: built.kind,
      resourceType: p.plan.resourceType,
      restoreJobId: p.plan.restoreJobId,
      createdAt: at,
      readyAt: at + (behaviour.notReadyForSeconds ?? 0) * 1000,
      visibleAt: at + (behaviour.invisibleSeconds ?? 0) * 1000,
      deleteSeconds: behaviour.deleteSeconds ?? DEFAULT_DELETE_SECONDS[built.kind],
      details: built.details,
      tags: new Map(),
      members: [],
      mountTargets: [],
    };
    this.resources.set(resource.arn, resource);
    this.createdCount++;
    this.emit('created', this.view(resource));
  }

  private startDelete(r: Resource, by: 'api' | 'out-of-band', seconds?: number): void {
    if (r.deleteStartedAt !== undefined) return;
    const now = this.clock.now();
    r.deleteStartedAt = now;
    r.goneAt = now + (seconds ?? r.deleteSeconds) * 1000;
    r.deletedBy = by;
    if (by === 'api') this.deletes.api++;
    else this.deletes.outOfBand++;
    this.emit('deleteStarted', this.view(r));
  }

  private phaseOf(r: Resource, now = this.clock.now()): ResourcePhase {
    if (r.goneAt !== undefined && now >= r.goneAt) return 'gone';
    if (r.deleteStartedAt !== undefined && now >= r.deleteStartedAt) return 'deleting';
    return now < r.readyAt ? 'creating' : 'available';
  }

  /** Still answered by describes: not gone, or an EC2 instance terminated less than an hour ago. */
  private isListed(r: Resource, now: number): boolean {
    if (this.phaseOf(r, now) !== 'gone') return true;
    return r.kind === 'ec2-instance' && r.goneAt !== undefined && now < r.goneAt + TERMINATED_INSTANCE_VISIBLE_MS;
  }

  private view(r: Resource): RestoredResourceView {
    const now = this.clock.now();
    return {
      arn: r.arn,
      kind: r.kind,
      resourceType: r.resourceType,
      restoreJobId: r.restoreJobId,
      phase: this.phaseOf(r, now),
      createdAt: r.createdAt,
      readyAt: r.readyAt,
      visibleAt: r.visibleAt,
      deleteStartedAt: r.deleteStartedAt,
      goneAt: r.goneAt,
      deletedBy: r.deletedBy,
      finalSnapshotIdentifier: r.finalSnapshotIdentifier,
      details: r.details,
      tags: Object.fromEntries(r.tags),
      memberArns: r.members.filter(m => {
        const member = this.resources.get(m);
        return member !== undefined && this.phaseOf(member, now) !== 'gone';
      }),
      mountTargets: r.mountTargets
        .map(m => ({ ...m.view, phase: mountTargetPhase(m, now) }))
        .filter(m => m.phase !== 'gone'),
    };
  }

  private countInjected(fault: ResourceFault): void {
    if (fault === 'throttle') this.injected.throttles++;
    else this.injected.serverErrors++;
  }
}

function mountTargetPhase(m: MountTarget, now: number): ResourcePhase {
  if (m.goneAt !== undefined && now >= m.goneAt) return 'gone';
  return m.deleteStartedAt !== undefined ? 'deleting' : 'available';
}

export function isCluster(details: ResourceDetails): details is DbClusterDetails {
  return details.kind === 'rds-cluster' || details.kind === 'docdb-cluster' || details.kind === 'neptune-cluster';
}

// ------------------------------------------------------------------ deriving a restored resource

/** Default ports by engine (the engines' own defaults, as RDS uses them). */
const ENGINE_PORTS: ReadonlyArray<[RegExp, number]> = [
  [/^(aurora-mysql|aurora|mysql|mariadb)$/, 3306],
  [/^(aurora-postgresql|postgres)$/, 5432],
  [/^oracle/, 1521],
  [/^sqlserver/, 1433],
  [/^db2/, 50000],
  [/^docdb$/, 27017],
  [/^neptune$/, 8182],
];

const ENGINE_VERSIONS: Readonly<Record<string, string>> = {
  'postgres': '16.4',
  'mysql': '8.0.39',
  'mariadb': '10.11.9',
  'aurora-postgresql': '16.4',
  'aurora-mysql': '8.0.mysql_aurora.3.08.0',
  'docdb': '5.0.0',
  'neptune': '1.3.2.1',
};

function defaultPort(engine: string): number {
  return ENGINE_PORTS.find(([pattern]) => pattern.test(engine))?.[1] ?? 5432;
}

function engineDomain(engine: string): string {
  if (engine === 'docdb') return 'docdb';
  if (engine === 'neptune') return 'neptune';
  return 'rds';
}

/** `<random>.<region>.<service>.amazonaws.com`: the random part is fixed per account and Region, as AWS's is. */
function endpointSuffix(accountId: string, region: string, service: string): string {
  return `${base32(`${accountId}|${region}|${service}`, 12).toLowerCase()}.${region}.${service}.amazonaws.com`;
}

/** Parse a restore's CreatedResourceArn and derive the resource's attributes from its type and metadata. */
export function deriveResource(
  plan: Pick<PlannedRestore, 'resourceType' | 'createdResourceArn' | 'metadata'>,
  accountId: string,
  region: string,
): { kind: ModelledResourceKind; details: ResourceDetails } | undefined {
  const arn = plan.createdResourceArn;
  const m = plan.metadata;
  const value = (...names: string[]): string | undefined => names.map(n => m[n]).find(v => v !== undefined && v !== '');
  const int = (fallback: number, ...names: string[]): number => {
    const v = value(...names);
    return v !== undefined && /^\d+$/.test(v) ? Number(v) : fallback;
  };
  const bool = (...names: string[]): boolean => value(...names)?.toLowerCase() === 'true';
  const json = (name: string): Record<string, unknown> => {
    try {
      const parsed = JSON.parse(value(name) ?? '{}');
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    } catch {
      return {};
    }
  };
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, , service, , , ...rest] = parts;
  const resource = rest.join(':');
  const zones = [`${region}a`, `${region}b`, `${region}c`];

  if (service === 'rds' && resource.startsWith('db:')) {
    const identifier = resource.slice(3);
    const engine = value('Engine') ?? 'postgres';
    return {
      kind: 'rds-instance',
      details: {
        kind: 'rds-instance',
        identifier,
        engine,
        engineVersion: value('EngineVersion') ?? ENGINE_VERSIONS[engine] ?? '1.0',
        instanceClass: value('DBInstanceClass') ?? 'db.t3.micro',
        address: `${identifier}.${endpointSuffix(accountId, region, 'rds')}`,
        port: int(defaultPort(engine), 'Port'),
        dbiResourceId: `db-${base32(`${arn}|dbi`, 26)}`,
        availabilityZone: value('AvailabilityZone') ?? zones[0],
        multiAz: bool('MultiAZ'),
        allocatedStorage: int(20, 'AllocatedStorage'),
        storageType: value('StorageType') ?? 'gp3',
        deletionProtection: bool('DeletionProtection'),
        iamDatabaseAuthentication: bool('EnableIAMDatabaseAuthentication'),
      },
    };
  }
  if (service === 'rds' && resource.startsWith('cluster:')) {
    const identifier = resource.slice('cluster:'.length);
    const kind = plan.resourceType === 'DocumentDB' ? 'docdb-cluster' : plan.resourceType === 'Neptune' ? 'neptune-cluster' : 'rds-cluster';
    const engine = kind === 'docdb-cluster' ? 'docdb' : kind === 'neptune-cluster' ? 'neptune' : value('Engine', 'engine') ?? 'aurora-postgresql';
    const suffix = endpointSuffix(accountId, region, engineDomain(engine));
    let availabilityZones = zones;
    try {
      const listed = JSON.parse(value('AvailabilityZones', 'availabilityZones') ?? 'null');
      if (Array.isArray(listed) && listed.length > 0 && listed.every(z => typeof z === 'string')) availabilityZones = listed;
    } catch {
      // keep the default zones
    }
    return {
      kind,
      details: {
        kind,
        identifier,
        engine,
        engineVersion: value('EngineVersion', 'engineVersion') ?? ENGINE_VERSIONS[engine] ?? '1.0',
        endpoint: `${identifier}.cluster-${suffix}`,
        readerEndpoint: `${identifier}.cluster-ro-${suffix}`,
        port: int(defaultPort(engine), 'Port', 'port'),
        resourceId: `cluster-${base32(`${arn}|cluster`, 26)}`,
        availabilityZones,
        deletionProtection: bool('DeletionProtection', 'deletionProtection'),
        iamDatabaseAuthentication: bool('EnableIAMDatabaseAuthentication', 'enableIAMDatabaseAuthentication'),
      },
    };
  }
  if (service === 'redshift' && resource.startsWith('cluster:')) {
    const identifier = resource.slice('cluster:'.length);
    return {
      kind: 'redshift-cluster',
      details: {
        kind: 'redshift-cluster',
        identifier,
        nodeType: value('NodeType') ?? 'ra3.xlplus',
        numberOfNodes: int(2, 'NumberOfNodes'),
        address: `${identifier}.${endpointSuffix(accountId, region, 'redshift')}`,
        port: int(5439, 'Port'),
        availabilityZone: value('AvailabilityZone') ?? zones[0],
      },
    };
  }
  if (service === 'ec2' && resource.startsWith('volume/')) {
    return {
      kind: 'ebs-volume',
      details: {
        kind: 'ebs-volume',
        volumeId: resource.slice('volume/'.length),
        availabilityZone: value('availabilityZone') ?? zones[0],
        size: int(100, 'volumeSize'),
        volumeType: value('volumeType') ?? 'gp3',
        encrypted: bool('encrypted'),
      },
    };
  }
  if (service === 'ec2' && resource.startsWith('instance/')) {
    const instanceId = resource.slice('instance/'.length);
    const placement = json('Placement');
    const az = typeof placement.AvailabilityZone === 'string' ? placement.AvailabilityZone : value('AvailabilityZone') ?? zones[0];
    const ip = privateIp(instanceId);
    return {
      kind: 'ec2-instance',
      details: {
        kind: 'ec2-instance',
        instanceId,
        instanceType: value('InstanceType') ?? 't3.micro',
        availabilityZone: az,
        privateIpAddress: ip,
        privateDnsName: `ip-${ip.replace(/\./g, '-')}.ec2.internal`,
        subnetId: value('SubnetId') ?? `subnet-${hex(`${arn}|subnet`, 17)}`,
        vpcId: value('vpcId', 'VpcId') ?? `vpc-${hex(`${accountId}|${region}|vpc`, 17)}`,
        imageId: `ami-${hex(`${arn}|ami`, 17)}`,
        disableApiTermination: bool('DisableApiTermination'),
      },
    };
  }
  if (service === 'elasticfilesystem' && resource.startsWith('file-system/')) {
    const fileSystemId = resource.slice('file-system/'.length);
    return {
      kind: 'efs-file-system',
      details: {
        kind: 'efs-file-system',
        fileSystemId,
        creationToken: value('CreationToken') ?? keyedUuid('efs', arn).toLowerCase(),
        performanceMode: value('PerformanceMode') ?? 'generalPurpose',
        encrypted: bool('Encrypted'),
        availabilityZoneName: bool('singleAzFilesystem') ? value('availabilityZoneName') ?? zones[0] : undefined,
      },
    };
  }
  if (service === 'fsx' && resource.startsWith('file-system/')) {
    const fileSystemId = resource.slice('file-system/'.length);
    const fileSystemType = fsxType(value('FileSystemType'), m);
    let subnetIds: string[] = [`subnet-${hex(`${arn}|subnet`, 17)}`];
    try {
      const listed = JSON.parse(value('SubnetIds') ?? 'null');
      if (Array.isArray(listed) && listed.length > 0 && listed.every(s => typeof s === 'string')) subnetIds = listed;
    } catch {
      // keep the default subnet
    }
    return {
      kind: 'fsx-file-system',
      details: {
        kind: 'fsx-file-system',
        fileSystemId,
        fileSystemType,
        dnsName: fileSystemType === 'ONTAP' ? undefined : `${fileSystemId}.fsx.${region}.amazonaws.com`,
        lustreMountName: fileSystemType === 'LUSTRE' ? base32(`${arn}|mount`, 8).toLowerCase() : undefined,
        storageCapacity: int(1200, 'StorageCapacity'),
        storageType: value('StorageType') ?? 'SSD',
        subnetIds,
        vpcId: value('VpcId') ?? `vpc-${hex(`${accountId}|${region}|vpc`, 17)}`,
      },
    };
  }
  if (service === 'dynamodb' && resource.startsWith('table/')) {
    return {
      kind: 'dynamodb-table',
      details: {
        kind: 'dynamodb-table',
        tableName: resource.slice('table/'.length),
        tableId: keyedUuid('dynamodb', arn).toLowerCase(),
        deletionProtection: bool('deletionProtection'),
      },
    };
  }
  return undefined;
}

function fsxType(declared: string | undefined, metadata: Readonly<Record<string, string>>): FsxDetails['fileSystemType'] {
  const upper = declared?.toUpperCase();
  if (upper === 'LUSTRE' || upper === 'WINDOWS' || upper === 'ONTAP' || upper === 'OPENZFS') return upper;
  if (metadata.WindowsConfiguration !== undefined) return 'WINDOWS';
  if (metadata.OntapConfiguration !== undefined) return 'ONTAP';
  if (metadata.OpenZFSConfiguration !== undefined) return 'OPENZFS';
  return 'LUSTRE';
}

function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** Uppercase base32-ish characters (A–Z, 0–9) from a hash, for AWS's opaque ids. */
function base32(text: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length; i++) out += alphabet[digest[i % digest.length] % 32];
  return out;
}

function privateIp(seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  return `10.0.${digest[0] % 256}.${4 + (digest[1] % 250)}`;
}
