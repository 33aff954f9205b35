export * from './recovery-point';
export * from './restore-metadata';
export * from './restore-job';
