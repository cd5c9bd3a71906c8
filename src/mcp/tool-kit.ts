/**
 * What every tool handler gets, and `addTool`, which registers a handler so that any
 * error it throws becomes an `isError` result the agent can read, and so that a call is
 * cancelled when the client cancels it or the server shuts down. Unknown arguments are
 * errors (the input object is strict), every tool declares its output, and a handler
 * may report progress when the client sent a progress token.
 *
 * Two things happen here for every tool, so that no tool does them itself: a tool whose
 * result has an `output` field (or `outputs`, a terminal's history) takes `maxBytes` (and
 * `streams` when it has `stdout`), and its output fields are capped to head + tail
 * (reply-cap.ts); a call that would run a
 * command on the host passes the approval check first (approval.ts).
 */
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, type ZodRawShape } from 'zod';
import type { ProcessControl } from '../process/index.js';
import type { ContainerEngine } from '../engine/engine.js';
import { Approver, type ApprovalOptions } from './approval.js';
import { capOutputs, DEFAULT_OUTPUT_BYTES, MAX_OUTPUT_BYTES, MIN_OUTPUT_BYTES } from './reply-cap.js';
import type { SandboxControl } from './sandbox.js';
import type { TargetResolver } from './targets.js';
import { errorResult, jsonResult } from './tool-result.js';
import type { Workspace } from './workspace.js';

export interface ToolDeps {
  /** The project's terminal host (HostClient), or a HostSession in-process. */
  manager: ProcessControl;
  targets: TargetResolver;
  sandbox: SandboxControl | null;
  /** Aborted when the server shuts down. */
  closing: AbortSignal;
  /** The host folders that file tools and the rm approval rule allow (made once per server). */
  workspace: Workspace;
  /** Runs file operations in the sandbox (`exec`, `copy`); absent: no file tools in containers. */
  engine?: ContainerEngine;
  /** The default cap of a result's output fields, in bytes (default 16 KiB; `--max-output`). */
  maxOutputBytes?: number;
  /** Destructive host commands ask first (absent: nothing asks, as in tests of other tools). */
  approval?: ApprovalOptions;
}

export interface ToolSpec<S extends ZodRawShape> {
  title: string;
  description: string;
  input: S;
  /** The result's fields; more may be present (the object passes extra keys). */
  output: ZodRawShape;
  annotations?: ToolAnnotations;
}

/** Reports a line of progress to the client (only when it asked for progress; throttled). */
export type Progress = (message: string) => void;

export type ToolHandler<S extends ZodRawShape> = (
  args: z.objectOutputType<S, z.ZodTypeAny>,
  signal: AbortSignal,
  progress: Progress,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** At most one progress notification per this many ms (the latest line wins). */
const PROGRESS_EVERY_MS = 1000;

export function addTool<S extends ZodRawShape>(server: McpServer, deps: ToolDeps, name: string, spec: ToolSpec<S>, handler: ToolHandler<S>): void {
  const capped = 'output' in spec.output || 'outputs' in spec.output;
  const streams = 'stdout' in spec.output;
  const inputSchema = z.object({ ...spec.input, ...(capped ? { maxBytes } : {}), ...(streams ? { streams: streamsField } : {}) }).strict();
  // `--yes`: nothing asks, so no call needs the command it would run (a terminal-host round trip for a terminal's).
  const approver = deps.approval && !deps.approval.yes ? approverFor(server, deps.approval, deps.workspace) : undefined;
  const serverCap = deps.maxOutputBytes ?? DEFAULT_OUTPUT_BYTES;
  const callback: ToolCallback<z.ZodTypeAny> = async (input: unknown, extra) => {
    const progress = progressReporter(extra);
    try {
      const { maxBytes: callCap, streams: wantStreams, ...args } = input as Record<string, unknown>;
      const signal = AbortSignal.any([extra.signal, deps.closing]);
      if (approver) {
        const host = await hostCommand(args, deps);
        // Progress while the user thinks keeps a client's request timeout (60 s in the SDK) from firing.
        const ticker = host ? setInterval(() => progress.report('waiting for the user to approve a host command'), 5000) : undefined;
        try {
          if (host) await approver.check(host.command, host.cwd, signal);
        } finally {
          clearInterval(ticker);
        }
      }
      // The SDK validated `args` against `spec.input`; only its generic spelling differs from zod's.
      const data = await handler(args as z.objectOutputType<S, z.ZodTypeAny>, signal, progress.report);
      return jsonResult(capped ? capOutputs(data, { maxBytes: (callCap as number | undefined) ?? serverCap, streams: wantStreams === true }) : data);
    } catch (error) {
      return errorResult(error);
    } finally {
      progress.stop();
    }
  };
  server.registerTool(name, {
    title: spec.title,
    description: spec.description,
    inputSchema: inputSchema as z.ZodTypeAny,
    outputSchema: z.object(spec.output).passthrough(),
    annotations: { title: spec.title, ...spec.annotations },
  }, callback);
}

const maxBytes = z
  .number()
  .int()
  .min(MIN_OUTPUT_BYTES)
  .max(MAX_OUTPUT_BYTES)
  .optional()
  .describe(
    `Most bytes of output in this result (default: the server's, ${DEFAULT_OUTPUT_BYTES} unless set). Longer output keeps its head and its tail ` +
      'with a marker saying how much was left out; terminal_logs on the processId pages through all of it.',
  );
const streamsField = z.boolean().optional().describe('Also return stdout and stderr apart (`stdout`, `stderr`), each a quarter of maxBytes; `output` keeps both interleaved.');

const approvers = new WeakMap<McpServer, Approver>();
function approverFor(server: McpServer, options: ApprovalOptions, workspace: Workspace): Approver {
  let approver = approvers.get(server);
  if (!approver) approvers.set(server, (approver = new Approver(server, options, workspace)));
  return approver;
}

/**
 * The command line a call would run on the host, if it does: a `command` on target host
 * (or in a host terminal), or text typed (`input`) into a host terminal or process.
 */
async function hostCommand(args: Record<string, unknown>, deps: ToolDeps): Promise<{ command: string; cwd?: string } | undefined> {
  // The terminal list is a round trip to the terminal host (which it may start): asked for
  // only by the calls that name a terminal or a process, not by every tool call.
  if (typeof args.command === 'string') {
    if (typeof args.terminalId === 'string') {
      const terminal = (await deps.manager.terminalList()).find((t) => t.terminalId === args.terminalId);
      return terminal?.target.kind === 'host' ? { command: args.command, cwd: terminal.cwd } : undefined;
    }
    const target = (args.target as string | undefined) ?? deps.targets.defaultTarget;
    return target === 'host' ? { command: args.command, cwd: args.cwd as string | undefined } : undefined;
  }
  if (typeof args.input === 'string' && typeof args.processId === 'string') {
    const terminal = (await deps.manager.terminalList()).find((t) => t.terminalId === args.processId || t.running?.processId === args.processId);
    const kind = terminal?.target.kind ?? (await safeTargetKind(deps, args.processId));
    return kind === 'host' ? { command: args.input, cwd: terminal?.cwd } : undefined;
  }
  return undefined;
}

async function safeTargetKind(deps: ToolDeps, processId: string): Promise<string | undefined> {
  try {
    return (await deps.manager.status(processId)).target.kind;
  } catch {
    return undefined;
  }
}

type Extra = Parameters<ToolCallback<z.ZodTypeAny>>[1];

/** `notifications/progress` with the latest output line, so a long call keeps the client's request alive. */
function progressReporter(extra: Extra): { report: Progress; stop: () => void } {
  const token = extra._meta?.progressToken;
  if (token === undefined) return { report: () => {}, stop: () => {} };
  let count = 0;
  let latest: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    if (latest === undefined) return;
    const message = latest.length > 500 ? `${latest.slice(0, 500)}…` : latest;
    latest = undefined;
    void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: ++count, message } }).catch(() => {});
  };
  return {
    report: (message) => {
      latest = message;
      timer ??= setTimeout(send, count === 0 ? 0 : PROGRESS_EVERY_MS);
    },
    stop: () => clearTimeout(timer),
  };
}
