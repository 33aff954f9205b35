export * from './types';
export * from './recovery-point-arn';
export * from './validate';
export { rulesFor } from './resource-types';
export * from './limits';
