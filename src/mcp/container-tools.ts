/**
 * container_start, container_stop, container_list, container_terminal: the agent's sandboxes.
 * `container_start` with arguments (or on a server without a recipe) makes a new hardened
 * sandbox (sandboxes.ts); without arguments it brings up the recipe's sandbox as before.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { TempfsError } from '../errors.js';
import { NETWORK_POLICIES } from '../recipe/model.js';
import { parseSize } from '../shared/units.js';
import * as f from './fields.js';
import * as out from './outputs.js';
import type { SandboxControl } from './sandbox.js';
import { DEFAULT_CPUS, DEFAULT_MEMORY_BYTES, DEFAULT_NETWORK, DEFAULT_TTL_MS } from './sandbox-spec.js';
import type { Sandboxes } from './sandboxes.js';
import { addTool, type ToolDeps } from './tool-kit.js';

const DAY_MS = 86_400_000;
const ms = (what: string, min: number) =>
  z.number().int(`${what} is in milliseconds: a whole number`).min(min, `${what} is in milliseconds: at least ${min}`).max(DAY_MS, `${what} is in milliseconds: at most ${DAY_MS} (24 h)`);

const startInput = {
  image: z.string().min(1).max(512).regex(/^[^-\s][^\s]*$/, 'an image name: no spaces, not starting with "-"').optional()
    .describe('A local image, e.g. "localhost/tools:1" (default: the recipe\'s sandbox image, else docker.io/library/ubuntu:24.04). Nothing is pulled.'),
  volumes: z.array(z.object({
    source: z.string().min(1).max(4096).describe('A host folder inside the workspace (relative paths start at the first workspace folder).'),
    target: z.string().min(1).max(4096).optional().describe('Where it appears in the sandbox (default /workspace/<its name>).'),
    mode: z.enum(['ro', 'rw']).optional().describe('"ro" (the default) or "rw".'),
  }).strict()).max(32).optional().describe('Host folders to bind, read-only unless mode is "rw"; only folders inside the server\'s workspace (--workspace).'),
  network: z.enum(NETWORK_POLICIES).optional()
    .describe(`"${DEFAULT_NETWORK}" is the default: the sandboxes' network, with a way out. "none": loopback only. "internal": the other sandboxes of this server only (by containerId as host name), no way out.`),
  ports: z.array(z.number().int().min(1).max(65535)).max(32).optional().describe('Container ports to publish on 127.0.0.1; each comes back with its URL.'),
  ttl: ms('ttl', 1000).optional().describe(`Milliseconds after which the sandbox is removed (default ${DEFAULT_TTL_MS}, 1 h; at most 24 h).`),
  idleTimeout: ms('idleTimeout', 1000).optional().describe('Milliseconds without a command in it after which the sandbox is removed (default: none).'),
  memory: z.union([z.string().min(1).max(32), z.number().int().min(6 * 1024 ** 2)]).optional().describe(`Memory limit: bytes or "512m", "2g" (default ${DEFAULT_MEMORY_BYTES / 1024 ** 3}g).`),
  cpus: z.number().min(0.01).max(1024).optional().describe(`CPU limit (default ${DEFAULT_CPUS}).`),
  env: f.env,
  workdir: z.string().regex(/^\//, 'an absolute path').max(4096).optional().describe('Working directory of commands (default: the image\'s).'),
  user: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, 'a user name or uid, optionally :group').max(64).optional()
    .describe('User to run as (default: the image\'s own user, else its uid-1000 account, else root).'),
};

const view = {
  containerId: z.string().optional(),
  image: z.string().optional(),
  status: z.string(),
  ports: z.array(z.object({ container: z.number().int(), url: z.string() })).optional(),
  ttl: z.number().optional().describe('Milliseconds.'),
  ttlLeft: z.number().optional().describe('Milliseconds.'),
  network: z.string().optional(),
  user: z.string().optional(),
  uptime: z.number().optional().describe('Seconds.'),
};

export function registerContainerTools(server: McpServer, deps: ToolDeps): void {
  const sandboxes = deps.targets.sandboxes;

  addTool(server, deps, 'container_start', {
    title: 'Start a sandbox container',
    description:
      'Start a new sandbox and return its containerId: a hardened container (read-only image, size-capped in-memory /tmp and HOME, no capabilities, ' +
      'no privilege escalation, pids/memory/cpu limits) from a local image, removed after `ttl` (default 1 h) or when this server stops. ' +
      'Pass the containerId as `target` to terminal_* tools, or use container_terminal. Several may run at once. ' +
      (deps.sandbox ? 'Without arguments: brings up the recipe\'s sandbox instead (the default target), as before.' : ''),
    input: startInput,
    output: { ...view, ...partial(out.sandbox) },
  }, async (args, signal) => {
    if (Object.keys(args).length === 0 && deps.sandbox) return recipeStart(deps.sandbox);
    const memory = args.memory === undefined ? undefined : memoryBytes(args.memory);
    return { ...(await need(sandboxes).start({ ...args, memory }, signal)) };
  });

  addTool(server, deps, 'container_stop', {
    title: 'Stop a sandbox container',
    description:
      'Stop and remove a sandbox started with container_start (its containerId); everything written inside it is lost, processes in it end. ' +
      (deps.sandbox ? 'Without containerId: the recipe\'s sandbox and the rest of its project (the next command that needs it starts a fresh one).' : ''),
    input: { containerId: z.string().min(1).max(200).optional().describe('From container_start or container_list.') },
    output: { ...view, ...partial(out.sandbox) },
    annotations: { destructiveHint: true, idempotentHint: true },
  }, async (args) => {
    const recipe = deps.sandbox;
    if (args.containerId === undefined || (recipe && args.containerId === recipe.state().container)) {
      const sandbox = needRecipe(recipe);
      await sandbox.stop();
      return { ...sandbox.state(), status: 'removed' };
    }
    return { ...(await need(sandboxes).stop(args.containerId)) };
  });

  addTool(server, deps, 'container_list', {
    title: 'List sandbox containers',
    description: 'The sandboxes this server started: containerId, image, status, uptime (s), published port URLs, TTL left (ms); and the recipe\'s sandbox if there is one.',
    input: {},
    output: { sandboxes: z.array(z.object(view).passthrough()), recipeSandbox: z.object(partial(out.sandbox)).passthrough().optional() },
    annotations: { readOnlyHint: true },
  }, async () => ({
    sandboxes: sandboxes ? await sandboxes.list() : [],
    ...(deps.sandbox ? { recipeSandbox: deps.sandbox.state() } : {}),
  }));

  addTool(server, deps, 'container_terminal', {
    title: 'Run a command in a sandbox',
    description:
      'Run a shell command in a sandbox (its containerId, or "sandbox" for the recipe\'s) to completion, as terminal_execute does: output, exit code. ' +
      'A command still running after `timeout` milliseconds is killed (timedOut: true).',
    input: {
      containerId: z.string().min(1).max(200).describe('From container_start, or "sandbox".'),
      command: f.command,
      timeout: f.timeout('the command is killed', 30_000, 3_600_000),
    },
    output: out.execute,
  }, async (args, signal, progress) => {
    const where = await deps.targets.resolve(args.containerId);
    const result = await deps.manager.execute({ command: args.command, timeout: args.timeout, target: where.target, signal, onLine: progress });
    return { ...result, ...(where.notice ? { notice: where.notice } : {}) };
  });
}

async function recipeStart(sandbox: SandboxControl): Promise<Record<string, unknown>> {
  const { container, started } = await sandbox.ensure();
  return { ...sandbox.state(), containerId: container, container, status: started ? 'started' : 'already running' };
}

function memoryBytes(value: string | number): number {
  const bytes = parseSize(value);
  if (bytes === null || bytes < 6 * 1024 ** 2) {
    throw new TempfsError('USAGE', `memory ${JSON.stringify(value)}: give bytes or a size such as "512m" or "2g" (at least 6m)`);
  }
  return bytes;
}

/** The recipe sandbox's fields, optional (a new sandbox's reply has none of them). */
function partial(shape: z.ZodRawShape): z.ZodRawShape {
  return Object.fromEntries(Object.entries(shape).filter(([key]) => key !== 'status').map(([key, type]) => [key, (type as z.ZodTypeAny).optional()]));
}

function need(sandboxes: Sandboxes | null): Sandboxes {
  if (sandboxes) return sandboxes;
  throw new TempfsError('USAGE', 'this server starts no sandboxes on demand');
}

function needRecipe(sandbox: SandboxControl | null): SandboxControl {
  if (sandbox) return sandbox;
  throw new TempfsError('USAGE', 'there is no recipe sandbox: the server was started without a recipe', {
    hint: 'pass the containerId of a sandbox started with container_start',
  });
}
