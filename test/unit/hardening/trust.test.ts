// Issue 16, design gap 1: a recipe that reaches into the host (command modules, bind
// mounts, capabilities) runs only once its folder is trusted at this content.
import { appendFileSync, mkdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { requireTrust } from '../../../src/commands/trust/require-trust.js';
import { trustFilePath } from '../../../src/commands/trust/trust-store.js';
import { loadProject } from '../../../src/recipe/index.js';
import { runInProcess } from '../../helpers/cli.js';
import { recipeDir } from './load-text.js';
import { tempDir } from '../../helpers/temp-dir.js';

const hostile = `name: clone
containers:
  box:
    image: busybox
    volumes: ["/:/host", "./src:/work:ro"]
    cap_add: [SYS_ADMIN]
commands: [./commands]
`;

function setup(text = hostile) {
  const dir = recipeDir(text);
  mkdirSync(join(dir, 'commands'));
  writeFileSync(join(dir, 'commands', 'evil.mjs'), 'export default {};\n');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TEMPFS_STATE_DIR: tempDir('tempfs-trust-') };
  return { dir, env };
}

/** A CommandContext on a terminal whose user types `answer`. */
function ttyContext(env: Record<string, string | undefined>, answer: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stderr = new PassThrough();
  let said = '';
  stderr.on('data', (d) => {
    said += d;
    if (said.includes('[y/N]')) stdin.write(`${answer}\n`);
  });
  const ctx = { env, stdin, stderr, stdout: new PassThrough(), isTTY: true, stdinIsTTY: true, signal: new AbortController().signal, global: { files: [] } };
  return { ctx: ctx as unknown as CommandContext, said: () => said };
}

describe('the trust step', () => {
  test('off a terminal, up and run refuse with what the recipe may do and the command to run', async () => {
    const { dir, env } = setup();
    for (const argv of [['up', '-d'], ['run', 'box', '--', 'true']]) {
      const r = await runInProcess(argv, { cwd: dir, env });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `error: the recipe in ${dir} is not trusted (or changed since it was): it may reach into this machine\n` +
          '  - it gives containers.box the host path / at /host\n' +
          `  - it gives containers.box the host path ${dir}/src (read-only) at /work\n` +
          '  - it adds the capabilities SYS_ADMIN to containers.box\n' +
          'hint: read the recipe (and its commands), then run: tempfs trust\n',
      );
    }
  });

  test('file secrets and configs of a compose file are host files handed over: they need trust too', async () => {
    const { dir, env } = setup(`services:
  db:
    image: busybox
    secrets: [pw]
secrets:
  pw:
    file: /etc/hostname
`);
    const r = await runInProcess(['up', '-d'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('  - it gives containers.db the host file /etc/hostname (read-only) at /run/secrets/pw\n');
  });

  test('tempfs trust records the folder by content; a change to the recipe or a command module asks again', async () => {
    const { dir, env } = setup();
    const trusted = await runInProcess(['trust'], { cwd: dir, env });
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(/^trusted: .* \(sha256 [0-9a-f]{16}\)\n  - it runs the JavaScript in .*commands on this machine \(commands:\)\n/);
    expect(statSync(trustFilePath(env)).mode & 0o777).toBe(0o600);
    const scope = { containers: true, code: true };
    const ctx = { env, stdinIsTTY: false, isTTY: false, global: { files: [] } } as unknown as CommandContext;
    const load = async () => (await loadProject({ cwd: dir, env: {} })).project;
    await expect(requireTrust(ctx, await load(), scope)).resolves.toBeUndefined();
    appendFileSync(join(dir, 'commands', 'evil.mjs'), '// changed\n');
    await expect(requireTrust(ctx, await load(), scope)).rejects.toMatchObject({ code: 'UNTRUSTED' });
    expect((await runInProcess(['trust'], { cwd: dir, env })).code).toBe(0);
    await expect(requireTrust(ctx, await load(), scope)).resolves.toBeUndefined();
    appendFileSync(join(dir, 'tempfs.yaml'), '# changed\n');
    await expect(requireTrust(ctx, await load(), scope)).rejects.toMatchObject({ code: 'UNTRUSTED' });
    expect((await runInProcess(['trust', '--revoke'], { cwd: dir, env })).stdout).toBe(`no longer trusted: ${dir}\n`);
  });

  test('a trusted folder asks again when a variable moves a bind mount, or a symlinked module changes its target', async () => {
    const { dir, env } = setup('name: clone\ncontainers:\n  box:\n    image: busybox\n    volumes: ["${SRC}:/work"]\ncommands: [./commands]\n');
    writeFileSync(join(dir, '.env'), 'SRC=./src\n');
    writeFileSync(join(dir, 'a.mjs'), 'export default {};\n');
    writeFileSync(join(dir, 'b.mjs'), 'export default { name: "b" };\n');
    symlinkSync(join(dir, 'a.mjs'), join(dir, 'commands', 'linked.mjs'));
    const scope = { containers: true, code: true };
    const ctx = { env, stdinIsTTY: false, isTTY: false, global: { files: [] } } as unknown as CommandContext;
    const load = async () => (await loadProject({ cwd: dir, env: {} })).project;
    expect((await runInProcess(['trust'], { cwd: dir, env })).code).toBe(0);
    await expect(requireTrust(ctx, await load(), scope)).resolves.toBeUndefined();
    writeFileSync(join(dir, '.env'), 'SRC=/\n');
    await expect(requireTrust(ctx, await load(), scope)).rejects.toMatchObject({ code: 'UNTRUSTED' });
    writeFileSync(join(dir, '.env'), 'SRC=./src\n');
    await expect(requireTrust(ctx, await load(), scope)).resolves.toBeUndefined();
    rmSync(join(dir, 'commands', 'linked.mjs'));
    symlinkSync(join(dir, 'b.mjs'), join(dir, 'commands', 'linked.mjs'));
    await expect(requireTrust(ctx, await load(), scope)).rejects.toMatchObject({ code: 'UNTRUSTED' });
  });

  test('on a terminal tempfs asks: yes records, anything else refuses', async () => {
    const { dir, env } = setup();
    const project = (await loadProject({ cwd: dir, env: {} })).project;
    const no = ttyContext(env, 'n');
    await expect(requireTrust(no.ctx, project, { containers: false, code: true })).rejects.toMatchObject({ code: 'UNTRUSTED' });
    expect(no.said()).toContain(`The recipe in ${dir} is not trusted yet (or changed since):\n  - it runs the JavaScript in`);
    const yes = ttyContext(env, 'y');
    await expect(requireTrust(yes.ctx, project, { containers: false, code: true })).resolves.toBeUndefined();
    const again = ttyContext(env, 'n');
    await expect(requireTrust(again.ctx, project, { containers: true, code: true })).resolves.toBeUndefined();
    expect(again.said()).toBe('');
  });

  test('a recipe that reaches nothing on the host needs no trust; detached up does not count command modules', async () => {
    const plain = setup('name: plain\ncontainers:\n  box: { image: busybox, volumes: ["data:/data"] }\nvolumes: { data: {} }\ncommands: [./commands]\n');
    const project = (await loadProject({ cwd: plain.dir, env: {} })).project;
    const ctx = { env: plain.env, stdinIsTTY: false, isTTY: false, global: { files: [] } } as unknown as CommandContext;
    await expect(requireTrust(ctx, project, { containers: true, code: false })).resolves.toBeUndefined();
    await expect(requireTrust(ctx, project, { containers: false, code: true })).rejects.toMatchObject({ code: 'UNTRUSTED' });
  });
});
