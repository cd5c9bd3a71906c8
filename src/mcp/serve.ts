/**
 * The MCP server over a pair of streams until the client goes: stdout carries the protocol
 * and nothing else. When the client disconnects or the signal aborts, everything this
 * server started is stopped (processes, terminals, the sandbox it brought up).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Readable, Writable } from 'node:stream';
import type { ContainerEngine } from '../engine/engine.js';
import { ProcessManager, serveAttach } from '../process/index.js';
import type { ApprovalOptions } from './approval.js';
import { untilDisconnect } from './lifetime.js';
import type { Sandbox } from './sandbox.js';
import { createMcpServer } from './server.js';
import { shutdown } from './shutdown.js';
import { TargetResolver } from './targets.js';

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
  /** Where `tempfs attach` finds this server's terminals. */
  attachSocket: string;
  /** Bound on the shutdown (default 30 s). */
  shutdownTimeoutMs?: number;
  /** The engine binary the process manager runs container commands with. */
  podmanPath?: string;
  /** For file tools in the sandbox (exec, copy). */
  engine?: ContainerEngine;
  /** `--max-output`: the default cap of output fields, in bytes. */
  maxOutputBytes?: number;
  /** The host folders file tools may use (default: the current folder). */
  workspaces?: string[];
  /** Destructive host commands ask first (with --allow-host). */
  approval?: ApprovalOptions;
}

export async function serveMcp(options: ServeOptions): Promise<void> {
  const { sandbox, log, closing } = options;
  const manager = new ProcessManager({ podmanPath: options.podmanPath });
  const targets = new TargetResolver(sandbox, options.allowHost);
  const { engine, maxOutputBytes, approval } = options;
  const server = createMcpServer({ manager, targets, sandbox, closing: closing.signal, engine, maxOutputBytes, approval, workspaces: options.workspaces }, options.version);
  const attach = await serveAttach(options.attachSocket, (id) => manager.attach(id)).catch((error: unknown) => {
    log(`tempfs attach will not work: ${(error as Error).message}`);
    return undefined;
  });
  const ended = untilDisconnect(options.stdin, server, options.signal);
  await server.connect(new StdioServerTransport(options.stdin, options.stdout));
  const where = sandbox ? `sandbox ${sandbox.state().service} of project ${sandbox.state().project}` : 'no sandbox (no recipe)';
  log(`serving on stdio; ${where}; host ${options.allowHost ? 'allowed' : 'refused'}`);

  log(`stopping: ${await ended}`);
  closing.abort();
  await attach?.close();
  await shutdown({ manager, sandbox, log, boundMs: options.shutdownTimeoutMs });
  await server.close().catch(() => {});
  log('stopped');
}
