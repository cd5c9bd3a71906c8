/** Input fields shared by several tools, with the descriptions an agent reads. */
import { z } from 'zod';

export const processId = z.string().min(1).describe('The id returned by terminal_background (see terminal_list).');
export const terminalId = z.string().min(1).describe('The terminal name given to terminal_create.');
export const command = z.string().min(1).describe('A shell command line (run by bash when the target has it, else sh).');
export const cwd = z.string().min(1).optional().describe('Working directory (default: the container\'s working directory, or the server\'s on the host).');
export const env = z.record(z.string()).optional().describe('Extra environment variables, e.g. {"DEBUG": "1"}.');

export function timeout(what: string, defaultSec: number, maxSec: number) {
  return z.number().positive().max(maxSec).optional().describe(`Seconds before ${what} (default ${defaultSec}, at most ${maxSec}).`);
}

/** The `target` field; its description says what this server allows. */
export function target(allowHost: boolean, hasSandbox: boolean) {
  const text = !hasSandbox
    ? 'Where to run: "host" (the default: this server has no sandbox recipe).'
    : allowHost
      ? 'Where to run: "sandbox" (the default: the sandbox container, started on first use) or "host" (this machine, outside any container).'
      : 'Where to run: only "sandbox" (the default) is available; "host" is refused because the server was started without --allow-host.';
  return z.enum(['sandbox', 'host']).optional().describe(text);
}
