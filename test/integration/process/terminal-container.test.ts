/**
 * Terminals in real containers: a Debian one (bash) and a busybox one (only sh), through
 * `podman exec -it` under the PTY. The same behaviour as on the host, and nothing left
 * in the container once the terminals are destroyed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessManager } from '../../../src/process/index.js';
import { requireImages, TEST_IMAGES, uniqueProject } from '../../helpers/podman.js';
import { terminalBehaviour } from '../../helpers/terminal-suite.js';
import { podman, remaining, removeByLabel, startContainer } from './container-podman.js';

const project = uniqueProject('term');
const boxes = { bash: `${project}-deb`, sh: `${project}-bb` };
let manager: ProcessManager;

/** `pid command line` of the live processes in the container, read from /proc (Debian minbase has no ps). */
async function processes(name: string): Promise<string[]> {
  const script =
    'for p in /proc/[0-9]*; do s=$(cat $p/stat 2>/dev/null) || continue; case "${s##*) }" in Z*) continue;; esac; ' +
    'printf "%s " ${p#/proc/}; tr "\\0" " " <$p/cmdline; echo; done';
  return (await podman('exec', name, 'sh', '-c', script)).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.includes('/proc/[0-9]'));
}

beforeAll(async () => {
  await requireImages([TEST_IMAGES.debian, TEST_IMAGES.busybox]);
  await Promise.all([startContainer(boxes.bash, project, TEST_IMAGES.debian), startContainer(boxes.sh, project, TEST_IMAGES.busybox)]);
  manager = new ProcessManager({ graceMs: 1000 });
});

afterAll(async () => {
  await manager?.dispose();
  await removeByLabel(project);
  expect(await remaining(project)).toEqual([]);
});

for (const [shell, name] of Object.entries(boxes)) {
  describe(`terminals in a container with ${shell}`, () => {
    terminalBehaviour(() => ({ manager: () => manager, target: { kind: 'container', name }, name: shell }));

    it('runs that shell, reports its pid there, and destroy leaves nothing of it running in the container', async () => {
      const info = await manager.create({ name: `${shell}-gone`, target: { kind: 'container', name } });
      expect(info).toMatchObject({ shell, alive: true });
      expect((await manager.run({ terminalId: info.terminalId, command: 'echo $$' })).output).toBe(String(info.pid));
      await manager.run({ terminalId: info.terminalId, command: 'sleep 3701 & sleep 3702', timeout: 300 });
      const mine = (list: string[]) => list.filter((p) => p.startsWith(`${info.pid} `) || /^\d+ sleep 370[12]$/.test(p));
      expect(mine(await processes(name))).toHaveLength(3);
      await manager.destroy(info.terminalId);
      expect(mine(await processes(name))).toEqual([]);
    }, 60_000);
  });
}
