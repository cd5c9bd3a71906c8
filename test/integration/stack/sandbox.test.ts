/**
 * The stock ubuntu recipe (ephemeral sandbox) on the Debian test image, through the built
 * CLI: writes outside tmpfs are refused, /tmp works, and nothing survives `down`.
 */
import { describe, expect, it } from 'vitest';
import { assertNothingLeft, TEST_IMAGES } from '../../helpers/podman.js';
import { engine, RECIPES_DIR, tempfs, testProject, useStateDir } from './stack.js';

const stateDir = useStateDir([TEST_IMAGES.debian]);
const run = () => ({ cwd: RECIPES_DIR, stateDir: stateDir(), env: { SANDBOX_IMAGE: TEST_IMAGES.debian } });
const recipe = ['-f', 'ubuntu.yaml'];

describe('ephemeral sandbox (recipes/ubuntu.yaml)', () => {
  it('refuses writes outside tmpfs, accepts /tmp, and leaves nothing after down', async () => {
    const project = testProject('sandbox');
    const sh = (script: string) => tempfs([...recipe, 'exec', '-p', project, 'sandbox', '--', 'sh', '-c', script], run());

    const up = await tempfs([...recipe, 'up', '-d', '-p', project], run());
    expect(up.code, up.stderr).toBe(0);

    const etc = await sh('echo x > /etc/x');
    expect(etc.code).not.toBe(0);
    expect(etc.stderr).toMatch(/Read-only file system/);
    expect(await sh('echo x > /tmp/x && cat /tmp/x')).toMatchObject({ code: 0, stdout: 'x\n' });

    const down = await tempfs([...recipe, 'down', '-p', project], run());
    expect(down.code, down.stderr).toBe(0);
    await assertNothingLeft(project, engine);

    // A new sandbox of the same project starts clean: /tmp/x went with the old one.
    expect((await tempfs([...recipe, 'up', '-d', '-p', project], run())).code).toBe(0);
    const gone = await sh('test -e /tmp/x');
    expect(gone.code).toBe(1);
    expect((await tempfs([...recipe, 'down', '-p', project], run())).code).toBe(0);
  });
});
