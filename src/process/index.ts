export { ProcessManager } from './manager.js';
export { KEY_NAMES } from './keys.js';
export type * from './types.js';
export { serveAttach, type AttachHello, type AttachServer } from './attach-server.js';
