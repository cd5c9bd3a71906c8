/**
 * A command line for error messages and events, with the values of environment flags
 * hidden: `-e API_KEY=...` must never reach a terminal, a CI log or a `--progress json`
 * event. Only the variable names stay, so the message still says what was passed.
 */
import { shellQuote } from '../shared/shell-quote.js';

/** Podman flags whose value is `KEY=VALUE` (the value may be a secret). */
const ENV_FLAGS = new Set(['-e', '--env']);

export function redactArgs(args: readonly string[]): string[] {
  return args.map((arg, i) => {
    if (i > 0 && ENV_FLAGS.has(args[i - 1]!)) return hideValue(arg);
    const inline = /^(-e|--env)=(.*)$/s.exec(arg);
    return inline ? `${inline[1]}=${hideValue(inline[2]!)}` : arg;
  });
}

function hideValue(assignment: string): string {
  const eq = assignment.indexOf('=');
  return eq < 0 ? assignment : `${assignment.slice(0, eq)}=***`;
}

/** `file arg…`, each word quoted when it needs to be, environment values hidden. */
export function displayCommand(file: string, args: readonly string[]): string {
  return [file, ...redactArgs(args)].map(shellQuote).join(' ');
}
