/**
 * The engine the integration tests run against: the one `TEMPFS_ENGINE` names (podman when
 * unset), chosen exactly as the CLI chooses it, so the built CLI the tests start (which
 * inherits the environment) and the test's own checks talk to the same engine. `npm test`
 * runs the integration tier once per engine (scripts/test-engines.mjs); one suite, no copy.
 */
import { selectEngine } from '../../src/engine/select.js';
import { engineFor } from '../../src/engine/create.js';
import type { PodmanEngine } from '../../src/engine/podman.js';

export function testEngine(env: Record<string, string | undefined> = process.env): PodmanEngine {
  return engineFor(selectEngine({}, { ...env, TEMPFS_ENGINE: env.TEMPFS_ENGINE || 'podman' }).connection, env);
}

/** `podman` or `docker`: for the few assertions on what differs (a Podman-only feature, a field of inspect). */
export const TEST_ENGINE_KIND = testEngine().connection.kind;
