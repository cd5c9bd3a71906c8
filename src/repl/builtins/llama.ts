/**
 * The `llama` role: talk to the project's llama-server. `chat` keeps the
 * conversation of this terminal session (state lives in the closure, one per
 * session); `/reset` forgets it.
 */
import type { ReplCommand, ReplContext } from '../command.js';
import { printable } from '../printable.js';
import { sseData } from '../sse.js';
import { jsonOrText, llamaFetch, QUICK_TIMEOUT_MS } from './llama-http.js';

interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export function llamaCommands(): ReplCommand[] {
  const conversation: ChatMessage[] = [];
  const roles = ['llama'];
  return [
    {
      name: 'chat',
      description: 'chat with the llama-server (the conversation is kept; /reset forgets it)',
      roles,
      async execute(args, ctx) {
        if (args.length === 0) return 'usage: chat <prompt>';
        const messages = [...conversation, { role: 'user' as const, content: args.join(' ') }];
        const reply = await streamText(ctx, '/v1/chat/completions', { messages, stream: true }, chatDelta);
        // Only a complete exchange joins the conversation (a cancelled one throws above).
        conversation.push(messages.at(-1)!, { role: 'assistant', content: reply });
      },
    },
    {
      name: '/reset',
      description: 'forget the chat conversation',
      roles,
      execute() {
        const n = conversation.length;
        conversation.length = 0;
        return `conversation cleared (${n} messages)`;
      },
    },
    {
      name: 'complete',
      description: 'complete a prompt with the llama-server (/completion)',
      roles,
      async execute(args, ctx) {
        if (args.length === 0) return 'usage: complete <prompt>';
        await streamText(ctx, '/completion', { prompt: args.join(' '), stream: true }, completionDelta);
      },
    },
    {
      name: 'models',
      description: 'list the models the llama-server serves',
      roles,
      async execute(_args, ctx) {
        const body = await jsonOrText(await llamaFetch(ctx, '/v1/models', { timeoutMs: QUICK_TIMEOUT_MS }));
        const data = (body as { data?: { id?: unknown }[] }).data;
        if (!Array.isArray(data)) return typeof body === 'string' ? body : JSON.stringify(body);
        return printable(data.map((m) => String(m.id)).join('\n')) || '(no models)';
      },
    },
    {
      name: 'health',
      description: "show the llama-server's /health",
      roles,
      async execute(_args, ctx) {
        const res = await llamaFetch(ctx, '/health', { timeoutMs: QUICK_TIMEOUT_MS, accept: [503] });
        const body = await jsonOrText(res);
        const status = (body as { status?: unknown }).status;
        return `${res.status} ${typeof status === 'string' ? status : JSON.stringify(body)}`;
      },
    },
  ];
}

type DeltaOf = (event: unknown) => string;

const chatDelta: DeltaOf = (e) =>
  (e as { choices?: { delta?: { content?: string | null } }[] }).choices?.[0]?.delta?.content ?? '';
const completionDelta: DeltaOf = (e) => (e as { content?: string }).content ?? '';

/** POSTs, writes each streamed piece as it arrives, and returns the whole text. */
async function streamText(ctx: ReplContext, path: string, body: unknown, deltaOf: DeltaOf): Promise<string> {
  const res = await llamaFetch(ctx, path, { method: 'POST', body });
  let text = '';
  if (!res.body) return text;
  try {
    for await (const data of sseData(res.body)) {
      if (data === '[DONE]') break;
      const piece = deltaOf(JSON.parse(data));
      text += piece;
      // The reply is kept as the model wrote it (the conversation sends it back); the screen gets text.
      ctx.output.write(printable(piece));
    }
  } finally {
    // Also after a Ctrl-C mid-reply, so "cancelled" starts on its own line.
    ctx.output.write('\n');
  }
  return text;
}
