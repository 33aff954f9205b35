/** Deploy-time adapters for the EC2 instance an EC2 restore launches. Handler bundle only. */
import { DescribeInstancesCommand, EC2Client, Instance } from '@aws-sdk/client-ec2';
import type { RestoredInstanceAttributes } from '../../restore-job-handler/contract';
import { Budget, call, Described, isAwsError, parseArn, ReadAdapter, RestoredResourceNotFound, text } from '../runtime-support';

/** The handlers' EC2 client for instances: the SDK's own retries off, `call` retries. */
export const ec2 = new EC2Client({ maxAttempts: 1 });

const NOUN = 'EC2 instance';
/** EC2's error code for an instance it does not know. */
const INSTANCE_NOT_FOUND = ['InvalidInstanceID.NotFound'];

function instanceId(arn: string): string {
  return parseArn(arn, 'ec2', 'instance/', NOUN).id;
}

/** Describe one instance; throws RestoredResourceNotFound when EC2 does not know it. */
export async function describeInstance(arn: string, budget: Budget): Promise<Instance> {
  const id = instanceId(arn);
  try {
    const out = await call('DescribeInstances', abortSignal =>
      ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }), { abortSignal }), budget);
    const instance = (out.Reservations ?? []).flatMap(r => r.Instances ?? []).find(i => i.InstanceId === id);
    if (instance === undefined) throw new RestoredResourceNotFound(NOUN, id, arn);
    return instance;
  } catch (error) {
    if (isAwsError(error, INSTANCE_NOT_FOUND)) throw new RestoredResourceNotFound(NOUN, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

/**
 * Instance states: pending → running ⇄ stopping / stopped; shutting-down → terminated (a terminated instance
 * stays visible for a while).
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html
 */
export const EC2_INSTANCE_READER: ReadAdapter<RestoredInstanceAttributes> = {
  kind: 'ec2-instance',
  noun: NOUN,
  identifier: instanceId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredInstanceAttributes>> {
    const instance = await describeInstance(arn, budget);
    const id = instance.InstanceId ?? instanceId(arn);
    const state = instance.State?.Name ?? 'unknown';
    if (state === 'shutting-down' || state === 'terminated') throw new RestoredResourceNotFound(NOUN, id, arn, state === 'terminated' ? 'terminated' : 'being terminated (state shutting-down)');
    if (state === 'pending') return { ready: false, status: state };
    return {
      ready: true,
      attributes: {
        InstanceId: id,
        PrivateIpAddress: text(instance.PrivateIpAddress),
        AvailabilityZone: text(instance.Placement?.AvailabilityZone),
      },
    };
  },
};
