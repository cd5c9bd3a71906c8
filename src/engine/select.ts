/**
 * Choosing the engine: `--engine podman|docker`, else `TEMPFS_ENGINE`, else automatic:
 * Podman when it is on PATH (tempfs's home engine), else Docker when it is, else Podman
 * (whose "not found" error then names both). Connection flags come from the command line,
 * then the engines' own variables (`CONTAINER_HOST`, `DOCKER_HOST`, `DOCKER_CONTEXT`).
 * Synchronous and without starting a process: every command pays for it; `tempfs doctor`
 * is where the engine is really tried.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TempfsError } from '../errors.js';
import { ENGINE_KINDS, type EngineConnection, type EngineKind } from './connection.js';

export interface EngineFlags {
  /** `--engine`. */
  engine?: string;
  /** `--connection` (Podman). */
  connection?: string;
  /** `--url` (Podman) or `--host` (Docker): the same thing. */
  url?: string;
  /** `--context` (Docker). */
  context?: string;
}

type Env = Record<string, string | undefined>;

/** The engine and why it was chosen (doctor prints the reason). */
export interface Selection {
  connection: EngineConnection;
  reason: string;
}

export function selectEngine(flags: EngineFlags, env: Env): Selection {
  const { kind, reason } = chooseKind(flags, env);
  return { connection: connect(kind, flags, env), reason };
}

function chooseKind(flags: EngineFlags, env: Env): { kind: EngineKind; reason: string } {
  if (flags.engine) return { kind: parseKind(flags.engine, '--engine'), reason: `--engine ${flags.engine}` };
  if (env.TEMPFS_ENGINE) return { kind: parseKind(env.TEMPFS_ENGINE, 'TEMPFS_ENGINE'), reason: `TEMPFS_ENGINE=${env.TEMPFS_ENGINE}` };
  // Connection flags only one engine has say which one is meant.
  if (flags.connection) return { kind: 'podman', reason: '--connection is a Podman option' };
  if (flags.context) return { kind: 'docker', reason: '--context is a Docker option' };
  const podman = binaryOf('podman', env);
  if (onPath(podman, env)) return { kind: 'podman', reason: `automatic: ${podman} is on PATH` };
  const docker = binaryOf('docker', env);
  if (onPath(docker, env)) return { kind: 'docker', reason: `automatic: no ${podman} on PATH, ${docker} is` };
  return { kind: 'podman', reason: 'automatic: neither podman nor docker is on PATH' };
}

function parseKind(value: string, source: string): EngineKind {
  if ((ENGINE_KINDS as readonly string[]).includes(value)) return value as EngineKind;
  throw new TempfsError('USAGE', `${source}: "${value}" is not an engine`, { hint: 'use podman or docker' });
}

/** `TEMPFS_PODMAN` / `TEMPFS_DOCKER` name the binary; default the engine's own name. */
export function binaryOf(kind: EngineKind, env: Env): string {
  return (kind === 'podman' ? env.TEMPFS_PODMAN : env.TEMPFS_DOCKER) || kind;
}

function connect(kind: EngineKind, flags: EngineFlags, env: Env): EngineConnection {
  const binary = binaryOf(kind, env);
  if (kind === 'podman') {
    if (flags.context) throw new TempfsError('USAGE', '--context is a Docker option', { hint: 'with Podman use --connection NAME or --url URL' });
    const url = flags.url ?? (flags.connection ? undefined : env.CONTAINER_HOST || undefined);
    return { kind, binary, ...(url ? { url } : {}), ...(flags.connection && !flags.url ? { connection: flags.connection } : {}) };
  }
  if (flags.connection) throw new TempfsError('USAGE', '--connection is a Podman option', { hint: 'with Docker use --context NAME or --url URL' });
  const context = flags.context ?? (flags.url ? undefined : env.DOCKER_CONTEXT || undefined);
  const url = context ? undefined : (flags.url ?? (env.DOCKER_HOST || undefined));
  return { kind, binary, ...(context ? { context } : {}), ...(url ? { url } : {}) };
}

/** True when `binary` names an executable file (a path, or a name found on PATH). */
export function onPath(binary: string, env: Env): boolean {
  return binary.includes('/') ? isExecutable(binary) : findOnPath(binary, env) !== null;
}

/** The first executable file called `name` in the folders of PATH, or null. */
export function findOnPath(name: string, env: Env): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
