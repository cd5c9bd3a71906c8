/**
 * The sha256 of a download is computed on a worker thread, so hashing (about as fast as a
 * loopback transfer) runs beside receiving and writing instead of after them. Each `begin`
 * starts a new digest: the worker first hashes the bytes already in the partial (a resume),
 * then every slot of the shared ring as the main thread hands it over, in order.
 *
 * One worker serves every attempt of a download and is started before the first request:
 * its ~50 ms boot then overlaps connecting instead of delaying the first hashed byte
 * (hashing is the slowest stage of a fast download).
 *
 * The worker is plain JavaScript evaluated from a string: it works the same from `src/`
 * under the test runner and from `dist/`, with no file to locate at run time.
 */
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const load = process.getBuiltinModule; // works whether the eval is run as CommonJS or ESM
const { parentPort, workerData } = load('node:worker_threads');
const { createHash } = load('node:crypto');
const { openSync, readSync, closeSync } = load('node:fs');
const { ring } = workerData;
let hash = createHash('sha256');
function begin(prefixPath, prefixBytes) {
  hash = createHash('sha256');
  if (prefixBytes === 0) return;
  const fd = openSync(prefixPath, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let pos = 0; pos < prefixBytes; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, prefixBytes - pos), pos);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    pos += n;
  }
  closeSync(fd);
}
parentPort.on('message', (m) => {
  if (m.begin) return begin(m.begin.prefixPath, m.begin.prefixBytes);
  if (m.digest) return parentPort.postMessage({ digest: hash.digest('hex') });
  hash.update(new Uint8Array(ring, m.start, m.length));
  parentPort.postMessage({ slot: m.slot });
});
`;

export class HashWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, () => void>();
  private digestWaiter: ((hex: string) => void) | null = null;
  private failure: Error | null = null;

  constructor(readonly ring: SharedArrayBuffer) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ring } });
    this.worker.on('message', (m: { slot?: number; digest?: string }) => {
      if (m.digest !== undefined) this.digestWaiter?.(m.digest);
      else this.waiting.get(m.slot!)?.();
    });
    this.worker.on('error', (e) => this.fail(e));
    // A worker that ends on its own would leave callers waiting forever.
    this.worker.on('exit', (code) => this.fail(new Error(`hash worker exited with code ${code}`)));
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const done of [...this.waiting.values()]) done();
    this.digestWaiter?.('');
  }

  /** A new digest, of the first `prefixBytes` of `prefixPath` (0: none) and then of the slots handed over. */
  begin(prefixPath: string, prefixBytes: number): void {
    this.worker.postMessage({ begin: { prefixPath, prefixBytes } });
  }

  /** Hash `length` bytes of the ring at `start`; resolves when the slot may be reused. */
  hash(slot: number, start: number, length: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.waiting.set(slot, () => {
        this.waiting.delete(slot);
        if (this.failure) reject(this.failure);
        else resolve();
      });
      this.worker.postMessage({ slot, start, length });
    });
  }

  digest(): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.digestWaiter = (hex) => (hex ? resolve(hex) : reject(this.failure));
      this.worker.postMessage({ digest: true });
    });
  }

  async stop(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }
}
