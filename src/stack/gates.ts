/**
 * Small concurrency tools for the event-driven start: a Gate is a promise that can be
 * opened or failed from outside (one per container state a dependent may wait on); a
 * Limiter caps how many containers are created at once (`up --parallel N`).
 */

export class Gate {
  readonly promise: Promise<void>;
  private settled = false;
  private resolveFn!: () => void;
  private rejectFn!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    // A gate nobody waits on must not turn its failure into an unhandled rejection.
    this.promise.catch(() => {});
  }

  open(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveFn();
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectFn(error);
  }
}

export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}
