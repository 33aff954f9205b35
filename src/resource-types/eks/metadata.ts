import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { RestoreMetadataOptions } from '../options';

/**
 * Network of a cluster AWS Backup creates in an EKS restore (`clusterVpcConfig`).
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-eks.html
 *
 * @example
 * import * as ec2 from 'aws-cdk-lib/aws-ec2';
 * import * as iam from 'aws-cdk-lib/aws-iam';
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * const vpc = new ec2.Vpc(this, 'Vpc');
 * const clusterRole = new iam.Role(this, 'ClusterRole', {
 *   assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
 *   managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
 * });
 * new RestoreJob(this, 'RestoreOrdersCluster', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:composite:eks/orders-20240115'),
 *   metadata: RestoreMetadata.eks({
 *     clusterName: 'orders-dr',
 *     newCluster: true,
 *     clusterRole,
 *     network: {
 *       vpc,
 *       subnets: vpc.privateSubnets,
 *       securityGroups: [new ec2.SecurityGroup(this, 'ClusterSg', { vpc })],
 *     },
 *   }),
 * });
 */
export interface EksRestoreClusterNetwork {
  /**
   * VPC of the new cluster (`clusterVpcConfig.vpcId`).
   *
   * @default - not sent; the subnets' VPC
   */
  readonly vpc?: ec2.IVpc;

  /** Subnets of the new cluster (`clusterVpcConfig.subnetIds`, required by the page). */
  readonly subnets: ec2.ISubnet[];

  /** Additional security groups of the new cluster (`clusterVpcConfig.securityGroupIds`, required by the page). */
  readonly securityGroups: ec2.ISecurityGroup[];
}

/**
 * Restore metadata for an Amazon EKS composite recovery point: the cluster's Kubernetes objects and its
 * persistent volumes, into an existing cluster or a cluster AWS Backup creates. Restores are non-destructive:
 * existing Kubernetes objects are not overwritten. Node groups, Fargate profiles, Pod Identity associations and
 * nested restore jobs take AWS's JSON as it is: pass them in `additionalMetadata`.
 *
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-eks.html
 *
 * @example
 * import { RecoveryPoint, RestoreJob, RestoreMetadata } from 'cdk-backup-restore';
 *
 * new RestoreJob(this, 'RestoreOrdersNamespaces', {
 *   recoveryPoint: RecoveryPoint.fromArn('arn:aws:backup:us-east-1:123456789012:recovery-point:composite:eks/orders-20240115'),
 *   metadata: RestoreMetadata.eks({
 *     clusterName: 'orders-dr', // an existing cluster
 *     namespaces: ['orders', 'billing'], // up to 5; namespaceLevelRestore=true
 *     manifestsOnly: true, // the Kubernetes objects, without persistent volumes
 *   }),
 * });
 */
export interface EksRestoreMetadataProps extends RestoreMetadataOptions {
  /** Name of the cluster to restore to (`clusterName`, the one mandatory key). */
  readonly clusterName: string;

  /**
   * Have AWS Backup create the cluster (`newCluster`). The settings below marked "new cluster" apply only then.
   *
   * @default false - restore into the existing cluster `clusterName`
   */
  readonly newCluster?: boolean;

  /**
   * New cluster: Kubernetes version, to raise the version during the restore (`eksClusterVersion`).
   *
   * @default - not sent; the backed-up cluster's version
   */
  readonly kubernetesVersion?: string;

  /**
   * New cluster: IAM role of the cluster (`clusterRole`, its ARN).
   *
   * @default - not sent
   */
  readonly clusterRole?: iam.IRole;

  /**
   * New cluster: KMS key to encrypt the cluster's secrets with (`encryptionConfigProviderKeyArn`). Required for a
   * cross-Region or cross-account restore of an encrypted cluster; omit it if the source cluster is not
   * encrypted. The restore role is granted its use.
   *
   * @default - not sent
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * New cluster: its network (`clusterVpcConfig`).
   *
   * @default - not sent; the backed-up cluster's network
   */
  readonly network?: EksRestoreClusterNetwork;

  /**
   * Restore only these namespaces, up to 5 (`namespaceLevelRestore: true` and `namespaces`).
   *
   * @default - the whole cluster
   */
  readonly namespaces?: string[];

  /**
   * Order to restore Kubernetes objects in, as `group/version/kind` or `version/kind` (`kubernetesRestoreOrder`).
   *
   * @default - AWS Backup's order (custom resource definitions, namespaces, storage classes, persistent volumes, …)
   */
  readonly kubernetesRestoreOrder?: string[];

  /**
   * Restore the Kubernetes manifests only, without persistent storage (`restoreKubernetesManifestsOnly`).
   *
   * @default - not sent; manifests and persistent volumes
   */
  readonly manifestsOnly?: boolean;
}
