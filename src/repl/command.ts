/**
 * The shape of a terminal command and the context it runs with. Custom command
 * modules default-export a `ReplCommand`; the terminal layer never sees Podman,
 * only the `ReplContainer` handle the caller builds.
 */
import type { Writable } from 'node:stream';
import type { ReplJobs } from './jobs.js';

export interface ReplExecOptions {
  signal?: AbortSignal;
  env?: Record<string, string>;
  workdir?: string;
  /** Text written to the process's stdin, then closed. */
  input?: string;
}

export interface ReplExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The container a terminal is bound to. */
export interface ReplContainer {
  /** Full container name (`<project>-<service>-1`). */
  name: string;
  /** Service name, the key under `containers:`. */
  service: string;
  /** Run argv in the container and collect its output. */
  exec(argv: string[], options?: ReplExecOptions): Promise<ReplExecResult>;
  /** Run argv in the container with the user's terminal attached; resolves to the exit code. */
  execInteractive(argv: string[]): Promise<number>;
  /** The last `n` log lines of the container. */
  logs(n: number): Promise<string[]>;
}

export interface ReplProject {
  name: string;
  /** Folder of the recipe. */
  dir: string;
  /** Service names of the project's containers. */
  services: string[];
}

export interface ReplContext {
  container: ReplContainer;
  project: ReplProject;
  /** Base URL of the project's llama-server as seen from the host, if there is one. */
  llamaUrl?: string;
  output: Writable;
  /** Aborted when the user presses Ctrl-C while this command runs. */
  signal: AbortSignal;
  /** Write text to the output, adding a newline when it lacks one. */
  print(text: string): void;
  /** The commands this terminal offers (for `help`). */
  commands: readonly ReplCommand[];
  /** Leave the terminal once this command returns. */
  exit(): void;
  /** Colours are allowed on the output. */
  color: boolean;
  /** Background jobs in the container, when the terminal offers them. */
  jobs?: ReplJobs;
}

export interface ReplCommand {
  name: string;
  aliases?: string[];
  description: string;
  /** The command is offered by containers that accept any of these roles. */
  roles: string[];
  /** A returned string is printed. */
  execute(args: string[], ctx: ReplContext): string | void | Promise<string | void>;
}
