/** Readiness: probes, the composite wait and the depends_on conditions. */
export { waitUntilReady, type ReadinessProgress, type WaitUntilReadyOptions } from './wait-until-ready.js';
export { waitForCondition, type ConditionOptions } from './wait-for-condition.js';
export { waitUntilRunning } from './wait-until-running.js';
export { warmHttpProbes } from './http-probe.js';
export type { Probe, ProbeKind } from './probe.js';
