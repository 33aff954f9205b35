/** Deploy-time adapters for the EBS volume an EBS restore creates, through the EC2 API. Handler bundle only. */
import { CreateTagsCommand, DeleteVolumeCommand, DescribeVolumesCommand, EC2Client, Volume } from '@aws-sdk/client-ec2';
import type { RestoredVolumeAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
  RestoredResourceUnusable, tagList, text,
} from '../runtime-support';

/** The handlers' EC2 client for volumes: the SDK's own retries off, `call` retries. */
export const ec2 = new EC2Client({ maxAttempts: 1 });

const NOUN = 'EBS volume';
/** EC2's error code for a volume it does not know (EC2 errors carry their code as the name). */
const VOLUME_NOT_FOUND = ['InvalidVolume.NotFound'];

function volumeId(arn: string): string {
  return parseArn(arn, 'ec2', 'volume/', NOUN).id;
}

/** Describe one volume; throws RestoredResourceNotFound when EC2 does not know it. */
export async function describeVolume(arn: string, budget: Budget): Promise<Volume> {
  const id = volumeId(arn);
  try {
    const out = await call('DescribeVolumes', abortSignal =>
      ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }), { abortSignal }), budget);
    const volume = out.Volumes?.find(v => v.VolumeId === id);
    if (volume === undefined) throw new RestoredResourceNotFound(NOUN, id, arn);
    return volume;
  } catch (error) {
    if (isAwsError(error, VOLUME_NOT_FOUND)) throw new RestoredResourceNotFound(NOUN, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

/**
 * Volume states: creating → available / in-use; deleting → deleted; error.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Volume.html
 */
export const EBS_VOLUME_READER: ReadAdapter<RestoredVolumeAttributes> = {
  kind: 'ebs-volume',
  noun: NOUN,
  identifier: volumeId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredVolumeAttributes>> {
    const volume = await describeVolume(arn, budget);
    const id = volume.VolumeId ?? volumeId(arn);
    const state = volume.State ?? 'unknown';
    if (state === 'deleting' || state === 'deleted') throw new RestoredResourceNotFound(NOUN, id, arn, state === 'deleting' ? 'being deleted (state deleting)' : 'deleted (state deleted)');
    if (state === 'error') throw new RestoredResourceUnusable(NOUN, id, arn, 'in state error');
    if (state === 'creating') return { ready: false, status: state };
    return { ready: true, attributes: { VolumeId: id, AvailabilityZone: text(volume.AvailabilityZone) } };
  },
};

// --- delete (removalPolicy: DESTROY) ---

/** A volume still attached (VolumeInUse) or not in a state to delete yet (IncorrectState): try again at the next poll. */
const VOLUME_BUSY = ['VolumeInUse', 'IncorrectState'];

/** The volume an EBS restore created: DeleteVolume (a volume attached by the stack is detached first by CloudFormation). */
export const EBS_VOLUME_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: volumeId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    try {
      await call('DeleteVolume', abortSignal => ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId(arn) }), { abortSignal }), budget);
      return 'deleting';
    } catch (error) {
      if (isAwsError(error, VOLUME_NOT_FOUND)) return 'deleting';
      if (isAwsError(error, VOLUME_BUSY)) return 'waiting';
      throw error;
    }
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    try {
      return (await describeVolume(arn, budget)).State === 'deleted';
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('CreateTags', abortSignal =>
      ec2.send(new CreateTagsCommand({ Resources: [volumeId(arn)], Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
