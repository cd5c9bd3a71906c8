/**
 * Entry of the monitor process (`node dist/monitor/main.js --session ...`), started by
 * launcher.ts. The one file in monitor/ that knows the engine classes (loaded on first use:
 * see lazy-engine.ts); the rest takes the ContainerEngine interface. stdout/stderr are the
 * session's log file.
 */
import { closeSync, writeSync } from 'node:fs';
import { binaryOf } from '../engine/select.js';
import { LazyEngine } from './lazy-engine.js';
import { parseMonitorArgv } from './monitor-args.js';
import { runMonitor } from './run-monitor.js';

const READY_FD = 3;
/** After `ready`: the CLI's `up` usually has its containers by then. */
const PRELOAD_AFTER_MS = 2000;

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} [${process.pid}] ${line}\n`);
}

function ready(line: string): void {
  try {
    writeSync(READY_FD, `${line}\n`);
    closeSync(READY_FD);
  } catch {
    // Started by hand, without the handshake channel: nothing to tell.
  }
}

async function main(): Promise<number> {
  const config = parseMonitorArgv(process.argv.slice(2));
  const stop = new AbortController();
  // SIGTERM comes from `down`, which removes the stack itself. The monitor has its own
  // session, so SIGINT/SIGHUP can only be sent on purpose: ignore them, the pipe decides.
  process.on('SIGTERM', () => stop.abort());
  process.on('SIGINT', () => log('ignoring SIGINT'));
  process.on('SIGHUP', () => log('ignoring SIGHUP'));
  // The CLI's engine and connection; an older launcher's `--podman PATH` is a local Podman.
  const connection = config.engine ?? { kind: 'podman' as const, binary: config.podmanPath ?? binaryOf('podman', process.env) };
  const engine = new LazyEngine(async () => (await import('../engine/create.js')).engineFor(connection), connection);
  return runMonitor(engine, config, {
    control: config.mode === 'foreground' ? process.stdin : null,
    ready: (line) => {
      ready(line);
      // Loading the engine's modules costs CPU (more on a loaded machine): paid after the
      // CLI's start has moved on, not on the way to removing its containers once it dies.
      // A CLI that is done sooner never makes the monitor load it.
      if (line === 'ready') setTimeout(() => engine.preload(), PRELOAD_AFTER_MS).unref();
    },
    log,
    stop: stop.signal,
  });
}

main().then(
  (code) => {
    process.exitCode = code;
    // Nothing should be pending; exit anyway so a stray handle cannot keep us alive.
    setImmediate(() => process.exit(code));
  },
  (error: unknown) => {
    log(`monitor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    ready(`error ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
