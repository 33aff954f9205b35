import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { OWNER_LOGICAL_ID_TAG, OWNER_STACK_TAG } from '../validation/ownership';

/**
 * The permissions `removalPolicy: DESTROY` needs, per resource type: read (to wait until the resource is gone),
 * tag (the handler marks what the job created as this stack's) and delete. Delete is scoped to the resource's
 * name when the metadata fixes it (`table/orders-dr`); otherwise to the type's ARNs, conditioned on the two
 * ownership tags carrying this stack's id and the job's logical id. Tagging is limited to those two tag keys.
 */
interface RemovalActions {
  readonly service: string;
  /** ARN resource and separator of the created resource (`table` + '/', `db` + ':'). */
  readonly resource: string;
  readonly sep: ArnFormat;
  readonly del: string[];
  readonly read: string[];
  /** Read actions without resource-level permissions (Service Authorization Reference: no resource type). */
  readonly readNeedsStar?: boolean;
  readonly tag: string[];
  /** More resources a delete names (RDS DeleteDBCluster lists `cluster-snapshot*` as required). */
  readonly alsoDelete?: { readonly resource: string; readonly sep: ArnFormat };
}

const RDS_DB: Omit<RemovalActions, 'resource' | 'del' | 'read'> = { service: 'rds', sep: ArnFormat.COLON_RESOURCE_NAME, tag: ['rds:AddTagsToResource'] };
const RDS_CLUSTER: RemovalActions = {
  ...RDS_DB,
  resource: 'cluster',
  del: ['rds:DeleteDBCluster'],
  read: ['rds:DescribeDBClusters'],
  alsoDelete: { resource: 'cluster-snapshot', sep: ArnFormat.COLON_RESOURCE_NAME },
};

/**
 * By StartRestoreJob resource type. Sources: the Service Authorization Reference pages of DynamoDB, EFS, RDS, EC2,
 * FSx and Redshift (resource types and condition keys of each action; every delete action's resource supports
 * `aws:ResourceTag/${TagKey}`; ec2:DescribeVolumes/DescribeInstances and fsx:DescribeFileSystems take no resource
 * type, so they need `*`).
 */
const BY_TYPE: Readonly<Record<string, RemovalActions>> = {
  DynamoDB: {
    service: 'dynamodb',
    resource: 'table',
    sep: ArnFormat.SLASH_RESOURCE_NAME,
    del: ['dynamodb:DeleteTable'],
    read: ['dynamodb:DescribeTable'],
    tag: ['dynamodb:TagResource'],
  },
  EFS: {
    service: 'elasticfilesystem',
    resource: 'file-system',
    sep: ArnFormat.SLASH_RESOURCE_NAME,
    // No DeleteMountTarget: mount targets left at delete time were not created by the restore (refused).
    del: ['elasticfilesystem:DeleteFileSystem'],
    read: ['elasticfilesystem:DescribeFileSystems', 'elasticfilesystem:DescribeMountTargets'],
    tag: ['elasticfilesystem:TagResource'],
  },
  RDS: { ...RDS_DB, resource: 'db', del: ['rds:DeleteDBInstance'], read: ['rds:DescribeDBInstances'] },
  Aurora: RDS_CLUSTER,
  DocumentDB: RDS_CLUSTER,
  Neptune: RDS_CLUSTER,
  EBS: {
    service: 'ec2',
    resource: 'volume',
    sep: ArnFormat.SLASH_RESOURCE_NAME,
    del: ['ec2:DeleteVolume'],
    read: ['ec2:DescribeVolumes'],
    readNeedsStar: true,
    tag: ['ec2:CreateTags'],
  },
  EC2: {
    service: 'ec2',
    resource: 'instance',
    sep: ArnFormat.SLASH_RESOURCE_NAME,
    del: ['ec2:TerminateInstances'],
    read: ['ec2:DescribeInstances'],
    readNeedsStar: true,
    tag: ['ec2:CreateTags'],
  },
  FSx: {
    service: 'fsx',
    resource: 'file-system',
    sep: ArnFormat.SLASH_RESOURCE_NAME,
    del: ['fsx:DeleteFileSystem'],
    read: ['fsx:DescribeFileSystems'],
    readNeedsStar: true,
    tag: ['fsx:TagResource'],
  },
  Redshift: {
    service: 'redshift',
    resource: 'cluster',
    sep: ArnFormat.COLON_RESOURCE_NAME,
    del: ['redshift:DeleteCluster'],
    read: ['redshift:DescribeClusters'],
    tag: ['redshift:CreateTags'],
  },
};

/** Resource types whose restores `removalPolicy: DESTROY` can delete (the validator decides per restore). */
export function removableResourceTypes(): string[] {
  return Object.keys(BY_TYPE);
}

/**
 * Grant `policy` what deleting this job's restored resource needs. `name`: the resource's name when synth knows it;
 * `logicalId`: the job resource's logical id (a token), for the ownership-tag condition.
 */
export function grantRemoval(scope: Construct, policy: iam.Policy, resourceType: string, name: string | undefined, logicalId: string): void {
  const actions = BY_TYPE[resourceType];
  if (actions === undefined) {
    // The validator rejects DESTROY for such types first; this is the library's own guard.
    throw new Error(`removalPolicy DESTROY has no permissions for resource type ${resourceType}.`);
  }
  const stack = Stack.of(scope);
  const arn = (resource: string, sep: ArnFormat, resourceName: string) =>
    stack.formatArn({ service: actions.service, resource, resourceName, arnFormat: sep });
  // RDS (and so DocumentDB, Neptune) and Redshift store identifiers in lower case, and their ARNs carry them so.
  const resourceName = name !== undefined && (actions.service === 'rds' || actions.service === 'redshift') ? name.toLowerCase() : name;
  const own = arn(actions.resource, actions.sep, resourceName ?? '*');
  const owned = name === undefined
    ? {
      StringEquals: {
        [`aws:ResourceTag/${OWNER_STACK_TAG}`]: stack.stackId,
        [`aws:ResourceTag/${OWNER_LOGICAL_ID_TAG}`]: logicalId,
      },
    }
    : undefined;
  policy.addStatements(
    new iam.PolicyStatement({ actions: actions.del, resources: [own], conditions: owned }),
    // Reads are not tag-conditioned: a resource that is gone has no tags, and "gone" is the answer waited for.
    new iam.PolicyStatement({ actions: actions.read, resources: [actions.readNeedsStar ? '*' : own] }),
    // Only the two ownership tags, only with this job's values, and never over another owner's: a resource another
    // stack's job tagged cannot be re-tagged (and so deleted) by this one.
    new iam.PolicyStatement({
      actions: actions.tag,
      resources: [own],
      conditions: {
        'ForAllValues:StringEquals': { 'aws:TagKeys': [OWNER_STACK_TAG, OWNER_LOGICAL_ID_TAG] },
        'StringEquals': {
          [`aws:RequestTag/${OWNER_STACK_TAG}`]: stack.stackId,
          [`aws:RequestTag/${OWNER_LOGICAL_ID_TAG}`]: logicalId,
        },
        'StringEqualsIfExists': {
          [`aws:ResourceTag/${OWNER_STACK_TAG}`]: stack.stackId,
          [`aws:ResourceTag/${OWNER_LOGICAL_ID_TAG}`]: logicalId,
        },
      },
    }),
  );
  if (actions.alsoDelete !== undefined) {
    // No final snapshot is taken (SkipFinalSnapshot), but the action lists the snapshot resource as required.
    policy.addStatements(new iam.PolicyStatement({
      actions: actions.del,
      resources: [arn(actions.alsoDelete.resource, actions.alsoDelete.sep, '*')],
    }));
  }
}
