/**
 * `tempfs attach <terminal>`: join a terminal that an agent's `tempfs mcp` holds, from
 * another shell. The live screen comes to this terminal, keys go to the shell there, and
 * Ctrl-] detaches (as telnet's escape), leaving the shell running. Commands typed here are
 * in the agent's terminal_history, marked "attached".
 */
import { createConnection, type Socket } from 'node:net';
import type { ReadStream, WriteStream } from 'node:tty';
import { TempfsError } from '../errors.js';
import type { AttachHello } from '../process/index.js';
import { attachSocketPath } from './attach-path.js';
import type { CommandContext } from './context.js';
import { resolveProjectRef } from './stack/project-ref.js';

/** Ctrl-] */
const DETACH = 0x1d;

export async function attachCommand(ctx: CommandContext, terminal: string): Promise<number> {
  const { name: project } = await resolveProjectRef(ctx);
  const socket = await connect(attachSocketPath(ctx.env, project), project);
  const out = ctx.stdout as Partial<WriteStream> & NodeJS.WritableStream;
  const size = () => (out.columns && out.rows ? { cols: out.columns, rows: out.rows } : {});
  const hello: AttachHello = { terminal, ...size() };
  socket.write(`${JSON.stringify(hello)}\n`);
  const rest = await handshake(socket, terminal, project);
  ctx.stderr.write(`attached to terminal ${terminal} of ${project} (detach: Ctrl-])\r\n`);
  if (rest.length > 0) ctx.stdout.write(rest);
  socket.on('data', (chunk: Buffer) => ctx.stdout.write(chunk));

  const stdin = ctx.stdin as Partial<ReadStream> & NodeJS.ReadableStream;
  const raw = Boolean(ctx.stdinIsTTY && stdin.setRawMode);
  if (raw) stdin.setRawMode!(true);
  const onResize = () => socket.write(`${JSON.stringify({ resize: [out.columns, out.rows] })}\n`);
  out.on?.('resize', onResize);
  const how = await new Promise<'detached' | 'ended'>((resolve) => {
    ctx.stdin.on('data', (chunk: Buffer) => {
      const at = chunk.indexOf(DETACH);
      const keys = (at === -1 ? chunk : chunk.subarray(0, at)).toString('utf8');
      if (keys) socket.write(`${JSON.stringify({ keys })}\n`);
      if (at !== -1) resolve('detached');
    });
    ctx.stdin.once('end', () => resolve('detached'));
    ctx.signal.addEventListener('abort', () => resolve('detached'), { once: true });
    socket.once('close', () => resolve('ended'));
  });
  if (raw) stdin.setRawMode!(false);
  out.off?.('resize', onResize);
  ctx.stdin.pause();
  socket.destroy();
  ctx.stderr.write(how === 'detached' ? `\r\n[detached from ${terminal}: it keeps running]\r\n` : `\r\n[terminal ${terminal} ended]\r\n`);
  return 0;
}

function connect(path: string, project: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', (cause) =>
      reject(new TempfsError('NOT_FOUND', `no terminals of project ${project} are open here`, {
        cause,
        hint: 'terminals live in a running `tempfs mcp` of the project; list them with its terminal_list tool',
      })),
    );
  });
}

/** The server's one-line answer; what came after it is already terminal output. */
function handshake(socket: Socket, terminal: string, project: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(0x0a);
      if (nl === -1) return;
      socket.off('data', onData);
      const answer = JSON.parse(head.subarray(0, nl).toString('utf8')) as { ok?: boolean; error?: string };
      if (answer.ok) resolve(head.subarray(nl + 1));
      else reject(new TempfsError('NOT_FOUND', `cannot attach to terminal ${terminal} of ${project}: ${answer.error}`));
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new TempfsError('NOT_FOUND', `cannot attach to terminal ${terminal} of ${project}: the connection closed`)));
  });
}
