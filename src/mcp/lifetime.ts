/**
 * The server lives until the first of: the client closes our stdin (EOF), the transport
 * closes, or SIGINT/SIGTERM aborts the run. The SDK's stdio transport does not notice EOF
 * by itself, hence the listeners on stdin.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Readable } from 'node:stream';

export function untilDisconnect(stdin: Readable, server: McpServer, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    stdin.once('end', () => resolve('the client closed stdin'));
    stdin.once('close', () => resolve('stdin closed'));
    stdin.once('error', (error) => resolve(`stdin failed: ${error.message}`));
    server.server.onclose = () => resolve('the transport closed');
    const interrupted = () => resolve((signal.reason as Error | undefined)?.message ?? 'interrupted');
    if (signal.aborted) interrupted();
    else signal.addEventListener('abort', interrupted, { once: true });
  });
}
