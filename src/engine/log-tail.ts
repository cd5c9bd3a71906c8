/**
 * `logs --tail N` done here instead of by the engine: Podman 4.3's `--tail` counts the
 * k8s-file log's partial-line records as lines, so a line written in pieces comes back cut
 * or glued to the next (containers/podman #19545; llama.cpp prints that way). Reading the
 * whole log without `--tail` reassembles the pieces; this keeps only the last N lines in a
 * ring (memory bounded by N, whatever the log's size). With follow, the history is read
 * once for the tail, then the followed stream skips as many lines as the history had and
 * passes the rest on (the log only grows, so those are the same lines, and lines written in
 * between are not lost).
 */
import type { LogLine, LogOptions } from './engine.js';
import { parseDuration } from '../recipe/units.js';

type ReadLog = (options: LogOptions) => AsyncIterable<LogLine>;

export async function* tailLog(read: ReadLog, options: LogOptions & { tail: number }): AsyncGenerator<LogLine> {
  const { tail, follow, ...rest } = options;
  // A relative --since ("10m") is fixed once, so both reads start at the same line.
  const ms = rest.since === undefined ? null : parseDuration(rest.since);
  const since = ms === null ? rest.since : new Date(Date.now() - ms).toISOString();
  const base = { ...rest, ...(since === undefined ? {} : { since }) };
  const keep = Math.max(0, Math.floor(tail));
  const ring: LogLine[] = new Array<LogLine>(keep);
  let seen = 0;
  for await (const line of read(base)) {
    if (keep > 0) ring[seen % keep] = line;
    seen++;
  }
  const count = Math.min(seen, keep);
  for (let i = seen - count; i < seen; i++) yield ring[i % keep]!;
  if (!follow) return;
  let skip = seen;
  for await (const line of read({ ...base, follow: true })) {
    if (skip > 0) skip--;
    else yield line;
  }
}
