/** Input fields shared by several tools, with the descriptions an agent reads. */
import { z } from 'zod';

export const processId = z.string().min(1).describe('The id returned by terminal_background or terminal_run (see terminal_list).');
export const terminalId = z.string().min(1).describe('The terminal name given to terminal_create.');
export const command = z.string().min(1).describe('A shell command line (run by bash when the target has it, else sh).');
export const cwd = z.string().min(1).optional().describe('Working directory (default: the container\'s working directory, or the server\'s on the host).');
export const env = z.record(z.string()).optional().describe('Extra environment variables, e.g. {"DEBUG": "1"}.');
/** A terminal's size, in character cells. */
export const cols = z.number().int().min(10).max(1000);
export const rows = z.number().int().min(2).max(1000);

/** A timeout in milliseconds, as the plan's tools take it; out of range is an error that names the unit. */
export function timeout(what: string, defaultMs: number, maxMs: number) {
  return z
    .number()
    .int('timeout is in milliseconds: a whole number')
    .min(100, 'timeout is in milliseconds: at least 100 (0.1 s)')
    .max(maxMs, `timeout is in milliseconds: at most ${maxMs} (${maxMs / 1000} s)`)
    .optional()
    .describe(`Milliseconds before ${what} (default ${defaultMs}, at most ${maxMs}).`);
}

/**
 * The `target` field: "host", "sandbox" (the recipe's), or the containerId of a sandbox this
 * server started with container_start; its description says what this server allows. Any
 * other value is refused by the TargetResolver with the list of what is valid.
 */
export function target(allowHost: boolean, hasSandbox: boolean) {
  const ids = ' or the containerId of a sandbox started with container_start';
  const text = !hasSandbox
    ? `Where to run: "host" (the default: this server has no sandbox recipe)${allowHost ? '' : ' (refused: the server was started without --allow-host)'},${ids}.`
    : allowHost
      ? `Where to run: "sandbox" (the default: the sandbox container, started on first use), "host" (this machine, outside any container),${ids}.`
      : `Where to run: "sandbox" (the default)${ids}; "host" is refused because the server was started without --allow-host.`;
  return z.string().min(1).max(200).optional().describe(text);
}

export const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2', 'SIGTSTP', 'SIGCONT', 'SIGWINCH'] as const;
