/**
 * Tool results as an agent reads them: the data as JSON text (and as structured content,
 * which newer clients use directly), or an error result with a sentence that says what
 * went wrong and what to do. A failing tool never throws out of the server.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isTempfsError } from '../../errors.js';

export function jsonResult(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data, null, 2) }], structuredContent: data };
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
