/**
 * The MCP server over a pair of streams until the client goes: stdout carries the protocol
 * and nothing else. Processes and terminals live in the project's terminal host (started
 * beside the handshake), which `tempfs attach` also talks to. When the
 * client disconnects or the signal aborts, everything this server started is stopped
 * (processes, terminals not detached, the sandbox it brought up); should this process be
 * killed, the host notices the closed connection and does the same.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import { HostClient } from '../process/index.js';
import type { ContainerEngine } from '../engine/engine.js';
import type { ApprovalOptions } from './approval.js';
import { untilDisconnect } from './lifetime.js';
import type { Sandbox } from './sandbox.js';
import type { Sandboxes } from './sandboxes.js';
import { createMcpServer } from './server.js';
import { shutdown } from './shutdown.js';
import { TargetResolver } from './targets.js';
import { Workspace } from './workspace.js';

export interface ServeOptions {
  stdin: Readable;
  stdout: Writable;
  /** One line of the server's own log (stderr). */
  log: (line: string) => void;
  signal: AbortSignal;
  /** null: host-only mode (no recipe). */
  sandbox: Sandbox | null;
  /** Closed when the server stops, so a sandbox start in progress gives up. */
  closing: AbortController;
  allowHost: boolean;
  version: string;
  /** The project's terminal host socket (where `tempfs attach` finds the terminals too). */
  attachSocket: string;
  /** Bound on the shutdown (default 30 s). */
  shutdownTimeoutMs?: number;
  /** The engine binary the process manager runs container commands with. */
  podmanPath?: string;
  /** The sandboxes of container_start (removed at shutdown); absent: none on demand. */
  sandboxes?: Sandboxes;
  /** For file tools in the sandbox (exec, copy). */
  engine?: ContainerEngine;
  /** `--max-output`: the default cap of output fields, in bytes. */
  maxOutputBytes?: number;
  /** The host folders file tools and the rm approval rule allow (default: the current folder). */
  workspaces?: string[];
  /** Destructive host commands ask first (with --allow-host). */
  approval?: ApprovalOptions;
}

export async function serveMcp(options: ServeOptions): Promise<void> {
  const { sandbox, log, closing } = options;
  const manager = new HostClient({ socketPath: options.attachSocket, podmanPath: options.podmanPath });
  const targets = new TargetResolver(sandbox, options.allowHost, options.sandboxes ?? null);
  const { engine, maxOutputBytes, approval } = options;
  const server = createMcpServer({ manager, targets, sandbox, closing: closing.signal, engine, maxOutputBytes, approval, workspace: new Workspace(options.workspaces ?? [process.cwd()]) }, options.version);
  const ended = untilDisconnect(options.stdin, server, options.signal);
  await server.connect(new StdioServerTransport(options.stdin, options.stdout));
  // Beside the handshake, before the agent asks for anything: the terminal host (a Node
  // start that the first command would wait for) and, for a server whose containers are
  // the sandboxes it starts, what their first start would wait for (see Sandboxes.prepare).
  manager.connect();
  if (!sandbox) options.sandboxes?.prepare();
  const where = sandbox ? `sandbox ${sandbox.state().service} of project ${sandbox.state().project}` : 'no sandbox (no recipe)';
  log(`serving on stdio; ${where}; host ${options.allowHost ? 'allowed' : 'refused'}`);

  log(`stopping: ${await ended}`);
  closing.abort();
  await Promise.all([shutdown({ manager, sandbox, log, boundMs: options.shutdownTimeoutMs }), options.sandboxes?.dispose(log)]);
  await server.close().catch(() => {});
  log('stopped');
}
