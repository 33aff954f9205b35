export * from './types';
export * from './recovery-point-arn';
export * from './limits';
