/**
 * HTTP to the project's llama-server from the terminal: the base URL check, one
 * fetch wrapper that turns failures into TempfsErrors, and a JSON-or-text reader.
 */
import { TempfsError } from '../../errors.js';
import type { ReplContext } from '../command.js';

/** Deadline for the short, non-streaming requests (`models`, `health`). */
export const QUICK_TIMEOUT_MS = 10_000;

export interface LlamaRequest {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** Add a deadline on top of the user's Ctrl-C. */
  timeoutMs?: number;
  /** Non-2xx statuses that are answers rather than failures (503 on /health: loading). */
  accept?: number[];
}

export async function llamaFetch(ctx: ReplContext, path: string, req: LlamaRequest = {}): Promise<Response> {
  if (!ctx.llamaUrl) {
    throw new TempfsError('NOT_FOUND', 'this project has no llama-server URL', {
      hint: 'Publish the llama-server port in the recipe (ports: ["8080:8080"]).',
    });
  }
  // Relative to the base, so a base with a path (a proxy prefix) keeps it.
  const url = new URL(path.replace(/^\//, ''), ctx.llamaUrl.endsWith('/') ? ctx.llamaUrl : `${ctx.llamaUrl}/`);
  const timeout = req.timeoutMs === undefined ? undefined : AbortSignal.timeout(req.timeoutMs);
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  let response: Response;
  try {
    response = await fetch(url, {
      method: req.method ?? 'GET',
      headers: req.body === undefined ? {} : { 'content-type': 'application/json' },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw e; // the user's cancel: not an error, the REPL says so
    if (timeout?.aborted) {
      throw new TempfsError('TIMEOUT', `llama-server did not answer ${url.href} within ${req.timeoutMs! / 1000}s`);
    }
    throw new TempfsError('NOT_RUNNING', `cannot reach llama-server at ${url.href}`, { cause: e });
  }
  if (!response.ok && !req.accept?.includes(response.status)) {
    const text = (await response.text()).slice(0, 500);
    throw new TempfsError('PROCESS', `llama-server answered ${response.status} to ${url.pathname}: ${text}`);
  }
  return response;
}

/** The JSON of a response, or its text when it is not JSON. */
export async function jsonOrText(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
