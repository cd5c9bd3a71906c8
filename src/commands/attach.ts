/**
 * `tempfs attach <terminal>`: join a terminal of the project's terminal host (an agent's), from
 * another shell. The live screen comes to this terminal, keys go to the shell there, and
 * Ctrl-] detaches (as telnet's escape), leaving the shell running. Commands typed here are
 * in the agent's terminal_history, marked "attached".
 */
import type { ReadStream, WriteStream } from 'node:tty';
import { TempfsError } from '../errors.js';
import { watchTerminal } from '../process/index.js';
import { attachSocketPath } from './attach-path.js';
import type { CommandContext } from './context.js';
import { resolveProjectRef } from './stack/project-ref.js';

/** Ctrl-] */
const DETACH = 0x1d;

export async function attachCommand(ctx: CommandContext, terminal: string): Promise<number> {
  const { name: project } = await resolveProjectRef(ctx);
  const out = ctx.stdout as Partial<WriteStream> & NodeJS.WritableStream;
  const watch = await watchTerminal(attachSocketPath(ctx.env, project), {
    terminal,
    cols: out.columns,
    rows: out.rows,
    onData: (text) => void ctx.stdout.write(text),
  }).catch((error: unknown) => {
    throw new TempfsError('NOT_FOUND', `cannot attach to terminal ${terminal} of ${project}: ${(error as Error).message}`);
  });
  if (!watch) {
    throw new TempfsError('NOT_FOUND', `no terminals of project ${project} are open here`, {
      hint: 'terminals live in the project\'s terminal host, started by `tempfs mcp`; list them with its terminal_list tool',
    });
  }
  ctx.stderr.write(`attached to terminal ${terminal} of ${project} (detach: Ctrl-])\r\n`);
  ctx.stdout.write(watch.tail);

  const stdin = ctx.stdin as Partial<ReadStream> & NodeJS.ReadableStream;
  const raw = Boolean(ctx.stdinIsTTY && stdin.setRawMode);
  if (raw) stdin.setRawMode!(true);
  const onResize = () => out.columns && out.rows && watch.resize(out.columns, out.rows);
  out.on?.('resize', onResize);
  const how = await new Promise<'detached' | 'ended'>((resolve) => {
    ctx.stdin.on('data', (chunk: Buffer) => {
      const at = chunk.indexOf(DETACH);
      const keys = (at === -1 ? chunk : chunk.subarray(0, at)).toString('utf8');
      if (keys) watch.keys(keys);
      if (at !== -1) resolve('detached');
    });
    ctx.stdin.once('end', () => resolve('detached'));
    ctx.signal.addEventListener('abort', () => resolve('detached'), { once: true });
    void watch.ended.then(() => resolve('ended'));
  });
  if (raw) stdin.setRawMode!(false);
  out.off?.('resize', onResize);
  ctx.stdin.pause();
  watch.close();
  ctx.stderr.write(how === 'detached' ? `\r\n[detached from ${terminal}: it keeps running]\r\n` : `\r\n[terminal ${terminal} ended]\r\n`);
  return 0;
}
