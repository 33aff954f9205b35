import * as path from 'path';
import { Aws, Duration, Lazy, Resource, Stack, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct, IDependable } from 'constructs';
import { RecoveryPointConfig } from '../recovery-point';
import type { RestoredResourceRead } from '../resource-types/restored';

/** How often the waiter asks AWS Backup about a job. */
export const QUERY_INTERVAL = Duration.seconds(15);
/** The Provider framework's own limit: 1 hour, the most a custom resource can wait (aws/aws-cdk#24974). */
export const PROVIDER_TOTAL_TIMEOUT = Duration.hours(1);

const PROVIDER_ID = 'BackupRestoreJobProvider';

/** Managed policies a restore role needs, by resource type (every type gets the general restore policy). */
const RESTORE_MANAGED_POLICIES: Readonly<Record<string, readonly string[]>> = {
  // S3 restores need their own policy (arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore, no
  // service-role/ path). AWSBackupServiceRolePolicyForRestores already covers every other type this library has a
  // factory for: DynamoDB, RDS, Aurora, DocumentDB, Neptune, EBS, EC2, EFS, FSx, Redshift, VirtualMachine,
  // CloudFormation, Timestream.
  S3: ['AWSBackupServiceRolePolicyForS3Restore'],
};
const GENERAL_RESTORE_POLICY = 'service-role/AWSBackupServiceRolePolicyForRestores';

/**
 * The stack-wide part of every RestoreJob: the handler functions, their role and permissions, the
 * Provider framework, and the default restore role. Created once per stack; every RestoreJob adds
 * policy statements to it, never resources, so a stack holds as many RestoreJobs as it has room for
 * custom resources.
 */
export class RestoreJobProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): RestoreJobProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof RestoreJobProvider ? existing : new RestoreJobProvider(stack, PROVIDER_ID);
  }

  public readonly serviceToken: string;
  /** The handlers' permissions; every custom resource depends on it, so Delete keeps its permissions. */
  public readonly handlerPolicy: iam.Policy;

  private readonly recoveryPointArns = new Set<string>();
  private readonly vaultArns = new Set<string>();
  private readonly recordedMetadataArns = new Set<string>();
  private readonly passedRoleArns = new Set<string>();
  private restoreRole?: iam.Role;
  private readonly restoreManagedPolicies = new Set<string>();
  private readonly restoreTargets: RestoreTargetInput[] = [];
  /** Resources of each restored-resource read statement, by sid. */
  private readonly restoredReads = new Map<string, Set<string>>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    // Rules over every RestoreJob of the stack run when the app synthesizes, so the order in which the
    // jobs were constructed does not matter.
    this.node.addValidation({ validate: () => duplicateRestoreTargets(this.restoreTargets) });

    const logGroup = new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'cdk-backup-restore: starts and watches AWS Backup restore jobs for Custom::BackupRestoreJob',
    });

    this.handlerPolicy = new iam.Policy(this, 'HandlerPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteHandlerLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        }),
        new iam.PolicyStatement({
          sid: 'StartRestoreJobs',
          actions: ['backup:StartRestoreJob'],
          // Scoped to the recovery points the stack's RestoreJobs name.
          resources: Lazy.list({ produce: () => withinIamBudget([...this.recoveryPointArns]) }),
        }),
        new iam.PolicyStatement({
          sid: 'DescribeRestoreJobs',
          // DescribeRestoreJob supports no resource-level permissions (Service Authorization Reference).
          actions: ['backup:DescribeRestoreJob'],
          resources: ['*'],
        }),
      ],
    });
    // Added only when a job chooses its recovery point at deploy time or reads the recorded metadata
    // (an IAM statement may not have an empty resource list).
    this.handlerPolicy.addStatements(new iam.PolicyStatement({
      sid: 'PassRestoreRoles',
      actions: ['iam:PassRole'],
      resources: Lazy.list({ produce: () => [...this.passedRoleArns] }),
      conditions: { StringEquals: { 'iam:PassedToService': 'backup.amazonaws.com' } },
    }));

    const functionProps = {
      role,
      logGroup,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      loggingFormat: lambda.LoggingFormat.TEXT,
      // One bundle, both entry points (src/restore-job-handler/restore-job.lambda.ts): one asset per stack.
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'assets', 'restore-job-handler', 'restore-job.lambda')),
      // By name: lambda.Runtime.NODEJS_24_X is newer than the oldest aws-cdk-lib this library supports.
      runtime: new lambda.Runtime('nodejs24.x', lambda.RuntimeFamily.NODEJS),
    };
    const onEvent = new lambda.Function(this, 'OnEvent', {
      ...functionProps,
      handler: 'index.onEvent',
      description: 'cdk-backup-restore: starts AWS Backup restore jobs (Custom::BackupRestoreJob onEvent)',
      timeout: Duration.minutes(2),
    });
    const isComplete = new lambda.Function(this, 'IsComplete', {
      ...functionProps,
      handler: 'index.isComplete',
      description: 'cdk-backup-restore: watches AWS Backup restore jobs (Custom::BackupRestoreJob isComplete)',
      timeout: Duration.minutes(2),
    });
    // The functions must not run before their permissions exist.
    onEvent.node.addDependency(this.handlerPolicy);
    isComplete.node.addDependency(this.handlerPolicy);

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: PROVIDER_TOTAL_TIMEOUT,
    });
    this.serviceToken = provider.serviceToken;
  }

  /**
   * Allow the handler what a job's recovery point needs: StartRestoreJob on the recovery point (or, when it
   * is chosen at deploy time, on the recovery points of its type in the vault's account and region),
   * ListRecoveryPointsByBackupVault on the vault, and GetRecoveryPointRestoreMetadata when the job starts
   * from the recorded metadata.
   */
  public allowRecoveryPoint(recoveryPoint: RecoveryPointConfig, resourceType: string | undefined, readRecordedMetadata: boolean): void {
    const stack = Stack.of(this);
    const account = recoveryPoint.backupVaultAccountId ?? stack.account;
    // A recovery point a RecoveryPointSet chooses is that resource's attribute: naming it here would make the
    // handler's policy depend on the resource that needs the policy. Its source resource scopes the patterns.
    const arns = recoveryPoint.recoveryPointArn !== undefined && recoveryPoint.chosenForResourceArn === undefined
      ? [recoveryPoint.recoveryPointArn]
      : recoveryPointArnPatterns(account, recoveryPoint.latest?.resourceType ?? resourceType,
        recoveryPoint.latest?.resourceArn ?? recoveryPoint.chosenForResourceArn, stack.region);
    arns.forEach(arn => this.recoveryPointArns.add(arn));
    if (recoveryPoint.latest !== undefined) this.allowListRecoveryPoints(recoveryPoint);
    if (readRecordedMetadata) {
      if (this.recordedMetadataArns.size === 0) {
        this.handlerPolicy.addStatements(new iam.PolicyStatement({
          sid: 'ReadRecordedMetadata',
          actions: ['backup:GetRecoveryPointRestoreMetadata'],
          resources: Lazy.list({ produce: () => withinIamBudget([...this.recordedMetadataArns]) }),
        }));
      }
      arns.forEach(arn => this.recordedMetadataArns.add(arn));
    }
  }

  /**
   * Allow the handler to read a kind of restored resource (`Custom::BackupRestoredResource`): one statement per
   * `sid` for the whole stack, added when the first job needs it, whose resources are the union of what the
   * stack's jobs need (an ARN that a wildcard ARN of the same statement covers is dropped).
   */
  public allowRestoredResourceRead(read: RestoredResourceRead): void {
    let resources = this.restoredReads.get(read.sid);
    if (resources === undefined) {
      const set = new Set<string>();
      resources = set;
      this.restoredReads.set(read.sid, set);
      this.handlerPolicy.addStatements(new iam.PolicyStatement({
        sid: read.sid,
        actions: [...read.actions],
        resources: Lazy.list({ produce: () => withoutCovered([...set]) }),
      }));
    }
    for (const resource of read.resources) resources.add(resource);
  }

  /**
   * Allow the handler ListRecoveryPointsByBackupVault on a vault (RecoveryPoint.latest, RecoveryPointSet): one
   * statement for the stack, naming every vault listed.
   */
  public allowListRecoveryPoints(vault: Pick<RecoveryPointConfig, 'backupVaultArn' | 'backupVaultName' | 'backupVaultAccountId'>): void {
    const stack = Stack.of(this);
    const vaultArn = vault.backupVaultArn
      ?? `arn:${Aws.PARTITION}:backup:${stack.region}:${vault.backupVaultAccountId ?? stack.account}:backup-vault:${vault.backupVaultName}`;
    if (this.vaultArns.size === 0) {
      this.handlerPolicy.addStatements(new iam.PolicyStatement({
        sid: 'ListRecoveryPoints',
        actions: ['backup:ListRecoveryPointsByBackupVault'],
        resources: Lazy.list({ produce: () => [...this.vaultArns] }),
      }));
    }
    this.vaultArns.add(vaultArn);
  }

  /** Record what a job restores to, for the stack-wide duplicate-target check. */
  public addRestoreTarget(target: RestoreTargetInput): void {
    this.restoreTargets.push(target);
  }

  /** Allow the handler to pass this role to AWS Backup (and only to AWS Backup). */
  public allowPassRole(role: iam.IRole): void {
    this.passedRoleArns.add(role.roleArn);
  }

  /**
   * The stack's default restore role, assumed by backup.amazonaws.com, with the managed restore policies
   * the given resource type needs. Shared by every RestoreJob of the stack that brings no role.
   */
  public defaultRestoreRole(resourceType: string | undefined): iam.Role {
    if (!this.restoreRole) {
      this.restoreRole = new iam.Role(this, 'DefaultRestoreRole', {
        // Confused deputy: only AWS Backup acting for this stack's account may assume the role.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
        assumedBy: new iam.ServicePrincipal('backup.amazonaws.com').withConditions({
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        }),
        description: 'cdk-backup-restore: role AWS Backup assumes to restore recovery points for this stack',
      });
      this.addRestorePolicy(GENERAL_RESTORE_POLICY);
    }
    for (const name of (resourceType && RESTORE_MANAGED_POLICIES[resourceType]) || []) {
      this.addRestorePolicy(name);
    }
    return this.restoreRole;
  }

  private addRestorePolicy(name: string): void {
    if (this.restoreManagedPolicies.has(name)) return;
    this.restoreManagedPolicies.add(name);
    this.restoreRole!.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
  }
}

/**
 * ARN patterns of the recovery points a resource type can have in one account and region (the table in
 * aws-backup-restore-metadata.md): the generic AWS Backup form, plus the service-native form of the type.
 * An unknown type gets every form.
 *
 * The recovery point's own id is chosen at deploy time, so it stays `*`. Where a native form names its
 * source resource and the job filters by that resource (`RecoveryPoint.latest({ resourceArn })`), the
 * pattern names it too: a DynamoDB table's backups (`table/Orders/backup/*`), a Redshift cluster's
 * snapshots (`snapshot:prod-cluster/awsbackup:*`). The generic `recovery-point:<id>` form and the other
 * native forms (snapshot and AMI ids, RDS `awsbackup:job-<id>` names) carry no source name to narrow by.
 */
export function recoveryPointArnPatterns(
  account: string,
  resourceType: string | undefined,
  sourceResourceArn?: string,
  region: string = Aws.REGION,
): string[] {
  const p = Aws.PARTITION;
  // The handler lists and restores in its own Region (StartRestoreJob restores in the recovery point's Region).
  const r = region;
  const source = sourceResourceName(sourceResourceArn);
  const native: Record<string, string[]> = {
    'EBS': [`arn:${p}:ec2:${r}::snapshot/*`],
    'Storage Gateway': [`arn:${p}:ec2:${r}::snapshot/*`],
    'EC2': [`arn:${p}:ec2:${r}::image/*`],
    'RDS': [`arn:${p}:rds:${r}:${account}:snapshot:awsbackup:*`],
    'Aurora': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'DocumentDB': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'Neptune': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'Redshift': [`arn:${p}:redshift:${r}:${account}:snapshot:${source.redshiftCluster ?? '*'}/awsbackup:*`],
    'DynamoDB': [`arn:${p}:dynamodb:${r}:${account}:table/${source.dynamoDbTable ?? '*'}/backup/*`],
    'FSx': [`arn:${p}:fsx:${r}:${account}:backup/*`],
  };
  const generic = `arn:${p}:backup:${r}:${account}:recovery-point:*`;
  const forms = resourceType !== undefined && resourceType in native
    ? native[resourceType]
    : resourceType !== undefined && !Token.isUnresolved(resourceType) && ['EFS', 'S3', 'CloudFormation', 'Timestream', 'VirtualMachine', 'EKS'].includes(resourceType)
      ? []
      : [...new Set(Object.values(native).flat())];
  return [generic, ...forms];
}

/** The source resource's name from its ARN, for the native recovery point forms that embed it. */
function sourceResourceName(arn: string | undefined): { dynamoDbTable?: string; redshiftCluster?: string } {
  if (arn === undefined || Token.isUnresolved(arn)) return {};
  const table = /^arn:[a-z-]+:dynamodb:[a-z0-9-]*:\d{12}:table\/([A-Za-z0-9_.-]+)$/.exec(arn);
  if (table) return { dynamoDbTable: table[1] };
  const cluster = /^arn:[a-z-]+:redshift:[a-z0-9-]*:\d{12}:cluster:([a-z0-9-]+)$/.exec(arn);
  if (cluster) return { redshiftCluster: cluster[1] };
  return {};
}

/**
 * Characters one statement's ARN list may take. IAM allows 10,240 characters for all inline policies of a
 * role together, and one ARN per recovery point would reach that at about a hundred RestoreJobs.
 */
export const ARN_LIST_BUDGET = 3000;

/**
 * The ARNs as they are while they fit the budget; past it, each ARN's last segment (the recovery point's
 * own id) becomes `*`, keeping the service, region, account and ARN form: `…:recovery-point:*`,
 * `…::snapshot/*`, `…:table/Orders/backup/*`. ARNs that are tokens stay as they are.
 */
export function withinIamBudget(arns: readonly string[], budget: number = ARN_LIST_BUDGET): string[] {
  const size = arns.reduce((n, arn) => n + arn.length + 3, 0);
  if (size <= budget) return [...arns];
  return [...new Set(arns.map(arn => (Token.isUnresolved(arn) ? arn : arn.replace(/[^:/]+$/, '*'))))];
}

/** The ARNs less those another ARN of the list covers with a trailing `*` (`…:db:*` covers `…:db:orders`). */
export function withoutCovered(arns: readonly string[]): string[] {
  const wildcards = arns.filter(arn => arn.endsWith('*'));
  return arns.filter(arn => !wildcards.some(w => w !== arn && arn.startsWith(w.slice(0, -1))));
}

/** One RestoreJob, as the stack-wide duplicate-target check sees it. */
export interface RestoreTargetInput {
  /** The job's construct path, for messages. */
  readonly path: string;
  /** The resource type, given or inferred; undefined skips the job. */
  readonly resourceType?: string;
  /** The metadata the stack sets (with recorded metadata: the overrides only). */
  readonly metadata: Readonly<Record<string, string>>;
}

interface TargetRule {
  /** What the name names, for messages and to group types that share one namespace. */
  readonly what: string;
  readonly key: string;
  /** AWS stores the name in lower case, so names that differ only in case collide. */
  readonly caseInsensitive: boolean;
  /** Only a job that creates the target counts (S3: NewBucket=true). */
  readonly when?: (value: (key: string) => string | undefined) => boolean;
}

const CLUSTER_RULE: TargetRule = { what: 'DB cluster', key: 'DBClusterIdentifier', caseInsensitive: true };

/**
 * The metadata key that names the resource a restore creates, per resource type. RDS, Aurora, DocumentDB,
 * Neptune and Redshift identifiers are stored in lower case by their services; Aurora, DocumentDB and
 * Neptune clusters share the RDS cluster namespace (DescribeDBClusters lists all three). DynamoDB table
 * names are case-sensitive; S3 bucket names are lower case only, so they are compared as written.
 */
const TARGET_RULES: Readonly<Record<string, TargetRule>> = {
  DynamoDB: { what: 'DynamoDB table', key: 'targetTableName', caseInsensitive: false },
  RDS: { what: 'RDS DB instance', key: 'DBInstanceIdentifier', caseInsensitive: true },
  Aurora: CLUSTER_RULE,
  DocumentDB: CLUSTER_RULE,
  Neptune: CLUSTER_RULE,
  Redshift: { what: 'Redshift cluster', key: 'ClusterIdentifier', caseInsensitive: true },
  S3: {
    what: 'new S3 bucket',
    key: 'DestinationBucketName',
    caseInsensitive: false,
    when: value => value('NewBucket')?.toLowerCase() === 'true',
  },
};

/**
 * Errors for RestoreJobs of one stack that restore to the same target name: the second restore would fail
 * at deploy time (the name is taken), after the first one has already created its resource. Metadata keys
 * are looked up case-insensitively (as AWS reads them); values that are tokens are skipped.
 */
export function duplicateRestoreTargets(targets: readonly RestoreTargetInput[]): string[] {
  const seen = new Map<string, { path: string; name: string }>();
  const errors: string[] = [];
  for (const target of targets) {
    const rule = target.resourceType !== undefined ? TARGET_RULES[target.resourceType] : undefined;
    if (rule === undefined) continue;
    const value = (key: string): string | undefined => {
      const actual = Object.keys(target.metadata).find(k => !Token.isUnresolved(k) && k.toLowerCase() === key.toLowerCase());
      const v = actual === undefined ? undefined : target.metadata[actual];
      return v === undefined || Token.isUnresolved(v) ? undefined : v;
    };
    const name = value(rule.key);
    if (name === undefined || (rule.when !== undefined && !rule.when(value))) continue;
    const id = `${rule.what}|${rule.caseInsensitive ? name.toLowerCase() : name}`;
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, { path: target.path, name });
      continue;
    }
    const names = first.name === name ? `'${name}'` : `'${first.name}' and '${name}' (${rule.what} names are case-insensitive)`;
    errors.push(
      `RestoreJobs ${first.path} and ${target.path} both restore to the ${rule.what} ${names} (metadata key ${rule.key}); ` +
      'the second restore would fail at deploy time because the name is taken. ' +
      `Fix: give each RestoreJob its own ${rule.key}.`);
  }
  return errors;
}

/** What AWS Backup does with a restore's KMS key (create the encrypted resource, read the backup). */
const KEY_USE_ACTIONS = ['kms:DescribeKey', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
/** CreateGrant only for grants the AWS service that creates the resource asks for (EFS, EBS, RDS, …). */
const CREATE_GRANT_CONDITION = { Bool: { 'kms:GrantIsForAWSResource': true } };

/**
 * Let a restore role use a KMS key the restore names, and return what a RestoreJob must depend on so the
 * permissions exist before the job starts: the role's policy (and the key's policy, when a statement had
 * to go there).
 *
 * Two statements on the role: the key's use, and `kms:CreateGrant` with `kms:GrantIsForAWSResource`, so the
 * role can only create grants through the AWS service that encrypts the restored resource. A key created by
 * a stack of another account or region cannot be referenced by ARN from this one: the role's statements
 * then name that account's and region's keys (`key/*`), and the key's own policy lets this stack's account
 * use it, with the same actions and condition.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
export function grantRestoreKey(scope: IConstruct, key: kms.IKey, role: iam.IRole): IDependable[] {
  const here = Stack.of(scope);
  const keyStack = Resource.isOwnedResource(key) ? Stack.of(key) : undefined;
  const differs = (a: string, b: string) => Token.compareStrings(a, b) === TokenComparison.DIFFERENT;
  const crossEnvironment = keyStack !== undefined && (differs(keyStack.account, here.account) || differs(keyStack.region, here.region));
  const keyArns = crossEnvironment ? [`arn:${Aws.PARTITION}:kms:${keyStack!.region}:${keyStack!.account}:key/*`] : [key.keyArn];

  const dependables: IDependable[] = [];
  for (const statement of [
    new iam.PolicyStatement({ actions: KEY_USE_ACTIONS, resources: keyArns }),
    new iam.PolicyStatement({ actions: ['kms:CreateGrant'], resources: keyArns, conditions: CREATE_GRANT_CONDITION }),
  ]) {
    const added = role.addToPrincipalPolicy(statement);
    if (added.policyDependable) dependables.push(added.policyDependable);
  }
  if (crossEnvironment) {
    const principals = [new iam.AccountPrincipal(here.account)];
    for (const statement of [
      new iam.PolicyStatement({ actions: KEY_USE_ACTIONS, resources: ['*'], principals }),
      new iam.PolicyStatement({ actions: ['kms:CreateGrant'], resources: ['*'], principals, conditions: CREATE_GRANT_CONDITION }),
    ]) {
      // The key's policy is a property of the key resource: depend on the key.
      if (key.addToResourcePolicy(statement).statementAdded) dependables.push(key);
    }
  }
  return dependables;
}
