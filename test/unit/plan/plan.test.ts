import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeCycle, findCycle } from '../../../src/shared/dependency-cycle.js';
import { buildPlan, dependentsOf, selectServices } from '../../../src/plan/plan.js';
import { renderPlan } from '../../../src/plan/render.js';
import { container, deps, project, ready } from '../../helpers/project.js';

const golden = (name: string): string =>
  readFileSync(new URL(`../../fixtures/plan/${name}.txt`, import.meta.url), 'utf8');

const diamond = project('diamond', [
  container('app', { depends_on: deps('left:ready', 'right:started') }),
  container('left', { depends_on: deps('base:completed_successfully'), ready: ready({ log: 'listening on', timeout: 90_000 }) }),
  container('right', { depends_on: deps('base:completed_successfully') }),
  container('base'),
]);

const chain = project('chain', [
  container('c', { depends_on: deps('b:ready') }),
  container('b', {
    depends_on: deps('a:ready'),
    ready: ready({ http: { url: 'http://127.0.0.1:8080/health', status: 200 }, tcp: { host: '127.0.0.1', port: 8080 } }),
  }),
  container('a', { ready: ready({ exec: ['pg_isready'], timeout: 120_000 }) }),
  container('unrelated'),
]);

describe('plan', () => {
  it('renders a diamond', () => {
    expect(renderPlan(buildPlan(diamond), diamond)).toBe(golden('diamond'));
  });

  it('renders a chain with an independent container', () => {
    expect(renderPlan(buildPlan(chain), chain)).toBe(golden('chain'));
  });

  it('renders a selection: the named container and its dependencies only', () => {
    expect(renderPlan(buildPlan(chain, ['b']), chain)).toBe(golden('chain-select-b'));
  });

  it('orders dependencies before dependents, ties by name', () => {
    expect(buildPlan(diamond).steps.map((s) => s.service)).toEqual(['base', 'left', 'right', 'app']);
  });

  it('gives down order through dependents', () => {
    const dependents = dependentsOf(buildPlan(diamond));
    expect(Object.fromEntries(dependents)).toEqual({ base: ['left', 'right'], left: ['app'], right: ['app'], app: [] });
  });

  it('rejects an unknown selected container with the list of known ones', () => {
    expect(() => selectServices(chain, ['nope'])).toThrow(/no container named "nope"/);
  });

  it('names a cycle in a repeatable order', () => {
    const cyclic = project('cyc', [
      container('b', { depends_on: deps('a') }),
      container('a', { depends_on: deps('c') }),
      container('c', { depends_on: deps('b') }),
    ]);
    expect(() => buildPlan(cyclic)).toThrow('dependency cycle: a -> c -> b -> a');
  });
});

describe('findCycle', () => {
  it('returns null for a DAG and ignores unknown nodes', () => {
    expect(findCycle(new Map([['a', ['b', 'ghost']], ['b', []]]))).toBeNull();
  });

  it('finds a self-loop', () => {
    expect(describeCycle(findCycle(new Map([['a', ['a']]]))!)).toBe('dependency cycle: a -> a');
  });

  it('starts at the smallest member whatever the insertion order', () => {
    const edges = new Map([['z', ['y']], ['y', ['x']], ['x', ['z']]]);
    expect(findCycle(edges)).toEqual(['x', 'z', 'y', 'x']);
  });
});
