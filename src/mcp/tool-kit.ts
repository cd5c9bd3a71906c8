/**
 * What every tool handler gets, and `addTool`, which registers a handler so that any
 * error it throws becomes an `isError` result the agent can read, and so that a call is
 * cancelled when the client cancels it or the server shuts down. Unknown arguments are
 * errors (the input object is strict), every tool declares its output, and a handler
 * may report progress when the client sent a progress token.
 */
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, type ZodRawShape } from 'zod';
import type { ProcessControl } from '../process/index.js';
import type { SandboxControl } from './sandbox.js';
import type { TargetResolver } from './targets.js';
import { errorResult, jsonResult } from './tool-result.js';

export interface ToolDeps {
  /** The project's terminal host (HostClient), or a HostSession in-process. */
  manager: ProcessControl;
  targets: TargetResolver;
  sandbox: SandboxControl | null;
  /** Aborted when the server shuts down. */
  closing: AbortSignal;
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
  const inputSchema = z.object(spec.input).strict();
  const callback: ToolCallback<z.ZodTypeAny> = async (args: unknown, extra) => {
    const progress = progressReporter(extra);
    try {
      // The SDK validated `args` against `spec.input`; only its generic spelling differs from zod's.
      return jsonResult(await handler(args as z.objectOutputType<S, z.ZodTypeAny>, AbortSignal.any([extra.signal, deps.closing]), progress.report));
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
