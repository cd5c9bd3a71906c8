/**
 * `tempfs up`: the orchestrator (src/stack) starts the models, then the containers in
 * dependency order with readiness waits, under a monitor that removes the session if this
 * process dies; this verb decides what happens next. Foreground: stream every container's output until Ctrl-C/SIGTERM or until all have
 * stopped, then remove everything. `-d`: return once ready and leave the stack running
 * (with an optional TTL).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { up as upStack } from '../stack/up.js';
import type { StackHandle } from '../stack/handle.js';
import type { CommandContext } from './context.js';
import { withProgress } from './stack/progress-done.js';
import { loadForCommand } from './load.js';
import { createEngine } from './stack/engine.js';
import { streamLogs } from './stack/stream-logs.js';
import { abortExitCode } from '../errors.js';

export interface UpOptions {
  services: string[];
  detach: boolean;
  /** `-d` waits for readiness unless --no-wait. */
  wait: boolean;
  waitTimeoutMs: number | null;
  parallel: number;
  keepOnFailure: boolean;
  /** `--ttl`; null: the recipe's `ttl`, if any. */
  ttlMs: number | null;
  /** Foreground on a TTY: open the interactive shell once ready (the CLI's default; `--no-shell` streams logs). */
  shell?: boolean;
}

export async function upCommand(ctx: CommandContext, options: UpOptions): Promise<number> {
  return withProgress(ctx, () => up(ctx, options));
}

async function up(ctx: CommandContext, options: UpOptions): Promise<number> {
  // The terminal (and the recipe's command modules) opens only in the foreground on a TTY.
  const opensTerminal = !options.detach && options.shell === true && ctx.stdinIsTTY && ctx.isTTY;
  const { project } = await loadForCommand(ctx, { services: options.services, trust: { containers: true, code: opensTerminal } });
  const engine = createEngine(ctx);
  const ttlMs = options.detach ? (options.ttlMs ?? project.ttl) : null;
  let stack: StackHandle;
  try {
    stack = await upStack({
      engine,
      project,
      services: options.services,
      signal: ctx.signal,
      events: ctx.events,
      env: ctx.env,
      wait: !options.detach || options.wait,
      waitTimeoutMs: options.waitTimeoutMs,
      parallel: options.parallel,
      keepOnFailure: options.keepOnFailure,
      ttlMs,
      containerTtls: options.detach,
      join: options.detach,
    });
  } catch (error) {
    if (options.keepOnFailure && !ctx.signal.aborted) {
      ctx.events({ type: 'message', level: 'warn', text: `kept what this up created for inspection (--keep-on-failure); remove it with: tempfs down` });
    }
    if (ctx.signal.aborted) return abortExitCode(ctx.signal);
    throw error;
  }

  await ctx.progressDone?.();
  if (options.detach) {
    await stack.detach();
    const names = Object.keys(stack.containers);
    ctx.events({ type: 'message', level: 'info', text: `${project.name}: ${names.length} container${names.length === 1 ? '' : 's'} ${options.wait ? 'ready' : 'started'}${ttlMs === null ? '' : `, removed in ${Math.round(ttlMs / 1000)}s (TTL)`}; stop with: tempfs down` });
    return 0;
  }

  // Foreground in a terminal: the interactive shell; `exit` (or Ctrl-D) takes the stack down.
  // The terminal's modules (the REPL, the process layer) load only here: `up -d` never pays for them.
  const shell = opensTerminal ? await import('./shell.js') : null;
  const terminal = shell ? shell.terminalFor(project, Object.keys(stack.containers)) : null;
  if (shell && terminal) {
    ctx.stderr.write(`${project.name} is ready. Terminal of ${terminal} (help lists its commands; output: tempfs logs -f; exit takes the stack down)\n`);
    try {
      await shell.openTerminal(ctx, project, terminal);
    } finally {
      await stack.down();
    }
    return ctx.signal.aborted ? abortExitCode(ctx.signal) : 0;
  }

  // Foreground: show every container's output until interrupted or all have stopped.
  let streamError: unknown;
  const signal = ctx.signal;
  await streamLogs({ engine, containers: stack.containers, out: ctx.stdout, color: ctx.color, signal, follow: true, prefix: true }).catch(
    async (error: unknown) => {
      // `podman logs` shares our process group, so a Ctrl-C reaches it too and it may end
      // a moment before our own handler runs: give the signal that moment before blaming it.
      await sleep(250);
      if (!signal.aborted) streamError = error;
    },
  );
  await stack.down();
  if (ctx.signal.aborted) return abortExitCode(ctx.signal);
  if (streamError !== undefined) throw streamError;
  return 0;
}
