/**
 * RDS and Redshift stand-ins (awsQuery) over the restored-resources world model. Reached by the real
 * `@aws-sdk/client-rds` / `client-redshift` through AWS_ENDPOINT_URL_RDS / AWS_ENDPOINT_URL_REDSHIFT.
 *
 * RDS: DescribeDBInstances, DescribeDBClusters (Aurora, DocumentDB and Neptune clusters: the RDS API serves all
 * three), DeleteDBInstance, DeleteDBCluster, AddTagsToResource. Redshift: DescribeClusters, DeleteCluster, CreateTags.
 *
 * Error codes are the ones the SDKs' schemas declare (`awsQueryError`), e.g. `DBInstanceNotFound` (surfaced as
 * DBInstanceNotFoundFault), `DBClusterNotFoundFault`, `InvalidDBClusterStateFault`, `ClusterNotFound`.
 * Rules relied on:
 * - DeleteDBInstance/DeleteDBCluster: without SkipFinalSnapshot, FinalDBSnapshotIdentifier must be given, and not
 *   both (RDS API reference, DeleteDBInstance "SkipFinalSnapshot"); a cluster member (Aurora) instance takes neither.
 * - A cluster cannot be deleted while it has DB instances that are not being deleted, or with deletion protection
 *   (https://repost.aws/knowledge-center/rds-error-delete-aurora-cluster; AWS's error texts, as AWS prints them).
 * - Identifiers are case-insensitive, and DescribeDBInstances/DescribeDBClusters also take an ARN (API reference).
 * - Redshift DeleteCluster: a final snapshot unless SkipFinalClusterSnapshot (API reference).
 * The error *codes* for the snapshot-parameter rules and for repeated deletes are inferred, not documented.
 */
import { HarnessClock } from './clock';
import { page, QueryService, queryFilters, tagsFromQuery, xmlList, XmlValue } from './resource-wire';
import {
  DbClusterDetails, DbInstanceDetails, ModelledResourceKind, RedshiftClusterDetails, RestoredResources, RestoredResourceView, ServiceError,
} from './restored-resources';

const CLUSTER_KINDS: readonly ModelledResourceKind[] = ['rds-cluster', 'docdb-cluster', 'neptune-cluster'];

export class RdsService extends QueryService {
  protected readonly version = '2014-10-31';
  protected readonly namespace = 'http://rds.amazonaws.com/doc/2014-10-31/';
  protected readonly iamPrefix = 'rds';
  protected readonly actions = {
    DescribeDBInstances: (p: URLSearchParams) => this.describeInstances(p),
    DescribeDBClusters: (p: URLSearchParams) => this.describeClusters(p),
    DeleteDBInstance: (p: URLSearchParams) => this.deleteInstance(p),
    DeleteDBCluster: (p: URLSearchParams) => this.deleteCluster(p),
    AddTagsToResource: (p: URLSearchParams) => this.addTags(p),
  };

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'RDS');
  }

  protected subjectOf(_action: string, params: URLSearchParams): string {
    return params.get('DBInstanceIdentifier') ?? params.get('DBClusterIdentifier') ?? params.get('ResourceName') ?? 'all';
  }

  private describeInstances(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = params.get('DBInstanceIdentifier');
    let rows = this.model.visible(['rds-instance']);
    if (id) {
      rows = rows.filter(r => matches(r, id, (r.details as DbInstanceDetails).identifier));
      if (rows.length === 0) throw instanceNotFound(id);
    }
    for (const filter of queryFilters(params, 'Filters.Filter', 'Values.Value')) {
      const values = filter.values.map(v => v.toLowerCase());
      if (filter.name === 'db-instance-id') {
        rows = rows.filter(r => values.includes(r.arn.toLowerCase()) || values.includes((r.details as DbInstanceDetails).identifier));
      } else if (filter.name === 'db-cluster-id') {
        rows = rows.filter(r => {
          const cluster = (r.details as DbInstanceDetails).clusterIdentifier;
          return cluster !== undefined && (values.includes(cluster) || values.some(v => v.endsWith(`:cluster:${cluster}`)));
        });
      } else {
        throw new ServiceError('InvalidParameterValue', `Unrecognized filter name: ${filter.name} (this stand-in serves db-instance-id and db-cluster-id).`);
      }
    }
    const { items, next } = this.page(rows, params);
    return { DBInstances: xmlList('DBInstance', items.map(r => this.instanceXml(r))), Marker: next };
  }

  private describeClusters(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = params.get('DBClusterIdentifier');
    let rows = this.model.visible(CLUSTER_KINDS);
    if (id) {
      rows = rows.filter(r => matches(r, id, (r.details as DbClusterDetails).identifier));
      if (rows.length === 0) throw clusterNotFound(id);
    }
    for (const filter of queryFilters(params, 'Filters.Filter', 'Values.Value')) {
      const values = filter.values.map(v => v.toLowerCase());
      if (filter.name === 'db-cluster-id') {
        rows = rows.filter(r => values.includes(r.arn.toLowerCase()) || values.includes((r.details as DbClusterDetails).identifier));
      } else if (filter.name === 'engine') {
        rows = rows.filter(r => values.includes((r.details as DbClusterDetails).engine));
      } else {
        throw new ServiceError('InvalidParameterValue', `Unrecognized filter name: ${filter.name} (this stand-in serves db-cluster-id and engine).`);
      }
    }
    const { items, next } = this.page(rows, params);
    return { DBClusters: xmlList('DBCluster', items.map(r => this.clusterXml(r))), Marker: next };
  }

  private deleteInstance(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = required(params, 'DBInstanceIdentifier');
    const r = this.model.visible(['rds-instance']).find(v => (v.details as DbInstanceDetails).identifier === id.toLowerCase());
    if (!r || r.phase === 'gone') throw instanceNotFound(id);
    const d = r.details as DbInstanceDetails;
    if (r.phase === 'deleting') throw new ServiceError('InvalidDBInstanceState', `Instance ${d.identifier} is already being deleted.`);
    if (d.deletionProtection) {
      throw new ServiceError('InvalidParameterCombination', 'Cannot delete protected DB Instance, please disable deletion protection and try again.');
    }
    // FinalDBSnapshotIdentifier and SkipFinalSnapshot do not apply to an Aurora (cluster member) instance.
    const finalSnapshot = d.clusterIdentifier === undefined ? finalSnapshotRule(params, 'SkipFinalSnapshot', 'FinalDBSnapshotIdentifier') : undefined;
    return { DBInstance: this.instanceXml(this.model.deleteByApi(r.arn, { finalSnapshotIdentifier: finalSnapshot })) };
  }

  private deleteCluster(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = required(params, 'DBClusterIdentifier');
    const r = this.model.visible(CLUSTER_KINDS).find(v => (v.details as DbClusterDetails).identifier === id.toLowerCase());
    if (!r) throw clusterNotFound(id);
    const d = r.details as DbClusterDetails;
    if (r.phase === 'deleting') throw new ServiceError('InvalidDBClusterStateFault', `Cluster ${d.identifier} is already being deleted.`);
    if (d.deletionProtection) {
      throw new ServiceError('InvalidParameterCombination', 'Cannot delete protected Cluster, please disable deletion protection and try again.');
    }
    const live = r.memberArns.map(arn => this.model.find(arn)).filter(m => m !== undefined && m.phase !== 'deleting');
    if (live.length > 0) {
      throw new ServiceError('InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.');
    }
    const finalSnapshot = finalSnapshotRule(params, 'SkipFinalSnapshot', 'FinalDBSnapshotIdentifier');
    return { DBCluster: this.clusterXml(this.model.deleteByApi(r.arn, { finalSnapshotIdentifier: finalSnapshot })) };
  }

  private addTags(params: URLSearchParams): undefined {
    const arn = required(params, 'ResourceName');
    const parts = arn.split(':');
    if (parts[0] !== 'arn' || parts[2] !== 'rds') throw new ServiceError('InvalidParameterValue', `The specified resource name does not match an RDS resource in this region: ${arn}`);
    const r = this.model.find(arn);
    if (!r || r.phase === 'gone') throw parts[5] === 'cluster' ? clusterNotFound(parts[6] ?? arn) : instanceNotFound(parts[6] ?? arn);
    this.model.addTags(arn, tagsFromQuery(params, 'Tags.Tag'));
    return undefined;
  }

  private page(rows: RestoredResourceView[], params: URLSearchParams): { items: RestoredResourceView[]; next?: string } {
    const max = params.get('MaxRecords');
    const size = max === null ? 100 : Number(max);
    if (!Number.isInteger(size) || size < 20 || size > 100) throw new ServiceError('InvalidParameterValue', 'MaxRecords must be between 20 and 100.');
    return page(rows, params.get('Marker') ?? undefined, size, () => new ServiceError('InvalidParameterValue', 'The marker is not valid.'));
  }

  private instanceXml(r: RestoredResourceView): { [name: string]: XmlValue } {
    const d = r.details as DbInstanceDetails;
    return {
      DBInstanceIdentifier: d.identifier,
      DBInstanceClass: d.instanceClass,
      Engine: d.engine,
      DBInstanceStatus: r.phase === 'gone' ? 'deleting' : r.phase,
      MasterUsername: d.clusterIdentifier ? undefined : 'admin',
      // RDS shows no endpoint while the instance is being created.
      Endpoint: r.phase === 'creating' ? undefined : { Address: d.address, Port: d.port },
      AllocatedStorage: d.allocatedStorage,
      InstanceCreateTime: r.phase === 'creating' ? undefined : new Date(r.createdAt),
      BackupRetentionPeriod: 1,
      AvailabilityZone: d.availabilityZone,
      MultiAZ: d.multiAz,
      EngineVersion: d.engineVersion,
      AutoMinorVersionUpgrade: true,
      PubliclyAccessible: false,
      StorageType: d.storageType,
      DbInstancePort: 0,
      DBClusterIdentifier: d.clusterIdentifier,
      StorageEncrypted: true,
      DbiResourceId: d.dbiResourceId,
      DBInstanceArn: r.arn,
      IAMDatabaseAuthenticationEnabled: d.iamDatabaseAuthentication,
      DeletionProtection: d.deletionProtection,
      TagList: tagList(r),
    };
  }

  private clusterXml(r: RestoredResourceView): { [name: string]: XmlValue } {
    const d = r.details as DbClusterDetails;
    const members = r.memberArns.map(arn => this.model.find(arn)).filter((m): m is RestoredResourceView => m !== undefined);
    return {
      AllocatedStorage: 1,
      AvailabilityZones: xmlList('AvailabilityZone', d.availabilityZones),
      BackupRetentionPeriod: 1,
      DBClusterIdentifier: d.identifier,
      DBSubnetGroup: 'default',
      Status: r.phase === 'gone' ? 'deleting' : r.phase,
      Endpoint: d.endpoint,
      ReaderEndpoint: d.readerEndpoint,
      MultiAZ: members.length > 1,
      Engine: d.engine,
      EngineVersion: d.engineVersion,
      Port: d.port,
      MasterUsername: 'admin',
      DBClusterMembers: xmlList('DBClusterMember', members.map(m => {
        const md = m.details as DbInstanceDetails;
        return { DBInstanceIdentifier: md.identifier, IsClusterWriter: md.isClusterWriter ?? false, DBClusterParameterGroupStatus: 'in-sync', PromotionTier: 1 };
      })),
      StorageEncrypted: true,
      DbClusterResourceId: d.resourceId,
      DBClusterArn: r.arn,
      IAMDatabaseAuthenticationEnabled: d.iamDatabaseAuthentication,
      ClusterCreateTime: new Date(r.createdAt),
      EngineMode: d.kind === 'rds-cluster' ? 'provisioned' : undefined,
      DeletionProtection: d.deletionProtection,
      TagList: tagList(r),
    };
  }
}

export class RedshiftService extends QueryService {
  protected readonly version = '2012-12-01';
  protected readonly namespace = 'http://redshift.amazonaws.com/doc/2012-12-01/';
  protected readonly iamPrefix = 'redshift';
  protected readonly actions = {
    DescribeClusters: (p: URLSearchParams) => this.describeClusters(p),
    DeleteCluster: (p: URLSearchParams) => this.deleteCluster(p),
    CreateTags: (p: URLSearchParams) => this.createTags(p),
  };

  constructor(model: RestoredResources, clock: HarnessClock) {
    super(model, clock, 'Redshift');
  }

  protected subjectOf(_action: string, params: URLSearchParams): string {
    return params.get('ClusterIdentifier') ?? params.get('ResourceName') ?? 'all';
  }

  private describeClusters(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = params.get('ClusterIdentifier');
    let rows = this.model.visible(['redshift-cluster']);
    if (id) {
      rows = rows.filter(r => (r.details as RedshiftClusterDetails).identifier === id.toLowerCase());
      if (rows.length === 0) throw redshiftNotFound(id);
    }
    const max = params.get('MaxRecords');
    const size = max === null ? 100 : Number(max);
    if (!Number.isInteger(size) || size < 20 || size > 100) throw new ServiceError('InvalidParameterValue', 'MaxRecords must be between 20 and 100.');
    const { items, next } = page(rows, params.get('Marker') ?? undefined, size, () => new ServiceError('InvalidParameterValue', 'The marker is not valid.'));
    return { Clusters: xmlList('Cluster', items.map(r => this.clusterXml(r))), Marker: next };
  }

  private deleteCluster(params: URLSearchParams): { [name: string]: XmlValue } {
    const id = required(params, 'ClusterIdentifier');
    const r = this.model.visible(['redshift-cluster']).find(v => (v.details as RedshiftClusterDetails).identifier === id.toLowerCase());
    if (!r) throw redshiftNotFound(id);
    if (r.phase === 'deleting') {
      throw new ServiceError('InvalidClusterState', 'There is an operation running on the Cluster. Please try to delete it at a later time.');
    }
    const finalSnapshot = finalSnapshotRule(params, 'SkipFinalClusterSnapshot', 'FinalClusterSnapshotIdentifier');
    return { Cluster: this.clusterXml(this.model.deleteByApi(r.arn, { finalSnapshotIdentifier: finalSnapshot })) };
  }

  private createTags(params: URLSearchParams): undefined {
    const arn = required(params, 'ResourceName');
    const r = this.model.find(arn);
    if (!r || r.kind !== 'redshift-cluster' || r.phase === 'gone') {
      throw new ServiceError('ResourceNotFoundFault', `The resource with ARN ${arn} was not found.`, 404);
    }
    this.model.addTags(arn, tagsFromQuery(params, 'Tags.Tag'));
    return undefined;
  }

  private clusterXml(r: RestoredResourceView): { [name: string]: XmlValue } {
    const d = r.details as RedshiftClusterDetails;
    return {
      ClusterIdentifier: d.identifier,
      NodeType: d.nodeType,
      ClusterStatus: r.phase === 'gone' ? 'deleting' : r.phase,
      ClusterAvailabilityStatus: r.phase === 'available' ? 'Available' : 'Unavailable',
      MasterUsername: 'awsuser',
      DBName: 'dev',
      // Redshift shows no endpoint while the cluster is being created.
      Endpoint: r.phase === 'creating' ? undefined : { Address: d.address, Port: d.port },
      ClusterCreateTime: new Date(r.createdAt),
      AutomatedSnapshotRetentionPeriod: 1,
      AvailabilityZone: d.availabilityZone,
      NumberOfNodes: d.numberOfNodes,
      PubliclyAccessible: false,
      Encrypted: true,
      ClusterNamespaceArn: `arn:aws:redshift:${this.model.region}:${this.model.accountId}:namespace:${r.restoreJobId?.toLowerCase() ?? d.identifier}`,
      Tags: tagList(r),
    };
  }
}

function tagList(r: RestoredResourceView): XmlValue {
  return xmlList('Tag', Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })));
}

/** An identifier (case-insensitive) or the resource's ARN. */
function matches(r: RestoredResourceView, wanted: string, identifier: string): boolean {
  return wanted.startsWith('arn:') ? wanted === r.arn : wanted.toLowerCase() === identifier;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw new ServiceError('MissingParameter', `The request must contain the parameter ${name}.`);
  return value;
}

/** Skip the final snapshot, or name it: one of the two, not both, not neither. Returns the snapshot name, if any. */
function finalSnapshotRule(params: URLSearchParams, skipName: string, finalName: string): string | undefined {
  const skip = params.get(skipName) === 'true';
  const final = params.get(finalName) ?? undefined;
  if (skip && final) throw new ServiceError('InvalidParameterCombination', `Cannot specify ${finalName} when ${skipName} is true.`);
  if (!skip && !final) throw new ServiceError('InvalidParameterCombination', `${finalName} is required unless ${skipName} is specified.`);
  return final;
}

function instanceNotFound(id: string): ServiceError {
  return new ServiceError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
}

function clusterNotFound(id: string): ServiceError {
  return new ServiceError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404);
}

function redshiftNotFound(id: string): ServiceError {
  return new ServiceError('ClusterNotFound', `Cluster ${id} not found.`, 404);
}

