/**
 * One `{exitCode, signal}` shape wherever a command ran. A shell reports a command
 * killed by signal N as status 128+N (that is all `podman exec` and a terminal see);
 * Node reports a host child as code null plus the signal. Both become 128+N with the
 * signal's name.
 */
import { constants } from 'node:os';

const NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

export interface ExitShape {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export function exitShape(code: number | null, signal: NodeJS.Signals | null): ExitShape {
  if (signal) return { exitCode: 128 + (constants.signals[signal] ?? 0), signal };
  if (code !== null && code > 128 && NAMES.has(code - 128)) return { exitCode: code, signal: NAMES.get(code - 128)! };
  return { exitCode: code, signal: null };
}
