/** Deploy-time adapters for the file system an EFS restore creates (a new file system). Handler bundle only. */
import {
  DeleteFileSystemCommand, DescribeFileSystemsCommand, DescribeMountTargetsCommand, EFSClient, FileSystemDescription,
  TagResourceCommand,
} from '@aws-sdk/client-efs';
import type { RestoredEfsFileSystemAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, DeleteAdapter, DeletionRefused, Described, isAwsError, parseArn, ReadAdapter, RemoveContext, RemoveProgress, RestoredResourceNotFound,
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

/** Mount targets still being deleted (FileSystemInUse), or one not in a state to delete yet: try again at the next poll. */
const BUSY = ['FileSystemInUse', 'IncorrectMountTargetState', 'IncorrectFileSystemLifeCycleState'];

/**
 * A file system with mount targets cannot be deleted (FileSystemInUse). A restore to a new file system creates
 * none; those the stack added (`asFileSystem`, a CfnMountTarget on the restored file system) depend on the job, so
 * CloudFormation deletes them first. Any still there were added outside the stack: not what the restore created,
 * and deleting one needs ec2:DeleteNetworkInterface on its interface, so the delete is refused, naming them.
 * Mount targets already being deleted are waited for. Then DeleteFileSystem.
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
      const live = targets.filter(t => t.LifeCycleState !== 'deleting' && t.LifeCycleState !== 'deleted');
      if (live.length > 0) {
        throw new DeletionRefused(`The ${NOUN} ${id} (${arn}) still has mount targets (${live.map(t => t.MountTargetId ?? '?').join(', ')}) that neither its restore nor this stack created ` +
          '(a restore creates none; the stack\'s own are deleted before the file system), and removalPolicy DESTROY deletes only what the restore created. ' +
          'Fix: delete those mount targets (or declare them in the stack, e.g. with asFileSystem) and delete the stack again.');
      }
      if (targets.length > 0) return 'waiting'; // mount targets still being deleted
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
