/**
 * Stress loops: the default run (`npm test`) does one iteration, `npm run test:stress`
 * (TEMPFS_STRESS=1) does all of them.
 */
export const stressRuns = (full: number): number => (process.env.TEMPFS_STRESS === '1' ? full : 1);

/** `n` runs, `batch` at a time (the machine has two cores). */
export async function repeat(n: number, batch: number, run: () => Promise<unknown>): Promise<void> {
  for (let done = 0; done < n; done += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, n - done) }, run));
  }
}
