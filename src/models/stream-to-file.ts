/**
 * Copy a fetch body into a file stream with back-pressure. Unlike `pipeline`, a failing
 * body does not throw away what is already buffered for the file: the writer is ended
 * and flushed, so every byte received is on disk and a resume asks only for the rest.
 */
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export async function streamToFile(
  body: ReadableStream<Uint8Array> | null,
  out: WriteStream,
  onChunk: (chunk: Uint8Array) => void,
  mapWriteError: (e: unknown) => Error,
): Promise<void> {
  let writeFailure: unknown;
  out.on('error', (e) => {
    writeFailure ??= e;
  });
  try {
    if (body) {
      for await (const chunk of body) {
        if (writeFailure) break;
        onChunk(chunk);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
  } catch (e) {
    if (!writeFailure) {
      await close(out);
      if (writeFailure) throw mapWriteError(writeFailure);
      throw e;
    }
  }
  if (!writeFailure) await close(out);
  if (writeFailure) throw mapWriteError(writeFailure);
}

async function close(out: WriteStream): Promise<void> {
  if (out.destroyed) return;
  out.end();
  await finished(out).catch(() => {});
}
