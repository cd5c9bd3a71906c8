/**
 * The result fields of each tool, declared as its outputSchema. The plan's names come
 * first (success/output/exitCode, processId/status/pid, logs/lineCount, ...); the extra
 * fields beside them are listed where an agent relies on them. Objects pass extra keys.
 */
import { z } from 'zod';

const status = z.enum(['running', 'exited', 'killed', 'error']);
const exitCode = z.number().int().nullable();
const signal = z.string().nullable();
const target = z.object({ kind: z.enum(['host', 'container']), name: z.string().optional() });
const notice = z.string().optional();

export const processInfo = {
  processId: z.string(),
  id: z.string(),
  name: z.string().optional(),
  command: z.string(),
  status,
  pid: z.number().int().optional(),
  uptime: z.number().describe('Seconds.'),
  exitCode: exitCode.optional(),
  signal: signal.optional(),
  terminalId: z.string().optional(),
  target,
};

export const terminalInfo = {
  terminalId: z.string(),
  name: z.string(),
  cwd: z.string().optional(),
  shell: z.enum(['bash', 'sh']).optional(),
  pid: z.number().int().optional(),
  alive: z.boolean(),
  busy: z.boolean(),
  cols: z.number().int(),
  rows: z.number().int(),
  target,
};

export const execute = {
  success: z.boolean(),
  output: z.string(),
  stdout: z.string().optional().describe('With streams: true, stdout alone.'),
  stderr: z.string().optional().describe('With streams: true, stderr alone.'),
  exitCode,
  signal,
  timedOut: z.boolean(),
  durationMs: z.number(),
  notice,
};

export const background = { processId: z.string(), status, pid: z.number().int().optional(), notice };
export const stop = { success: z.boolean(), message: z.string(), ...processInfo };
export const logs = {
  logs: z.string(),
  lineCount: z.number().int(),
  cursor: z.number().int(),
  partial: z.string().optional().describe('The current line without a newline yet (a prompt), also the last line of `logs`.'),
  status: status.optional(),
};
export const list = {
  processes: z.array(z.object(processInfo).passthrough()),
  terminals: z.array(z.object(terminalInfo).passthrough()),
  defaultTarget: z.enum(['sandbox', 'host']),
};
export const wait = {
  found: z.boolean(),
  match: z.string().optional(),
  timeElapsed: z.number().describe('Milliseconds.'),
  partial: z.boolean().optional(),
  status: status.optional(),
};
export const input = {
  sent: z.boolean(),
  bytes: z.number().int(),
  output: z.string().optional(),
  found: z.boolean().optional(),
  match: z.string().optional(),
  timedOut: z.boolean().optional(),
};
export const signalSent = { sent: z.boolean(), signal: z.string() };
export const create = { ...terminalInfo, notice };
export const run = {
  processId: z.string(),
  status,
  success: z.boolean(),
  output: z.string(),
  exitCode,
  signal,
  timedOut: z.boolean(),
  cwd: z.string().optional(),
  durationMs: z.number(),
};
export const history = {
  terminalId: z.string(),
  commands: z.array(z.string()),
  outputs: z.array(z.string()),
  entries: z.array(z.object({ processId: z.string(), command: z.string(), output: z.string(), exitCode, cwd: z.string().optional(), origin: z.enum(['agent', 'attached']) }).passthrough()),
};
export const detach = {
  terminalId: z.string(),
  detached: z.literal(true),
  ttl: z.number().int().describe('Milliseconds it is kept without a client.'),
  expiresAt: z.number().int().describe('When it ends unless taken back (epoch milliseconds).'),
};
export const reattach = {
  ...terminalInfo,
  missed: z.string().describe('What it printed while detached (screen view).'),
  lineCount: z.number().int(),
  partial: z.string().optional(),
  cursor: z.number().int().describe('Pass to terminal_logs as `since` to read on from here.'),
  dropped: z.number().int(),
  detachedMs: z.number().int(),
};
export const destroy = { success: z.boolean(), processesKilled: z.number().int(), terminalId: z.string() };
export const sandbox = { project: z.string(), service: z.string(), container: z.string().optional(), startedHere: z.boolean(), status: z.string() };
