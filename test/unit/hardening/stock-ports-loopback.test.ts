// Issue 16 item 9: the stock recipes publish nothing on every interface unless asked to.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { loadProject } from '../../../src/recipe/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const stock = ['recipes/llama-server.yaml', 'recipes/llama-cli.yaml', 'recipes/ubuntu.yaml', 'tempfs.yaml'];

test.each(stock)('%s publishes its ports on 127.0.0.1 only', async (file) => {
  const { project } = await loadProject({ env: {}, cwd: root, files: [file] });
  const ports = Object.values(project.containers).flatMap((c) => c.ports);
  // A recipe that publishes nothing passes too (the loop alone asserted nothing for those).
  expect(ports.filter((p) => p.host_ip !== '127.0.0.1')).toEqual([]);
});

test('LLAMA_HOST_IP opens the llama-server to other machines on purpose', async () => {
  const { project } = await loadProject({ env: { LLAMA_HOST_IP: '0.0.0.0' }, cwd: root, files: ['recipes/llama-server.yaml'] });
  expect(project.containers['llama-server']!.ports[0]).toMatchObject({ host_ip: '0.0.0.0', host: 8080 });
});
