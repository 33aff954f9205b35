export * from './recovery-point';
export * from './recovery-point-set';
export * from './restore-metadata';
export * from './restore-job';
export type { RestoredTableOptions } from './resource-types/dynamodb/restored';
export type { RestoredBucketOptions } from './resource-types/s3/restored';
export type { RestoredFileSystemOptions } from './resource-types/efs/restored';
export type {
  RestoredClusterEndpoint, RestoredDatabaseOptions, RestoredDocumentDbClusterOptions,
} from './resource-types/rds/restored';
export type { RestoredInstance } from './resource-types/ec2/restored';
export type { RestoredFsxFileSystem, RestoredLustreFileSystemOptions } from './resource-types/fsx/restored';
