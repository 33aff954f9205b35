/**
 * Synthesis benchmark: N RestoreJobs vs N AwsCustomResource (aws-cdk-lib/custom-resources) calling
 * backup:startRestoreJob, in fresh apps, in this process.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { RecoveryPoint, RestoreJob, RestoreMetadata } from '../../src';

export type Variant = 'RestoreJob' | 'AwsCustomResource';

export interface SynthSample {
  readonly variant: Variant;
  readonly n: number;
  /** Median ms to build the constructs and synthesize the app. */
  readonly synthMs: number;
  readonly samplesMs: readonly number[];
  readonly lambdaFunctions: number;
  readonly resources: number;
  readonly templateBytes: number;
  /** Bytes of the largest IAM policy document in the template (IAM's inline limit per role is 10,240). */
  readonly largestPolicyBytes: number;
}

const ACCOUNT = '123456789012';
const rp = (i: number) => `arn:aws:backup:us-east-1:${ACCOUNT}:recovery-point:${(0x10000000 + i).toString(16).toUpperCase()}-0000-4000-8000-000000000000`;

/** A stack with `n` restores of distinct EFS recovery points. */
function build(variant: Variant, n: number, outdir: string): App {
  const app = new App({ outdir, analyticsReporting: false });
  const stack = new Stack(app, 'Bench', { env: { account: ACCOUNT, region: 'us-east-1' } });
  if (variant === 'RestoreJob') {
    for (let i = 0; i < n; i++) {
      new RestoreJob(stack, `Job${i}`, {
        recoveryPoint: RecoveryPoint.fromArn(rp(i)),
        metadata: RestoreMetadata.efs({ fileSystemId: 'fs-0123456789abcdef0', newFileSystem: true }),
      });
    }
  } else {
    // The same restore with the generic SDK-call resource: StartRestoreJob only (it cannot wait for the
    // job), a shared restore role like RestoreJob's default one, and PassRole on it.
    const role = new iam.Role(stack, 'RestoreRole', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSBackupServiceRolePolicyForRestores')],
    });
    for (let i = 0; i < n; i++) {
      new AwsCustomResource(stack, `Job${i}`, {
        onCreate: {
          service: 'Backup',
          action: 'startRestoreJob',
          parameters: {
            RecoveryPointArn: rp(i),
            IamRoleArn: role.roleArn,
            ResourceType: 'EFS',
            Metadata: { 'file-system-id': 'fs-0123456789abcdef0', 'newFileSystem': 'true' },
          },
          physicalResourceId: PhysicalResourceId.fromResponse('RestoreJobId'),
        },
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({ actions: ['backup:StartRestoreJob'], resources: [rp(i)] }),
          new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }),
        ]),
        installLatestAwsSdk: false,
      });
    }
  }
  return app;
}

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Synthesize `variant` with `n` restores `reps` times; returns the median time and the template's shape. */
export function measureSynth(variant: Variant, n: number, reps: number): SynthSample {
  const samples: number[] = [];
  let template: Template | undefined;
  let text = '';
  for (let r = 0; r < reps; r++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
    try {
      const started = process.hrtime.bigint();
      const assembly = build(variant, n, outdir).synth();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (!template) {
        const artifact = assembly.getStackByName('Bench');
        text = fs.readFileSync(path.join(assembly.directory, artifact.templateFile), 'utf8');
        template = JSON.parse(text) as Template;
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const resources = Object.values(template!.Resources);
  const policies = resources.filter(r => r.Type === 'AWS::IAM::Policy').map(r => JSON.stringify(r.Properties?.PolicyDocument ?? {}).length);
  return {
    variant,
    n,
    synthMs: median(samples),
    samplesMs: samples,
    lambdaFunctions: resources.filter(r => r.Type === 'AWS::Lambda::Function').length,
    resources: resources.length,
    templateBytes: Buffer.byteLength(text),
    largestPolicyBytes: Math.max(0, ...policies),
  };
}

/** The most restores one stack holds under CloudFormation's 500-resource limit, from resources(N) = a + b·N. */
export function maxJobsPerStack(small: SynthSample, large: SynthSample, limit = 500): { perJob: number; fixed: number; maxJobs: number } {
  const perJob = (large.resources - small.resources) / (large.n - small.n);
  const fixed = small.resources - perJob * small.n;
  return { perJob, fixed, maxJobs: Math.floor((limit - fixed) / perJob) };
}

export { median };
