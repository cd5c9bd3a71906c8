/** The recipe document as the schema admits it: before normalisation, after interpolation. */
import type { LongPort } from './ports.js';

export type Scalar = string | number | boolean | null;
export type Argv = string | Scalar[];
export type StringMap = Record<string, Scalar> | string[];
export type Size = string | number;

export interface RawReady {
  log?: string;
  times?: number;
  http?: string | { url: string; status?: number };
  tcp?: number | string;
  exec?: Argv;
  interval?: string;
  timeout?: string;
}

export interface RawMount {
  type?: 'volume' | 'bind';
  source: string;
  target: string;
  read_only?: boolean;
}

export interface RawContainer {
  image: string;
  command?: Argv;
  entrypoint?: Argv;
  environment?: StringMap;
  env_file?: string | string[];
  ports?: (number | string | LongPort)[];
  volumes?: (string | RawMount)[];
  tmpfs?: Record<string, Size | null> | string[];
  resources?: { cpus?: number | string; memory?: Size; memory_swap?: Size; pids?: number };
  ready?: RawReady;
  depends_on?: string[] | Record<string, { condition?: 'started' | 'ready' | 'completed_successfully' } | null>;
  profiles?: string[];
  labels?: StringMap;
  user?: string | number;
  working_dir?: string;
  stop_grace_period?: string;
  init?: boolean;
  ephemeral?: boolean;
  models?: string[];
  roles?: string[];
  ttl?: string;
  cap_add?: string[];
}

export interface RawCommand {
  name: string;
  aliases?: string[];
  description?: string;
  roles?: string[];
  run: string | string[];
}

export interface RawRecipe {
  name?: string;
  env_file?: string | string[];
  models?: Record<string, { url: string; sha256?: string; file?: string }>;
  volumes?: Record<string, { labels?: StringMap } | null>;
  containers?: Record<string, RawContainer>;
  commands?: (string | RawCommand)[];
  terminal?: string;
  ttl?: string;
}
