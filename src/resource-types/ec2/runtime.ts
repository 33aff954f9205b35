/** Deploy-time adapters for the EC2 instance an EC2 restore launches. Handler bundle only. */
import { CreateTagsCommand, DescribeInstancesCommand, EC2Client, Instance, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import type { RestoredInstanceAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, DeletionRefused, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
  tagList, text,
} from '../runtime-support';

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

// --- delete (removalPolicy: DESTROY) ---

/**
 * The instance an EC2 restore launched: TerminateInstances, nothing else. The restore's recovery point is an AMI
 * that belongs to the vault's lifecycle, not to the restore, and AWS does not say the restore creates other AMIs or
 * snapshots (research note for issue 12), so none is deleted. Volumes go with the instance as their
 * DeleteOnTermination says.
 */
export const EC2_INSTANCE_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: instanceId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    try {
      // Terminating an instance already shutting down or terminated succeeds (it answers the current state).
      await call('TerminateInstances', abortSignal =>
        ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId(arn)] }), { abortSignal }), budget);
      return 'deleting';
    } catch (error) {
      if (isAwsError(error, INSTANCE_NOT_FOUND)) return 'deleting';
      if (isAwsError(error, ['OperationNotPermitted'])) {
        throw new DeletionRefused(`The ${NOUN} ${instanceId(arn)} (${arn}) has termination protection on (DisableApiTermination), so removalPolicy DESTROY cannot ` +
          `terminate it. Fix: turn termination protection off (ModifyInstanceAttribute, or leave disableApiTermination out of the restore metadata) and delete the stack again, or terminate the ${NOUN} yourself.`);
      }
      throw error;
    }
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    try {
      return (await describeInstance(arn, budget)).State?.Name === 'terminated';
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('CreateTags', abortSignal =>
      ec2.send(new CreateTagsCommand({ Resources: [instanceId(arn)], Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
