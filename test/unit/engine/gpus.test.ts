import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerGpuArgs, gpuCheck, podmanGpuArgs } from '../../../src/engine/gpus.js';
import { buildCreateArgs, DOCKER_DIALECT } from '../../../src/engine/run-args.js';
import { loadProject } from '../../../src/recipe/index.js';
import { request } from './spec-fixture.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('resources.gpus as engine arguments', () => {
  it('Podman: CDI devices, all or one per GPU (a count is the first N)', () => {
    expect(podmanGpuArgs(undefined)).toEqual([]);
    expect(podmanGpuArgs('all')).toEqual(['--device', 'nvidia.com/gpu=all']);
    expect(podmanGpuArgs(2)).toEqual(['--device', 'nvidia.com/gpu=0', '--device', 'nvidia.com/gpu=1']);
    expect(podmanGpuArgs(['1', 'GPU-8f2e'])).toEqual(['--device', 'nvidia.com/gpu=1', '--device', 'nvidia.com/gpu=GPU-8f2e']);
  });

  it('Docker: --gpus all, a count, or a quoted device list (one argv word, no shell)', () => {
    expect(dockerGpuArgs(undefined)).toEqual([]);
    expect(dockerGpuArgs('all')).toEqual(['--gpus', 'all']);
    expect(dockerGpuArgs(3)).toEqual(['--gpus', '3']);
    expect(dockerGpuArgs(['0', '1'])).toEqual(['--gpus', '"device=0,1"']);
  });

  it('podman create gets them before the image; none without the field', () => {
    const args = buildCreateArgs(request({ resources: { cpus: null, memory: null, memory_swap: null, pids: null, gpus: 'all' } }));
    expect(args.slice(args.indexOf('--device'), args.indexOf('--device') + 2)).toEqual(['--device', 'nvidia.com/gpu=all']);
    expect(args.indexOf('--device')).toBeLessThan(args.indexOf('--'));
    expect(buildCreateArgs(request())).not.toContain('--device');
  });

  it('docker create gets --gpus instead, before the image', () => {
    const args = buildCreateArgs(request({ resources: { cpus: null, memory: null, memory_swap: null, pids: null, gpus: ['0', '1'] } }), DOCKER_DIALECT);
    expect(args.slice(args.indexOf('--gpus'), args.indexOf('--gpus') + 2)).toEqual(['--gpus', '"device=0,1"']);
    expect(args.indexOf('--gpus')).toBeLessThan(args.indexOf('--'));
    expect(args).not.toContain('--device');
  });
});

describe('resources.gpus in a recipe', () => {
  const dir = tempDir('tempfs-gpus-');
  const load = async (gpus: string, env: Record<string, string> = {}) => {
    writeFileSync(join(dir, 'tempfs.yaml'), `containers:\n  a:\n    image: x\n    resources:\n      gpus: ${gpus}\n`);
    const { project } = await loadProject({ cwd: dir, env });
    return project.containers.a!.resources.gpus;
  };

  it('reads all, a count, ids, and none / 0 / an empty variable as no GPU', async () => {
    expect(await load('all')).toBe('all');
    expect(await load('2')).toBe(2);
    expect(await load('[0, "GPU-8f2e"]')).toEqual(['0', 'GPU-8f2e']);
    expect(await load('none')).toBeUndefined();
    expect(await load('0')).toBeUndefined();
    expect(await load('${GPUS:-}')).toBeUndefined();
    expect(await load('${GPUS:-}', { GPUS: 'all' })).toBe('all');
  });

  it('refuses anything else with one sentence', async () => {
    await expect(load('some')).rejects.toMatchObject({ message: expect.stringContaining('containers.a.resources.gpus: "some" must be all, none, a number of GPUs, or a list of GPU ids') });
    await expect(load('-1')).rejects.toMatchObject({ message: expect.stringContaining('resources.gpus') });
  });
});

describe("the doctor's gpus line", () => {
  it('says what it saw, or none; NVIDIA without a CDI spec gets the fix', () => {
    expect(gpuCheck({ nvidia: [], render: [], cdiSpecs: [] })).toEqual({ name: 'gpus', ok: true, detail: 'none seen (CPU only)' });
    const nv = gpuCheck({ nvidia: ['GPU 0: NVIDIA L4 (UUID: GPU-1)'], render: ['renderD128'], cdiSpecs: [] });
    expect(nv.detail).toBe('GPU 0: NVIDIA L4 (UUID: GPU-1); /dev/dri: renderD128');
    expect(nv.fix).toMatch(/nvidia-ctk cdi generate/);
    expect(gpuCheck({ nvidia: ['GPU 0: X'], render: [], cdiSpecs: ['/etc/cdi/nvidia.yaml'] })).toEqual({
      name: 'gpus', ok: true, detail: 'GPU 0: X; CDI specs: /etc/cdi/nvidia.yaml',
    });
  });
});
