/** Deploy-time adapters for the file system an EFS restore creates (a new file system). Handler bundle only. */
import {
  DeleteFileSystemCommand, DeleteMountTargetCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, EFSClient, FileSystemDescription,
  TagResourceCommand,
} from '@aws-sdk/client-efs';
import type { RestoredEfsFileSystemAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
  RestoredResourceUnusable, tagList,
} from '../runtime-support';

/** The handlers' EFS client: the SDK's own retries off, `call` retries. */
export const efs = new EFSClient({ maxAttempts: 1 });

const NOUN = 'EFS file system';
const FILE_SYSTEM_NOT_FOUND = ['FileSystemNotFound'];

function fileSystemId(arn: string): string {
  return parseArn(arn, 'elasticfilesystem', 'file-system/', NOUN).id;
}

/** Describe one file system; throws RestoredResourceNotFound when EFS does not know it. */
export async function describeFileSystem(arn: string, budget: Budget): Promise<FileSystemDescription> {
  const id = fileSystemId(arn);
  try {
    const out = await call('DescribeFileSystems', abortSignal =>
      efs.send(new DescribeFileSystemsCommand({ FileSystemId: id }), { abortSignal }), budget);
    const fileSystem = out.FileSystems?.find(f => f.FileSystemId === id);
    if (fileSystem === undefined) throw new RestoredResourceNotFound(NOUN, id, arn);
    return fileSystem;
  } catch (error) {
    if (isAwsError(error, FILE_SYSTEM_NOT_FOUND)) throw new RestoredResourceNotFound(NOUN, id, arn, undefined, (error as Error).name);
    throw error;
  }
}

/**
 * Life cycle: creating → available (updating: usable); deleting → deleted; error (One Zone, unrecoverable).
 *
 * @see https://docs.aws.amazon.com/efs/latest/ug/file-system-state.html
 */
export const EFS_FILE_SYSTEM_READER: ReadAdapter<RestoredEfsFileSystemAttributes> = {
  kind: 'efs-file-system',
  noun: NOUN,
  identifier: fileSystemId,
  async describe(arn: string, budget: Budget): Promise<Described<RestoredEfsFileSystemAttributes>> {
    const fileSystem = await describeFileSystem(arn, budget);
    const id = fileSystem.FileSystemId ?? fileSystemId(arn);
    const state = fileSystem.LifeCycleState ?? 'unknown';
    if (state === 'deleting' || state === 'deleted') {
      throw new RestoredResourceNotFound(NOUN, id, arn, state === 'deleting' ? 'being deleted (state deleting)' : 'deleted (state deleted)');
    }
    if (state === 'error') throw new RestoredResourceUnusable(NOUN, id, arn, 'in state error');
    if (state === 'creating') return { ready: false, status: state };
    return { ready: true, attributes: { FileSystemId: id } };
  },
};

// --- delete (removalPolicy: DESTROY) ---

const MOUNT_TARGET_NOT_FOUND = ['MountTargetNotFound'];
/** Mount targets still being deleted (FileSystemInUse), or one not in a state to delete yet: try again at the next poll. */
const BUSY = ['FileSystemInUse', 'IncorrectMountTargetState', 'IncorrectFileSystemLifeCycleState'];

/**
 * A file system with mount targets cannot be deleted (FileSystemInUse): delete each mount target, wait until none
 * is left, then DeleteFileSystem. A restore to a new file system creates none, but the stack may have added some
 * (CloudFormation deletes those first) or someone outside it.
 *
 * @see https://docs.aws.amazon.com/efs/latest/ug/API_DeleteFileSystem.html
 */
export const EFS_FILE_SYSTEM_DELETER: DeleteAdapter = {
  noun: NOUN,
  identifier: fileSystemId,
  async remove(arn: string, { budget }: RemoveContext): Promise<RemoveProgress> {
    const id = fileSystemId(arn);
    try {
      const { MountTargets: targets = [] } = await call('DescribeMountTargets', abortSignal =>
        efs.send(new DescribeMountTargetsCommand({ FileSystemId: id }), { abortSignal }), budget);
      if (targets.length > 0) {
        for (const target of targets) {
          if (target.LifeCycleState === 'deleting' || target.LifeCycleState === 'deleted' || !target.MountTargetId) continue;
          const mountTargetId = target.MountTargetId;
          try {
            await call('DeleteMountTarget', abortSignal =>
              efs.send(new DeleteMountTargetCommand({ MountTargetId: mountTargetId }), { abortSignal }), budget);
          } catch (error) {
            if (!isAwsError(error, [...MOUNT_TARGET_NOT_FOUND, ...BUSY])) throw error;
          }
        }
        return 'waiting';
      }
      await call('DeleteFileSystem', abortSignal => efs.send(new DeleteFileSystemCommand({ FileSystemId: id }), { abortSignal }), budget);
      return 'deleting';
    } catch (error) {
      if (isAwsError(error, FILE_SYSTEM_NOT_FOUND)) return 'deleting';
      if (isAwsError(error, BUSY)) return 'waiting';
      throw error;
    }
  },
  async isGone(arn: string, budget: Budget): Promise<boolean> {
    try {
      return (await describeFileSystem(arn, budget)).LifeCycleState === 'deleted';
    } catch (error) {
      if (error instanceof RestoredResourceNotFound) return true;
      throw error;
    }
  },
  async tag(arn: string, tags: Readonly<Record<string, string>>, budget: Budget): Promise<void> {
    await call('TagResource', abortSignal =>
      efs.send(new TagResourceCommand({ ResourceId: fileSystemId(arn), Tags: tagList(tags) }), { abortSignal }), budget);
  },
};
