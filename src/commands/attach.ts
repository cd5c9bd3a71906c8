/**
 * `tempfs attach <terminal>`: join a terminal of the project's terminal host (an agent's), from
 * another shell. The live screen comes to this terminal, keys go to the shell there, and
 * Ctrl-] detaches (as telnet's escape), leaving the shell running. Commands typed here are
 * in the agent's terminal_history, marked "attached".
 */
import type { ReadStream, WriteStream } from 'node:tty';
import { TempfsError } from '../errors.js';
import { connectHost, RpcClient } from '../process/index.js';
import { attachSocketPath } from './attach-path.js';
import type { CommandContext } from './context.js';
import { resolveProjectRef } from './stack/project-ref.js';

/** Ctrl-] */
const DETACH = 0x1d;

export async function attachCommand(ctx: CommandContext, terminal: string): Promise<number> {
  const { name: project } = await resolveProjectRef(ctx);
  const socket = await connectHost(attachSocketPath(ctx.env, project));
  if (!socket) {
    throw new TempfsError('NOT_FOUND', `no terminals of project ${project} are open here`, {
      hint: 'terminals live in the project\'s terminal host, started by `tempfs mcp`; list them with its terminal_list tool',
    });
  }
  const out = ctx.stdout as Partial<WriteStream> & NodeJS.WritableStream;
  // Output that comes before the screen's tail is painted waits for it.
  let early: string[] | undefined = [];
  let ended: () => void = () => {};
  const endedP = new Promise<void>((resolve) => (ended = resolve));
  const rpc = new RpcClient(socket, (event, params) => {
    if (event === 'data' && typeof params === 'string') {
      if (early) early.push(params);
      else ctx.stdout.write(params);
    } else if (event === 'end') ended();
  });
  socket.once('close', () => ended());
  const size = out.columns && out.rows ? { cols: out.columns, rows: out.rows } : {};
  const view = await rpc.call<{ tail: string }>('watch', [{ terminal, ...size }]).catch((error: unknown) => {
    rpc.close();
    throw new TempfsError('NOT_FOUND', `cannot attach to terminal ${terminal} of ${project}: ${(error as Error).message}`);
  });
  ctx.stderr.write(`attached to terminal ${terminal} of ${project} (detach: Ctrl-])\r\n`);
  ctx.stdout.write(view.tail + early.join(''));
  early = undefined;

  const stdin = ctx.stdin as Partial<ReadStream> & NodeJS.ReadableStream;
  const raw = Boolean(ctx.stdinIsTTY && stdin.setRawMode);
  if (raw) stdin.setRawMode!(true);
  const onResize = () => rpc.notify('winsize', { cols: out.columns, rows: out.rows });
  out.on?.('resize', onResize);
  const how = await new Promise<'detached' | 'ended'>((resolve) => {
    ctx.stdin.on('data', (chunk: Buffer) => {
      const at = chunk.indexOf(DETACH);
      const keys = (at === -1 ? chunk : chunk.subarray(0, at)).toString('utf8');
      if (keys) rpc.notify('keys', { data: keys });
      if (at !== -1) resolve('detached');
    });
    ctx.stdin.once('end', () => resolve('detached'));
    ctx.signal.addEventListener('abort', () => resolve('detached'), { once: true });
    void endedP.then(() => resolve('ended'));
  });
  if (raw) stdin.setRawMode!(false);
  out.off?.('resize', onResize);
  ctx.stdin.pause();
  socket.destroy();
  ctx.stderr.write(how === 'detached' ? `\r\n[detached from ${terminal}: it keeps running]\r\n` : `\r\n[terminal ${terminal} ended]\r\n`);
  return 0;
}
