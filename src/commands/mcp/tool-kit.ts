/**
 * What every tool handler gets, and `addTool`, which registers a handler so that any
 * error it throws becomes an `isError` result the agent can read, and so that a call is
 * cancelled when the client cancels it or the server shuts down.
 */
import type { McpServer, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z, type ZodRawShape } from 'zod';
import type { ProcessManager } from '../../process/index.js';
import type { SandboxControl } from './sandbox.js';
import type { TargetResolver } from './targets.js';
import { errorResult, jsonResult } from './tool-result.js';

export interface ToolDeps {
  manager: ProcessManager;
  targets: TargetResolver;
  sandbox: SandboxControl | null;
  /** Aborted when the server shuts down. */
  closing: AbortSignal;
}

export interface ToolSpec<S extends ZodRawShape> {
  title: string;
  description: string;
  input: S;
  annotations?: ToolAnnotations;
}

export type ToolHandler<S extends ZodRawShape> = (
  args: z.objectOutputType<S, z.ZodTypeAny>,
  signal: AbortSignal,
) => Promise<Record<string, unknown>> | Record<string, unknown>;

export function addTool<S extends ZodRawShape>(server: McpServer, deps: ToolDeps, name: string, spec: ToolSpec<S>, handler: ToolHandler<S>): void {
  const callback: ToolCallback<ZodRawShape> = async (args, extra) => {
    try {
      // The SDK validated `args` against `spec.input`; only its generic spelling differs from zod's.
      return jsonResult(await handler(args as z.objectOutputType<S, z.ZodTypeAny>, AbortSignal.any([extra.signal, deps.closing])));
    } catch (error) {
      return errorResult(error);
    }
  };
  server.registerTool(name, { title: spec.title, description: spec.description, inputSchema: spec.input as ZodRawShape, annotations: { title: spec.title, ...spec.annotations } }, callback);
}

/** Seconds as an agent writes them, milliseconds as the library takes them. */
export function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}
