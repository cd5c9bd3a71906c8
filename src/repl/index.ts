/** The terminal layer's surface: what `commands/shell.ts` and command modules use. */
export type {
  ReplCommand,
  ReplContainer,
  ReplContext,
  ReplExecOptions,
  ReplExecResult,
  ReplProject,
} from './command.js';
export type {
  JobInfo,
  JobLogs,
  JobLogsOptions,
  JobStatus,
  JobWaitOptions,
  JobWaitResult,
  ReplJobs,
} from './jobs.js';
export { parseLine, type ParseResult } from '../shared/shell-words.js';
export { buildRegistry, registryOf, type Registry, type RegistrySources } from './registry.js';
export type { LoadProblem, SourcedCommand } from './module-loader.js';
export { builtinCommands } from './builtins/index.js';
export { runRepl, type ReplEnd, type ReplOptions } from './repl.js';
export { cancellableExec, type ExecFn } from './cancellable-exec.js';
