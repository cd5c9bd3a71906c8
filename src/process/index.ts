export { ProcessManager } from './manager.js';
export { KEY_NAMES } from './keys.js';
export type * from './types.js';
export { TerminalHost, HostSession } from './terminal-host.js';
export { HostClient, connectHost, endTerminalHost, hostStatePath, watchTerminal, type TerminalWatch } from './host-client.js';
export { RpcClient } from './rpc.js';
export { DETACH_TTL } from './ownership.js';
export { JOB_SWEEP, JOB_VARIABLE, LEFTOVER_GRACE_MS, newJobId } from './job-marker.js';
