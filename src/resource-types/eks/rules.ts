import { ResourceTypeRules, RuleContext } from '../../validation/types';
import { jsonArray, jsonObject, member, present } from '../rule-helpers';

/** Keys that apply only when AWS Backup creates the cluster ("If newCluster is "true", the following ... apply"). */
const NEW_CLUSTER_KEYS = [
  'eksClusterVersion', 'clusterRole', 'encryptionConfigProviderKeyArn', 'clusterVpcConfig', 'nodeGroups', 'fargateProfiles',
  'podIdentityAssociations',
];

/** Report the members of the items of a JSON-array key that the page marks "[Required]". */
function requireMembers(ctx: RuleContext, key: string, members: readonly string[], what: string): void {
  for (const [i, item] of (jsonArray(ctx, key) ?? []).entries()) {
    const obj = item !== null && typeof item === 'object' && !Array.isArray(item) ? item as Record<string, unknown> : undefined;
    const missing = members.filter(m => obj === undefined || member(obj, m) === undefined);
    if (missing.length > 0) {
      ctx.error('eks-required-member', key,
        `'${key}' item #${i + 1} has no ${missing.map(m => `'${m}'`).join(', ')}; the EKS restore page marks ${missing.length === 1 ? 'it' : 'them'} required for each ${what}. Fix: set ${missing.join(', ')}.`);
    }
  }
}

/**
 * EKS cluster restore metadata, as "Restore an Amazon EKS cluster" lists it ("Mandatory metadata: clusterName";
 * optional: newCluster and, for a new cluster, eksClusterVersion, clusterRole, encryptionConfigProviderKeyArn,
 * clusterVpcConfig, nodeGroups, fargateProfiles, podIdentityAssociations; kubernetesRestoreOrder,
 * namespaceLevelRestore, namespaces (up to 5), restoreKubernetesManifestsOnly, nestedRestoreJobs).
 * @see https://docs.aws.amazon.com/aws-backup/latest/devguide/restoring-eks.html
 */
export const EKS_RULES: ResourceTypeRules = {
  resourceType: 'EKS',
  // restoring-eks.html writes 'nestedrestorejobs' in its own CLI example: AWS reads these keys case-insensitively.
  caseInsensitiveKeys: true,
  keys: {
    clusterName: { kind: 'string' },
    newCluster: { kind: 'boolean' },
    eksClusterVersion: { kind: 'string' },
    clusterRole: { kind: 'string' },
    encryptionConfigProviderKeyArn: { kind: 'string' },
    clusterVpcConfig: { kind: 'json-object' },
    nodeGroups: { kind: 'json-array' },
    fargateProfiles: { kind: 'json-array' },
    podIdentityAssociations: { kind: 'json-array' },
    kubernetesRestoreOrder: { kind: 'json-array' },
    namespaceLevelRestore: { kind: 'boolean' },
    // "Can provide up to 5 namespaces to restore."
    namespaces: { kind: 'json-array', minItems: 1, maxItems: 5 },
    restoreKubernetesManifestsOnly: { kind: 'boolean' },
    // "a map of RecoveryPointArn: RestoreMetadata of that Recovery Point"
    nestedRestoreJobs: { kind: 'json-object' },
  },
  required: ['clusterName'],
  check: ctx => {
    const newCluster = ctx.bool('newCluster');
    if (newCluster !== true && !ctx.isUnresolved('newCluster')) {
      const stray = NEW_CLUSTER_KEYS.filter(k => ctx.has(k));
      if (stray.length > 0) {
        ctx.warn('eks-new-cluster-keys-ignored', stray[0],
          `${stray.map(k => `'${ctx.spelling(k)}'`).join(', ')} apply when AWS Backup creates a new cluster, but 'newCluster' is not 'true', so the restore goes into the existing cluster and ignores them. Fix: set newCluster to 'true', or remove them.`);
      }
    }
    const vpc = jsonObject(ctx, 'clusterVpcConfig');
    if (vpc !== undefined) {
      const missing = ['subnetIds', 'securityGroupIds'].filter(m => member(vpc, m) === undefined);
      if (missing.length > 0) {
        ctx.error('eks-required-member', 'clusterVpcConfig',
          `'clusterVpcConfig' has no ${missing.map(m => `'${m}'`).join(', ')}; the EKS restore page marks subnetIds and securityGroupIds required. Fix: set them.`);
      }
    }
    requireMembers(ctx, 'nodeGroups', ['nodeGroupId', 'subnetIds', 'nodeRole'], 'node group');
    requireMembers(ctx, 'fargateProfiles', ['name', 'podExecutionRoleArn'], 'Fargate profile');

    const namespaceLevel = ctx.bool('namespaceLevelRestore');
    if (ctx.has('namespaces') && namespaceLevel !== true && !ctx.isUnresolved('namespaceLevelRestore')) {
      ctx.warn('eks-namespaces-without-namespace-restore', 'namespaces',
        "'namespaces' is set, but 'namespaceLevelRestore' is not 'true' (the page: \"A list of namespaces to restore if namespaceLevelRestore is true\"), so the whole cluster is restored. Fix: set namespaceLevelRestore to 'true' (the typed factory's namespaces prop does), or remove namespaces.");
    } else if (namespaceLevel === true && !ctx.has('namespaces')) {
      ctx.warn('eks-namespace-restore-without-namespaces', 'namespaceLevelRestore',
        "'namespaceLevelRestore' is 'true', but 'namespaces' is not set. Fix: list the namespaces to restore (up to 5).");
    }
    for (const [i, ns] of (jsonArray(ctx, 'namespaces') ?? []).entries()) {
      if (!present(ns) || typeof ns !== 'string') {
        ctx.error('eks-namespace-name', 'namespaces',
          `'namespaces' item #${i + 1} is not a namespace name. Fix: list names as strings, e.g. ["orders","billing"].`);
      }
    }
  },
};
