/**
 * The terminal's background jobs, backed by one ProcessManager that runs everything in
 * the bound container. The terminal layer only sees `ReplJobs`; this is the adapter.
 */
import type { ProcessInfo, ProcessManager } from '../process/index.js';
import type { JobInfo, ReplJobs } from '../repl/index.js';

export function managerJobs(manager: ProcessManager, containerName: string): ReplJobs {
  const target = { kind: 'container', name: containerName } as const;
  return {
    start(command) {
      const { processId } = manager.background({ command, target });
      return jobOf(manager.status(processId));
    },
    list: () => manager.list().map(jobOf),
    logs(id, options = {}) {
      const page = manager.logs({ processId: id, lines: options.lines, since: options.since });
      return { lines: page.logs.map((entry) => entry.text), cursor: page.cursor, dropped: page.dropped };
    },
    stop: async (id) => jobOf(await manager.stop(id)),
    async wait(id, pattern, options) {
      const result = await manager.wait({ processId: id, pattern, timeout: options.timeoutMs, since: options.since, signal: options.signal });
      return result.found ? { found: true, line: result.line } : { found: false };
    },
  };
}

function jobOf(info: ProcessInfo): JobInfo {
  return {
    id: info.processId,
    command: info.command,
    status: info.status,
    uptimeSec: info.uptimeSec,
    ...(info.exitCode === undefined ? {} : { exitCode: info.exitCode }),
    ...(info.error === undefined ? {} : { error: info.error }),
  };
}
