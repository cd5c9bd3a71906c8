/**
 * A running busybox container for terminal tests, with this file's own project label, and
 * the command context a shell needs with injected streams. `useBox` registers the setup
 * and the check that nothing is left.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { replSession } from '../../../src/commands/repl-session.js';
import { Labels } from '../../../src/engine/engine.js';
import { containerName, networkName } from '../../../src/engine/naming.js';
import { PodmanEngine } from '../../../src/engine/podman.js';
import { ignoreEvents } from '../../../src/events.js';
import type { Project } from '../../../src/recipe/model.js';
import { assertNothingLeft, removeProject, requireImages, TEST_IMAGES } from '../../helpers/podman.js';

export interface Box {
  name: string;
  engine: PodmanEngine;
  /** Full name of the `box` container. */
  box: string;
  project: Project;
  stateDir: () => string;
}

/** `project(name)` must declare a container `box`. */
export function useBox(prefix: string, project: (name: string) => Project): Box {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const session = `s-${randomBytes(4).toString('hex')}`;
  const engine = new PodmanEngine();
  const box = containerName(name, 'box');
  const built = project(name);
  let stateDir = '';

  beforeAll(async () => {
    await requireImages([TEST_IMAGES.busybox], engine);
    stateDir = await mkdtemp(join(tmpdir(), `tempfs-${prefix}-`));
    const network = networkName(name);
    await engine.ensureNetwork(network, { [Labels.project]: name, [Labels.session]: session });
    await engine.createContainer({ spec: built.containers.box!, name: box, project: name, session, network, labels: {} });
    await engine.startContainer(box);
  });

  afterAll(async () => {
    await removeProject(name, engine);
    await rm(stateDir, { recursive: true, force: true });
    await assertNothingLeft(name, engine);
  });

  return { name, engine, box, project: built, stateDir: () => stateDir };
}

/** The shell of the box, on injected streams (readline in terminal mode: Ctrl-C is a keypress). */
export function startShell(b: Box): { stdin: PassThrough; text: () => string; done: Promise<number> } {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  const ctx: CommandContext = {
    cwd: b.project.dir, env: {}, stdin, stdout, stderr, isTTY: false, stdinIsTTY: true, color: false,
    global: { files: [], envFiles: [], profiles: [] }, signal: new AbortController().signal,
    events: ignoreEvents, progress: 'plain',
  };
  const done = replSession(ctx, { engine: b.engine, project: b.project, container: 'box', containerName: b.box, historyFile: join(b.stateDir(), b.name) });
  return { stdin, text: () => text, done };
}
