// Issue 16 item 17: terminal history is private and skips space-prefixed lines; monitor
// logs are pruned; gc without a project is refused unless --all says so.
import { statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { saveHistory } from '../../../src/repl/history.js';
import { LOG_MAX_COUNT, pruneMonitorLogs } from '../../../src/monitor/prune-logs.js';
import { runInProcess } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const tmp = () => tempDir('tempfs-files-');

describe('terminal history', () => {
  test('is 0600 (also a file that was 0644) and leaves out lines typed with a leading space', async () => {
    const file = join(tmp(), 'history', 'p');
    await saveHistory(file, ['ls']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await chmod(file, 0o644);
    await saveHistory(file, [' export API_KEY=secret', 'make test', 'ls']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe('ls\nmake test\n');
  });
});

describe('monitor logs', () => {
  test('logs older than 7 days go, and only the newest 200 stay', async () => {
    const dir = tmp();
    const now = Date.now();
    const at = (name: string, ageMs: number) => {
      writeFileSync(join(dir, name), 'x');
      utimesSync(join(dir, name), (now - ageMs) / 1000, (now - ageMs) / 1000);
    };
    at('old.log', 8 * 24 * 3_600_000);
    at('recent.log', 3_600_000);
    at('not-a-log.txt', 30 * 24 * 3_600_000);
    for (let i = 0; i < LOG_MAX_COUNT + 5; i++) at(`s${i}.log`, 2 * 3_600_000 + i * 1000);
    const removed = await pruneMonitorLogs(dir, now);
    expect(removed).toHaveLength(1 + 6);
    expect(existsSync(join(dir, 'old.log'))).toBe(false);
    expect(existsSync(join(dir, 'recent.log'))).toBe(true);
    expect(existsSync(join(dir, 'not-a-log.txt'))).toBe(true);
    expect(existsSync(join(dir, `s${LOG_MAX_COUNT + 4}.log`))).toBe(false);
  });
});

describe('gc', () => {
  test('without a recipe or -p it needs --all', async () => {
    const r = await runInProcess(['gc', '--dry-run'], { cwd: tmp(), env: { PATH: process.env.PATH, HOME: process.env.HOME, TEMPFS_STATE_DIR: tmp() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("error: gc: no project here (no tempfs.yaml and no -p)\nhint: name one with -p, or clean every project's orphans with: tempfs gc --all\n");
  });
});
