/**
 * Runs one parsed command line: finds the command (or suggests the nearest name),
 * builds its context, prints what it returns, and reports failures as one line.
 * A cancel (Ctrl-C) is not an error: it says "cancelled" and the terminal goes on.
 */
import type { Writable } from 'node:stream';
import { isTempfsError } from '../errors.js';
import type { ReplContainer, ReplContext, ReplProject } from './command.js';
import type { ReplJobs } from './jobs.js';
import type { Registry } from './registry.js';
import type { Style } from '../ui/colors.js';
import { nearest } from '../shared/suggest.js';

export interface Session {
  registry: Registry;
  container: ReplContainer;
  project: ReplProject;
  llamaUrl?: string;
  output: Writable;
  style: Style;
  color: boolean;
  /** Set by the `exit` command. */
  exitRequested: boolean;
  jobs?: ReplJobs;
}

export function printTo(output: Writable): (text: string) => void {
  return (text) => output.write(text.endsWith('\n') ? text : `${text}\n`);
}

export async function dispatch(session: Session, argv: string[], signal: AbortSignal): Promise<void> {
  const [word, ...args] = argv as [string, ...string[]];
  const print = printTo(session.output);
  const command = session.registry.find(word);
  if (!command) {
    print(unknownCommand(word, session.registry.words()));
    return;
  }
  const ctx: ReplContext = {
    container: session.container,
    project: session.project,
    llamaUrl: session.llamaUrl,
    output: session.output,
    signal,
    print,
    commands: session.registry.commands,
    exit: () => {
      session.exitRequested = true;
    },
    color: session.color,
    jobs: session.jobs,
  };
  try {
    const result = await command.execute(args, ctx);
    if (typeof result === 'string' && result !== '') print(result);
  } catch (e) {
    if (signal.aborted) {
      print(session.style.dim('cancelled'));
      return;
    }
    print(session.style.red(`error: ${e instanceof Error ? e.message : String(e)}`));
    if (isTempfsError(e) && e.hint) print(session.style.dim(e.hint));
  }
}

export function unknownCommand(word: string, known: readonly string[]): string {
  const guess = nearest(word, known);
  if (guess) return `unknown command "${word}" — did you mean "${guess}"?`;
  // `help` is a `base` command: only point to it where it is offered.
  return known.includes('help') ? `unknown command "${word}" — type "help" for the list` : `unknown command "${word}"`;
}
