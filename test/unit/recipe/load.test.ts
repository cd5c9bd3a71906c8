import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TempfsError } from '../../../src/errors.js';
import { loadProject, type LoadOptions } from '../../../src/recipe/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/recipes/valid/', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const load = (options: Partial<LoadOptions> & { cwd: string }) => loadProject({ env: {}, ...options });

describe('stock recipes', () => {
  test.each(['recipes/llama-server.yaml', 'recipes/llama-cli.yaml', 'recipes/ubuntu.yaml', 'tempfs.yaml'])('%s loads without error or warning', async (file) => {
    const { project, warnings } = await load({ cwd: root, files: [file] });
    expect(warnings).toEqual([]);
    expect(Object.keys(project.containers).length).toBeGreaterThan(0);
  });

  test('llama-server: upstream defaults, sizes in bytes, durations in ms, both probes', async () => {
    const { project } = await load({ cwd: root, files: ['recipes/llama-server.yaml'] });
    const server = project.containers['llama-server']!;
    expect(server.image).toBe('ghcr.io/ggml-org/llama.cpp:server');
    // No CPU limit and no fixed thread count unless asked (0: llama.cpp uses every CPU it sees).
    expect(server.resources).toEqual({ cpus: null, memory: 6 * 1024 ** 3, memory_swap: 7 * 1024 ** 3, pids: 512 });
    expect(server.ports).toEqual([{ host_ip: '127.0.0.1', host: 8080, container: 8080, protocol: 'tcp' }]);
    // Settings once, as llama.cpp's variables: no --host beside the image's LLAMA_ARG_HOST.
    expect(server.command).toBeNull();
    expect(server.environment).toEqual({
      LLAMA_ARG_MODEL: '/models/qwen.gguf', LLAMA_ARG_HOST: '0.0.0.0', LLAMA_ARG_PORT: '8080', LLAMA_ARG_CTX_SIZE: '4096', LLAMA_ARG_THREADS: '0',
    });
    expect(server.ready).toMatchObject({ http: { url: 'http://127.0.0.1:8080/health', status: 200 }, timeout: 180_000, interval: 500, times: 1 });
    expect(new RegExp(server.ready!.log!).test('main: server is listening on http://0.0.0.0:8080 - starting the main loop')).toBe(true);
    // Pinned: an immutable revision and the checksum.
    expect(project.models.qwen).toMatchObject({ sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db', file: 'qwen.gguf' });
    expect(project.models.qwen!.url).toMatch(/\/resolve\/[0-9a-f]{40}\//);
  });

  test.each(['recipes/llama-server.yaml', 'recipes/llama-cli.yaml', 'tempfs.yaml'])('%s: LLAMA_CONTEXT, LLAMA_THREADS, LLAMA_CPUS and LLAMA_VARIANT the same way', async (file) => {
    const cpu = await load({ cwd: root, files: [file], env: { LLAMA_CONTEXT: '2048', LLAMA_THREADS: '2', LLAMA_CPUS: '1.5' } });
    const gpu = await load({ cwd: root, files: [file], env: { LLAMA_VARIANT: 'cuda' } });
    for (const [name, c] of Object.entries(cpu.project.containers).filter(([n]) => n.startsWith('llama'))) {
      expect(c.environment).toMatchObject({ LLAMA_ARG_CTX_SIZE: '2048', LLAMA_ARG_THREADS: '2' });
      expect(c.environment.LLAMA_ARG_N_GPU_LAYERS).toBeUndefined();
      expect(c.resources).toMatchObject({ cpus: 1.5 });
      expect(c.resources.gpus).toBeUndefined();
      const g = gpu.project.containers[name]!;
      expect(g.image).toMatch(/^ghcr\.io\/ggml-org\/llama\.cpp:(server|light)-cuda$/);
      expect(g.environment.LLAMA_ARG_N_GPU_LAYERS).toBe('all');
      expect(g.resources.gpus).toBe('all');
    }
  });

  test('variables swap the images and the model', async () => {
    const env = { LLAMA_SERVER_IMAGE: 'localhost/fake:1', LLAMA_MODEL_URL: 'http://127.0.0.1:9/m.gguf', LLAMA_MODEL_SHA256: 'AB'.repeat(32) };
    const { project } = await load({ cwd: root, files: ['recipes/llama-server.yaml'], env });
    expect(project.containers['llama-server']!.image).toBe('localhost/fake:1');
    expect(project.models.qwen).toMatchObject({ url: 'http://127.0.0.1:9/m.gguf', sha256: 'ab'.repeat(32) });
  });

  test('ubuntu: ephemeral sandbox keeps its own tmpfs caps and gets the defaults for the rest', async () => {
    const { project } = await load({ cwd: root, files: ['recipes/ubuntu.yaml'] });
    const sandbox = project.containers.sandbox!;
    expect(sandbox).toMatchObject({ ephemeral: true, command: ['sleep', 'infinity'], roles: ['base', 'ping'], init: true, stop_grace_period: 2000 });
    expect(sandbox.tmpfs).toEqual([
      { target: '/tmp', size: 512 * 1024 ** 2 },
      { target: '/root', size: 256 * 1024 ** 2 },
      { target: '/var/tmp', size: 256 * 1024 ** 2 },
      { target: '/run', size: 64 * 1024 ** 2 },
    ]);
  });

  test('top-level tempfs.yaml: the sandbox waits for the server to be ready', async () => {
    const { project } = await load({ cwd: join(root, 'src') });
    expect(project.files).toEqual([join(root, 'tempfs.yaml')]);
    expect(project.containers.sandbox!.depends_on).toEqual({ 'llama-server': { condition: 'ready' } });
  });
});

describe('merging -f files', () => {
  test('maps merge, scalars and command replace, ports concatenate, env/labels/depends_on merge by name, volumes by target', async () => {
    const { project } = await load({ cwd: join(fixtures, 'merge'), files: ['base.yaml', 'override.yaml'], services: ['web'] });
    const web = project.containers.web!;
    expect(web.image).toBe('busybox:2');
    expect(web.command).toEqual(['httpd', '-f', '-v']);
    expect(web.environment).toEqual({ A: '1', B: '20', C: '3' });
    expect(web.labels).toEqual({ team: 'core' });
    expect(web.ports.map((p) => p.host)).toEqual([8080, 9090]);
    expect(web.volumes.map((v) => [v.source, v.target, v.read_only])).toEqual([
      ['data', '/data', false],
      [join(fixtures, 'merge', 'other'), '/etc/conf', false],
    ]);
    expect(web.tmpfs.map((t) => t.target)).toEqual(['/tmp', '/run']);
    expect(web.depends_on).toEqual({ db: { condition: 'started' }, cache: { condition: 'ready' } });
    expect(web.resources).toMatchObject({ cpus: 1, memory: 1024 ** 3 });
    expect(project.files.map((f) => f.slice(fixtures.length))).toEqual(['merge/base.yaml', 'merge/override.yaml']);
  });

  test('an error in the second file points at the second file', async () => {
    const error = await load({ cwd: fixtures, files: ['merge/base.yaml', 'merge/override-bad.yaml'] }).catch((e: TempfsError) => e);
    expect((error as TempfsError).line).toBe('merge/override-bad.yaml:5:9: containers.db.ports[1]: "80800" is not a valid port mapping');
  });
});

describe('environment', () => {
  const cwd = join(fixtures, 'env');

  test('project env_file feeds interpolation; a container gets env_file overlaid by environment', async () => {
    const { project, warnings } = await load({ cwd, env: { PASSTHROUGH: 'from-shell' } });
    const app = project.containers.app!;
    expect(app.image).toBe('project-image');
    expect(app.environment).toEqual({ SHARED: 'from-environment', FILE_ONLY: 'quoted value', FROM_RECIPE: 'project', PASSTHROUGH: 'from-shell' });
    expect(app.env_file).toEqual([join(cwd, 'app.env')]);
    expect(app.labels).toEqual({ tag: 'project-tag', empty: '' });
    expect(warnings).toEqual([]);
  });

  test('the shell beats --env-file, which replaces the project env_file', async () => {
    const viaFlag = await load({ cwd, envFiles: ['cli.env'] });
    expect(viaFlag.project.containers.app!.image).toBe('cli-image');
    // ONLY_IN_PROJECT is no longer defined: a warning with the place, and an empty value.
    expect(viaFlag.project.containers.app!.environment.FROM_RECIPE).toBe('');
    expect(viaFlag.warnings).toEqual([{ message: 'variable ONLY_IN_PROJECT is not set: using an empty string', file: 'tempfs.yaml', line: 6, col: 20 }]);
    const viaShell = await load({ cwd, envFiles: ['cli.env'], env: { IMAGE: 'shell-image' } });
    expect(viaShell.project.containers.app!.image).toBe('shell-image');
  });

  test('--no-interpolate: the document keeps the references, the model still holds values', async () => {
    const { project, document } = await load({ cwd, interpolate: false });
    expect((document as { containers: { app: { image: string } } }).containers.app.image).toBe('${IMAGE}');
    expect(project.containers.app!.image).toBe('project-image');
  });

  test('--no-interpolate turns an unset required variable into a warning', async () => {
    const invalid = fileURLToPath(new URL('../../fixtures/recipes/invalid/', import.meta.url));
    const { warnings, document } = await load({ cwd: invalid, files: ['interpolation-required.yaml'], interpolate: false });
    expect(warnings).toEqual([
      { message: 'containers.web.image: required variable WEB_IMAGE is missing a value: set WEB_IMAGE to the image to test', file: 'interpolation-required.yaml', line: 4, col: 12 },
    ]);
    expect(document).toEqual({ containers: { web: { image: '${WEB_IMAGE:?set WEB_IMAGE to the image to test}' } } });
  });

  test('tempfs.yaml is found in a parent folder; paths stay relative to it', async () => {
    const { project } = await load({ cwd: join(cwd, 'nested') });
    expect(project.dir).toBe(cwd);
    expect(project.name).toBe('env');
  });
});

describe('profiles and names', () => {
  const cwd = join(fixtures, 'profiles');
  const names = async (options: Partial<LoadOptions> = {}) => Object.keys((await load({ cwd, ...options })).project.containers);

  test('containers without profiles are always on', async () => {
    expect(await names()).toEqual(['app', 'db']);
  });
  test('an active profile enables its containers and their dependencies', async () => {
    expect(await names({ profiles: ['debug'] })).toEqual(['app', 'db', 'debug', 'tools']);
  });
  test('TEMPFS_PROFILES is read when --profile is not given', async () => {
    expect(await names({ env: { TEMPFS_PROFILES: 'tools, docs' } })).toEqual(['app', 'db', 'tools', 'docs']);
  });
  test('naming a container enables it whatever its profiles', async () => {
    expect(await names({ services: ['docs'] })).toEqual(['app', 'db', 'docs']);
  });
  test('naming an unknown container is a usage error with a suggestion', async () => {
    const error = load({ cwd, services: ['dosc'] });
    await expect(error).rejects.toMatchObject({ code: 'USAGE' });
    await expect(error).rejects.toThrow('no container "dosc" in this recipe, did you mean "docs"?');
  });
  test('unknown roles warn (roles of inline commands are known)', async () => {
    const { warnings } = await load({ cwd, profiles: ['docs'] });
    expect(warnings).toEqual([{ message: 'containers.docs.roles[2]: unknown role "mystery"', file: 'tempfs.yaml', line: 18, col: 25 }]);
  });

  test.each([
    [{ projectName: 'from-flag', env: { TEMPFS_PROJECT_NAME: 'env' } }, 'from-flag'],
    [{ env: { TEMPFS_PROJECT_NAME: 'env_name', COMPOSE_PROJECT_NAME: 'compose' } }, 'env_name'],
    [{ env: { COMPOSE_PROJECT_NAME: 'compose' } }, 'compose'],
    // `name: Profiles Demo!`, normalised as compose-go does (other characters dropped).
    [{}, 'profilesdemo'],
  ])('project name %j -> %s', async (options, expected) => {
    expect((await load({ cwd, ...options })).project.name).toBe(expected);
  });
  test.each([
    [{ projectName: 'From Flag' }, 'invalid project name "From Flag" (from -p)'],
    [{ env: { TEMPFS_PROJECT_NAME: 'Env_Name' } }, 'invalid project name "Env_Name" (from TEMPFS_PROJECT_NAME)'],
    [{ env: { COMPOSE_PROJECT_NAME: '-x' } }, 'invalid project name "-x" (from COMPOSE_PROJECT_NAME)'],
  ])('an invalid name given outright is refused, not rewritten: %j', async (options, message) => {
    const error = load({ cwd, ...options });
    await expect(error).rejects.toMatchObject({ code: 'USAGE' });
    await expect(error).rejects.toThrow(message);
  });
  test('the folder name is the last resort', async () => {
    expect((await load({ cwd: join(fixtures, 'env') })).project.name).toBe('env');
  });
});

describe('finding the recipe', () => {
  test('no tempfs.yaml anywhere up the tree', async () => {
    await expect(load({ cwd: '/' })).rejects.toMatchObject({ code: 'RECIPE_NOT_FOUND' });
  });
  test('a missing -f file', async () => {
    const error = load({ cwd: fixtures, files: ['nope.yaml'] });
    await expect(error).rejects.toMatchObject({ code: 'RECIPE_NOT_FOUND' });
    await expect(error).rejects.toThrow('recipe nope.yaml not found');
  });
});

describe('YAML features Compose files use', () => {
  test('x- extension keys, anchors and merge keys', async () => {
    const { project } = await load({ cwd: join(fixtures, 'anchors') });
    expect(project.containers.a).toMatchObject({ image: 'busybox', command: ['sleep', '1'], resources: { memory: 64 * 1024 ** 2 } });
    expect(project.containers.b).toMatchObject({ image: 'alpine', resources: { memory: 64 * 1024 ** 2 } });
  });
});
