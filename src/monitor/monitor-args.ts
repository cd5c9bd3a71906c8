/**
 * The monitor's command line. The launcher writes it, `main.ts` reads it back; `--session`
 * also lets `stopMonitor`/`gc` recognise a monitor in /proc/<pid>/cmdline.
 */
import { parseArgs } from 'node:util';
import { TempfsError } from '../errors.js';
import type { MonitorMode } from './session-record.js';
import { assertSessionId } from './state-dir.js';
import { ENGINE_KINDS, type EngineConnection, type EngineKind } from '../engine/connection.js';

export interface MonitorConfig {
  session: string;
  project: string;
  mode: MonitorMode;
  ownerPid: number;
  graceMs: number;
  /** Epoch ms; null: no TTL. */
  expiresAt: number | null;
  stateDir: string;
  podmanPath?: string;
  /** The engine and connection of the CLI (wins over podmanPath): the monitor talks to the same engine. */
  engine?: EngineConnection;
  /** The launcher has just run this Podman itself: no check before `ready`. */
  podmanChecked?: boolean;
  /** Detached mode: how often to check that the session still has containers. */
  pollMs: number;
  /** On the owner's death, switch to detached instead of removing the session (see launcher). */
  keepOnOwnerDeath?: boolean;
  /** The session makes Pods (`tempfs kube --play`): its cleanups look for them, and so does `down`. */
  pods?: boolean;
  /** The session holds networks only (stack/hold.ts): on the owner's death, no removal of containers at once. */
  networksOnly?: boolean;
}

export function monitorArgv(config: MonitorConfig): string[] {
  const argv = [
    '--session', config.session,
    '--project', config.project,
    '--mode', config.mode,
    '--owner', String(config.ownerPid),
    '--grace', String(config.graceMs),
    '--state-dir', config.stateDir,
    '--poll', String(config.pollMs),
  ];
  if (config.expiresAt !== null) argv.push('--expires', String(config.expiresAt));
  if (config.podmanPath) argv.push('--podman', config.podmanPath);
  argv.push(...engineArgv(config.engine));
  if (config.podmanChecked) argv.push('--podman-checked');
  if (config.keepOnOwnerDeath) argv.push('--keep-on-owner-death');
  if (config.pods) argv.push('--pods');
  if (config.networksOnly) argv.push('--networks-only');
  return argv;
}

function number(value: string | undefined, name: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < 0) {
    throw new TempfsError('USAGE', `monitor: --${name} needs a non-negative number`);
  }
  return n;
}

export function parseMonitorArgv(argv: string[]): MonitorConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      session: { type: 'string' },
      project: { type: 'string' },
      mode: { type: 'string' },
      owner: { type: 'string' },
      grace: { type: 'string' },
      'state-dir': { type: 'string' },
      poll: { type: 'string' },
      expires: { type: 'string' },
      podman: { type: 'string' },
      'podman-checked': { type: 'boolean' },
      engine: { type: 'string' },
      'engine-binary': { type: 'string' },
      connection: { type: 'string' },
      url: { type: 'string' },
      context: { type: 'string' },
      'keep-on-owner-death': { type: 'boolean' },
      pods: { type: 'boolean' },
      'networks-only': { type: 'boolean' },
    },
  });
  const session = values.session ?? '';
  assertSessionId(session);
  if (values.mode !== 'foreground' && values.mode !== 'detached') {
    throw new TempfsError('USAGE', 'monitor: --mode must be foreground or detached');
  }
  if (!values['state-dir'] || !values.project) {
    throw new TempfsError('USAGE', 'monitor: --project and --state-dir are required');
  }
  return {
    session,
    project: values.project,
    mode: values.mode,
    ownerPid: number(values.owner, 'owner'),
    graceMs: number(values.grace, 'grace'),
    expiresAt: values.expires === undefined ? null : number(values.expires, 'expires'),
    stateDir: values['state-dir'],
    podmanPath: values.podman,
    ...engineFromArgv(values),
    podmanChecked: values['podman-checked'] === true,
    pollMs: values.poll === undefined ? 2000 : number(values.poll, 'poll'),
    ...(values['keep-on-owner-death'] ? { keepOnOwnerDeath: true } : {}),
    ...(values.pods ? { pods: true } : {}),
    ...(values['networks-only'] ? { networksOnly: true } : {}),
  };
}

function engineArgv(engine: EngineConnection | undefined): string[] {
  if (engine === undefined) return [];
  const argv = ['--engine', engine.kind, '--engine-binary', engine.binary];
  if (engine.connection) argv.push('--connection', engine.connection);
  if (engine.url) argv.push('--url', engine.url);
  if (engine.context) argv.push('--context', engine.context);
  return argv;
}

function engineFromArgv(values: Record<string, string | boolean | undefined>): { engine?: EngineConnection } {
  const kind = values.engine;
  if (kind === undefined) return {};
  if (!(ENGINE_KINDS as readonly unknown[]).includes(kind)) throw new TempfsError('USAGE', 'monitor: --engine must be podman or docker');
  const text = (name: string) => (typeof values[name] === 'string' ? { [name]: values[name] as string } : {});
  return {
    engine: { kind: kind as EngineKind, binary: String(values['engine-binary'] ?? kind), ...text('connection'), ...text('url'), ...text('context') },
  };
}
