/** A stand-in GGUF model served over loopback, counting its downloads (no registry, no hub). */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ModelServer {
  /** `http://127.0.0.1:PORT/qwen.gguf` */
  url: string;
  sha256: string;
  /** Requests served so far. */
  requests(): number;
  close(): void;
}

export async function serveModel(size = 256 * 1024): Promise<ModelServer> {
  // The look-alike llama-server checks the GGUF magic, as llama.cpp does.
  return serveBytes(Buffer.concat([Buffer.from('GGUF'), randomBytes(size)]));
}

/**
 * The tiny random-weight llama that scripts/llama-images.sh wrote with llama.cpp's gguf-py
 * (TEMPFS_LLAMA_CACHE, default /var/cache/tempfs-llama), for the real llama.cpp images.
 */
export async function serveTinyModel(): Promise<ModelServer> {
  const file = join(process.env.TEMPFS_LLAMA_CACHE ?? '/var/cache/tempfs-llama', 'current', 'tiny.gguf');
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (e) {
    throw new Error(`${file} is missing: run scripts/llama-images.sh`, { cause: e });
  }
  return serveBytes(body);
}

async function serveBytes(body: Buffer): Promise<ModelServer> {
  let count = 0;
  const server = createServer((_req, res) => {
    count++;
    res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/octet-stream' });
    res.end(body);
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/qwen.gguf`,
    sha256: createHash('sha256').update(body).digest('hex'),
    requests: () => count,
    close: () => server.close(),
  };
}
