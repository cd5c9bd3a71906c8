// Runs the built terminal (dist/) on this process's TTY, for the tmux end-to-end test,
// until `tempfs up` can open it: argv = <dist dir> <project.json> <container name> <history file>.
// Like a foreground `up`, it removes the project's containers and network on the way out.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, projectFile, containerName, historyFile] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(dist, rel)).href);
const { shellCommand } = await load('commands/shell.js');
const { PodmanEngine } = await load('engine/podman.js');
const { networkName } = await load('engine/naming.js');

const project = JSON.parse(await readFile(projectFile, 'utf8'));
const engine = new PodmanEngine();
const controller = new AbortController();
process.once('SIGTERM', () => controller.abort());
const isTTY = Boolean(process.stdout.isTTY);
const ctx = {
  cwd: project.dir,
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  color: isTTY && !process.env.NO_COLOR,
  global: { files: [], envFiles: [], profiles: [] },
  signal: controller.signal,
  events: () => {},
  progress: 'plain',
};
const service = Object.keys(project.containers)[0];
const code = await shellCommand(ctx, { engine, project, container: service, containerName, historyFile });
const left = await engine.listContainers({ project: project.name });
await engine.removeContainers(left.map((c) => c.name), 0);
await engine.removeNetwork(networkName(project.name));
process.stdout.write(`driver: stack removed, exit ${code}\n`);
process.exit(code);
