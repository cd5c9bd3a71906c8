import { describe, expect, it } from 'vitest';
import * as tempfs from '../../src/index.js';

describe('library surface', () => {
  it('exports the building blocks a program needs without the CLI', () => {
    for (const name of ['loadProject', 'buildPlan', 'renderPlan', 'PodmanEngine', 'waitUntilReady', 'ensureModel', 'startMonitor', 'cleanupSession', 'ProcessManager', 'TempfsError']) {
      expect(typeof (tempfs as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(tempfs.Labels.session).toBe('io.tempfs.session');
  });
});
