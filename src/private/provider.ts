import { Aws, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { RecoveryPointConfig } from '../recovery-point';
import { RestoreIsCompleteFunction } from '../restore-job-handler/restore-is-complete-function';
import { RestoreOnEventFunction } from '../restore-job-handler/restore-on-event-function';

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

  private constructor(scope: Construct, id: string) {
    super(scope, id);

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
    };
    const onEvent = new RestoreOnEventFunction(this, 'OnEvent', {
      ...functionProps,
      description: 'cdk-backup-restore: starts AWS Backup restore jobs (Custom::BackupRestoreJob onEvent)',
      timeout: Duration.minutes(2),
    });
    const isComplete = new RestoreIsCompleteFunction(this, 'IsComplete', {
      ...functionProps,
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
    const arns = recoveryPoint.recoveryPointArn !== undefined
      ? [recoveryPoint.recoveryPointArn]
      : recoveryPointArnPatterns(account, recoveryPoint.latest?.resourceType ?? resourceType);
    arns.forEach(arn => this.recoveryPointArns.add(arn));
    if (recoveryPoint.latest !== undefined) {
      const vaultArn = recoveryPoint.backupVaultArn
        ?? `arn:${Aws.PARTITION}:backup:${stack.region}:${account}:backup-vault:${recoveryPoint.backupVaultName}`;
      if (this.vaultArns.size === 0) {
        this.handlerPolicy.addStatements(new iam.PolicyStatement({
          sid: 'ListRecoveryPoints',
          actions: ['backup:ListRecoveryPointsByBackupVault'],
          resources: Lazy.list({ produce: () => [...this.vaultArns] }),
        }));
      }
      this.vaultArns.add(vaultArn);
    }
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

  /** Allow the handler to pass this role to AWS Backup (and only to AWS Backup). */
  public allowPassRole(role: iam.IRole): void {
    this.passedRoleArns.add(role.roleArn);
  }

  /**
   * The stack's default restore role, assumed by backup.amazonaws.com, with the managed restore policies
   * the given resource type needs. Shared by every RestoreJob of the stack that brings no role.
   */
  public defaultRestoreRole(resourceType: string | undefined): iam.IRole {
    if (!this.restoreRole) {
      this.restoreRole = new iam.Role(this, 'DefaultRestoreRole', {
        assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
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
 */
export function recoveryPointArnPatterns(account: string, resourceType: string | undefined): string[] {
  const p = Aws.PARTITION;
  const r = Aws.REGION;
  const native: Record<string, string[]> = {
    'EBS': [`arn:${p}:ec2:${r}::snapshot/*`],
    'Storage Gateway': [`arn:${p}:ec2:${r}::snapshot/*`],
    'EC2': [`arn:${p}:ec2:${r}::image/*`],
    'RDS': [`arn:${p}:rds:${r}:${account}:snapshot:awsbackup:*`],
    'Aurora': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'DocumentDB': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'Neptune': [`arn:${p}:rds:${r}:${account}:cluster-snapshot:awsbackup:*`],
    'Redshift': [`arn:${p}:redshift:${r}:${account}:snapshot:*/awsbackup:*`],
    'DynamoDB': [`arn:${p}:dynamodb:${r}:${account}:table/*/backup/*`],
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
