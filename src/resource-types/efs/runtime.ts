/** Deploy-time adapters for the file system an EFS restore creates (a new file system). Handler bundle only. */
import { DescribeFileSystemsCommand, EFSClient, FileSystemDescription } from '@aws-sdk/client-efs';
import type { RestoredEfsFileSystemAttributes } from '../../restore-job-handler/contract';
import {
  Budget, call, Described, isAwsError, parseArn, ReadAdapter, RestoredResourceNotFound, RestoredResourceUnusable,
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
