export { ProcessManager } from './manager.js';
export type * from './types.js';
