/**
 * Takes the `\x1etempfs-pgid N` line that the container wrapper prints first on stderr
 * out of the stream, and hands its number over as a promise. Everything else passes.
 */
import { PassThrough, type Readable } from 'node:stream';

const MARKER = /^\x1etempfs-pgid (\d+)\r?$/;
/** The marker is a few bytes; more than this without a newline means it is not coming. */
const MAX_HEAD = 256;

export interface MarkerFilter {
  stream: Readable;
  /** The process group id inside the container; undefined when the wrapper never ran. */
  pgid: Promise<number | undefined>;
}

export function markerFilter(source: Readable): MarkerFilter {
  const stream = new PassThrough();
  let head: Buffer | null = Buffer.alloc(0);
  let settle!: (pgid: number | undefined) => void;
  const pgid = new Promise<number | undefined>((resolve) => (settle = resolve));

  source.on('data', (chunk: Buffer) => {
    if (head === null) return void stream.write(chunk);
    head = Buffer.concat([head, chunk]);
    const nl = head.indexOf(0x0a);
    if (nl === -1 && head.length < MAX_HEAD) return;
    const first = head.subarray(0, nl === -1 ? head.length : nl).toString('utf8');
    const found = MARKER.exec(first);
    settle(found ? Number(found[1]) : undefined);
    const rest = found ? head.subarray(nl + 1) : head;
    head = null;
    if (rest.length > 0) stream.write(rest);
  });
  const finish = () => {
    if (head !== null && head.length > 0) {
      const found = MARKER.exec(head.toString('utf8'));
      if (found) settle(Number(found[1]));
      else stream.write(head);
    }
    head = null;
    settle(undefined);
    if (!stream.writableEnded) stream.end();
  };
  source.once('end', finish);
  source.once('close', finish);
  return { stream, pgid };
}
