// Overhead of ProcessManager.execute against a bare node:child_process execFile, and the latency from a
// line being printed to `wait` returning. Median of 100 each. Runs against dist/:
//   npm run build && node bench/process-overhead.mjs [runs]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ProcessManager } from '../dist/process/index.js';
import { median, timeEach as timeWith } from './timing.mjs';

const runs = Number(process.argv[2] ?? 100);
const stampFixture = fileURLToPath(new URL('../test/fixtures/process/delayed-stamp.mjs', import.meta.url));
const nowMs = () => performance.timeOrigin + performance.now();

const timeEach = (label, fn) => timeWith(label, fn, { runs, width: 44 });
const run = promisify(execFile);

const manager = new ProcessManager();
try {
  const bare = await timeEach("execFile('true')", () => run('true'));
  const bash = await timeEach("execFile('bash', ['-c', 'true'])", () => run('bash', ['-c', 'true']));
  const managed = await timeEach("manager.execute({ command: 'true' })", async () => {
    const r = await manager.execute({ command: 'true' });
    if (!r.success) throw new Error('execute failed');
  });
  console.log(`ratio execute / execFile('true')               ${(managed / bare).toFixed(2)}x`);
  console.log(`ratio execute / execFile('bash -c true')       ${(managed / bash).toFixed(2)}x`);

  const latencies = [];
  for (let i = 0; i < runs; i++) {
    const { processId } = manager.background({ command: `exec node ${stampFixture} 100` });
    const waitStarted = nowMs();
    const r = await manager.wait({ processId, pattern: '^stamp (\\S+)$', timeout: 10_000 });
    const returned = nowMs();
    if (!r.found) throw new Error('stamp line not seen');
    const printed = Number(r.match.split(' ')[1]);
    if (printed < waitStarted) throw new Error('line printed before wait began: raise the delay');
    latencies.push(returned - printed);
    await manager.stop(processId);
  }
  console.log(`${'line printed -> wait returns'.padEnd(44)} median ${median(latencies).toFixed(2)} ms (max ${Math.max(...latencies).toFixed(2)})`);
} finally {
  await manager.dispose();
}
