/**
 * Turns a stream of byte counts into throttled `downloading` events with a smoothed speed
 * (exponential moving average over ~1 s) and an ETA.
 */
import type { ModelEvent } from '../events.js';

export interface MeterOptions {
  model: string;
  emit: (e: ModelEvent) => void;
  intervalMs?: number;
  now?: () => number;
}

export class ProgressMeter {
  private lastAt: number;
  private lastBytes: number;
  private speed: number | undefined;
  private total: number | null = null;
  private bytes = 0;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: MeterOptions) {
    this.intervalMs = opts.intervalMs ?? 200;
    this.now = opts.now ?? (() => performance.now());
    this.lastAt = this.now();
    this.lastBytes = 0;
  }

  /** A (re)start at `bytes` already on disk; speed counts only what comes next. */
  start(bytes: number, total: number | null): void {
    this.bytes = this.lastBytes = bytes;
    this.total = total;
    this.lastAt = this.now();
    this.emit();
  }

  add(n: number): void {
    this.bytes += n;
    const t = this.now();
    const dt = t - this.lastAt;
    if (dt < this.intervalMs) return;
    const instant = ((this.bytes - this.lastBytes) * 1000) / dt;
    // Weight by elapsed time so the average spans about a second whatever the interval.
    const alpha = Math.min(1, dt / 1000);
    this.speed = this.speed === undefined ? instant : this.speed + alpha * (instant - this.speed);
    this.lastAt = t;
    this.lastBytes = this.bytes;
    this.emit();
  }

  /** The last state, unthrottled (end of a stream). */
  flush(): void {
    this.emit();
  }

  private emit(): void {
    const speed = this.speed === undefined ? undefined : Math.round(this.speed);
    const etaSec =
      this.total === null || !speed ? null : Math.max(0, Math.round((this.total - this.bytes) / speed));
    this.opts.emit({
      type: 'model',
      model: this.opts.model,
      status: 'downloading',
      bytes: this.bytes,
      total: this.total,
      ...(speed === undefined ? {} : { speed }),
      etaSec,
    });
  }
}
