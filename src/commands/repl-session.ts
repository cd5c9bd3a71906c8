/**
 * `tempfs shell`: the interactive shell bound to one running container. The lead's
 * `shell`/`up` wiring resolves the names; this builds the terminal's view of the
 * container from the ContainerEngine and runs the REPL until `exit`, Ctrl-D or a signal.
 */
import type { ContainerEngine } from '../engine/engine.js';
import { ProcessManager } from '../process/index.js';
import type { Project } from '../recipe/model.js';
import {
  buildRegistry,
  builtinCommands,
  cancellableExec,
  runRepl,
  type ReplEnd,
  type ReplContainer,
} from '../repl/index.js';
import type { CommandContext } from './context.js';
import { managerJobs } from './shell-jobs.js';
import { abortExitCode } from '../errors.js';

export interface ShellOptions {
  /** The selected engine; its binary runs the background jobs too (`docker exec` takes `podman exec`'s flags). */
  engine: ContainerEngine & { binary: string };
  project: Project;
  /** Service name (key under `containers:`). */
  container: string;
  /** Full container name. */
  containerName: string;
  llamaUrl?: string;
  /** `$XDG_STATE_HOME/tempfs/history/<project>`. */
  historyFile: string;
}

export async function replSession(ctx: CommandContext, opts: ShellOptions): Promise<number> {
  const spec = opts.project.containers[opts.container];
  const registry = await buildRegistry({
    roles: spec?.roles ?? ['base'],
    builtins: builtinCommands(),
    folders: opts.project.commands,
    yamlCommands: opts.project.yaml_commands,
    yamlSource: opts.project.files[0] ?? 'tempfs.yaml',
  });
  for (const problem of registry.problems) {
    ctx.stderr.write(`warning: command module ${problem.path}: ${problem.reason}\n`);
  }
  // Background jobs (`bg`) run in the container under this session's manager; nothing
  // they started may outlive the shell, however it ends.
  const manager = new ProcessManager({ podmanPath: opts.engine.binary });
  let end: ReplEnd;
  try {
    end = await runRepl({
      input: ctx.stdin,
      output: ctx.stdout,
      terminal: ctx.stdinIsTTY,
      color: ctx.color,
      registry,
      container: engineContainer(ctx, opts),
      project: { name: opts.project.name, dir: opts.project.dir, services: Object.keys(opts.project.containers) },
      llamaUrl: opts.llamaUrl,
      historyFile: opts.historyFile,
      signal: ctx.signal,
      jobs: managerJobs(manager, opts.containerName),
    });
  } finally {
    await stopJobs(ctx, manager);
  }
  // `exit` and Ctrl-D are a normal end; a signal (SIGTERM, SIGHUP) keeps its exit code.
  return end === 'aborted' ? abortExitCode(ctx.signal) : 0;
}

/** The terminal's handle on the container, backed by the engine. */
function engineContainer(ctx: CommandContext, opts: ShellOptions): ReplContainer {
  const { engine, containerName: name } = opts;
  return {
    name,
    service: opts.container,
    // A Ctrl-C must stop the process in the container, not only the podman client.
    exec: cancellableExec((argv, options = {}) => engine.exec(name, argv, options)),
    async execInteractive(argv) {
      const result = await engine.exec(name, argv, { inherit: true, tty: ctx.stdinIsTTY });
      return result.exitCode;
    },
    async logs(n) {
      const lines: string[] = [];
      for await (const entry of engine.logs(name, { tail: n, signal: ctx.signal })) lines.push(entry.line);
      return lines;
    },
  };
}

/** Stops every job of the session, saying how many were still running. */
async function stopJobs(ctx: CommandContext, manager: ProcessManager): Promise<void> {
  const running = manager.list().filter((p) => p.status === 'running').map((p) => p.processId);
  if (running.length > 0) {
    ctx.stdout.write(`stopping ${running.length} background job${running.length === 1 ? '' : 's'} (${running.join(', ')})\n`);
  }
  await manager.dispose();
}
