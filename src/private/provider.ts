import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
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
          resources: Lazy.list({ produce: () => [...this.recoveryPointArns] }),
        }),
        new iam.PolicyStatement({
          sid: 'DescribeRestoreJobs',
          // DescribeRestoreJob supports no resource-level permissions (Service Authorization Reference).
          actions: ['backup:DescribeRestoreJob'],
          resources: ['*'],
        }),
      ],
    });
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

  /** Allow the handler to start restores from this recovery point. */
  public allowRestoreFrom(recoveryPointArn: string): void {
    this.recoveryPointArns.add(recoveryPointArn);
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
