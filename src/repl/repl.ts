/**
 * The interactive loop on node:readline: prompt `<project>/<container>> `, `> ` while
 * a `\` continuation is pending, history kept in a per-project file, Tab completing
 * command names, Ctrl-C cancelling the running command (or clearing the idle line),
 * Ctrl-D or `exit` leaving. Streams are injected so tests can drive it.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ReplContainer, ReplProject } from './command.js';
import { dispatch, printTo, type Session } from './dispatch.js';
import { HISTORY_SIZE, loadHistory, saveHistory } from './history.js';
import { parseLine } from '../shared/shell-words.js';
import type { ReplJobs } from './jobs.js';
import type { Registry } from './registry.js';
import { makeStyle } from '../ui/colors.js';

export interface ReplOptions {
  input: Readable;
  output: Writable;
  /** Line editing, arrow-key history, Tab and Ctrl-C handling (true on a TTY). */
  terminal: boolean;
  color: boolean;
  registry: Registry;
  container: ReplContainer;
  project: ReplProject;
  llamaUrl?: string;
  /** Where this project's history is kept; none: history lives only in memory. */
  historyFile?: string;
  /** Closes the terminal from outside (SIGTERM of the CLI). */
  signal?: AbortSignal;
  /** Background jobs for `bg`, `jobs`, `logs`, `stop`, `wait`. */
  jobs?: ReplJobs;
}

/** Why the loop ended: the `exit` command, end of input (Ctrl-D), or the outer signal. */
export type ReplEnd = 'exit' | 'eof' | 'aborted';

export const CONTINUATION_PROMPT = '> ';

export async function runRepl(opts: ReplOptions): Promise<ReplEnd> {
  const style = makeStyle(opts.color);
  const mainPrompt = style.bold(style.cyan(`${opts.project.name}/${opts.container.service}`)) + '> ';
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: opts.terminal,
    history: opts.historyFile ? await loadHistory(opts.historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(line, opts.registry),
    prompt: mainPrompt,
  });
  const session: Session = {
    registry: opts.registry,
    container: { ...opts.container, execInteractive: (argv) => handOver(rl, opts.input, () => opts.container.execInteractive(argv)) },
    project: opts.project,
    llamaUrl: opts.llamaUrl,
    output: opts.output,
    style,
    color: opts.color,
    exitRequested: false,
    jobs: opts.jobs,
  };
  let saving = Promise.resolve();
  if (opts.historyFile) {
    const file = opts.historyFile;
    // Written on every change (chained, so writes never overlap): a killed CLI keeps it.
    rl.on('history', (h: string[]) => {
      saving = saving.then(() => saveHistory(file, h)).catch(() => {});
    });
  }
  let pending: string | null = null;
  let running: AbortController | null = null;
  rl.on('SIGINT', () => {
    if (running) return running.abort();
    pending = null;
    opts.output.write('^C\n');
    // Empty readline's buffer: end of line, then delete everything left of the cursor.
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    rl.setPrompt(mainPrompt);
    rl.prompt();
  });
  const onAbort = () => {
    running?.abort();
    rl.close();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  let end: ReplEnd = 'eof';
  try {
    rl.prompt();
    for await (const line of rl) {
      const text: string = pending === null ? line : `${pending}\n${line}`;
      const parsed = parseLine(text);
      pending = parsed.kind === 'incomplete' ? text : null;
      if (parsed.kind === 'error') printTo(opts.output)(style.red(`error: ${parsed.message}`));
      if (parsed.kind === 'command') {
        running = new AbortController();
        await dispatch(session, parsed.argv, running.signal);
        running = null;
        if (session.exitRequested) {
          end = 'exit';
          break;
        }
      }
      rl.setPrompt(pending === null ? mainPrompt : CONTINUATION_PROMPT);
      rl.prompt();
    }
    // Ctrl-D leaves the cursor after the prompt: end the line for whatever prints next.
    if (end === 'eof' && opts.terminal) opts.output.write('\n');
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    rl.close();
    await saving;
  }
  return opts.signal?.aborted ? 'aborted' : end;
}

function complete(line: string, registry: Registry): [string[], string] {
  if (/\s/.test(line)) return [[], line];
  return [registry.words().filter((w) => w.startsWith(line)).sort(), line];
}

/**
 * Gives the user's terminal to an interactive process: readline stops reading and
 * the TTY leaves raw mode for the duration, then both come back.
 */
async function handOver(rl: Interface, input: Readable, run: () => Promise<number>): Promise<number> {
  const tty = input as Readable & { isTTY?: boolean; setRawMode?: (on: boolean) => void };
  rl.pause();
  if (tty.isTTY) tty.setRawMode?.(false);
  try {
    return await run();
  } finally {
    if (tty.isTTY) tty.setRawMode?.(true);
    rl.resume();
  }
}
