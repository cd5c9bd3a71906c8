/**
 * The library surface of tempfs: what a program (an agent runtime, a test harness) can use
 * without the CLI. Everything reports progress as events and takes an AbortSignal.
 *
 * ```ts
 * const { project } = await loadProject({ cwd: process.cwd() });
 * const stack = await up({ engine: new PodmanEngine(), project });
 * try { ... stack.containers.db ... } finally { await stack.down(); }
 * ```
 */
export { TempfsError, ExitCode, isTempfsError, type ErrorCode } from './errors.js';
export type { TempfsEvent, EventSink } from './events.js';

export { loadProject, type LoadOptions, type LoadResult } from './recipe/index.js';
export type * from './recipe/model.js';

export { buildPlan, selectServices, dependentsOf, type Plan, type PlanStep } from './plan/plan.js';
export { renderPlan } from './plan/render.js';

export { Labels, type ContainerEngine, type ContainerInfo, type CreateRequest } from './engine/engine.js';
export { PodmanEngine } from './engine/podman.js';
export { DockerEngine } from './engine/docker.js';
export { engineFor } from './engine/create.js';
export { selectEngine } from './engine/select.js';
export type { EngineConnection, EngineKind } from './engine/connection.js';

export { waitUntilReady, waitForCondition } from './readiness/index.js';
export { ensureModel, listModels, removeModel, resolveModelsDir } from './models/index.js';
export { startMonitor, type MonitorHandle } from './monitor/launcher.js';

// The orchestrator: bring a loaded project up and down on an engine, or run a one-off in it.
export { up, down, run, type UpOptions, type DownOptions, type RunOptions, type RemovalReport } from './stack/index.js';
export type { StackHandle, StackInputs, MonitorSettings } from './stack/index.js';
export { cleanupSession } from './monitor/cleanup.js';

export { ProcessManager } from './process/index.js';
export type * from './process/types.js';
