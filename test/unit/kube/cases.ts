/** The recipes the kube tests translate: the stock ones and the fixtures. */
import { fileURLToPath } from 'node:url';
import { runInProcess } from '../../helpers/cli.js';

export const repo = fileURLToPath(new URL('../../../', import.meta.url));

export interface KubeCase {
  name: string;
  argv: string[];
}

export const CASES: KubeCase[] = [
  { name: 'tempfs', argv: [] },
  { name: 'llama-server', argv: ['-f', 'recipes/llama-server.yaml'] },
  { name: 'llama-cli', argv: ['-f', 'recipes/llama-cli.yaml'] },
  { name: 'ubuntu', argv: ['-f', 'recipes/ubuntu.yaml'] },
  { name: 'ubuntu-pods', argv: ['-f', 'recipes/ubuntu.yaml', 'kube', '--pods'] },
  { name: 'everything', argv: ['-f', 'test/fixtures/kube/everything.yaml'] },
  { name: 'everything-pods', argv: ['-f', 'test/fixtures/kube/everything.yaml', 'kube', '--pods'] },
  { name: 'everything-web', argv: ['-f', 'test/fixtures/kube/everything.yaml', 'kube', 'web'] },
];

/** `tempfs ... kube` in-process, with no variables set (recipe defaults) and an empty model cache. */
export function runKubeFresh(c: KubeCase) {
  const argv = c.argv.includes('kube') ? c.argv : [...c.argv, 'kube'];
  return runInProcess(argv, {
    cwd: repo,
    env: { PATH: process.env.PATH, HOME: '/nonexistent', TEMPFS_MODELS_DIR: '/nonexistent/models' },
  });
}

const runs = new Map<string, ReturnType<typeof runKubeFresh>>();

/**
 * The same, run once per argv in this worker: the golden and the schema tests read the same
 * output (the same argv gives the same bytes: the golden test checks that with fresh runs).
 */
export function runKube(c: KubeCase) {
  const key = JSON.stringify(c.argv);
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runKubeFresh(c)));
  return run;
}
