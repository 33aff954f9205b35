/**
 * `startLocalAws()`: the whole local AWS in one object — harness clock, Backup emulator, Lambda and Step
 * Functions stand-ins, CloudFormation response server — plus `deploy()` to run a CDK stack's custom
 * resources through it. Everything listens on 127.0.0.1; `close()` shuts every server, sandbox and timer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Stack } from 'aws-cdk-lib';
import { ActivityTracker } from './activity';
import {
  BackupEmulator, FaultConfig, OutcomeFunction, RestoreJobView, StartInfo,
} from './backup-emulator';
import { CloudFormationDriver, ResponseServer, synthesizeStack, SynthesizedStack, SynthesizeOptions } from './cfn-driver';
import { HarnessClock } from './clock';
import { CloudFormationService } from './cloudformation-service';
import { LambdaService } from './lambda-service';
import { functionLogConfigs, FunctionLogConfig, logGroupNames, LogsService } from './logs-service';
import { ResourceServiceName, ResourceServices } from './resource-services';
import { ResourceFaultConfig, RestoredResources } from './restored-resources';
import { SfnService } from './sfn-service';

export interface LocalAwsOptions {
  /** Virtual seconds per real second, for the whole harness. @default 600 (an hour in 6 s) */
  readonly clockScale?: number;
  /** Seed of every random decision. @default 1 */
  readonly seed?: number | string;
  /** Transient Backup faults (throttles, 5xx, latency). */
  readonly faults?: FaultConfig;
  /** How each restore job behaves (overrides per-recovery-point settings). */
  readonly outcome?: OutcomeFunction;
  /** @default '123456789012' */
  readonly accountId?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Emit Backup 'progress' events every N virtual seconds for running jobs. @default off */
  readonly progressIntervalSeconds?: number;
  /** Real-time floor of Lambda function timeouts. @default 10000 ms */
  readonly minRealTimeoutMs?: number;
  /** Receives emulator request lines (never metadata). */
  readonly logger?: (line: string) => void;
  /** Page size of the CloudFormation stand-in's ListStackResources. @default 100 (CloudFormation's) */
  readonly cloudFormationPageSize?: number;
  /** Transient faults of the restored-resource services (RDS, EC2, EFS, FSx, Redshift, DynamoDB). */
  readonly resourceFaults?: ResourceFaultConfig;
}

/** A running local AWS. */
export class LocalAws {
  public readonly clock: HarnessClock;
  public readonly activity = new ActivityTracker();
  public readonly backup: BackupEmulator;
  public readonly lambda: LambdaService;
  public readonly sfn: SfnService;
  public readonly responses: ResponseServer;
  /** CloudFormation's read API over the deployed stacks (DescribeStacks, ListStackResources, GetTemplate, …). */
  public readonly cloudFormation: CloudFormationService;
  /** CloudWatch Logs FilterLogEvents over the functions' captured logs. */
  public readonly logs: LogsService;
  /** What completed restores created (list, get, exists, delete, stats), served by the RDS/EC2/EFS/FSx/Redshift/DynamoDB stand-ins. */
  public readonly resources: RestoredResources;
  private readonly resourceServices: ResourceServices;
  private readonly stacks: Array<{ readonly driver: CloudFormationDriver; readonly creationTime: number }> = [];
  public readonly seed: number | string;
  public readonly accountId: string;
  public readonly region: string;
  private readonly crashPlans = new Map<string, number>();
  private readonly tempDirs: string[] = [];
  private crashes = 0;
  private closed = false;

  /** Use `startLocalAws()`. */
  constructor(options: LocalAwsOptions = {}) {
    this.seed = options.seed ?? 1;
    this.accountId = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.clock = new HarnessClock(options.clockScale ?? 600);
    this.resources = new RestoredResources({
      clock: this.clock, seed: this.seed, accountId: this.accountId, region: this.region, faults: options.resourceFaults,
    });
    this.resourceServices = new ResourceServices(this.resources, this.clock);
    this.backup = new BackupEmulator({
      clock: this.clock,
      seed: this.seed,
      accountId: this.accountId,
      region: this.region,
      faults: options.faults,
      outcome: options.outcome,
      progressIntervalSeconds: options.progressIntervalSeconds,
      logger: options.logger,
      restoredResources: this.resources,
    });
    this.lambda = new LambdaService({
      clock: this.clock, activity: this.activity, baseEnvironment: () => this.environment(), minRealTimeoutMs: options.minRealTimeoutMs,
    });
    this.sfn = new SfnService({ clock: this.clock, lambda: this.lambda, activity: this.activity, seed: this.seed });
    this.responses = new ResponseServer(() => this.clock.now());
    this.cloudFormation = new CloudFormationService({
      stacks: () => this.stacks.map(s => ({ creationTime: s.creationTime, view: () => s.driver.describe() })),
      pageSize: options.cloudFormationPageSize,
    });
    this.logs = new LogsService({
      lines: () => this.lambda.logLines(),
      functions: () => new Map<string, FunctionLogConfig>(this.stacks.flatMap(s => [...functionLogConfigs(s.driver)])),
      groups: () => this.stacks.flatMap(s => logGroupNames(s.driver)),
    });
    this.backup.on('jobStarted', (_job: RestoreJobView, info: StartInfo) => this.maybeCrash(info));
  }

  public async start(): Promise<this> {
    await Promise.all([
      this.backup.start(), this.lambda.start(), this.sfn.start(), this.responses.start(), this.cloudFormation.start(), this.logs.start(),
      this.resourceServices.start(),
    ]);
    return this;
  }

  /**
   * The environment a process or sandbox needs to use this local AWS with the real SDK: region, dummy
   * credentials, no EC2 metadata probing, and the loopback endpoints.
   */
  public environment(): Record<string, string> {
    return {
      AWS_REGION: this.region,
      AWS_DEFAULT_REGION: this.region,
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'local-aws',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_BACKUP: this.backup.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: this.lambda.endpoint,
      AWS_ENDPOINT_URL_SFN: this.sfn.endpoint,
      AWS_ENDPOINT_URL_CLOUDFORMATION: this.cloudFormation.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: this.logs.endpoint,
      ...this.resourceServices.environment(),
      PATH: process.env.PATH ?? '/usr/bin:/bin',
    };
  }

  /** Config for an SDK client in this process, e.g. `new BackupClient(aws.clientConfig('backup'))`. */
  public clientConfig(service: 'backup' | 'lambda' | 'sfn' | 'cloudformation' | 'logs' | ResourceServiceName) {
    const endpoint = {
      backup: () => this.backup.endpoint,
      lambda: () => this.lambda.endpoint,
      sfn: () => this.sfn.endpoint,
      cloudformation: () => this.cloudFormation.endpoint,
      logs: () => this.logs.endpoint,
      rds: () => this.resourceServices.endpoint('rds'),
      ec2: () => this.resourceServices.endpoint('ec2'),
      efs: () => this.resourceServices.endpoint('efs'),
      fsx: () => this.resourceServices.endpoint('fsx'),
      redshift: () => this.resourceServices.endpoint('redshift'),
      dynamodb: () => this.resourceServices.endpoint('dynamodb'),
    }[service]();
    return {
      endpoint,
      region: this.region,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    };
  }

  /** Synthesize a stack (without deploying it): for the new properties of an update. */
  public synth(build: (stack: Stack) => void, options: SynthesizeOptions = {}): SynthesizedStack {
    const outdir = options.outdir ?? this.tempDir();
    return synthesizeStack(build, { accountId: this.accountId, region: this.region, ...options, outdir });
  }

  /**
   * Synthesize a stack and deploy its functions and state machines; returns a driver for its custom resources.
   * The stack is then visible through the CloudFormation stand-in (and its functions' logs through CloudWatch Logs).
   */
  public deploy(build: (stack: Stack) => void, options: SynthesizeOptions = {}): CloudFormationDriver {
    return this.track(new CloudFormationDriver(this, this.synth(build, options)).deploy());
  }

  /** Make a driver built elsewhere (e.g. from an app synthesized by a script) visible through the CloudFormation stand-in. */
  public track(driver: CloudFormationDriver): CloudFormationDriver {
    this.stacks.push({ driver, creationTime: this.clock.now() });
    return driver;
  }

  /** Crash the handler after its next `count` successful StartRestoreJob calls for this CloudFormation request. */
  public planCrashes(requestId: string, count: number): void {
    this.crashPlans.set(requestId, count);
  }

  public cancelCrashes(requestId: string): void {
    this.crashPlans.delete(requestId);
  }

  /** Crashes injected so far. */
  public crashCount(): number {
    return this.crashes;
  }

  /** Everything still in flight: Step Functions executions running and requests with work pending. */
  public inFlight(): { executions: number; requests: string[] } {
    return { executions: this.sfn.running().length, requests: this.activity.active() };
  }

  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clock.close();
    await this.lambda.close();
    await Promise.all([
      this.sfn.close(), this.backup.close(), this.responses.close(), this.cloudFormation.close(), this.logs.close(), this.resourceServices.close(),
    ]);
    for (const dir of this.tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  }

  private maybeCrash(info: StartInfo): void {
    const invocation = this.lambda.invocationForTrace(info.traceId);
    const requestId = invocation?.requestId;
    if (!invocation || requestId === undefined) return;
    const left = this.crashPlans.get(requestId) ?? 0;
    if (left <= 0) return;
    this.crashPlans.set(requestId, left - 1);
    this.crashes++;
    // The process dies right after AWS Backup accepted the request: neither the handler nor the framework
    // invocation waiting for it gets to answer. Lambda's async retry redelivers the same event.
    if (invocation.parentInvocationId) this.lambda.crash(invocation.parentInvocationId);
    this.lambda.crash(invocation.invocationId);
  }

  private tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-aws-cdk-'));
    this.tempDirs.push(dir);
    return dir;
  }
}

/** Start a local AWS on random loopback ports. Always `await aws.close()` when done. */
export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  return new LocalAws(options).start();
}
