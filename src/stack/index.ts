/** The orchestrator as a library: up / down / run of a loaded project on a ContainerEngine. */
export { up, type UpOptions } from './up.js';
export { down, type DownOptions, type RemovalReport } from './down.js';
export { run, type RunOptions } from './run.js';
export type { StackHandle } from './handle.js';
export { holdNetworks, type NetworkHold } from './hold.js';
export type { StackInputs, MonitorSettings } from './inputs.js';
