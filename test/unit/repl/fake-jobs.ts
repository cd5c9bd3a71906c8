/**
 * An in-memory ReplJobs for the job built-ins: the test prints lines into a job,
 * ends it, and sees what `start`, `stop` and `wait` were asked. Cursor semantics follow
 * the process manager's: line N has cursor N; `since` returns the lines after it.
 */
import type { JobInfo, JobLogs, JobLogsOptions, JobWaitOptions, JobWaitResult, ReplJobs } from '../../../src/repl/jobs.js';

interface FakeJob {
  info: JobInfo;
  lines: string[];
  /** Called on every new line and at the end. */
  listeners: Set<() => void>;
}

export class FakeJobs implements ReplJobs {
  readonly started: string[] = [];
  readonly stopped: string[] = [];
  readonly waits: { id: string; pattern: string; options: JobWaitOptions }[] = [];
  private readonly jobs = new Map<string, FakeJob>();

  start(command: string): JobInfo {
    const id = `p${this.jobs.size + 1}`;
    this.started.push(command);
    this.jobs.set(id, { info: { id, command, status: 'running', uptimeSec: 0 }, lines: [], listeners: new Set() });
    return { ...this.jobs.get(id)!.info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  logs(id: string, options: JobLogsOptions = {}): JobLogs {
    const { lines } = this.job(id);
    const count = options.lines ?? 50;
    if (options.since === undefined) return { lines: count === 0 ? [] : lines.slice(-count), cursor: lines.length, dropped: 0 };
    const page = lines.slice(options.since, options.since + count);
    return { lines: page, cursor: options.since + page.length, dropped: 0 };
  }

  async stop(id: string): Promise<JobInfo> {
    this.stopped.push(id);
    const job = this.job(id);
    if (job.info.status === 'running') this.end(id, { status: 'killed' });
    return { ...job.info };
  }

  wait(id: string, pattern: string, options: JobWaitOptions): Promise<JobWaitResult> {
    this.waits.push({ id, pattern, options });
    const job = this.job(id);
    const regex = new RegExp(pattern);
    let seen = options.since ?? 0;
    const scan = (): JobWaitResult | undefined => {
      for (; seen < job.lines.length; seen++) {
        if (regex.test(job.lines[seen]!)) return { found: true, line: job.lines[seen]! };
      }
      return job.info.status === 'running' && !options.signal?.aborted ? undefined : { found: false };
    };
    const now = scan();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (result: JobWaitResult) => {
        clearTimeout(timer);
        job.listeners.delete(check);
        options.signal?.removeEventListener('abort', check);
        resolve(result);
      };
      const check = () => {
        const result = scan();
        if (result) done(result);
      };
      const timer = setTimeout(() => done({ found: false }), options.timeoutMs);
      job.listeners.add(check);
      options.signal?.addEventListener('abort', check, { once: true });
    });
  }

  /** The job prints these lines. */
  print(id: string, ...lines: string[]): void {
    const job = this.job(id);
    job.lines.push(...lines);
    for (const listener of [...job.listeners]) listener();
  }

  /** The job ends (exited with a code by default). */
  end(id: string, how: Partial<JobInfo> = { status: 'exited', exitCode: 0 }): void {
    const job = this.job(id);
    Object.assign(job.info, how);
    for (const listener of [...job.listeners]) listener();
  }

  set(id: string, info: Partial<JobInfo>): void {
    Object.assign(this.job(id).info, info);
  }

  private job(id: string): FakeJob {
    const job = this.jobs.get(id);
    if (!job) throw new Error(`fake: no job ${id}`);
    return job;
  }
}
