/**
 * Tool results as an agent reads them: the data within the reply cap (see reply-cap.ts),
 * as structured content (every tool declares an output schema, and MCP then requires it)
 * and as its JSON text for clients that read only text — two copies of at most 256 KiB
 * each, far below the 10 MiB a client accepts — or an error result with a sentence that
 * says what went wrong and what to do. A failing tool never throws out of the server.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isTempfsError } from '../errors.js';
import { capReply } from './reply-cap.js';

export function jsonResult(data: Record<string, unknown>): CallToolResult {
  const reply = capReply(data);
  return { content: [{ type: 'text', text: reply.text }], structuredContent: reply.data };
}

export function errorResult(error: unknown): CallToolResult {
  return { content: [{ type: 'text', text: errorText(error) }], isError: true };
}

/** `CODE: message` plus the details and the hint of a TempfsError, one per line. */
export function errorText(error: unknown): string {
  if (isTempfsError(error)) {
    const lines = [`${error.code}: ${error.line}`, ...error.details];
    if (error.hint) lines.push(`hint: ${error.hint}`);
    return lines.join('\n');
  }
  if (error instanceof Error) return `error: ${error.message}`;
  return `error: ${String(error)}`;
}
